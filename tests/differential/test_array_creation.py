"""Creating arrays in compiled code against NumPy: constructors, copies, reshapes, conversions.

Arrays made in compiled code and returned must come back as ndarrays with
NumPy's dtype, shape and values (also inside tuples), and the runtime must free
what it allocated once they are dropped (the autouse leak check).
"""
import numpy as np
import pytest

from oxjit import jit, njit
from oxjit.errors import TypingError
from oxjit.testing import assert_precise_equal, check_against_python

from ._helpers import check_cases

# --- np.empty: only shape and dtype are defined -----------------------------------------------------


@njit
def empty_int(n):
    return np.empty(n)


@njit
def empty_tuple(n, m):
    return np.empty((n, m))


@njit
def empty_f32(n):
    return np.empty(n, dtype=np.float32)


@njit
def empty_int32_2d(n, m):
    return np.empty((n, m), np.int32)


@njit
def empty_like_(a):
    return np.empty_like(a)


@njit
def empty_like_dtype(a):
    return np.empty_like(a, dtype=np.int64)


@njit
def empty_then_fill(n):
    a = np.empty(n)
    for i in range(n):
        a[i] = i * 0.5
    return a


def _assert_like(got, expected):
    assert isinstance(got, np.ndarray), f"got {type(got).__name__} {got!r}"
    assert got.dtype == expected.dtype, f"dtype {got.dtype} != {expected.dtype}"
    assert got.shape == expected.shape, f"shape {got.shape} != {expected.shape}"
    assert got.flags.writeable


@pytest.mark.parametrize(
    "f, args",
    [
        (empty_int, (5,)),
        (empty_int, (0,)),
        (empty_tuple, (3, 4)),
        (empty_tuple, (0, 4)),
        (empty_f32, (7,)),
        (empty_int32_2d, (2, 3)),
        (empty_like_, (np.arange(6.0).reshape(2, 3),)),
        (empty_like_, (np.arange(6, dtype=np.int16),)),
        (empty_like_, (np.ones((3, 4))[::2, ::-1],)),
        (empty_like_dtype, (np.ones((2, 2)),)),
    ],
    ids=lambda x: getattr(x, "__name__", None),
)
def test_empty_shape_and_dtype(f, args):
    _assert_like(f(*args), f.py_func(*args))


def test_empty_then_filled():
    check_cases(empty_then_fill, [(0,), (1,), (9,)])


def test_empty_result_is_a_fresh_writeable_array():
    a = empty_int(4)
    b = empty_int(4)
    a[:] = 1.0
    b[:] = 2.0
    assert a.tolist() == [1.0] * 4 and b.tolist() == [2.0] * 4
    assert not np.shares_memory(a, b)


# --- zeros, ones, full ------------------------------------------------------------------------------------


@njit
def zeros_n(n):
    return np.zeros(n)


@njit
def zeros_shape(n, m):
    return np.zeros((n, m))


@njit
def zeros_3d(n):
    return np.zeros((n, 2, 3))


@njit
def zeros_1tuple(n):
    return np.zeros((n,))


@njit
def zeros_f32(n):
    return np.zeros(n, dtype=np.float32)


@njit
def zeros_int32(n):
    return np.zeros((n, 2), dtype=np.int32)


@njit
def zeros_f8_string(n):
    return np.zeros(n, dtype="f8")


@njit
def zeros_int64_string(n):
    return np.zeros(n, dtype="int64")


@njit
def zeros_builtin_float(n):
    return np.zeros(n, dtype=float)


@njit
def zeros_builtin_int(n):
    return np.zeros(n, dtype=int)


@njit
def zeros_positional_dtype(n):
    return np.zeros(n, np.int32)


@njit
def zeros_bool(n):
    return np.zeros(n, dtype=np.bool_)


@njit
def zeros_complex(n):
    return np.zeros(n, dtype=np.complex128)


@njit
def ones_n(n):
    return np.ones(n)


@njit
def ones_shape(n, m):
    return np.ones((n, m))


@njit
def ones_int32(n):
    return np.ones(n, dtype=np.int32)


@njit
def ones_string(n, m):
    return np.ones((n, m), dtype="int64")


@njit
def ones_builtin_int(n):
    return np.ones(n, int)


@njit
def ones_f32(n):
    return np.ones((n, n), np.float32)


@njit
def full_n(n, v):
    return np.full(n, v)


@njit
def full_shape(n, m, v):
    return np.full((n, m), v)


@njit
def full_f32(n, v):
    return np.full(n, v, dtype=np.float32)


@njit
def full_int32(n, v):
    return np.full((n, 2), v, np.int32)


@njit
def full_f8(n, v):
    return np.full(n, v, dtype="f8")


@njit
def full_builtin_float(n, v):
    return np.full(n, v, dtype=float)


@pytest.mark.parametrize(
    "f",
    [zeros_n, zeros_1tuple, zeros_3d, zeros_f32, zeros_int32, zeros_f8_string, zeros_int64_string,
     zeros_builtin_float, zeros_builtin_int, zeros_positional_dtype, zeros_bool, zeros_complex,
     ones_n, ones_int32, ones_builtin_int, ones_f32],
    ids=lambda f: f.__name__,
)
def test_zeros_ones_one_size(f):
    check_cases(f, [(0,), (1,), (5,)])


def test_zeros_ones_two_sizes():
    cases = [(0, 0), (0, 3), (3, 0), (2, 5)]
    check_cases(zeros_shape, cases)
    check_cases(ones_shape, cases)
    check_cases(ones_string, cases)


def test_full():
    check_cases(full_n, [(0, 1.5), (4, 1.5), (3, 7), (3, True), (2, 1 + 2j), (3, np.float32(0.1)),
                         (3, np.int8(-3))])
    check_cases(full_shape, [(2, 3, -0.0), (0, 2, 1.0), (2, 2, 5)])
    check_cases(full_f32, [(3, 0.1), (2, 3)])
    check_cases(full_int32, [(3, 7), (1, -1)])
    check_cases(full_f8, [(3, 2), (2, 0.25)])
    check_cases(full_builtin_float, [(3, 2)])


@njit
def negative_size(n):
    return np.zeros(n)


@njit
def negative_size_2d(n):
    return np.ones((2, n))


def test_negative_size_is_a_value_error():
    check_cases(negative_size, [(-1,)])
    check_cases(negative_size_2d, [(-3,)])


# --- *_like ---------------------------------------------------------------------------------------


@njit
def zeros_like_(a):
    return np.zeros_like(a)


@njit
def ones_like_(a):
    return np.ones_like(a)


@njit
def full_like_(a, v):
    return np.full_like(a, v)


@njit
def zeros_like_f32(a):
    return np.zeros_like(a, dtype=np.float32)


@njit
def ones_like_int(a):
    return np.ones_like(a, dtype=np.int64)


@njit
def full_like_f8(a, v):
    return np.full_like(a, v, dtype="f8")


def like_inputs():
    base = np.arange(12).reshape(3, 4)
    return [
        np.arange(5.0), np.zeros(0), base, base.astype(np.float32), np.asfortranarray(base),
        base[::2, ::-1], base.T.astype(np.complex128), np.array([True, False]),
        np.arange(24, dtype=np.int8).reshape(2, 3, 4),
    ]


def test_like():
    cases = [(a,) for a in like_inputs()]
    check_cases(zeros_like_, cases)
    check_cases(ones_like_, cases)
    check_cases(zeros_like_f32, cases)
    check_cases(ones_like_int, cases)
    check_cases(full_like_, [(a, 3) for a in like_inputs()])
    check_cases(full_like_, [(a, 2.5) for a in like_inputs()[:3]])
    check_cases(full_like_f8, [(a, 7) for a in like_inputs()[:4]])


def test_like_results_are_c_contiguous_for_c_inputs():
    a = np.arange(6.0).reshape(2, 3)
    assert zeros_like_(a).flags.c_contiguous
    assert ones_like_(np.asfortranarray(a)).shape == (2, 3)


# --- arange ------------------------------------------------------------------------------------------


@njit
def arange1(n):
    return np.arange(n)


@njit
def arange2(a, b):
    return np.arange(a, b)


@njit
def arange3(a, b, s):
    return np.arange(a, b, s)


@njit
def arange_dtype(n):
    return np.arange(n, dtype=np.float32)


@njit
def arange_dtype_string(a, b):
    return np.arange(a, b, dtype="int32")


@njit
def arange_dtype_positional(k):
    return np.arange(0, k, 1, np.int_)


def test_arange_ints():
    check_cases(arange1, [(0,), (1,), (7,), (-3,)])
    check_cases(arange2, [(2, 9), (5, 5), (9, 2), (-4, 3)])
    check_cases(arange3, [(0, 10, 3), (10, 0, -3), (10, 0, -1), (0, 10, -1), (-5, 5, 2), (3, 3, 1),
                          (0, 1, 10)])


def test_arange_floats():
    check_cases(arange1, [(5.0,), (2.5,), (0.0,)])
    check_cases(arange2, [(0.5, 4.0), (1, 3.5), (1.5, 1.5), (3.0, 1.0)])
    check_cases(arange3, [(0.0, 1.0, 0.1), (1.0, 0.0, -0.25), (0, 5, 0.5), (0.0, 1.0, -0.1),
                          (-1.0, 1.0, 0.3), (0, 10, 2.5)])


@njit
def arange_int8(a, b, s):
    return np.arange(a, b, s, dtype=np.int8)


@njit
def arange_float32(a, b, s):
    return np.arange(a, b, s, dtype=np.float32)


@njit
def arange_bool(n):
    return np.arange(n, dtype=np.bool_)


def test_arange_dtype():
    check_cases(arange_dtype, [(5,), (0,)])
    check_cases(arange_dtype_string, [(2, 8), (8, 2)])
    check_cases(arange_dtype_positional, [(4,), (0,)])
    # NumPy fills in the output dtype from its first two values: int8 from float bounds
    # steps by whole numbers; float32 steps by the float32 difference.
    cases = [(3, 0.5, -0.5), (0.1, 2.3, 0.3), (-5, 5, 1.5), (0, 1, 0.1), (2, 1, 0.5), (0, 10, 3)]
    check_cases(arange_int8, cases)
    check_cases(arange_float32, cases)
    check_cases(arange_bool, [(0,), (1,), (2,), (3,)])


def test_arange_step_zero():
    check_cases(arange3, [(0, 10, 0), (0.0, 1.0, 0.0)])


# --- linspace ----------------------------------------------------------------------------------------


@njit
def linspace_default(a, b):
    return np.linspace(a, b)


@njit
def linspace_num(a, b, n):
    return np.linspace(a, b, n)


@njit
def linspace_no_endpoint(a, b, n):
    return np.linspace(a, b, n, endpoint=False)


@njit
def linspace_num_keyword(a, b, n):
    return np.linspace(a, b, num=n)


def test_linspace():
    check_cases(linspace_default, [(0.0, 1.0), (0, 10), (-1.5, 2.5)])
    cases = [(0.0, 1.0, 5), (0, 10, 11), (1.0, -1.0, 7), (2.0, 3.0, 1), (2.0, 3.0, 0), (0.0, 1.0, 2),
             (0, 1, 3), (-0.0, 0.0, 3)]
    check_cases(linspace_num, cases)
    check_cases(linspace_no_endpoint, cases)
    check_cases(linspace_num_keyword, cases[:3])


def test_linspace_negative_num():
    check_cases(linspace_num, [(0.0, 1.0, -1)])


# --- eye and identity --------------------------------------------------------------------------------


@njit
def eye1(n):
    return np.eye(n)


@njit
def eye2(n, m):
    return np.eye(n, m)


@njit
def eye3(n, m, k):
    return np.eye(n, m, k)


@njit
def eye_k(n, k):
    return np.eye(n, k=k)


@njit
def eye_dtype(n):
    return np.eye(n, dtype=np.int32)


@njit
def identity_(n):
    return np.identity(n)


@njit
def identity_dtype(n):
    return np.identity(n, dtype=np.float32)


def test_eye_identity():
    check_cases(eye1, [(0,), (1,), (4,)])
    check_cases(eye2, [(2, 3), (3, 2), (0, 3), (3, 0)])
    check_cases(eye3, [(3, 4, 1), (3, 4, -1), (4, 3, 2), (3, 3, 5), (3, 3, -5), (4, 4, 0)])
    check_cases(eye_k, [(4, 1), (4, -2)])
    check_cases(eye_dtype, [(3,)])
    check_cases(identity_, [(0,), (3,)])
    check_cases(identity_dtype, [(2,)])


# --- np.array of literals ------------------------------------------------------------------------------


@njit
def array_float_list():
    return np.array([1.0, 2.5, -3.0])


@njit
def array_int_list():
    return np.array([1, 2, 3, -4])


@njit
def array_mixed_list(x):
    return np.array([1, x, 3])


@njit
def array_nested():
    return np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])


@njit
def array_nested_int(a, b):
    return np.array([[a, b], [b, a], [a + b, a - b]])


@njit
def array_tuple():
    return np.array((1.5, 2.5))


@njit
def array_bool_list():
    return np.array([True, False, True])


@njit
def array_list_dtype():
    return np.array([1, 2, 3], dtype=np.float32)


@njit
def array_list_dtype_string(x):
    return np.array([x, x * 2], dtype="int32")


@njit
def array_complex(x):
    return np.array([x, 1j])


@njit
def array_of_scalar_args(a, b, c):
    return np.array([a, b, c])


@njit
def array_then_write():
    a = np.array([1.0, 2.0, 3.0])
    a[1] = 10.0
    return a


LITERAL_CASES = [
    (f, [()]) for f in (array_float_list, array_int_list, array_nested, array_tuple, array_bool_list,
                        array_list_dtype, array_then_write)
] + [
    (array_mixed_list, [(2,), (2.5,)]),
    (array_nested_int, [(3, 4), (1.5, 2)]),
    (array_list_dtype_string, [(7,)]),
    (array_complex, [(2.0,)]),
    (array_of_scalar_args, [(1, 2.0, 3), (np.float32(1), np.float32(2), np.float32(3)), (True, False, True),
                            (1, True, 2)]),
]


@pytest.mark.parametrize("f, cases", LITERAL_CASES, ids=[f.__name__ for f, _ in LITERAL_CASES])
def test_array_of_literals(f, cases):
    check_cases(f, cases)


# --- copies ---------------------------------------------------------------------------------------


@njit
def copy_method(a):
    return a.copy()


@njit
def copy_function(a):
    return np.copy(a)


@njit
def copy_is_independent(a):
    b = a.copy()
    b[0] = -1
    return b


@njit
def copy_2d_is_independent(a):
    b = np.copy(a)
    b[0, 0] = -1
    return a, b


@njit
def ascontiguous(a):
    return np.ascontiguousarray(a)


@njit
def ascontiguous_of_view(a):
    return np.ascontiguousarray(a[::2, 1:])


@njit
def astype_f32(a):
    return a.astype(np.float32)


@njit
def astype_int64(a):
    return a.astype(np.int64)


@njit
def astype_string(a):
    return a.astype("f8")


@njit
def astype_builtin(a):
    return a.astype(float)


@njit
def astype_bool(a):
    return a.astype(np.bool_)


def copy_inputs():
    base = np.arange(1, 21, dtype=np.float64).reshape(4, 5)
    return [base, np.asfortranarray(base), base[::2, ::-1], base.T, base[1:, 1:3], base[:, 2]]


def test_copies():
    for a in copy_inputs():
        check_against_python(copy_method, a)
        check_against_python(copy_function, a)
        check_against_python(ascontiguous, a)
        check_against_python(astype_f32, a)
        check_against_python(astype_int64, a)
        check_against_python(astype_string, a)
        check_against_python(astype_builtin, a)
        check_against_python(astype_bool, a - 3)
        if a.ndim == 2:
            check_against_python(copy_2d_is_independent, a)
            check_against_python(ascontiguous_of_view, a)
        else:
            check_against_python(copy_is_independent, a)


def test_copy_results_are_c_contiguous_and_independent():
    base = np.arange(20.0).reshape(4, 5)
    view = base[::2, ::-1]
    for f in (copy_method, copy_function, ascontiguous):
        out = f(view)
        assert out.flags.c_contiguous, f.__name__
        assert not np.shares_memory(out, base), f.__name__
        assert_precise_equal(out, view.copy())


def test_copy_of_a_1d_view():
    check_against_python(copy_is_independent, np.arange(10)[::3])
    check_against_python(copy_is_independent, np.arange(10.0)[::-1])


# --- reshape, ravel, flatten ------------------------------------------------------------------


@njit
def reshape_tuple(a, n, m):
    return a.reshape((n, m))


@njit
def reshape_ints(a, n, m):
    return a.reshape(n, m)


@njit
def reshape_minus_one(a, n):
    return a.reshape((n, -1))


@njit
def reshape_minus_one_first(a, m):
    return a.reshape(-1, m)


@njit
def reshape_flat(a):
    return a.reshape(-1)


@njit
def reshape_3d(a):
    return a.reshape((2, 3, -1))


@njit
def np_reshape(a, n, m):
    return np.reshape(a, (n, m))


@njit
def reshape_is_a_view(a):
    b = a.reshape((a.size,))
    b[0] = 100
    return b


@njit
def ravel_(a):
    return a.ravel()


@njit
def np_ravel(a):
    return np.ravel(a)


@njit
def flatten_(a):
    return a.flatten()


@njit
def flatten_is_a_copy(a):
    b = a.flatten()
    b[0] = 100
    return b


RESHAPE_CASES = [
    (reshape_tuple, [(np.arange(12.0), 3, 4), (np.arange(12.0), 12, 1), (np.arange(12.0), 1, 12),
                     (np.arange(12).reshape(3, 4), 4, 3), (np.zeros(0), 0, 5)]),
    (reshape_ints, [(np.arange(12.0), 6, 2), (np.arange(6, dtype=np.int32).reshape(2, 3), 3, 2)]),
    (reshape_minus_one, [(np.arange(12.0), 3), (np.arange(12.0), 12), (np.arange(12).reshape(2, 6), 4)]),
    (reshape_minus_one_first, [(np.arange(12.0), 4), (np.arange(12.0), 1)]),
    (reshape_flat, [(np.arange(12.0).reshape(3, 4),), (np.arange(6).reshape(1, 2, 3),)]),
    (reshape_3d, [(np.arange(12.0),), (np.arange(24).reshape(4, 6),)]),
    (np_reshape, [(np.arange(12.0), 2, 6)]),
    (reshape_is_a_view, [(np.arange(6.0).reshape(2, 3),)]),
]


@pytest.mark.parametrize("f, cases", RESHAPE_CASES, ids=[f.__name__ for f, _ in RESHAPE_CASES])
def test_reshape(f, cases):
    check_cases(f, cases)


def test_reshape_size_mismatch_is_a_value_error():
    a = np.arange(12.0)
    check_cases(reshape_tuple, [(a, 5, 2), (a, 13, 1)])
    check_cases(reshape_ints, [(a, 3, 3)])
    check_cases(reshape_minus_one, [(a, 5)])
    check_cases(reshape_minus_one_first, [(a, 7)])


def test_reshape_of_a_non_contiguous_array():
    base = np.arange(24.0).reshape(4, 6)
    # NumPy copies when no view is possible; the values must be those of a C-order reading.
    check_cases(reshape_tuple, [(base.T, 3, 8), (base[::2], 3, 4), (np.asfortranarray(base), 2, 12)])
    check_cases(reshape_flat, [(base.T,), (base[:, ::2],), (np.asfortranarray(base),)])


def test_reshape_result_shares_memory_with_contiguous_input():
    a = np.arange(12.0)
    r = reshape_tuple(a, 3, 4)
    r[1, 1] = -1.0
    assert a[5] == -1.0


def test_ravel_flatten():
    for a in copy_inputs() + [np.arange(24).reshape(2, 3, 4), np.arange(24).reshape(2, 3, 4)[:, ::2, ::-1]]:
        check_against_python(ravel_, a)
        check_against_python(np_ravel, a)
        check_against_python(flatten_, a)
        check_against_python(flatten_is_a_copy, a)


# --- returning created arrays ----------------------------------------------------------------------


@njit
def make_pair(n):
    a = np.zeros(n)
    b = np.arange(n) * 2
    return a, b


@njit
def make_mixed(n):
    return n, np.ones((n, 2)), 1.5, np.arange(n, dtype=np.float32)


@njit
def make_nested(n):
    a = np.arange(n)
    return (a, (a * 2, np.zeros(1))), a.sum()


@njit
def same_array_twice(n):
    a = np.arange(n)
    return a, a


@njit
def view_of_local(n):
    a = np.arange(n * 2.0)
    return a[::2]


@njit
def slice_of_local(n):
    a = np.arange(n * n).reshape(n, n)
    return a[1], a[:, 1]


@njit
def chain_of_creations(n):
    a = np.ones(n)
    b = np.zeros_like(a)
    c = np.full(n, 2.0)
    d = a.copy()
    return (a + b + c + d).reshape(1, n)


def test_returned_arrays():
    check_cases(make_pair, [(0,), (3,)])
    check_cases(make_mixed, [(2,)])
    check_cases(make_nested, [(4,)])
    check_cases(view_of_local, [(5,)])
    check_cases(slice_of_local, [(3,)])
    check_cases(chain_of_creations, [(4,)])


def test_returned_arrays_outlive_the_call():
    a, b = make_pair(5)
    c, d = same_array_twice(4)
    assert c is d or np.shares_memory(c, d)
    c[0] = 99
    assert d[0] == 99
    v = view_of_local(6)
    del a, c
    assert b.tolist() == [0, 2, 4, 6, 8]
    assert v.tolist() == [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    assert isinstance(b, np.ndarray) and type(b) is np.ndarray


@jit
def jit_arange_scaled(n):
    return np.arange(n) * 1.5


def test_jit_creates_arrays_too():
    check_cases(jit_arange_scaled, [(0,), (4,)])


@njit
def copies_of(a):
    return np.copy(a), np.array(a), np.asarray(a), np.ascontiguousarray(a)


def test_copies_keep_a_0d_array_0d():
    # Only ascontiguousarray makes it 1-d.
    check_cases(copies_of, [(np.array(3.0),), (np.array(7, np.int32),), (np.arange(4.0)[::2],)])


@njit
def zero_d_from_number(x):
    return np.array(x), np.asarray(x, dtype=np.float32), np.array(x, dtype="<f8")


@njit
def dtype_spellings(n):
    return (np.zeros(n, dtype=np.dtype("f4")), np.ones(n, dtype="=i4"), np.empty(n, dtype="d").dtype == np.dtype("float64"),
            np.arange(n, dtype="q"), np.full(n, 2, dtype="|b1"), np.zeros(n, dtype=np.dtype(np.uint8)))


def test_a_number_makes_a_zero_d_array():
    check_cases(zero_d_from_number, [(5,), (2.5,), (True,)])


def test_dtype_spellings():
    check_cases(dtype_spellings, [(0,), (3,)])


@njit
def complex_linspace(a, b, n):
    return np.linspace(a, b, n), np.linspace(a, b, n, endpoint=False)


def test_linspace_with_complex_endpoints():
    check_cases(complex_linspace, [(1j, 2, 3), (0, 1 + 1j, 5), (1 - 2j, -3 + 4j, 1), (2j, 2j, 0), (1.5, 2j, 4)], rtol=1e-15)


@njit
def linspace_of(a, b, n):
    return np.linspace(a, b, n)


def test_linspace_computes_in_the_endpoints_precision():
    # NumPy's dtype is result_type(start, stop, float(num)): float32 endpoints stay float32.
    rng = np.random.default_rng(3)
    cases = [(np.float32(rng.normal() * 10), np.float32(rng.normal() * 10), int(n)) for n in rng.integers(0, 40, 30)]
    cases += [(np.float32(0), 1, 5), (0, np.float32(1), 5), (np.float32(-1), 2.5, 4), (np.complex64(1j), np.float32(2), 4),
              (np.int32(0), np.int32(10), 6), (np.float32(0), np.float32(0), 3)]
    check_cases(linspace_of, cases)


@njit
def arange_step_kw(n, s):
    return np.arange(n, step=s)


@njit
def arange_stop_kw(a, b):
    return np.arange(a, stop=b)


@njit
def arange_only_kw(b):
    return np.arange(stop=b)


@njit
def arange_bool(n):
    return np.arange(n, dtype=np.bool_)


def test_arange_reads_keywords_as_numpy_does():
    check_cases(arange_step_kw, [(10, 2), (10, -2), (-7, -3), (5.5, 1.5), (3, 0)])
    check_cases(arange_stop_kw, [(2, 5), (2.5, 7), (5, 2)])
    check_cases(arange_only_kw, [(5,), (0,), (2.5,)])


def test_arange_bool_and_unbounded_lengths():
    check_cases(arange_bool, [(0,), (1,), (2,), (3,)])
    check_cases(arange_step_kw, [(float("inf"), 1.0), (float("nan"), 1.0)])


def test_arange_name_and_position_conflict_is_a_typing_error():
    @njit
    def f(n):
        return np.arange(n, start=1)

    with pytest.raises(TypingError, match="given by name"):
        f(5)
