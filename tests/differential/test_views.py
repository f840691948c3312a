"""Views in compiled code against NumPy: slicing, row views, transposes, new axes, writes through views.

Slices of C, F and non-contiguous arrays with every combination of start, stop
and step (negative and omitted ones too); slice assignment from scalars, arrays
and broadcast rows; overlapping in-place assignment, which NumPy performs as if
the right-hand side were copied first.
"""
import numpy as np
import pytest

from oxjit import njit
from oxjit.testing import check_against_python

from ._helpers import check_cases

# --- inputs ----------------------------------------------------------------------------------------------


def layouts_1d():
    base = np.arange(1.0, 13.0)
    return {"C": base, "step2": np.arange(1.0, 25.0)[::2], "reversed": base[::-1], "empty": np.zeros(0)}


def layouts_2d(dtype=np.float64):
    base = np.arange(1, 5 * 6 + 1).reshape(5, 6).astype(dtype)
    return {
        "C": base,
        "F": np.asfortranarray(base),
        "T": base.T,
        "step2": np.arange(1, 10 * 6 + 1).reshape(10, 6).astype(dtype)[::2],
        "reversed": base[::-1, ::-1],
        "inner": base[1:, 1:-1],
    }


def layouts_3d():
    base = np.arange(1.0, 4 * 5 * 6 + 1).reshape(4, 5, 6)
    return {"C": base, "F": np.asfortranarray(base), "strided": base[::2, ::-1, 1::2],
            "transposed": base.transpose(2, 0, 1)}


SLICE_PARTS = [None, 0, 1, 3, -1, -3, 100, -100]
STEPS = [None, 1, 2, 3, -1, -2]

# --- 1-d slicing ---------------------------------------------------------------------------------------


@njit
def slice_start_stop_step(a, start, stop, step):
    return a[start:stop:step]


@njit
def slice_start(a, start):
    return a[start:]


@njit
def slice_stop(a, stop):
    return a[:stop]


@njit
def slice_step(a, step):
    return a[::step]


@njit
def slice_literals(a):
    return a[1:-1], a[::-1], a[-3:], a[:-2], a[::2], a[1::3], a[5:1:-2], a[:], a[-1:-4:-1]


@njit
def slice_then_sum(a, start, stop, step):
    b = a[start:stop:step]
    s = 0.0
    for i in range(len(b)):
        s += b[i] * (i + 1)
    return s, len(b)


@pytest.mark.parametrize("name, a", list(layouts_1d().items()), ids=list(layouts_1d()))
def test_slice_1d(name, a):
    cases = [(a, start, stop, step) for start in SLICE_PARTS for stop in SLICE_PARTS for step in STEPS]
    check_cases(slice_start_stop_step, cases)
    check_cases(slice_then_sum, cases[::7])
    check_cases(slice_start, [(a, s) for s in SLICE_PARTS if s is not None])
    check_cases(slice_stop, [(a, s) for s in SLICE_PARTS if s is not None])
    check_cases(slice_step, [(a, s) for s in STEPS if s is not None])


def test_slice_literals():
    for a in layouts_1d().values():
        check_against_python(slice_literals, a)
    check_against_python(slice_literals, np.arange(10, dtype=np.int32))


@njit
def slices_at_loop_counters(a, step):
    # Bounds from `range` counters are known non-negative: no wrap-around, but still
    # clamped to the length (i + 3 runs past the end) and still used with negative steps.
    s = 0.0
    for i in range(len(a) + 2):
        b = a[i + 1:]
        c = a[:i + 3]
        d = a[i::step]
        e = a[i:0:-1]
        s += b.sum() + 2.0 * c.sum() + 3.0 * d.sum() + 5.0 * e.sum() + len(b) + len(d) + len(e)
    return s


def test_slices_at_loop_counters():
    for a in layouts_1d().values():
        check_cases(slices_at_loop_counters, [(a, step) for step in (1, 2, -1, -3)])


@njit
def slice_step_zero(a):
    return a[::0]


@njit
def slice_step_zero_var(a, step):
    return a[1:5:step]


@njit
def slice_step_zero_2d(a, step):
    return a[:, ::step]


def test_step_zero_is_a_value_error():
    check_cases(slice_step_zero, [(np.arange(5.0),)])
    check_cases(slice_step_zero_var, [(np.arange(5.0), 0)])
    check_cases(slice_step_zero_2d, [(np.ones((2, 3)), 0)])


# --- 2-d and 3-d slicing ----------------------------------------------------------------------------------


@njit
def slice_2d(a, r0, r1, rs, c0, c1, cs):
    return a[r0:r1:rs, c0:c1:cs]


@njit
def slice_2d_literals(a):
    return a[1:, :-1], a[::-1, ::2], a[:, 1], a[2, :], a[-1, 1:4], a[1:3], a[:, ::-1], a[::2, -1]


@njit
def slice_rows(a, i, j):
    return a[i:j]


@njit
def column(a, j):
    return a[:, j]


@njit
def row_tail(a, i, k):
    return a[i, k:]


TWO_D_SLICES = [
    (None, None, None, None, None, None),
    (1, None, None, None, -1, None),
    (None, None, -1, None, None, 2),
    (-2, None, None, 1, 4, None),
    (4, 0, -2, 5, 0, -1),
    (3, 1, None, 0, 100, 3),
    (-100, 100, 2, -3, None, -1),
    (0, 0, None, None, None, None),
]


@pytest.mark.parametrize("name, a", list(layouts_2d().items()), ids=list(layouts_2d()))
def test_slice_2d(name, a):
    check_cases(slice_2d, [(a, *s) for s in TWO_D_SLICES])
    check_against_python(slice_2d_literals, a)
    check_cases(slice_rows, [(a, 1, 3), (a, -2, None), (a, None, -1), (a, 4, 1)])
    check_cases(column, [(a, j) for j in (0, 2, -1, -a.shape[1])])
    check_cases(row_tail, [(a, i, k) for i in (0, -1) for k in (0, 2, -1, 10)])


@pytest.mark.parametrize("dtype", [np.int32, np.complex128, np.bool_, np.float32],
                         ids=["int32", "complex128", "bool", "float32"])
def test_slice_2d_other_dtypes(dtype):
    for a in layouts_2d(dtype).values():
        check_against_python(slice_2d_literals, a)


@njit
def slice_3d(a):
    return a[1:, ::2, :-1], a[::-1, 1, :], a[:, :, 2], a[1], a[-1, -1], a[1:3, ::-2, ::3]


@njit
def slice_3d_vars(a, i, j, k):
    return a[i:, :j, ::k]


@pytest.mark.parametrize("name, a", list(layouts_3d().items()), ids=list(layouts_3d()))
def test_slice_3d(name, a):
    check_against_python(slice_3d, a)
    check_cases(slice_3d_vars, [(a, 1, 3, 2), (a, -2, -1, -1), (a, 0, 100, 3)])


# --- integer indexing of n-d arrays ----------------------------------------------------------------------


@njit
def index_nd(a, i):
    return a[i]


@njit
def index_nd_twice(a, i, j):
    return a[i][j]


@njit
def chained_tail(A, j, i):
    return A[j][i + 1:]


@njit(boundscheck=True)
def index_out_of_range(a, i):
    return a[i]


@njit(boundscheck=True)
def index_out_of_range_2(a, i, j):
    return a[i, j]


def test_integer_index_of_nd():
    for a in list(layouts_2d().values()) + list(layouts_3d().values()):
        check_cases(index_nd, [(a, 0), (a, -1), (a, 1)])
        check_cases(index_nd_twice, [(a, 1, -1), (a, -2, 0)])
        check_cases(chained_tail, [(a, 0, 0), (a, 1, 2), (a, -1, -2), (a, 1, 10)])


def test_index_out_of_range_is_an_index_error():
    a = np.ones((3, 4))
    # Like Numba, indices are only checked with boundscheck=True.
    check_cases(index_out_of_range, [(a, 3), (a, -4), (a.T, 4), (np.ones((2, 3, 4)), 2)])
    check_cases(index_out_of_range_2, [(a, 0, 4), (a, 1, -5), (a.T, 3, 0)])


@njit(boundscheck=True)
def index_temporary_out_of_range(a, i):
    b = a * 2
    b[i] = 1.0
    return b[i]


def test_index_error_releases_temporaries():
    # The autouse allocation check fails this test if the temporary `b` leaks.
    check_cases(index_temporary_out_of_range, [(np.ones(3), 10), (np.ones(3), -4), (np.ones(3), 1)])


# --- transpose and new axes -------------------------------------------------------------------------------


@njit
def transpose_(a):
    return a.T


@njit
def transpose_method(a):
    return a.transpose()


@njit
def np_transpose(a):
    return np.transpose(a)


@njit
def transpose_then_index(a):
    t = a.T
    return t[0], t[-1, 1], t.shape


@njit
def write_through_transpose(a):
    t = a.T
    t[0, 1] = -1.0
    t[1:, 0] = 7.0


@njit
def new_axis_front(a):
    return a[None, :]


@njit
def new_axis_back(a):
    return a[:, np.newaxis]


@njit
def new_axis_2d(a):
    return a[:, None, :], a[None], a[np.newaxis, :, :]


@njit
def outer_by_new_axes(a, b):
    return a[:, None] * b[None, :]


@pytest.mark.parametrize("f", [transpose_, transpose_method, np_transpose], ids=lambda f: f.__name__)
def test_transpose(f):
    for a in list(layouts_2d().values()) + list(layouts_3d().values()) + list(layouts_1d().values()):
        check_against_python(f, a)


def test_transpose_views():
    for a in layouts_2d().values():
        check_against_python(transpose_then_index, a)
        check_against_python(write_through_transpose, a)


def test_new_axes():
    for a in layouts_1d().values():
        check_against_python(new_axis_front, a)
        check_against_python(new_axis_back, a)
    for a in layouts_2d().values():
        check_against_python(new_axis_2d, a)
    check_against_python(outer_by_new_axes, np.arange(3.0), np.arange(4.0)[::-1])


# --- writes through views ---------------------------------------------------------------------------------


@njit
def write_through_slice(a):
    b = a[1:4]
    b[0] = -1.0
    b[-1] = -2.0
    return b


@njit
def write_through_column(a, j, v):
    c = a[:, j]
    for i in range(len(c)):
        c[i] = v + i


@njit
def write_through_view_of_view(a):
    v = a[::2][1:]
    v[0] = 100.0
    w = a[:, ::-1][1]
    w[0] = 200.0


def test_writes_through_views_are_visible():
    for a in layouts_1d().values():
        if a.size:
            check_against_python(write_through_slice, a)
    for a in layouts_2d().values():
        check_against_python(write_through_column, a, 1, 0.5)
        check_against_python(write_through_column, a, -1, -3.0)
        check_against_python(write_through_view_of_view, a)


def test_writes_reach_the_callers_buffer():
    base = np.zeros((4, 6))
    view = base[::2, 1:]
    write_through_column(view, 0, 1.0)
    assert base[0, 1] == 1.0 and base[2, 1] == 2.0 and base[1, 1] == 0.0
    assert base.sum() == 3.0


# --- slice assignment --------------------------------------------------------------------------------------


@njit
def assign_scalar_to_slice(a):
    a[1:4] = 0


@njit
def assign_scalar_var(a, i, j, v):
    a[i:j] = v


@njit
def assign_row_tail(a, i, x):
    a[i, 1:] = x * 2.0 + 1.0


@njit
def assign_row_tail_expr(a, i):
    a[i, 1:] = a[i, 1:] * 2.0 - a[0, 1:]


@njit
def assign_whole(a, b):
    a[:] = b


@njit
def assign_whole_2d(a, b):
    a[:, :] = b


@njit
def assign_column(a, col):
    a[:, 0] = col


@njit
def assign_broadcast_row(a, row):
    a[:] = row


@njit
def assign_broadcast_row_slice(a, row):
    a[1:, :] = row


@njit
def assign_step(a):
    a[::2] = -1
    a[1::2] = a[1::2] * 10


@njit
def assign_negative_step(a, b):
    a[::-1] = b


@njit
def assign_ellipsis_like(a, v):
    a[:] = v


@njit
def assign_block(a, b):
    a[1:3, 2:4] = b


@njit
def assign_from_list_values(a):
    a[:3] = np.array([1.0, 2.0, 3.0])


def test_assign_scalar_to_slice():
    for a in layouts_1d().values():
        check_against_python(assign_scalar_to_slice, a)
        check_cases(assign_scalar_var, [(a, 2, -2, 5.5), (a, -3, None, 1), (a, None, None, -0.0), (a, 8, 2, 9.0)])
        check_against_python(assign_step, a)
        check_against_python(assign_ellipsis_like, a, 3.0)
    check_against_python(assign_scalar_to_slice, np.arange(8, dtype=np.int16))
    check_against_python(assign_scalar_to_slice, np.arange(8) % 3 == 0)


def test_assign_row_tail():
    for a in layouts_2d().values():
        check_cases(assign_row_tail, [(a, 0, 1.5), (a, -1, 2)])
        check_cases(assign_row_tail_expr, [(a, 1), (a, -1)])
    check_cases(assign_row_tail, [(np.arange(12, dtype=np.int64).reshape(3, 4), 1, 3)])


def test_assign_array_to_slice():
    for a in layouts_1d().values():
        n = len(a)
        check_cases(assign_whole, [(a, np.arange(n) * 2.5), (a, np.arange(2 * n)[::-2].astype(np.int32)),
                                   (a, 4.0)])
        check_cases(assign_negative_step, [(a, np.arange(n, dtype=np.float64))])
    for a in layouts_2d().values():
        b = np.arange(a.size, dtype=np.float64).reshape(a.shape) * -1
        check_cases(assign_whole, [(a, b), (a, np.asfortranarray(b)), (a, b[::-1])])
        check_cases(assign_whole_2d, [(a, b.T.copy().T), (a, 2.0)])
        check_cases(assign_block, [(a, np.array([[10.0, 20.0], [30.0, 40.0]])), (a, np.array([-1.0, -2.0])),
                                   (a, 0.25)])
    check_against_python(assign_from_list_values, np.zeros(5))


def test_broadcasting_assignment():
    for a in layouts_2d().values():
        n, m = a.shape
        check_cases(assign_column, [(a, np.arange(n) + 0.5), (a, np.arange(2 * n, dtype=np.float64)[::2]), (a, 7.0)])
        check_cases(assign_broadcast_row, [(a, np.arange(m) * 1.5), (a, np.arange(m)[None, :] * 1.0),
                                           (a, np.arange(n)[:, None] * 1.0)])
        check_cases(assign_broadcast_row_slice, [(a, np.arange(m) - 1.0)])


def test_assignment_shape_mismatch_is_a_value_error():
    a = np.zeros((3, 4))
    check_cases(assign_whole, [(np.zeros(5), np.ones(4)), (a, np.ones((4, 3))), (a, np.ones(3))])
    check_cases(assign_column, [(a, np.ones(4))])
    check_cases(assign_block, [(a, np.ones((3, 2)))])


# --- overlapping in-place assignment ---------------------------------------------------------------------------


@njit
def shift_right(a):
    a[1:] = a[:-1]


@njit
def shift_left(a):
    a[:-1] = a[1:]


@njit
def prefix_add(a):
    a[1:] += a[:-1]


@njit
def prefix_add_expanded(a):
    a[1:] = a[1:] + a[:-1]


@njit
def reverse_assign(a):
    a[:] = a[::-1]


@njit
def shift_rows(a):
    a[1:, :] = a[:-1, :]


@njit
def shift_columns_add(a):
    a[:, 1:] += a[:, :-1]


@njit
def transpose_assign(a):
    a[:, :] = a.T


@njit
def overlap_step(a):
    a[2:] = a[:-2] * 2


@njit
def same_position_update(a, b):
    # Operands read exactly the element being written: no copy, and the loop's alias
    # facts must still hold (vectorised lengths, remainders, a == b too).
    a[:] = a * 2.0 + a
    a += b
    a[1:] = a[1:] * 3.0 - a[1:] * b[1:]


def test_same_position_in_place_updates():
    rng = np.random.default_rng(5)
    for n in (0, 1, 7, 8, 9, 100, 1001):
        a, b = rng.random(n), rng.random(n)
        check_against_python(same_position_update, a, b)
        check_against_python(same_position_update, a, a)


@njit
def flip_rows_scaled(a):
    # The operand is the whole array (typed C or F), the destination a reversed view.
    a[::-1, :] = a * 2 + a[0]


def test_overlapping_operand_keeps_its_layout():
    base = np.arange(1.0, 21.0).reshape(4, 5)
    for a in (base, np.asfortranarray(base), base.astype(np.int64), np.asfortranarray(base.astype(np.int32))):
        check_against_python(flip_rows_scaled, a)


def test_overlapping_assignment_1d():
    for a in layouts_1d().values():
        for f in (shift_right, shift_left, prefix_add, prefix_add_expanded, reverse_assign, overlap_step):
            check_against_python(f, a)
    for f in (shift_right, prefix_add, reverse_assign):
        check_against_python(f, np.arange(10, dtype=np.int32))


def test_overlapping_assignment_2d():
    for a in layouts_2d().values():
        check_against_python(shift_rows, a)
        check_against_python(shift_columns_add, a)
    square = np.arange(16.0).reshape(4, 4)
    for a in (square, np.asfortranarray(square), square[::-1], square.T):
        check_against_python(transpose_assign, a)


# --- unit-step slices of C arrays stay contiguous ------------------------------------------------------


@njit
def unit_step_views(a, i):
    return a[1:], a[i:], a[:i], a[1:-1]


@njit
def unit_step_row_views(a, i):
    return a[i][1:], a[i, 1:], a[i][:-1]


@njit
def unit_step_expressions(a, i):
    a[i][1:] = a[i][1:] - 0.5 * a[0][1:]
    b = a[1:] * 2.0 + a[:-1]
    return b, a[i:].sum(), (a[:i] + 1.0).copy()


@pytest.mark.parametrize("shape", [(6,), (0,), (5, 4), (4, 0), (3, 4, 5)], ids=str)
def test_unit_step_slices_of_c_arrays(shape):
    # Such slices are typed C-contiguous, so their loops take the flat path: the
    # values must match and the views must really be contiguous, as NumPy says.
    a = np.arange(1.0, np.prod(shape) + 1.0).reshape(shape)
    for i in (0, 1, -1):
        if shape[0] == 0 and i != 0:
            continue
        views = [unit_step_views] + ([unit_step_row_views] if a.ndim > 1 else [])
        for f in views:
            for g, w in zip(f(a, i), f.py_func(a, i)):
                np.testing.assert_array_equal(g, w)
                assert g.flags.c_contiguous == w.flags.c_contiguous
        if a.ndim > 1 and shape[0] > 1:
            check_against_python(unit_step_expressions, a, i)


@njit
def empty_index_read(a):
    return a[()]


@njit
def empty_index_write(a):
    a[()] = 5.0
    return a


def test_empty_tuple_index():
    # a[()] is the element of a 0-d array and the whole array otherwise.
    cases = [(np.array(3.0),), (np.ones((2, 3)),), (np.asfortranarray(np.arange(6.0).reshape(2, 3)),),
             (np.arange(10.0)[::2],)]
    check_cases(empty_index_read, cases)
    check_cases(empty_index_write, cases)


@njit
def reshape_strided_then_write(base):
    a = base[::2]
    b = a.reshape(-1)
    b[0] = 100
    c = a.reshape(1, -1)
    c[0, 1] = 200
    return b.sum() + c.sum()


@njit
def reshape_rows_then_write(base, step):
    a = base[::step, ::step]
    b = a.reshape(a.shape[0], a.shape[1], 1)
    b[0, 0, 0] = -1
    d = a.reshape(-1)  # rows with gaps: a copy, so this write stays local
    d[1] = -2
    return d.sum()


def test_reshape_of_strided_arrays_is_a_view_when_numpy_gives_one():
    check_cases(reshape_strided_then_write, [(np.arange(10.0),), (np.arange(12),)])
    base = np.arange(48.0).reshape(6, 8)
    check_cases(reshape_rows_then_write, [(base, 1), (base, 2), (np.asfortranarray(base), 1), (base.T, 3)])


# --- real and imaginary parts --------------------------------------------------------------------------------


@njit
def complex_parts(z):
    return z.real, z.imag, z.real * 2.0 + z.imag


@njit
def write_parts(z):
    r = z.real
    r[0] = 100.0
    z.imag[-1] = -5.0
    return z


@njit
def real_array_parts(a):
    t = a + 1
    return t.real, a.imag, t.real.sum()


def test_real_and_imag_of_complex_arrays_are_views():
    z = np.array([1 + 2j, 3 - 4j, 5j])
    for arg in (z, z.astype(np.complex64), (np.arange(6) * (1 + 1j)).reshape(2, 3)[:, ::2], z[::-1]):
        check_against_python(complex_parts, arg)
        check_against_python(write_parts, arg.copy())


def test_real_and_imag_of_real_arrays():
    # .real is the array itself (a view that outlives `t` here); .imag is new zeros.
    check_cases(real_array_parts, [(np.arange(3.0),), (np.arange(4, dtype=np.int32).reshape(2, 2).T,)])
