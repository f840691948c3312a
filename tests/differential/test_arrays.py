"""Arrays in compiled code against CPython + NumPy: indexing, attributes, writes, views, loops.

Every dtype and layout: 'C' and 'F' contiguous, 'A' non-contiguous (step-2
slices, transposes, negative strides). Element arithmetic is left to the float64
and int64 loops at the end: in NumPy, ``0 + a[i]`` keeps ``a``'s small dtype
(NEP 50) where compiled code computes in int64/float64 like Numba.
"""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import oxjit
from oxjit import njit
from oxjit.errors import TypingError
from oxjit.testing import check_against_python
from oxjit.testing.strategies import DTYPES, LAYOUTS, array_elements, arrays

from ._helpers import check_cases

dtype_ids = [d.name for d in DTYPES]


def all_views(base):
    """Views of a 2-D array in every layout: C, F, and several non-contiguous ones."""
    return {
        "C": base,
        "F": np.asfortranarray(base),
        "T": base.T,
        "step2": base[::2],
        "cols3": base[:, ::3],
        "reversed": base[::-1, ::-1],
        "inner": base[1:, 1:-1],
    }


def view_cases(dtype):
    base = np.arange(1, 5 * 7 + 1).reshape(5, 7).astype(dtype)
    return all_views(base)


# --- element reads -----------------------------------------------------------------------------

@njit
def get1(a, i):
    return a[i]


@njit
def get2(a, i, j):
    return a[i, j]


@njit
def get2_chained(a, i, j):
    return a[i][j]


@njit
def get_first_last(a):
    return a[0], a[-1], a[len(a) - 1]


@st.composite
def array_and_index(draw, dtype, ndim, layout=None):
    a = draw(arrays(dtype, ndim=ndim, layout=layout, min_side=1, max_side=6))
    index = tuple(draw(st.integers(-n, n - 1)) for n in a.shape)
    return a, index


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_ids)
def test_read_2d_views(dtype):
    for name, a in view_cases(dtype).items():
        cases = [(i, j) for i in range(-a.shape[0], a.shape[0]) for j in (0, -1, a.shape[1] // 2)]
        check_cases(get2, [(a, i, j) for i, j in cases])
        check_cases(get2_chained, [(a, i, j) for i, j in cases])


@njit
def get3(a, i, j, k):
    return a[i, j, k]


@pytest.mark.parametrize("layout", LAYOUTS)
@given(data=st.data())
def test_read_3d(layout, data):
    a, (i, j, k) = data.draw(array_and_index(np.float64, 3, layout))
    check_against_python(get3, a, i, j, k)


def test_read_with_numpy_integer_indices():
    a = np.arange(10.0)
    m = np.arange(12).reshape(3, 4)
    for i in (np.int8(-3), np.int32(4), np.uint8(2), np.int64(-1), np.uint64(9)):
        check_against_python(get1, a, i)
    check_against_python(get2, m, np.int16(2), np.uint32(3))


# --- element writes ----------------------------------------------------------------------------

@njit
def set1(a, i, v):
    a[i] = v


@njit
def set2(a, i, j, v):
    a[i, j] = v


@njit
def set2_chained(a, i, j, v):
    a[i][j] = v


@njit
def copy_element(a, i, j):
    a[i] = a[j]
    return a[i]


@njit
def augmented_elements(a, i, j):
    a[i] += a[j]
    a[j] *= 3
    a[-1] -= 1
    a[i] //= 2


@njit
def augmented_elements_2d(a, i, j):
    a[i, j] += 1
    a[i][j] *= 2
    a[-1, -1] -= a[0, 0]


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_ids)
@given(data=st.data())
def test_read_and_write_1d(dtype, data):
    a, (i,) = data.draw(array_and_index(dtype, 1), label="a, (i,)")
    v = dtype.type(data.draw(array_elements(dtype), label="v"))
    check_against_python(get1, a, i)
    check_against_python(get_first_last, a)
    check_against_python(set1, a, i, v)
    check_against_python(copy_element, a, i, -1 - i)
    check_against_python(reverse_in_place, a)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_ids)
@given(data=st.data())
def test_read_and_write_2d(dtype, data):
    a, (i, j) = data.draw(array_and_index(dtype, 2), label="a, (i, j)")
    v = dtype.type(data.draw(array_elements(dtype), label="v"))
    check_against_python(get2, a, i, j)
    check_against_python(get2_chained, a, i, j)
    check_against_python(set2, a, i, j, v)
    check_against_python(set2_chained, a, i, j, v)
    check_against_python(attributes, a)
    check_against_python(dtype_checks, a)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_ids)
def test_write_2d_views(dtype):
    v = dtype.type(0)
    for name, a in view_cases(dtype).items():
        for i, j in [(0, 0), (-1, -1), (1, -2), (a.shape[0] - 1, 0)]:
            check_against_python(set2, a, i, j, v)
            check_against_python(set2_chained, a, i, j, v)


@pytest.mark.parametrize("dtype", [np.int64, np.float64, np.int16], ids=["int64", "float64", "int16"])
@given(data=st.data())
def test_augmented_assignment_to_elements(dtype, data):
    a, (i,) = data.draw(array_and_index(dtype, 1), label="a, (i,)")
    j = data.draw(st.integers(-len(a), len(a) - 1), label="j")
    if np.dtype(dtype).kind == "i":  # keep clear of overflow, where NumPy scalars and int64 differ
        a = (a % 1000).astype(dtype)
    check_against_python(augmented_elements, a, i, j)
    m, (i, j) = data.draw(array_and_index(dtype, 2), label="m, (i, j)")
    if np.dtype(dtype).kind == "i":
        m = (m % 1000).astype(dtype)
    check_against_python(augmented_elements_2d, m, i, j)


def test_write_converts_the_value_to_the_dtype():
    # Python scalars stored into arrays of other dtypes are cast like NumPy casts them.
    cases = [
        (np.zeros(3, np.int8), 1, 100), (np.zeros(3, np.float32), 0, 0.1), (np.zeros(3, np.int64), 2, True),
        (np.zeros(3, np.float64), 1, 7), (np.zeros(3, np.complex128), 0, 2.5), (np.zeros(3, np.complex64), 0, 1),
        (np.zeros(3, np.bool_), 1, True), (np.zeros(3, np.uint16), 1, 65535), (np.zeros(3), -1, np.float32(0.1)),
    ]
    check_cases(set1, cases)


def test_writes_are_visible_to_the_caller():
    base = np.arange(12.0).reshape(3, 4)
    a = base.T  # a non-contiguous view: the write must land in ``base``
    set2(a, 1, 2, -5.0)
    assert base[2, 1] == -5.0
    b = np.zeros(5, np.int32)
    set1(b, -2, 9)
    assert b.tolist() == [0, 0, 0, 9, 0]


# --- empty arrays --------------------------------------------------------------------------------

@njit
def sum_1d(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


@njit
def sum_2d(a):
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += a[i, j]
    return s


@njit
def fill_2d(a, v):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] = v * (i + 1) + j
    return a.shape[0] * a.shape[1]


def test_empty_arrays():
    for a in (np.zeros(0), np.zeros(0)[::2], np.zeros((0, 3))[:, 1]):
        check_against_python(sum_1d, a)
        check_against_python(reverse_in_place, a)
    for a in (np.zeros((0, 3)), np.zeros((3, 0)), np.zeros((0, 0)), np.zeros((4, 0), order="F"),
              np.zeros((6, 0))[::2]):
        check_against_python(sum_2d, a)
        check_against_python(fill_2d, a, 1.5)


# --- attributes -------------------------------------------------------------------------------------

@njit
def attributes(a):
    return a.shape, a.ndim, a.size, len(a)


@njit
def shape_parts(a):
    n, m = a.shape
    return n * 1000 + m, a.shape[0], a.shape[-1]


@njit
def dtype_checks(a):
    return (a.dtype == np.float64, a.dtype == np.int64, a.dtype == np.bool_, a.dtype == np.complex128,
            a.dtype == np.float32, a.dtype != np.uint8, a.dtype == np.int8, a.dtype == np.complex64)


@given(a=arrays(None, ndim=st.integers(1, 3), layout=None, min_side=0, max_side=4))
def test_attributes(a):
    check_against_python(attributes, a)
    check_against_python(dtype_checks, a)


def test_attributes_of_views():
    for name, a in view_cases(np.float64).items():
        check_against_python(attributes, a)
        check_against_python(shape_parts, a)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_ids)
def test_dtype_comparisons(dtype):
    check_against_python(dtype_checks, np.zeros(2, dtype))
    check_against_python(dtype_checks, np.zeros((2, 3), dtype).T)


# --- returning arrays ---------------------------------------------------------------------------------

@njit
def identity(a):
    return a


@njit
def pick(a, b, first):
    if first:
        return a
    return b


@njit
def row(a, i):
    return a[i]


@njit
def write_through_row(a, i, v):
    r = a[i]
    r[0] = v
    r[-1] = v + 1
    return r


def test_returning_an_argument_returns_the_same_object():
    for a in (np.arange(5.0), np.ones((3, 4), order="F"), np.arange(10)[::3], np.ones((2, 3)).T,
              np.zeros(0, np.int8)):
        assert identity(a) is a
        assert identity.py_func(a) is a
    a, b = np.arange(3), np.arange(4)
    assert pick(a, b, True) is a
    assert pick(a, b, False) is b


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_ids)
def test_indexing_a_2d_array_gives_a_row_view(dtype):
    for name, a in view_cases(dtype).items():
        for i in (0, 2, -1):
            check_against_python(row, a, i)


@pytest.mark.parametrize("dtype", [np.float64, np.int32, np.complex64], ids=["float64", "int32", "complex64"])
def test_writing_through_a_row_view(dtype):
    for name, a in view_cases(dtype).items():
        check_against_python(write_through_row, a, 1, dtype(7))
        check_against_python(write_through_row, a, -1, dtype(3))


def test_row_view_shares_memory():
    a = np.zeros((3, 4))
    r = row(a, 1)
    assert r.shape == (4,)
    r[2] = 5.0
    assert a[1, 2] == 5.0


# --- readonly arrays -----------------------------------------------------------------------------------

def readonly(a):
    a = a.copy()
    a.setflags(write=False)
    return a


@njit
def write_readonly_target(a):
    a[0] = 1
    return a[0]


def test_readonly_arrays_can_be_read():
    for a in (readonly(np.arange(6.0)), readonly(np.arange(12).reshape(3, 4))[:, ::2]):
        check_against_python(get1 if a.ndim == 1 else get2, a, *((1,) if a.ndim == 1 else (1, 1)))
        check_against_python(attributes, a)
    check_against_python(sum_1d, readonly(np.linspace(0, 1, 7)))


def test_writing_a_readonly_array_is_a_typing_error():
    a = readonly(np.arange(4.0))
    with pytest.raises(ValueError):  # NumPy's error in Python
        write_readonly_target.py_func(a)
    with pytest.raises(oxjit.errors.TypingError):
        write_readonly_target(a)
    assert a[0] == 0.0
    # the same function still compiles for a writeable array
    check_against_python(write_readonly_target, np.arange(4.0))


@njit
def write_through_ravel(a):
    b = a.ravel()
    b[0] = 9.0
    return b[0]


@njit
def write_through_ascontiguousarray(a):
    b = np.ascontiguousarray(a)
    b[0] = 9.0
    return b[0]


@njit
def write_through_asarray(a):
    b = np.asarray(a)
    b[0] = 9.0
    return b[0]


@njit
def write_through_reshape_and_transpose(a):
    b = a.reshape((2, 2)).T
    b[0, 0] = 9.0
    return b[0, 0]


@pytest.mark.parametrize("f", [write_through_ravel, write_through_ascontiguousarray, write_through_asarray,
                               write_through_reshape_and_transpose], ids=lambda f: f.__name__)
def test_functions_that_may_return_their_argument_keep_it_readonly(f):
    a = readonly(np.arange(4.0))
    with pytest.raises(ValueError):  # NumPy's error in Python
        f.py_func(a)
    with pytest.raises(oxjit.errors.TypingError, match="readonly"):
        f(a)
    assert a[0] == 0.0
    check_against_python(f, np.arange(4.0))


# --- loops over random arrays --------------------------------------------------------------------------

@njit
def dot(a, b):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * b[i]
    return s


@njit
def int_sum_and_max(a):
    s = 0
    m = a[0]
    for i in range(a.shape[0]):
        s += a[i]
        if a[i] > m:
            m = a[i]
    return s, m


@njit
def matmul_into(a, b, out):
    for i in range(a.shape[0]):
        for j in range(b.shape[1]):
            s = 0.0
            for p in range(a.shape[1]):
                s += a[i, p] * b[p, j]
            out[i, j] = s


@njit
def lu_in_place(a):
    """Doolittle LU decomposition without pivoting; L below the diagonal, U on and above."""
    n = a.shape[0]
    for k in range(n):
        for i in range(k + 1, n):
            a[i, k] /= a[k, k]
            for j in range(k + 1, n):
                a[i, j] -= a[i, k] * a[k, j]


@njit
def prefix_sums(a):
    for i in range(1, len(a)):
        a[i] += a[i - 1]


@njit
def reverse_in_place(a):
    n = len(a)
    for i in range(n // 2):
        a[i], a[n - 1 - i] = a[n - 1 - i], a[i]


float_elements = st.floats(-1e3, 1e3)


def with_layout(a, layout):
    """``a`` copied into the given layout: 'C', 'F', or 'A' (a step-2 view of a larger array)."""
    if layout == "C":
        return np.ascontiguousarray(a)
    if layout == "F":
        return np.asfortranarray(a)
    big = np.full(tuple(2 * n for n in a.shape), -999.0, dtype=a.dtype)
    view = big[(slice(None, None, 2),) * a.ndim]
    view[...] = a
    return view


@st.composite
def float_matrices(draw, n, m):
    values = draw(st.lists(float_elements, min_size=n * m, max_size=n * m))
    return with_layout(np.array(values, dtype=np.float64).reshape(n, m), draw(st.sampled_from(LAYOUTS)))


@given(data=st.data())
def test_dot(data):
    n = data.draw(st.integers(0, 10))
    a = data.draw(arrays(np.float64, ndim=1, layout=None, min_side=n, max_side=n, elements=float_elements))
    b = data.draw(arrays(np.float64, ndim=1, layout=None, min_side=n, max_side=n, elements=float_elements))
    check_against_python(dot, a, b)
    check_against_python(sum_1d, a)


@given(a=arrays(np.float64, ndim=2, layout=None, elements=float_elements))
def test_sum_2d(a):
    check_against_python(sum_2d, a)


@given(a=arrays(np.int64, ndim=1, layout=None, min_side=1, elements=st.integers(-(2**40), 2**40)))
def test_int_sum_and_max(a):
    check_against_python(int_sum_and_max, a)


@given(data=st.data())
def test_matmul_loops(data):
    n, k, m = (data.draw(st.integers(1, 5)) for _ in range(3))
    a = data.draw(float_matrices(n, k))
    b = data.draw(float_matrices(k, m))
    check_against_python(matmul_into, a, b, np.zeros((n, m)))
    check_against_python(matmul_into, a, b, np.zeros((m, n)).T)


@given(data=st.data())
def test_lu_decomposition(data):
    n = data.draw(st.integers(1, 6))
    elements = data.draw(st.lists(st.floats(-1, 1), min_size=n * n, max_size=n * n))
    a = np.array(elements).reshape(n, n) + np.eye(n) * (n + 1)  # diagonally dominant: no pivoting needed
    check_against_python(lu_in_place, with_layout(a, data.draw(st.sampled_from(LAYOUTS))))


@given(a=arrays(np.float64, ndim=1, layout=None, elements=float_elements),
       b=arrays(np.int32, ndim=1, layout=None, elements=st.integers(-1000, 1000)))
def test_in_place_loops(a, b):
    check_against_python(prefix_sums, a)
    check_against_python(prefix_sums, b)
    check_against_python(reverse_in_place, a)
    check_against_python(reverse_in_place, b)


# --- truth values --------------------------------------------------------------------------------------------


@njit
def array_truth(a):
    return bool(a), (1 if a else 2)


@njit
def chained_array_comparison(a):
    return 0 < a < 1


@njit
def list_truth(n):
    l = [1.0]
    for _ in range(n):
        l.pop()
    return bool(l), (1 if l else 2)


def test_the_truth_of_an_array_is_its_one_elements():
    # NumPy: size 1 gives the element's truth; any other size is a ValueError.
    check_cases(array_truth, [(np.array([1.0]),), (np.array(0.0),), (np.array([[3]]),), (np.array([0j]),),
                              (np.array([1.0, 2.0]),), (np.zeros(0),), (np.zeros((2, 0)),)])
    check_cases(chained_array_comparison, [(np.array([0.5]),), (np.array([1.5]),), (np.array([0.5, 2.0]),)])


def test_the_truth_of_a_list_is_whether_it_has_items():
    check_cases(list_truth, [(0,), (1,)])


# --- unpacking ----------------------------------------------------------------------------------------------


@njit
def unpack_three(a):
    x, y, z = a
    return x + y * z


@njit
def unpack_rows(a):
    top, bottom = a
    return top - bottom


@njit
def unpack_list(n):
    l = [n, n + 1]
    p, q = l
    return p * q


def test_unpacking_arrays_and_lists():
    # The length is checked at run time: ValueError for too many or too few, as Python.
    check_cases(unpack_three, [(np.arange(3.0),), (np.arange(6)[::2],), (np.arange(4.0),), (np.arange(2.0),)])
    check_cases(unpack_rows, [(np.arange(6.0).reshape(2, 3),), (np.arange(6.0).reshape(3, 2),)])
    check_cases(unpack_list, [(3,), (-1,)])


@njit
def made_int_arrays(n):
    return np.arange(n), np.zeros(n, dtype=np.uint64), np.arange(n, dtype=np.int32)


def test_int64_arrays_have_numpys_own_dtype():
    # np.int64 is C long on 64-bit Linux: the arrays print exactly as NumPy's do.
    for got, expected in zip(made_int_arrays(3), made_int_arrays.py_func(3)):
        assert repr(got) == repr(expected)
        assert got.dtype.num == expected.dtype.num


@njit
def fill_and_return(a, v):
    a.fill(v)
    return a


def test_fill_every_layout_and_value_type():
    base = np.zeros((3, 4))
    cases = [(base, 2.5), (base.T, -1), (base[::2, 1::2], np.float32(0.1)), (np.zeros(()), 7.0)]
    cases += [(np.zeros(5, np.int8), 2.9), (np.zeros(5, np.int8), -3), (np.zeros(4, np.bool_), 2)]
    cases += [(np.zeros(3, np.complex64), 1 + 2j), (np.zeros(3, np.uint16), True)]
    cases += [(np.zeros(3, np.int8), 300), (np.zeros(3, np.uint8), -1)]  # OverflowError
    check_cases(fill_and_return, cases)


def test_fill_refuses_complex_into_real():
    with pytest.raises(TypingError, match="complex"):
        fill_and_return(np.zeros(3), 1j)


def test_fill_checks_that_integers_fit():
    check_cases(fill_and_return, [
        (np.zeros(3, np.int8), np.int64(300)),
        (np.zeros((), np.uint8), 256),
        (np.zeros((), np.uint8), 255),
        (np.zeros(2, np.uint64), 2**62),
        (np.zeros(2, np.int32), -2**31),
    ])
