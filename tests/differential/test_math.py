"""The math and cmath modules in compiled code against CPython.

Inputs are drawn inside each function's domain: where CPython raises ValueError
or OverflowError, compiled code returns nan or inf as Numba's does, and that
is not what these tests are about. Results may differ from CPython's in the last
bits (different libm routines), hence the relative tolerance.
"""
import cmath
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oxjit import njit
from oxjit.testing import assert_precise_equal

from ._helpers import check_close

RTOL = 1e-12
INF = math.inf
NAN = math.nan


def floats(lo=None, hi=None, *, nan=True, inf=None, exclude_min=False, exclude_max=False):
    """Floats in [lo, hi]; with no bound, NaN and infinities too (unless turned off)."""
    if inf is None:
        inf = lo is None and hi is None
    strategy = st.floats(lo, hi, allow_nan=False, allow_infinity=inf,
                         exclude_min=exclude_min, exclude_max=exclude_max)
    if nan:
        strategy = strategy | st.just(NAN)
    return strategy


finite = floats(nan=False, inf=False)


# --- one-argument math functions ---------------------------------------------------------------

@njit
def m_sqrt(x):
    return math.sqrt(x)


@njit
def m_exp(x):
    return math.exp(x)


@njit
def m_expm1(x):
    return math.expm1(x)


@njit
def m_log(x):
    return math.log(x)


@njit
def m_log2(x):
    return math.log2(x)


@njit
def m_log10(x):
    return math.log10(x)


@njit
def m_log1p(x):
    return math.log1p(x)


@njit
def m_sin(x):
    return math.sin(x)


@njit
def m_cos(x):
    return math.cos(x)


@njit
def m_tan(x):
    return math.tan(x)


@njit
def m_asin(x):
    return math.asin(x)


@njit
def m_acos(x):
    return math.acos(x)


@njit
def m_atan(x):
    return math.atan(x)


@njit
def m_sinh(x):
    return math.sinh(x)


@njit
def m_cosh(x):
    return math.cosh(x)


@njit
def m_tanh(x):
    return math.tanh(x)


@njit
def m_asinh(x):
    return math.asinh(x)


@njit
def m_acosh(x):
    return math.acosh(x)


@njit
def m_atanh(x):
    return math.atanh(x)


@njit
def m_erf(x):
    return math.erf(x)


@njit
def m_erfc(x):
    return math.erfc(x)


@njit
def m_gamma(x):
    return math.gamma(x)


@njit
def m_lgamma(x):
    return math.lgamma(x)


@njit
def m_fabs(x):
    return math.fabs(x)


@njit
def m_floor(x):
    return math.floor(x)


@njit
def m_ceil(x):
    return math.ceil(x)


@njit
def m_trunc(x):
    return math.trunc(x)


@njit
def m_degrees(x):
    return math.degrees(x)


@njit
def m_radians(x):
    return math.radians(x)


@njit
def m_isnan(x):
    return math.isnan(x)


@njit
def m_isinf(x):
    return math.isinf(x)


@njit
def m_isfinite(x):
    return math.isfinite(x)


@njit
def m_frexp(x):
    return math.frexp(x)


@njit
def m_modf(x):
    return math.modf(x)


def gamma_domain():
    """Where math.gamma neither raises nor overflows: not a pole, not too large or too close to 0."""
    return st.floats(-170.0, 171.0).filter(lambda x: abs(x) > 1e-300 and not (x <= 0 and x == int(x)))


#: (function, strategy for its argument, tolerances)
UNARY = [
    (m_sqrt, floats(0.0, None, inf=True) | st.just(-0.0), {}),
    (m_exp, floats(-800.0, 709.0) | st.sampled_from([-INF]), {}),
    (m_expm1, floats(-800.0, 709.0) | st.sampled_from([-INF, -0.0, 1e-300]), {}),
    (m_log, floats(0.0, None, inf=True, exclude_min=True), {}),
    (m_log2, floats(0.0, None, inf=True, exclude_min=True), {}),
    (m_log10, floats(0.0, None, inf=True, exclude_min=True), {}),
    (m_log1p, floats(-1.0, None, inf=True, exclude_min=True), {}),
    (m_sin, floats(inf=False), {}),
    (m_cos, floats(inf=False), {}),
    (m_tan, floats(inf=False), {}),
    (m_asin, floats(-1.0, 1.0), {}),
    (m_acos, floats(-1.0, 1.0), {}),
    (m_atan, floats(), {}),
    (m_sinh, floats(-710.0, 710.0) | st.sampled_from([INF, -INF]), {}),
    (m_cosh, floats(-710.0, 710.0) | st.sampled_from([INF, -INF]), {}),
    (m_tanh, floats(), {}),
    (m_asinh, floats(), {}),
    (m_acosh, floats(1.0, None, inf=True), {}),
    (m_atanh, floats(-1.0, 1.0, exclude_min=True, exclude_max=True), {}),
    (m_erf, floats(), {}),
    (m_erfc, floats(), {}),
    (m_gamma, gamma_domain() | st.sampled_from([INF, NAN]), {}),
    # lgamma has zeros (1, 2, and between the negative poles): allow an absolute error there.
    (m_lgamma, gamma_domain() | st.sampled_from([INF, -INF, NAN, 1.0, 2.0, 1e300]), {"atol": 1e-14}),
    (m_fabs, floats(), {}),
    (m_floor, st.floats(-9e18, 9e18), {}),
    (m_ceil, st.floats(-9e18, 9e18), {}),
    (m_trunc, st.floats(-9e18, 9e18), {}),
    (m_degrees, floats(-1e300, 1e300), {}),
    (m_radians, floats(), {}),
    (m_isnan, floats(), {}),
    (m_isinf, floats(), {}),
    (m_isfinite, floats(), {}),
    (m_frexp, floats(), {}),
    (m_modf, floats(), {}),
]


@pytest.mark.parametrize("f, strategy, tolerance", UNARY, ids=[f.__name__[2:] for f, _, _ in UNARY])
@given(data=st.data())
def test_unary_math_function(f, strategy, tolerance, data):
    x = data.draw(strategy, label="x")
    check_close(f, x, rtol=RTOL, **tolerance)


UNARY_SPECIAL = {
    m_sqrt: [0.0, -0.0, 1.0, 4.0, 2.0, INF, 5e-324],
    m_exp: [0.0, -0.0, 1.0, -INF, INF, -745.2, 709.7],
    m_log: [1.0, INF, 5e-324, math.e, 10.0],
    m_sin: [0.0, -0.0, math.pi, 1e22],
    m_tan: [-0.0, math.pi / 2, 1e300],
    m_atanh: [-0.0, 0.5, -0.999999],
    m_floor: [-0.5, 0.5, -1.0, 2.999999999, -0.0, 4503599627370495.5],
    m_ceil: [-0.5, 0.5, -1.0, 2.000000001, -0.0, -4503599627370495.5],
    m_trunc: [-0.5, 0.5, -1.9, 1.9, -0.0],
    m_frexp: [0.0, -0.0, 1.0, 0.5, 5e-324, 1.7976931348623157e308, INF, -INF, NAN],
    m_modf: [2.5, -2.5, 0.0, -0.0, INF, -INF, NAN, 1e300],
    m_gamma: [0.5, -0.5, 1.0, 5.0, 171.5, -170.5, 1e-300],
    m_lgamma: [0.5, -0.5, 3.0, 1e300, -170.5],
}


@pytest.mark.parametrize("f", list(UNARY_SPECIAL), ids=[f.__name__[2:] for f in UNARY_SPECIAL])
def test_unary_math_special_values(f):
    failures = []
    for x in UNARY_SPECIAL[f]:
        try:
            check_close(f, x, rtol=RTOL)
        except AssertionError as exc:
            failures.append(f"{f.__name__[2:]}({x!r}): {exc}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("f", [m_sqrt, m_exp, m_log, m_sin, m_atan, m_erf, m_fabs, m_floor, m_isnan,
                               m_isfinite, m_degrees, m_frexp, m_modf],
                         ids=lambda f: f.__name__[2:])
@given(x=st.integers(1, 700))
def test_math_functions_accept_ints(f, x):
    check_close(f, x, rtol=RTOL)
    check_close(f, True, rtol=RTOL)


# --- two-argument math functions --------------------------------------------------------------------

@njit
def m_atan2(y, x):
    return math.atan2(y, x)


@njit
def m_pow(x, y):
    return math.pow(x, y)


@njit
def m_hypot(x, y):
    return math.hypot(x, y)


@njit
def m_copysign(x, y):
    return math.copysign(x, y)


@njit
def m_fmod(x, y):
    return math.fmod(x, y)


@njit
def m_gcd(a, b):
    return math.gcd(a, b)


@njit
def m_ldexp(x, i):
    return math.ldexp(x, i)


@njit
def m_log_base(x, base):
    return math.log(x, base)


@given(y=floats(), x=floats())
def test_atan2(y, x):
    check_close(m_atan2, y, x, rtol=RTOL)


def test_atan2_signed_zeros_and_infinities():
    values = [0.0, -0.0, 1.0, -1.0, INF, -INF]
    for y in values:
        for x in values:
            check_close(m_atan2, y, x, rtol=RTOL)


@given(x=floats(1e-6, 1e3, nan=False), y=floats(-50.0, 50.0, nan=False))
def test_pow_positive_base(x, y):
    check_close(m_pow, x, y, rtol=RTOL)


@given(x=floats(-1e3, 1e3, nan=False), y=st.integers(0, 40).map(float))
def test_pow_integral_exponent(x, y):
    check_close(m_pow, x, y, rtol=RTOL)
    check_close(m_pow, x, int(y), rtol=RTOL)


def test_pow_special_values():
    for x, y in [(NAN, 0.0), (1.0, NAN), (INF, 2.0), (INF, -2.0), (-INF, 3.0), (0.5, INF), (2.0, -INF),
                 (-1.0, INF), (0.0, 0.0), (-0.0, 3.0), (0.0, 2.5), (NAN, NAN)]:
        check_close(m_pow, x, y, rtol=RTOL)


@given(x=floats(-1e300, 1e300), y=floats(-1e300, 1e300))
def test_hypot(x, y):
    check_close(m_hypot, x, y, rtol=RTOL)


def test_hypot_special_values():
    for x, y in [(INF, NAN), (NAN, -INF), (NAN, 1.0), (0.0, -0.0), (3.0, 4.0), (1e308, 1e308), (5e-324, 5e-324)]:
        check_close(m_hypot, x, y, rtol=RTOL)


@given(x=floats(), y=floats() | st.sampled_from([0.0, -0.0]))
def test_copysign(x, y):
    check_close(m_copysign, x, y, rtol=0.0)


@given(x=floats(inf=False), y=(floats(inf=True) | st.just(-INF)).filter(lambda v: v != 0))
def test_fmod(x, y):
    check_close(m_fmod, x, y, rtol=0.0)


@given(a=st.integers(-(2**63) + 1, 2**63 - 1), b=st.integers(-(2**63) + 1, 2**63 - 1))
def test_gcd(a, b):
    check_close(m_gcd, a, b)


def test_gcd_small_values():
    for a in (0, 1, -1, 12, -18, 7, 2**62):
        for b in (0, 1, -6, 18, 35, -(2**40)):
            check_close(m_gcd, a, b)


@given(x=floats(-1e10, 1e10), i=st.integers(-1100, 900))
def test_ldexp(x, i):
    check_close(m_ldexp, x, i, rtol=0.0)


def test_ldexp_special_values():
    for x, i in [(INF, 5), (-INF, -5), (NAN, 1), (-0.0, 10), (1.0, -1074), (1.0, -1075), (0.75, 1024)]:
        check_close(m_ldexp, x, i, rtol=0.0)


@given(x=floats(0.0, None, inf=True, exclude_min=True),
       base=floats(0.0, 1e300, nan=False, exclude_min=True).filter(lambda b: b != 1.0))
def test_log_with_base(x, base):
    check_close(m_log_base, x, base, rtol=RTOL)


def test_log_with_integer_base():
    for x, base in [(8.0, 2), (1000, 10), (1e-10, 10), (81, 3.0), (2, 0.5)]:
        check_close(m_log_base, x, base, rtol=RTOL)


def test_log_with_base_one_divides_by_zero():
    for x in (7.0, 1.0, 0.5):
        with pytest.raises(ZeroDivisionError):
            m_log_base.py_func(x, 1.0)
        with pytest.raises(ZeroDivisionError):
            m_log_base(x, 1.0)


# --- constants ---------------------------------------------------------------------------------------------

@njit
def math_constants():
    return math.pi, math.e, math.inf, math.nan, math.tau, -math.inf


@njit
def use_constants(r):
    return math.pi * r * r + math.e - math.inf * (r < 0)


def test_math_constants():
    assert_precise_equal(math_constants(), math_constants.py_func())


@given(r=floats(-1e100, 1e100))
def test_math_constants_in_expressions(r):
    check_close(use_constants, r, rtol=0.0)


# --- cmath ----------------------------------------------------------------------------------------------

@njit
def c_sqrt(z):
    return cmath.sqrt(z)


@njit
def c_exp(z):
    return cmath.exp(z)


@njit
def c_log(z):
    return cmath.log(z)


@njit
def c_log10(z):
    return cmath.log10(z)


@njit
def c_sin(z):
    return cmath.sin(z)


@njit
def c_cos(z):
    return cmath.cos(z)


@njit
def c_tan(z):
    return cmath.tan(z)


@njit
def c_asin(z):
    return cmath.asin(z)


@njit
def c_acos(z):
    return cmath.acos(z)


@njit
def c_atan(z):
    return cmath.atan(z)


@njit
def c_sinh(z):
    return cmath.sinh(z)


@njit
def c_cosh(z):
    return cmath.cosh(z)


@njit
def c_tanh(z):
    return cmath.tanh(z)


@njit
def c_asinh(z):
    return cmath.asinh(z)


@njit
def c_acosh(z):
    return cmath.acosh(z)


@njit
def c_atanh(z):
    return cmath.atanh(z)


@njit
def c_phase(z):
    return cmath.phase(z)


@njit
def c_polar(z):
    return cmath.polar(z)


@njit
def c_rect(r, phi):
    return cmath.rect(r, phi)


@njit
def c_isnan(z):
    return cmath.isnan(z)


@njit
def c_isinf(z):
    return cmath.isinf(z)


@njit
def c_isfinite(z):
    return cmath.isfinite(z)


def complexes(bound, *, nonzero=False, avoid=()):
    """Complex numbers with parts in [-bound, bound], signed zeros on the axes included."""
    part = st.floats(-bound, bound) | st.sampled_from([0.0, -0.0, 1.0, -1.0])
    strategy = st.builds(complex, part, part)
    if nonzero:
        strategy = strategy.filter(lambda z: z != 0)
    if avoid:
        strategy = strategy.filter(lambda z: z not in avoid)
    return strategy


CMATH = [
    (c_sqrt, complexes(1e300)),
    (c_exp, complexes(700.0)),
    (c_log, complexes(1e300, nonzero=True)),
    (c_log10, complexes(1e300, nonzero=True)),
    (c_sin, complexes(700.0)),
    (c_cos, complexes(700.0)),
    (c_tan, complexes(700.0)),
    (c_asin, complexes(1e10)),
    (c_acos, complexes(1e10)),
    (c_atan, complexes(1e10, avoid=(1j, -1j))),
    (c_sinh, complexes(700.0)),
    (c_cosh, complexes(700.0)),
    (c_tanh, complexes(700.0)),
    (c_asinh, complexes(1e10)),
    (c_acosh, complexes(1e10)),
    (c_atanh, complexes(1e10, avoid=(1, -1))),
    (c_phase, complexes(1e300)),
    (c_polar, complexes(1e300)),
    (c_isnan, st.complex_numbers(allow_nan=True, allow_infinity=True)),
    (c_isinf, st.complex_numbers(allow_nan=True, allow_infinity=True)),
    (c_isfinite, st.complex_numbers(allow_nan=True, allow_infinity=True)),
]


@pytest.mark.parametrize("f, strategy", CMATH, ids=[f.__name__[2:] for f, _ in CMATH])
@given(data=st.data())
def test_cmath_function(f, strategy, data):
    z = data.draw(strategy, label="z")
    check_close(f, z, rtol=RTOL, signed_zeros=False)


#: Points on the branch cuts, where the sign of a zero part picks the side of the cut.
BRANCH_CUT_POINTS = [complex(-4.0, 0.0), complex(-4.0, -0.0), complex(-0.5, 0.0), complex(-0.5, -0.0),
                     complex(2.0, 0.0), complex(2.0, -0.0), complex(0.0, 2.0), complex(-0.0, 2.0),
                     complex(0.0, -2.0), complex(-0.0, -2.0)]


@pytest.mark.parametrize("f", [c_sqrt, c_log, c_log10, c_asin, c_acos, c_atan, c_asinh, c_acosh, c_atanh, c_phase],
                         ids=lambda f: f.__name__[2:])
def test_cmath_branch_cuts(f):
    failures = []
    for z in BRANCH_CUT_POINTS:
        try:
            check_close(f, z, rtol=RTOL, signed_zeros=False)
        except AssertionError as exc:
            failures.append(f"{f.__name__[2:]}({z!r}): {exc}")
    assert not failures, "\n".join(failures)


def test_cmath_special_values():
    failures = []
    for f in (c_sqrt, c_exp, c_log, c_sin, c_cosh, c_tanh, c_atan, c_isnan, c_isinf, c_isfinite, c_phase, c_polar):
        for z in (complex(INF, 0.0), complex(-INF, 1.0), complex(NAN, 0.0), complex(0.0, INF), complex(1.0, NAN),
                  complex(-INF, -INF), complex(NAN, NAN)):
            try:
                f.py_func(z)
            except (ValueError, OverflowError):
                continue  # outside the domain: compiled code returns nan or inf instead
            try:
                check_close(f, z, rtol=RTOL, signed_zeros=False)
            except AssertionError as exc:
                failures.append(f"{f.__name__[2:]}({z!r}): {exc}")
    assert not failures, "\n".join(failures)


@given(r=st.floats(0.0, 1e300), phi=st.floats(-1e3, 1e3))
def test_cmath_rect(r, phi):
    check_close(c_rect, r, phi, rtol=RTOL, signed_zeros=False)


def test_cmath_rect_special_values():
    # Infinite and NaN moduli and arguments, and signed zeros, as CPython gives them
    # (where CPython raises ValueError, compiled code returns NaN and is not compared).
    specials = [math.inf, -math.inf, 0.0, -0.0, math.nan, 2.0, -2.0, 1.0, -2.5]
    failures = []
    for r in specials:
        for phi in specials:
            try:
                cmath.rect(r, phi)
            except ValueError:
                continue
            try:
                check_close(c_rect, r, phi, rtol=RTOL, signed_zeros=True)
            except AssertionError as exc:
                failures.append(f"rect({r!r}, {phi!r}): {exc}")
    assert not failures, "\n".join(failures)


@given(x=st.floats(-700, 700) | st.integers(-700, 700))
def test_cmath_functions_accept_real_arguments(x):
    for f in (c_sqrt, c_exp, c_phase, c_polar, c_isnan):
        check_close(f, x, rtol=RTOL, signed_zeros=False)
