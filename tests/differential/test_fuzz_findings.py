"""Differences from Python the program fuzzer (tests/fuzz) found, each minimised."""
import math

import numpy as np

from oxjit import njit

from ._helpers import check_cases

F32 = np.float32(-8.6)


@njit
def math_of_float32(x):
    # CPython's math converts to double and returns a Python float.
    return math.radians(x * np.float32(1.5)), math.exp(x), math.log1p(x * x), math.atan2(x, 3)


@njit
def int_array_times_math_result(a, x):
    # A Python float beside an int8 array: float64 (NEP 50); a float32 would give float32.
    return a * math.sqrt(x)


def test_math_functions_give_python_floats_of_float32_arguments():
    check_cases(math_of_float32, [(F32,), (np.float32(0.25),), (np.float32(-1e-20),)])
    check_cases(int_array_times_math_result, [(np.arange(3, dtype=np.int8), np.float32(2.0))])


@njit
def unsigned_modulo_math_floor(x, u):
    u %= math.floor(x)
    return u


@njit
def int32_array_plus_math_floor(a, x):
    return a + math.floor(x)


def test_math_floor_is_a_python_int():
    # -14 does not fit uint64: OverflowError as in NumPy; 14 does.
    check_cases(unsigned_modulo_math_floor, [(np.float32(-13.7), np.uint64(1)), (np.float32(14.2), np.uint64(100))])
    check_cases(int32_array_plus_math_floor, [(np.arange(3, dtype=np.int32), 2.5)])


@njit
def unpacked_beside_module_constant(p1, p2):
    p1 = -math.inf
    a, b = (p2 - p1), int(p2)
    return np.uint64(9) - (~b)


@njit
def float32_times_module_constant(x):
    return x * math.pi, x * -np.inf


def test_module_constants_and_unpacked_items_are_python_numbers():
    # ~int(p2) is a Python int whatever its neighbour in the tuple: -3 does not fit uint64.
    check_cases(unpacked_beside_module_constant, [(1.0, 2.5), (1.0, -2.5)])
    check_cases(float32_times_module_constant, [(np.float32(1.5),)])


@njit
def sum_of_numpy_scalars(x):
    items = [x, x]
    return sum(items)


def test_sum_of_a_list_of_numpy_scalars_keeps_their_type():
    check_cases(sum_of_numpy_scalars, [(np.uint64(9),), (np.float32(0.1),), (np.int8(100),)])


@njit
def float32_equals_python_float(x, a):
    return x == 0.1, x < 0.1, x != 0.1, a == 0.1, a >= 0.1, 1e300 >= x


def test_float32_compares_with_a_python_float_in_float32():
    # NumPy converts the Python float to float32 first (NEP 50): np.float32(0.1) == 0.1.
    a = np.array([0.1, 0.2, 3e38], dtype=np.float32)
    check_cases(float32_equals_python_float, [(np.float32(0.1), a), (np.float32(np.inf), a), (np.float32(-0.0), a)])


@njit
def rounded_into_unsigned(a, x):
    a += round(x)
    return a


def test_round_of_a_numpy_float_is_a_python_int():
    check_cases(rounded_into_unsigned, [(np.arange(3, dtype=np.uint8), np.float32(1.5)), (np.arange(3, dtype=np.uint8), np.float32(-2.5))])


@njit
def list_item_after_a_loop(x, k, n):
    items = [k, k]
    for i in range(1, -2, -1):
        break
    return items[n % len(items)] * x


def test_items_of_a_list_carried_through_a_loop_are_python_numbers():
    # -26 * np.int8(126) wraps in int8, as in NumPy: the list holds Python ints.
    check_cases(list_item_after_a_loop, [(np.int8(126), -26, 18), (np.float32(0.1), 3, 1)])


@njit
def order_complex_array(a, x):
    return x > a, x <= a, a < x, a >= x


def test_complex_arrays_order_as_numpy_with_nan_parts():
    # NumPy orders complex by real part, then imaginary; a NaN imaginary part makes
    # a comparison of unequal real parts false.
    a = np.array([complex(-8.8, -5.1), complex(-np.inf, np.nan), complex(0, np.nan), complex(np.nan, 1)], np.complex64)
    check_cases(order_complex_array, [(a, 0), (a, complex(0, 1)), (a.astype(np.complex128), -np.inf)])


@njit
def unsigned_modulo_dict_keys(a):
    d = {3: 2.5, 4: 1.5}
    for k, v in d.items():
        a %= k
    return a


@njit
def float32_times_dict_values(x):
    d = {3: 2.5, 4: -1.5}
    s = x
    for k in d:
        s = s * d[k]
    for v in d.values():
        s = s - v
    for k, v in d.items():
        s = s * v + k
    return s


@njit
def float32_times_stored_entries(x):
    d = {k: k * 0.5 for k in range(3)}
    d.setdefault(7, 0.25)
    e = dict(d)
    e.update({9: 1.5})
    s = x * e.get(1, 2.0) + e.pop(9) * x
    k, v = e.popitem()
    return s * v + k


@njit
def float32_times_numpy_value_stored(x):
    d = {1: 0.5}
    d[2] = np.float64(0.25)
    s = x
    for v in d.values():
        s = s * v
    return s


def test_dict_keys_and_values_are_python_numbers():
    # Keys and values of a dict built of Python numbers take a NumPy operand's dtype
    # (NEP 50), whether read by iteration, `d[k]`, a view or a method.
    check_cases(unsigned_modulo_dict_keys, [(np.arange(7, dtype=np.uint8),), (np.arange(3, dtype=np.uint64),)])
    cases = [(np.float32(-0.1),), (np.float32(3.3),)]
    check_cases(float32_times_dict_values, cases)
    check_cases(float32_times_stored_entries, cases)
    # A NumPy float64 stored among them makes the values float64 ones.
    check_cases(float32_times_numpy_value_stored, cases)


@njit
def whole_array_reductions(a):
    return a.sum(), np.sum(a), a.mean(), a.prod(), a.var(), a.std(), a.max(), a.argmax()


def test_whole_array_reductions_add_in_numpy_order():
    # NumPy adds an n-d array's elements in memory order, pairwise over equally spaced
    # runs and over buffers of 8192 elements otherwise: the same bits here for every
    # layout, float32 (where the order shows) and complex alike.
    rng = np.random.default_rng(7)
    cases = []
    for dtype in (np.float32, np.complex128):
        for shape in [(7, 5), (300, 200), (3, 50000), (20, 30, 40)]:
            a = rng.standard_normal(shape).astype(dtype)
            if a.dtype.kind == "c":
                a = a + 1j * rng.standard_normal(shape)
            everything_reversed = tuple(slice(None, None, -1) for _ in shape)
            views = [a, np.asfortranarray(a), a[::-1], a[everything_reversed], a[..., ::2], a.T, a[..., ::-1]]
            cases += [(v,) for v in views]
    check_cases(whole_array_reductions, cases)


@njit
def powers_of_an_array(a):
    return a ** 2, np.square(a), a ** 3, a ** 0


@njit
def inexact_powers_of_an_array(a):
    return a ** 0.5, a ** -1, a ** 1, a ** 2.0, a ** -2


@njit
def complex_powers_of_an_array(a):
    # (Not ** 0.5: np.sqrt of complex numbers is the C library's, an ulp from cmath's.)
    return a ** -1, a ** 1, a ** 2.0, a ** -2, a ** 3


def test_array_powers_take_numpy_shortcuts():
    # NumPy computes `a ** 2` as np.square(a) (int8 for bools), `a ** 0.5` of floats as
    # np.sqrt(a) (-0.0 stays, -inf gives NaN) and `a ** -1` of complex numbers as
    # np.reciprocal(a); complex powers never raise, infinities come out as they fall.
    check_cases(powers_of_an_array, [(np.array([True, False]),), (np.array([3, -2], np.int16),), (np.arange(4, dtype=np.uint8),)])
    specials = [-0.0, 0.0, -np.inf, np.inf, np.nan, 4.0, -2.5, 1e-310]
    floats = [(np.array(specials, dtype),) for dtype in (np.float64, np.float32)]
    parts = [-0.0, 0.0, np.inf, -np.inf, 1.0, -2.0, 1e200]
    z = np.array([complex(x, y) for x in parts for y in parts])
    check_cases(inexact_powers_of_an_array, floats)
    check_cases(complex_powers_of_an_array, [(z,), (z.astype(np.complex64),)])


@njit
def bool_arithmetic(x, y):
    return x + y, x * y, x ** y, x & y, x | y, x ^ y, x << y, x >> y, x / (y + 1)


@njit
def zero_d_absolute(a):
    return abs(a), abs(a) + 1, -a


def test_numpy_bools_compute_as_numpy_bools():
    # np.True_ + np.True_ is np.True_ (or), where True + True is 2.
    T, F = np.True_, np.False_
    check_cases(bool_arithmetic, [(T, T), (T, F), (F, F), (T, True), (False, T), (True, True), (True, False)])


def test_absolute_value_of_a_0d_array_is_a_numpy_scalar():
    check_cases(zero_d_absolute, [(np.array(-1.5),), (np.array(-3, np.int8),), (np.array(3 - 4j),)])


@njit
def list_item_through_two_loops(p1):
    items = [int(100), 1]
    for i in range(2, 1, -2):
        continue
        p1 = (p1 + p1) if bool(i) else (p1 >> 23)
    p1 += items[p1 % len(items)] % np.uint8(200)
    for k in range(-2, 6, 2):
        p1 = p1 + k
    return p1


def test_a_list_typed_late_holds_python_ints():
    # The list reaches the loop as a block parameter typed after its first use: its items
    # are Python ints all along, so p1 stays uint32 and -2 does not fit it.
    check_cases(list_item_through_two_loops, [(np.uint32(4294967295),), (np.uint32(7),), (np.int8(5),)])


@njit
def tuple_items_before_a_loop_replaces_it(x, k):
    t = (k, 2.5)  # one type: float64
    before = x
    for v in t:
        before = before * v
    for i in range(2):
        t = (t[0], np.float64(1.5))
    return before, x * t[1]


def test_a_tuple_replaced_later_keeps_its_python_numbers():
    # Tuples never change: the one read before the loop holds Python numbers (float32
    # stays float32), whatever replaces it later (a NumPy float64 then promotes).
    check_cases(tuple_items_before_a_loop_replaces_it, [(np.float32(0.1), 3.0), (np.float32(-2.5), -1.0)])


@njit
def sum_of_a_list_of_numpy_ints(p1):
    items = [(p1 + 2**31) // 3, p1]
    return (~sum(items)) // np.uint8(200), len(items) + np.uint8(1)


@njit
def sum_of_an_array(a):
    return sum(a) // np.uint8(200), min(a) + np.int8(1)


def test_python_functions_of_numpy_scalars_give_numpy_scalars():
    # sum() of NumPy int64 items is a NumPy int64: // np.uint8 stays int64, where a
    # Python int would have to fit uint8. len() is a Python int whatever it counts.
    check_cases(sum_of_a_list_of_numpy_ints, [(np.int64(36),), (36,)])
    check_cases(sum_of_an_array, [(np.array([-5, 3000], np.int64),), (np.array([1.5, -2.0]),)])


@njit
def tuple_position_through_a_loop(p1, p4):
    t = (255 ** 1, np.float32(1.5))
    w = 0
    while w < 1:
        w += 1
        if np.all(p1):
            break
        b = p1 % ((p4 << 57) // 100)
        for i in range(2):
            p4 = t[0]
    return p4


def test_each_position_of_a_tuple_through_a_loop_keeps_its_own_kind():
    # t[0] is a Python int even though t[1] is a NumPy float32: p4 stays a Python int,
    # and a Python int past uint32's range beside a uint32 array raises OverflowError.
    check_cases(tuple_position_through_a_loop, [(np.array([0, 49], np.uint32), 20), (np.array([0, 49], np.uint32), 0)])


@njit
def pop_under_nested_loops(n):
    d = {4: 1.0, 2: 2.0}
    for i in range(n):
        for k, x in d.items():
            d.pop((i + 7) % 5, x)
            for k2, x2 in d.items():
                pass
    return len(d)


@njit
def nested_loops_over_one_dict(n):
    d = {i: i * i for i in range(n)}
    total = 0
    for a in d:
        for b in d:
            total += a * b
    return total


def test_a_loop_over_a_dict_keeps_its_own_place():
    # The inner loop over the same dict restarted after the pop: the outer loop must
    # still see that the dict shrank under it.
    check_cases(pop_under_nested_loops, [(0,), (1,), (3,)])
    check_cases(nested_loops_over_one_dict, [(0,), (4,)])


@njit
def expression_before_an_inplace_update(p2):
    b = np.abs(p2)
    p2 -= 1
    p2 |= b
    c = p2 * 2
    p2[0] = 7
    return p2 + c


def test_an_array_expression_reads_its_arrays_before_they_change():
    # `b` and `c` are fused into their users only when nothing between writes to their
    # arrays.
    check_cases(expression_before_an_inplace_update, [(np.array([[1], [50], [11], [0]], np.uint8),),
                                                      (np.array([3, -4, 5]),)])


@njit
def round_both_kinds(x, n):
    return round(x, n), round(float(x), n)


def test_a_numpy_scalar_rounds_as_numpy_does_and_a_python_float_as_python():
    # NumPy scales by a power of ten and rounds half to even; Python rounds the exact
    # decimal value: for -1.9962498274829978e+18 to 2 digits they differ by an ulp.
    cases = [(np.float64(-1.9962498274829978e+18), 2), (np.float64(2.675), 2), (np.float64(1234.5678), -2),
             (np.float32(2.675), 1), (np.float64(-0.125), 2)]
    check_cases(round_both_kinds, cases)
