"""Helpers shared by the differential tests."""
import math

import numpy as np

from oxjit.testing import check_against_python


def check_cases(f, cases, **kwargs):
    """``check_against_python(f, *args)`` for every tuple of ``args`` in ``cases``.

    Every case runs; the assertion at the end lists all the cases that differ,
    so one test reports the whole pattern of a bug rather than its first instance.
    """
    failures = []
    count = 0
    for args in cases:
        count += 1
        try:
            check_against_python(f, *args, **kwargs)
        except AssertionError as exc:
            failures.append(f"{f.__name__}{tuple(args)!r}: {exc}")
        except Exception as exc:  # noqa: BLE001 - a compile error is a difference too
            failures.append(f"{f.__name__}{tuple(args)!r}: {type(exc).__name__}: {exc}")
    assert count, "no cases"
    assert not failures, f"{len(failures)} of {count} case(s) differ:\n" + "\n".join(failures)


def check_all_pairs(f, values, **kwargs):
    """:func:`check_cases` on every ordered pair of ``values``."""
    check_cases(f, [(a, b) for a in values for b in values], **kwargs)


def _is_close_real(got, expected, rtol, atol, signed_zeros):
    if math.isnan(expected):
        return math.isnan(got)
    if math.isinf(expected) or math.isinf(got):
        return got == expected
    if got == expected:
        return not signed_zeros or expected != 0 or math.copysign(1, got) == math.copysign(1, expected)
    return abs(got - expected) <= rtol * max(abs(got), abs(expected)) + atol


def assert_close(got, expected, *, rtol=1e-12, atol=0.0, signed_zeros=True):
    """Compare results of library functions, allowing for last-bits differences.

    Same kind of value (bool, int, float, complex; tuples item by item); ints and
    bools exactly; floats within ``rtol`` (relative) + ``atol`` with NaN where NaN
    is and infinities equal; complex numbers by the distance between them, relative
    to the larger magnitude, with NaN and infinite components where they are.
    """
    if isinstance(expected, tuple):
        assert isinstance(got, tuple) and len(got) == len(expected), f"got {got!r}, expected {expected!r}"
        for g, e in zip(got, expected):
            assert_close(g, e, rtol=rtol, atol=atol, signed_zeros=signed_zeros)
        return
    kinds = (bool, np.bool_), (int, np.integer), (float, np.floating), (complex, np.complexfloating)
    for kind in kinds:
        if isinstance(expected, kind):
            assert isinstance(got, kind), f"got {type(got).__name__} {got!r}, expected {type(expected).__name__} {expected!r}"
            break
    if isinstance(expected, (bool, int, np.integer, np.bool_)):
        assert got == expected, f"got {got!r}, expected {expected!r}"
    elif isinstance(expected, (complex, np.complexfloating)):
        g, e = complex(got), complex(expected)
        special = [math.isnan(e.real), math.isnan(e.imag), math.isinf(e.real), math.isinf(e.imag)]
        if any(special) or any([math.isnan(g.real), math.isnan(g.imag), math.isinf(g.real), math.isinf(g.imag)]):
            ok = all(_is_close_real(gp, ep, rtol, atol, False) for gp, ep in ((g.real, e.real), (g.imag, e.imag)))
        else:
            ok = abs(g - e) <= rtol * max(abs(g), abs(e)) + atol
        assert ok, f"got {got!r}, expected {expected!r}"
    else:
        assert _is_close_real(float(got), float(expected), rtol, atol, signed_zeros), f"got {got!r}, expected {expected!r}"


def check_close(f, *args, rtol=1e-12, atol=0.0, signed_zeros=True):
    """Like ``check_against_python``, for scalar arguments, comparing with :func:`assert_close`."""
    try:
        expected = f.py_func(*args)
    except Exception as py_exc:  # noqa: BLE001
        try:
            got = f(*args)
        except Exception as jit_exc:  # noqa: BLE001
            assert type(jit_exc) is type(py_exc), (
                f"Python raised {type(py_exc).__name__}: {py_exc}; compiled code raised "
                f"{type(jit_exc).__name__}: {jit_exc}")
            return
        raise AssertionError(f"Python raised {type(py_exc).__name__}: {py_exc}; compiled code returned {got!r}")
    assert_close(f(*args), expected, rtol=rtol, atol=atol, signed_zeros=signed_zeros)
