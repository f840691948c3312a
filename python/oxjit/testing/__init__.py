"""Helpers for differential tests: compiled code against the Python it came from.

``check_against_python(f, *args)`` runs ``f.py_func`` and ``f`` on separate
copies of the arguments and demands the same outcome: the same exception type,
or a precisely equal result and equally mutated arguments.

``assert_precise_equal(got, expected)`` is the equality used for that: same
kind of value, same dtype and shape for arrays, equal values with NaN in the
same places and the same sign on zeros.
"""
import copy
from numbers import Number

import numpy as np

__all__ = ["assert_precise_equal", "check_against_python", "clone_args", "FLOAT32_ULPS"]

#: Tolerance for float32/complex64 values when no rtol is given: the compiled
#: code and NumPy may round single-precision library functions differently.
FLOAT32_ULPS = 4


# --- kinds of scalar -------------------------------------------------------------

def _scalar_kind(x):
    """'bool', 'int', 'float' or 'complex' for Python and NumPy scalars, else None."""
    if isinstance(x, (bool, np.bool_)):
        return "bool"
    if isinstance(x, (int, np.integer)):
        return "int"
    if isinstance(x, (float, np.floating)):
        return "float"
    if isinstance(x, (complex, np.complexfloating)):
        return "complex"
    return None


def _is_single(x):
    """Whether a scalar or array holds single-precision floats."""
    return np.asarray(x).dtype in (np.float32, np.complex64)


# --- float comparison ---------------------------------------------------------------

def _ordered_bits(a):
    """Map float32 values to integers whose differences count ULPs."""
    bits = np.asarray(a, dtype=np.float32).view(np.int32).astype(np.int64)
    return np.where(bits < 0, -(bits & 0x7FFFFFFF), bits)


def _float_mismatch(got, expected, rtol, single):
    """Boolean mask of positions where two float arrays differ under the rules above."""
    got = np.asarray(got)
    expected = np.asarray(expected)
    g_nan, e_nan = np.isnan(got), np.isnan(expected)
    bad = g_nan != e_nan
    both = ~(g_nan | e_nan)
    with np.errstate(invalid="ignore", over="ignore"):
        equal = got == expected
        zero = equal & (expected == 0)
        bad |= zero & (np.signbit(got) != np.signbit(expected))
        finite = np.isfinite(got) & np.isfinite(expected)
        if rtol is not None:
            scale = np.maximum(np.abs(got), np.abs(expected))
            close = equal | (finite & (np.abs(got - expected) <= rtol * scale))
        elif single:
            ulps = np.abs(_ordered_bits(got) - _ordered_bits(expected))
            close = equal | (finite & (ulps <= FLOAT32_ULPS))
        else:
            close = equal
    bad |= both & ~close
    return bad


def _complex_parts(a):
    a = np.asarray(a)
    return a.real, a.imag


def _inexact_mismatch(got, expected, rtol):
    single = _is_single(got) or _is_single(expected)
    if np.iscomplexobj(got) or np.iscomplexobj(expected):
        g_re, g_im = _complex_parts(got)
        e_re, e_im = _complex_parts(expected)
        return _float_mismatch(g_re, e_re, rtol, single) | _float_mismatch(g_im, e_im, rtol, single)
    return _float_mismatch(got, expected, rtol, single)


# --- the comparison ----------------------------------------------------------------

def _fail(path, message):
    raise AssertionError(f"{path}: {message}")


def _compare_arrays(got, expected, rtol, path):
    if not isinstance(got, np.ndarray):
        _fail(path, f"expected an ndarray, got {type(got).__name__} {got!r}")
    if got.dtype != expected.dtype:
        _fail(path, f"dtype {got.dtype} != expected {expected.dtype}")
    if got.shape != expected.shape:
        _fail(path, f"shape {got.shape} != expected {expected.shape}")
    kind = expected.dtype.kind
    if kind in "fc":
        bad = _inexact_mismatch(got, expected, rtol)
    elif kind == "O":
        for index in np.ndindex(expected.shape):
            _compare(got[index], expected[index], rtol, f"{path}[{', '.join(map(str, index))}]")
        return
    else:
        bad = got != expected
    if np.any(bad):
        where = np.argwhere(np.atleast_1d(bad))
        first = tuple(int(i) for i in where[0]) if got.ndim else ()
        _fail(
            path,
            f"{len(where)} of {expected.size} element(s) differ; first at index {first}: "
            f"got {got[first]!r}, expected {expected[first]!r}",
        )


def _compare_scalars(got, expected, kind, rtol, path):
    got_kind = _scalar_kind(got)
    if got_kind != kind:
        _fail(path, f"got {type(got).__name__} {got!r}, expected {type(expected).__name__} {expected!r}")
    if kind in ("float", "complex"):
        if _inexact_mismatch(got, expected, rtol).any():
            _fail(path, f"got {got!r}, expected {expected!r}")
    elif got != expected:
        _fail(path, f"got {got!r}, expected {expected!r}")


def _compare(got, expected, rtol, path):
    if isinstance(expected, np.ndarray):
        _compare_arrays(got, expected, rtol, path)
        return
    if isinstance(got, np.ndarray):
        _fail(path, f"got an ndarray {got!r}, expected {type(expected).__name__} {expected!r}")
    kind = _scalar_kind(expected)
    if kind is not None:
        _compare_scalars(got, expected, kind, rtol, path)
    elif isinstance(expected, (tuple, list)):
        container = tuple if isinstance(expected, tuple) else list
        if not isinstance(got, container):
            _fail(path, f"got {type(got).__name__}, expected {container.__name__}")
        if len(got) != len(expected):
            _fail(path, f"length {len(got)} != expected {len(expected)}")
        for i, (g, e) in enumerate(zip(got, expected)):
            _compare(g, e, rtol, f"{path}[{i}]")
    elif isinstance(expected, dict):
        if not isinstance(got, dict):
            _fail(path, f"got {type(got).__name__}, expected a dict")
        if list(got) != list(expected):
            _fail(path, f"keys {list(got)} != expected {list(expected)}")
        for key, e in expected.items():
            _compare(got[key], e, rtol, f"{path}[{key!r}]")
    elif expected is None:
        if got is not None:
            _fail(path, f"got {got!r}, expected None")
    elif type(got) is not type(expected) and not (isinstance(got, Number) and isinstance(expected, Number)):
        _fail(path, f"got {type(got).__name__} {got!r}, expected {type(expected).__name__} {expected!r}")
    elif got != expected:
        _fail(path, f"got {got!r}, expected {expected!r}")


def assert_precise_equal(got, expected, *, rtol=None):
    """Assert that ``got`` equals ``expected`` precisely.

    - arrays: same dtype and shape; equal values, NaN at the same positions,
      zeros of the same sign. float32/complex64 values may differ by
      ``FLOAT32_ULPS`` units in the last place.
    - scalars: the same kind (bool, integer, float, complex), where a NumPy
      scalar and a Python scalar of one kind count as the same; values
      compared like array elements.
    - tuples, lists and dicts: the same container, compared item by item.

    With ``rtol``, inexact values may differ by ``rtol`` times the larger
    magnitude (NaN and sign-of-zero rules still hold).
    """
    _compare(got, expected, rtol, "result")


# --- running both sides ----------------------------------------------------------------

def _clone_array(a):
    """A copy of ``a`` with the same dtype, shape, strides and writeable flag."""
    if a.flags.c_contiguous:
        out = a.copy(order="C")
    elif a.flags.f_contiguous:
        out = a.copy(order="F")
    else:
        # A fresh buffer spanning the same byte range, viewed with the same strides,
        # so a non-contiguous argument stays non-contiguous.
        low = sum(s * (n - 1) for s, n in zip(a.strides, a.shape) if s < 0)
        high = sum(s * (n - 1) for s, n in zip(a.strides, a.shape) if s > 0)
        buf = np.zeros(high - low + a.itemsize, dtype=np.uint8)
        out = np.ndarray(a.shape, a.dtype, buffer=buf, offset=-low, strides=a.strides)
        out[...] = a
    if not a.flags.writeable:
        out.flags.writeable = False
    return out


def clone_args(args):
    """Copies of ``args`` for one run: arrays keep their layout, and an object
    passed twice is copied once, so aliasing between arguments is kept."""
    memo = {}

    def clone(x):
        key = id(x)
        if key in memo:
            return memo[key]
        if isinstance(x, np.ndarray):
            out = _clone_array(x)
        elif isinstance(x, tuple) and type(x) is tuple:
            out = tuple(clone(i) for i in x)
        elif isinstance(x, list):
            out = [clone(i) for i in x]
        else:
            out = copy.deepcopy(x)
        memo[key] = out
        return out

    return tuple(clone(a) for a in args)


def check_against_python(compiled, *args, rtol=None):
    """Run ``compiled.py_func`` and ``compiled`` on copies of ``args`` and compare.

    If Python raises, the compiled function must raise the same exception
    type. Otherwise the results, and every argument afterwards (arrays may be
    mutated), must be precisely equal. Returns the compiled function's result
    (None when both raised).
    """
    py_args = clone_args(args)
    jit_args = clone_args(args)
    try:
        with np.errstate(all="ignore"):
            expected = compiled.py_func(*py_args)
    except Exception as py_exc:  # the compiled code must fail the same way
        try:
            got = compiled(*jit_args)
        except Exception as jit_exc:
            if type(jit_exc) is not type(py_exc):
                raise AssertionError(
                    f"Python raised {type(py_exc).__name__}: {py_exc}; "
                    f"compiled code raised {type(jit_exc).__name__}: {jit_exc}"
                ) from jit_exc
            return None
        raise AssertionError(
            f"Python raised {type(py_exc).__name__}: {py_exc}; compiled code returned {got!r}"
        ) from py_exc
    got = compiled(*jit_args)
    _compare(got, expected, rtol, "result")
    for i, (g, e) in enumerate(zip(jit_args, py_args)):
        _compare(g, e, rtol, f"argument {i} after the call")
    return got
