"""Whole-array expressions under ``parallel=True``: large contiguous ones run on the
worker pool; every result must equal the serial compiled one and NumPy's."""
import numpy as np
import pytest

import oxjit
from oxjit import _oxjit


def expression(a, b, c):
    return a * b + np.sin(c) - 2.0


def in_place(a, b):
    a += b * 2
    return a


def compare(a, b):
    return (a > b) | (b < 0.1)


def integer_mix(a, b):
    return a * 3 + b // 2


# Either side of the size from which the pool is used (2**16 elements).
SIZES = [10, 65_535, 65_536, 300_001]


@pytest.fixture(params=[1, 2, 4])
def threads(request):
    _oxjit.set_thread_limit(request.param)
    yield request.param
    _oxjit.set_thread_limit(0)


@pytest.mark.parametrize("n", SIZES)
def test_float_expressions(n, threads):
    rng = np.random.default_rng(n)
    a, b, c = rng.random(n), rng.random(n), rng.random(n)
    got = oxjit.njit(parallel=True)(expression)(a, b, c)
    np.testing.assert_array_equal(got, oxjit.njit(expression)(a, b, c))
    np.testing.assert_allclose(got, expression(a, b, c), rtol=1e-15)
    np.testing.assert_array_equal(oxjit.njit(parallel=True)(compare)(a, b), compare(a, b))


@pytest.mark.parametrize("n", SIZES)
def test_in_place_updates_and_integers(n, threads):
    rng = np.random.default_rng(n + 1)
    a, b = rng.random(n), rng.random(n)
    expected = in_place(a.copy(), b)
    got = a.copy()
    oxjit.njit(parallel=True)(in_place)(got, b)
    np.testing.assert_array_equal(got, expected)
    x, y = rng.integers(-1000, 1000, n), rng.integers(-1000, 1000, n).astype(np.int32)
    np.testing.assert_array_equal(oxjit.njit(parallel=True)(integer_mix)(x, y), integer_mix(x, y))


def test_two_dimensional_and_strided_operands(threads):
    rng = np.random.default_rng(3)
    a, b, c = rng.random((400, 300)), rng.random((400, 300)), rng.random((400, 300))
    f = oxjit.njit(parallel=True)(expression)
    np.testing.assert_allclose(f(a, b, c), expression(a, b, c), rtol=1e-15)
    # Strided views take the serial strided loop.
    np.testing.assert_allclose(f(a.T, b.T, c.T), expression(a.T, b.T, c.T), rtol=1e-15)
    np.testing.assert_allclose(f(a[:, ::2], b[:, ::2], c[:, ::2]),
                               expression(a[:, ::2], b[:, ::2], c[:, ::2]), rtol=1e-15)


def total(a):
    return a.sum()


def np_total(a):
    return np.sum(a)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("n", [100, 65_536, 1_000_003])
def test_large_sums_split_over_the_pool_keep_numpys_bits(n, dtype, threads):
    a = np.random.default_rng(n).standard_normal(n).astype(dtype)
    for f in (total, np_total):
        got = oxjit.njit(parallel=True)(f)(a)
        assert got == oxjit.njit(f)(a) == a.sum()


def extremes(a):
    return a.max(), np.min(a)


@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "uint8"])
@pytest.mark.parametrize("n", [100, 65_536, 300_001])
def test_large_min_max_split_over_the_pool(n, dtype, threads):
    a = (np.random.default_rng(n).standard_normal(n) * 100).astype(dtype)
    expected = (a.max(), a.min())
    assert oxjit.njit(parallel=True)(extremes)(a) == oxjit.njit(extremes)(a) == expected
    if dtype.startswith("float"):
        a[n // 3] = np.nan
        got = oxjit.njit(parallel=True)(extremes)(a)
        assert np.isnan(got[0]) and np.isnan(got[1])
        # Which zero a min of zeros gives is not NumPy's to promise (its SIMD loops
        # differ); the parallel one gives the serial one's.
        b = np.zeros(n, dtype=dtype)
        b[n // 2] = -0.0
        got = oxjit.njit(parallel=True)(extremes)(b)
        assert [np.signbit(v) for v in got] == [np.signbit(v) for v in oxjit.njit(extremes)(b)]


def product(a):
    return a.prod()


@pytest.mark.parametrize("dtype", ["int64", "uint32", "int8", "float64"])
def test_long_products(dtype, threads):
    n = 200_001
    a = np.random.default_rng(5).integers(1, 4, n).astype(dtype)
    if dtype == "float64":
        a = 1.0 + (a - 2) * 1e-6
    got = oxjit.njit(parallel=True)(product)(a)
    assert got == oxjit.njit(product)(a) == a.prod()


def arg_extremes(a):
    return a.argmax(), np.argmin(a)


@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "uint8"])
@pytest.mark.parametrize("n", [100, 65_536, 300_001])
def test_long_argmin_argmax(n, dtype, threads):
    a = (np.random.default_rng(n + 9).standard_normal(n) * 50).astype(dtype)
    expected = (a.argmax(), a.argmin())
    assert oxjit.njit(parallel=True)(arg_extremes)(a) == oxjit.njit(arg_extremes)(a) == expected
    if dtype.startswith("float"):
        a[n // 2] = np.nan
        a[n // 3] = np.nan
        assert oxjit.njit(parallel=True)(arg_extremes)(a) == (a.argmax(), a.argmin())
    # Ties: the first of equal elements.
    b = np.zeros(n, dtype=dtype)
    b[n // 4] = b[n // 2] = 3
    assert oxjit.njit(parallel=True)(arg_extremes)(b) == (b.argmax(), b.argmin())
