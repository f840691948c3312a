"""Reductions in compiled code against NumPy: sum, prod, min, max, mean, std, var, argmin,
argmax, any, all, cumsum, cumprod.

Each as a function (``np.sum(a)``) and as a method (``a.sum()``), over the whole
array and along an axis (a literal or a run-time value), on 1-, 2- and 3-d
arrays of integer, float and bool dtypes in C, F and non-contiguous layouts.
float64 results compare with ``rtol=1e-12``: the compiled code may sum in a
different order than NumPy's pairwise summation. float32 results compare within
a few ULPs (the default for single precision), on integer-valued data that sums
exactly.
"""
import numpy as np
import pytest

from oxjit import njit
from oxjit.errors import TypingError
from oxjit.testing import check_against_python

from ._helpers import check_cases

RTOL = 1e-12

# --- the functions ---------------------------------------------------------------------------------------

@njit
def np_sum(a):
    return np.sum(a)


@njit
def m_sum(a):
    return a.sum()


@njit
def np_sum_axis(a, axis):
    return np.sum(a, axis=axis)


@njit
def m_sum_axis(a, axis):
    return a.sum(axis=axis)


@njit
def np_sum_axis0(a):
    return np.sum(a, axis=0)


@njit
def m_sum_axis_minus1(a):
    return a.sum(-1)


@njit
def np_prod(a):
    return np.prod(a)


@njit
def m_prod(a):
    return a.prod()


@njit
def np_prod_axis(a, axis):
    return np.prod(a, axis=axis)


@njit
def m_prod_axis(a, axis):
    return a.prod(axis=axis)


@njit
def np_prod_axis0(a):
    return np.prod(a, axis=0)


@njit
def m_prod_axis_minus1(a):
    return a.prod(-1)


@njit
def np_min(a):
    return np.min(a)


@njit
def m_min(a):
    return a.min()


@njit
def np_min_axis(a, axis):
    return np.min(a, axis=axis)


@njit
def m_min_axis(a, axis):
    return a.min(axis=axis)


@njit
def np_min_axis0(a):
    return np.min(a, axis=0)


@njit
def m_min_axis_minus1(a):
    return a.min(-1)


@njit
def np_max(a):
    return np.max(a)


@njit
def m_max(a):
    return a.max()


@njit
def np_max_axis(a, axis):
    return np.max(a, axis=axis)


@njit
def m_max_axis(a, axis):
    return a.max(axis=axis)


@njit
def np_max_axis0(a):
    return np.max(a, axis=0)


@njit
def m_max_axis_minus1(a):
    return a.max(-1)


@njit
def np_mean(a):
    return np.mean(a)


@njit
def m_mean(a):
    return a.mean()


@njit
def np_mean_axis(a, axis):
    return np.mean(a, axis=axis)


@njit
def m_mean_axis(a, axis):
    return a.mean(axis=axis)


@njit
def np_mean_axis0(a):
    return np.mean(a, axis=0)


@njit
def m_mean_axis_minus1(a):
    return a.mean(-1)


@njit
def np_std(a):
    return np.std(a)


@njit
def m_std(a):
    return a.std()


@njit
def np_std_axis(a, axis):
    return np.std(a, axis=axis)


@njit
def m_std_axis(a, axis):
    return a.std(axis=axis)


@njit
def np_std_axis0(a):
    return np.std(a, axis=0)


@njit
def m_std_axis_minus1(a):
    return a.std(-1)


@njit
def np_var(a):
    return np.var(a)


@njit
def m_var(a):
    return a.var()


@njit
def np_var_axis(a, axis):
    return np.var(a, axis=axis)


@njit
def m_var_axis(a, axis):
    return a.var(axis=axis)


@njit
def np_var_axis0(a):
    return np.var(a, axis=0)


@njit
def m_var_axis_minus1(a):
    return a.var(-1)


@njit
def np_argmin(a):
    return np.argmin(a)


@njit
def m_argmin(a):
    return a.argmin()


@njit
def np_argmin_axis(a, axis):
    return np.argmin(a, axis=axis)


@njit
def m_argmin_axis(a, axis):
    return a.argmin(axis=axis)


@njit
def np_argmin_axis0(a):
    return np.argmin(a, axis=0)


@njit
def m_argmin_axis_minus1(a):
    return a.argmin(-1)


@njit
def np_argmax(a):
    return np.argmax(a)


@njit
def m_argmax(a):
    return a.argmax()


@njit
def np_argmax_axis(a, axis):
    return np.argmax(a, axis=axis)


@njit
def m_argmax_axis(a, axis):
    return a.argmax(axis=axis)


@njit
def np_argmax_axis0(a):
    return np.argmax(a, axis=0)


@njit
def m_argmax_axis_minus1(a):
    return a.argmax(-1)


@njit
def np_any(a):
    return np.any(a)


@njit
def m_any(a):
    return a.any()


@njit
def np_any_axis(a, axis):
    return np.any(a, axis=axis)


@njit
def m_any_axis(a, axis):
    return a.any(axis=axis)


@njit
def np_any_axis0(a):
    return np.any(a, axis=0)


@njit
def m_any_axis_minus1(a):
    return a.any(-1)


@njit
def np_all(a):
    return np.all(a)


@njit
def m_all(a):
    return a.all()


@njit
def np_all_axis(a, axis):
    return np.all(a, axis=axis)


@njit
def m_all_axis(a, axis):
    return a.all(axis=axis)


@njit
def np_all_axis0(a):
    return np.all(a, axis=0)


@njit
def m_all_axis_minus1(a):
    return a.all(-1)


@njit
def np_cumsum(a):
    return np.cumsum(a)


@njit
def m_cumsum(a):
    return a.cumsum()


@njit
def np_cumsum_axis(a, axis):
    return np.cumsum(a, axis=axis)


@njit
def m_cumsum_axis(a, axis):
    return a.cumsum(axis=axis)


@njit
def np_cumsum_axis0(a):
    return np.cumsum(a, axis=0)


@njit
def m_cumsum_axis_minus1(a):
    return a.cumsum(-1)


@njit
def np_cumprod(a):
    return np.cumprod(a)


@njit
def m_cumprod(a):
    return a.cumprod()


@njit
def np_cumprod_axis(a, axis):
    return np.cumprod(a, axis=axis)


@njit
def m_cumprod_axis(a, axis):
    return a.cumprod(axis=axis)


@njit
def np_cumprod_axis0(a):
    return np.cumprod(a, axis=0)


@njit
def m_cumprod_axis_minus1(a):
    return a.cumprod(-1)


NAMES = ["sum", "prod", "min", "max", "mean", "std", "var", "argmin", "argmax", "any", "all", "cumsum", "cumprod"]
_G = globals()
WHOLE = {n: (_G[f"np_{n}"], _G[f"m_{n}"]) for n in NAMES}
AXIS = {n: (_G[f"np_{n}_axis"], _G[f"m_{n}_axis"]) for n in NAMES}
AXIS_LITERAL = {n: (_G[f"np_{n}_axis0"], _G[f"m_{n}_axis_minus1"]) for n in NAMES}

# --- inputs ------------------------------------------------------------------------------------------------


def with_layout(a, layout):
    """``a`` as a C or F contiguous array, or ('A') a step-2 view of a larger array."""
    if layout == "C":
        return np.ascontiguousarray(a)
    if layout == "F":
        return np.asfortranarray(a)
    big = np.zeros(tuple(2 * n for n in a.shape), dtype=a.dtype)
    view = big[(slice(None, None, 2),) * a.ndim]
    view[...] = a
    return view


def values(shape, dtype, seed):
    """Data that stresses each reduction: ties for argmin/argmax, zeros, negative numbers."""
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return rng.random(shape) < 0.6
    if dtype == np.float64:
        return rng.standard_normal(shape) * 3
    # integers, and integer-valued float32 whose sums and products are exact
    return rng.integers(-3, 4, size=shape).astype(dtype)


DTYPES = ["int32", "int64", "float32", "float64", "bool"]


def inputs(ndims=(1, 2, 3), dtypes=DTYPES, layouts=("C", "F", "A"), c_only=()):
    """Arrays of each dtype in ``dtypes`` in every layout, and of each in ``c_only`` in C order
    (fewer compilations: every new dtype, ndim and layout is a new specialisation)."""
    shapes = {1: [(7,), (1,)], 2: [(4, 5), (1, 3)], 3: [(2, 3, 4)]}
    out = []
    seed = 0
    for nd in ndims:
        for shape in shapes[nd]:
            for dtype in list(dtypes) + list(c_only):
                for layout in (layouts if dtype in dtypes else ("C",)):
                    if nd == 1 and layout == "F":
                        layout = "reversed"
                    seed += 1
                    a = values(shape, dtype, seed)
                    out.append(a[::-1] if layout == "reversed" else with_layout(a, layout))
    return out


def rtol_for(a):
    return None if a.dtype == np.float32 else RTOL


def check_each(f, arrays, *extra):
    """``check_cases`` per tolerance group: float32 inputs in ULPs, the others with RTOL."""
    failures = []
    for group, rtol in (([a for a in arrays if a.dtype != np.float32], RTOL),
                        ([a for a in arrays if a.dtype == np.float32], None)):
        if group:
            try:
                check_cases(f, [(a, *extra) for a in group], rtol=rtol)
            except AssertionError as exc:
                failures.append(str(exc))
    assert not failures, "\n".join(failures)


# --- whole-array reductions ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_whole_array_function(name):
    check_each(WHOLE[name][0], inputs(dtypes=("int32", "float64", "bool"), c_only=("int64", "float32")))


@pytest.mark.parametrize("name", NAMES)
def test_whole_array_method(name):
    check_each(WHOLE[name][1], inputs(dtypes=("float64",), c_only=("int32", "float32")))


def test_result_types():
    # NumPy: sum/prod of int32 accumulate in int64, of bool in int64; mean/std/var of ints are float64;
    # argmin/argmax give int64; min/max keep the dtype.
    a = np.arange(1, 7, dtype=np.int32).reshape(2, 3)
    for name in NAMES:
        for f in WHOLE[name] + AXIS_LITERAL[name]:
            check_against_python(f, a)
    for name in ("sum", "prod", "cumsum", "mean", "max", "argmax", "any"):
        check_against_python(WHOLE[name][0], np.array([True, False, True]))
        check_against_python(WHOLE[name][0], np.array([1, 2, 3], dtype=np.uint8))


# --- along an axis --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_axis_function(name):
    f, _ = AXIS[name]
    arrays = inputs(ndims=(2, 3), dtypes=("int32", "float64"), c_only=("int64", "float32"))
    failures = []
    for axis in (0, 1, -1, 2, -3):
        group = [a for a in arrays if -a.ndim <= axis < a.ndim]
        try:
            check_each(f, group, axis)
        except AssertionError as exc:
            failures.append(f"axis={axis}: {exc}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("name", NAMES)
def test_axis_method(name):
    _, f = AXIS[name]
    arrays = inputs(ndims=(2, 3), dtypes=("float64",), c_only=("int64",))
    failures = []
    for axis in (0, 1, -1):
        try:
            check_each(f, arrays, axis)
        except AssertionError as exc:
            failures.append(f"axis={axis}: {exc}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("name", NAMES)
def test_axis_literal(name):
    for f in AXIS_LITERAL[name]:
        check_each(f, inputs(ndims=(2, 3), dtypes=("float64",), c_only=("int32",)))


@pytest.mark.parametrize("name", ["sum", "min", "max", "argmin", "argmax", "any", "all", "cumsum", "mean"])
def test_axis_of_1d(name):
    a = np.array([3.0, -1.0, 4.0, -1.0, 5.0])
    check_cases(AXIS[name][0], [(a, 0), (a, -1), (a[::-2], 0)], rtol=RTOL)


@pytest.mark.parametrize("name", NAMES)
def test_axis_out_of_range(name):
    a = np.arange(6.0).reshape(2, 3)
    for f in AXIS[name]:
        check_cases(f, [(a, axis) for axis in (2, -3, 5)])


# --- NaN -------------------------------------------------------------------------------------------------


def nan_inputs():
    a = np.array([[1.0, np.nan, -2.0, 4.0], [np.nan, 0.5, np.inf, np.nan], [3.0, -1.0, 2.0, -np.inf]])
    return [a, np.asfortranarray(a), a[::-1, ::2], a.astype(np.float32), np.array([np.nan] * 3),
            np.array([-np.inf, np.nan, np.inf]), np.array([2.0, 1.0, np.nan])]


@pytest.mark.parametrize("name", ["min", "max", "argmin", "argmax", "sum", "mean", "prod", "cumsum", "std"])
def test_nan_propagation(name):
    arrays = nan_inputs()
    for f in WHOLE[name]:
        check_each(f, arrays)
    check_each(AXIS[name][0], [a for a in arrays if a.ndim == 2], 1)
    check_each(AXIS[name][0], [a for a in arrays if a.ndim == 2], 0)


def test_signed_zeros():
    a = np.array([0.0, -0.0, 0.0])
    b = np.array([-0.0, -0.0])
    for name in ("sum", "prod", "cumsum"):
        check_cases(WHOLE[name][0], [(a,), (b,)])


# --- empty arrays ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_empty(name):
    # sum -> 0, prod -> 1, any -> False, all -> True, mean/std/var -> nan (with a warning),
    # cumsum -> empty; min, max, argmin and argmax raise ValueError.
    arrays = [np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros((0, 3)), np.zeros((3, 0), order="F")]
    for f in WHOLE[name]:
        with np.errstate(all="ignore"), pytest.warns() if name in ("mean", "std", "var") else _no_warning():
            check_cases(f, [(a,) for a in arrays])


@pytest.mark.parametrize("name", NAMES)
def test_empty_along_axis(name):
    # Reducing a zero-length axis: min/max/argmin/argmax raise ValueError; the rest give their identity.
    arrays = [np.zeros((0, 3)), np.zeros((3, 0), dtype=np.int64), np.zeros((2, 0, 3))]
    cases = [(a, axis) for a in arrays for axis in (0, -1)]
    with np.errstate(all="ignore"), pytest.warns() if name in ("mean", "std", "var") else _no_warning():
        check_cases(AXIS[name][0], cases)


class _no_warning:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_empty_min_is_a_value_error():
    for f in WHOLE["min"] + WHOLE["max"] + WHOLE["argmin"] + WHOLE["argmax"]:
        with pytest.raises(ValueError):
            f(np.zeros(0))
        with pytest.raises(ValueError):
            f(np.zeros((0, 2)))


# --- reductions inside larger computations --------------------------------------------------------


@njit
def normalise(a):
    return (a - a.mean()) / a.std()


@njit
def softmax_rows(a):
    e = np.exp(a - a.max())
    return e / e.sum(axis=1)[:, None]


@njit
def stats(a):
    return a.sum(), a.min(), a.max(), np.argmax(a), a.mean(), np.cumsum(a)[-1], (a > 0).sum(), (a > 0).any()


def test_reductions_in_expressions():
    rng = np.random.default_rng(7)
    a = rng.standard_normal((5, 4))
    check_against_python(normalise, a, rtol=RTOL)
    check_against_python(normalise, a.T, rtol=RTOL)
    check_against_python(softmax_rows, a, rtol=RTOL)
    check_against_python(softmax_rows, a[::2], rtol=RTOL)
    check_against_python(stats, a, rtol=RTOL)
    check_against_python(stats, rng.integers(-5, 5, size=(3, 7)))


@njit
def cumsum_axis(a, axis):
    return np.cumsum(a, axis=axis)


@njit
def cumprod_axis_method(a, axis):
    return a.cumprod(axis=axis)


def test_cumulative_along_the_axis_of_a_0d_array():
    a = np.array(3.0)
    check_cases(cumsum_axis, [(a, 0), (a, -1), (a, 1)])
    check_cases(cumprod_axis_method, [(a, 0), (a, -1), (a, 2)])


@njit
def min_axis(a, axis):
    return a.min(axis=axis)


@njit
def argmax_axis(a, axis):
    return a.argmax(axis=axis)


def test_reducing_an_empty_axis_raises_even_with_no_output():
    cases = [(np.zeros((0, 0)), 0), (np.zeros((0, 0)), 1), (np.zeros((0, 3)), 0), (np.zeros((0, 3)), 1),
             (np.zeros((3, 0)), 1), (np.zeros((3, 0)), 0), (np.zeros((2, 0, 3)), -1)]
    check_cases(min_axis, cases)
    check_cases(argmax_axis, cases)


@njit
def moments(a):
    return a.sum(), a.mean(), a.var(), a.std()


def test_moments_round_exactly_as_numpy():
    # NumPy sums pairwise (complex parts interleaved), squares the deviations into an
    # array before summing them, and divides complex sums by Smith's method: the same
    # order gives the same bits, for every length around the pairwise block sizes.
    rng = np.random.default_rng(11)
    cases = []
    for n in list(range(1, 40)) + [127, 128, 129, 257, 1000]:
        x = rng.normal(size=n) * 20
        z = x + 1j * rng.normal(size=n)
        cases += [(x,), (x[::3],), (x.astype(np.float32),), (z,), (z[::2],), (z.astype(np.complex64),)]
    failures = []
    for (a,) in cases:
        got, expected = moments(a), moments.py_func(a)
        # complex64 var/std: one float32 ulp apart from NumPy's in a few cases (not yet
        # traced); everything else bit for bit.
        exact = 4 if a.dtype != np.complex64 else 2
        if any(g != e for g, e in zip(got[:exact], expected[:exact])) or not np.allclose(got, expected, rtol=1e-6):
            failures.append((a.dtype, a.size, got, expected))
    assert not failures, failures[:3]


@njit
def trace_(a):
    return np.trace(a)


@njit
def trace_offset(a, k):
    return a.trace(offset=k)


def test_trace_of_every_layout_and_dtype():
    base = np.arange(1.0, 31.0).reshape(5, 6) / 7.0
    cases = [(base,), (base.T,), (base[::2, 1:],), (np.asfortranarray(base),), (base[:0],)]
    cases += [(base.astype(d),) for d in (np.float32, np.int8, np.uint32, np.bool_, np.complex64)]
    cases += [(np.random.default_rng(1).random((40, 40)),)]
    check_cases(trace_, cases)


def test_trace_offsets_past_either_edge():
    a = np.arange(12).reshape(3, 4)
    check_cases(trace_offset, [(a, k) for k in range(-5, 7)])


def test_trace_needs_a_2d_array():
    with pytest.raises(TypingError, match="2-d"):
        trace_(np.arange(3.0))


@njit
def count_nonzero_(a):
    return np.count_nonzero(a)


def test_count_nonzero_arrays_and_scalars():
    base = np.array([[0.0, -0.0, 1.5], [np.nan, 0.0, -2.0]])
    cases = [(base,), (base.T,), (base[:, ::2],), (base[:0],), (np.zeros(()),), (np.ones(()),)]
    finite = np.nan_to_num(base, nan=3.0)
    cases += [(finite.astype(d),) for d in (np.int8, np.uint64, np.bool_, np.complex128)]
    cases += [(np.array([0j, 1j, 1 + 0j]),), (0,), (2.5,), (0j,), (True,)]
    check_cases(count_nonzero_, cases)


def complex_inputs():
    rng = np.random.default_rng(5)
    z = (rng.integers(-3, 4, size=(3, 4)) + 1j * rng.integers(-3, 4, size=(3, 4)))
    with_nan = z.copy()
    with_nan[1, 2] = complex(1.0, np.nan)
    with_nan[2, 0] = complex(np.nan, 0.0)
    ties = np.array([[1 + 2j, 1 + 3j, 1 + 3j], [0 + 5j, 2 - 1j, 2 - 1j]])
    return [z, z.astype(np.complex64), np.asfortranarray(z), z[::-1, ::2], with_nan, ties]


@pytest.mark.parametrize("name", ["sum", "prod", "min", "max", "mean", "argmin", "argmax", "any", "all"])
def test_complex_arrays(name):
    # Complex numbers order lexicographically (min, max, argmin, argmax), a NaN in either
    # part winning, as NumPy's.
    arrays = complex_inputs()
    for f in WHOLE[name]:
        check_cases(f, [(a,) for a in arrays], rtol=1e-6)
    for axis in (0, 1, -1):
        check_cases(AXIS[name][1], [(a, axis) for a in arrays], rtol=1e-6)


@pytest.mark.parametrize("name", ["sum", "max", "argmax", "mean", "var", "any"])
def test_axis_of_a_0d_array(name):
    # NumPy's ufunc reductions (and argmax) take a 0-d array as having one axis; mean,
    # var and std take it as having none.
    a = np.array(2.5)
    check_cases(WHOLE[name][0], [(a,)])
    check_cases(AXIS[name][0], [(a, 0), (a, -1), (a, 1)])
