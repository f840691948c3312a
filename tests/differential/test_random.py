"""np.random's legacy functions in compiled code draw exactly what NumPy draws after
the same np.random.seed: numbers and arrays of every size form, every distribution,
the Gaussian pair cache across calls, integer ranges of every width, and NumPy's
errors. Compiled code's generator is its own: Python's np.random.seed does not move it."""
import numpy as np
import pytest

from oxjit import njit
from oxjit.errors import TypingError

from ._helpers import check_cases


@njit
def draws(seed, n):
    np.random.seed(seed)
    return (np.random.random(), np.random.random(n), np.random.random_sample((2, 3)),
            np.random.rand(), np.random.rand(2, 2), np.random.randn(3), np.random.standard_normal(),
            np.random.standard_normal((1, 2)))


@njit
def distributions(seed, a, b):
    np.random.seed(seed)
    return (np.random.normal(), np.random.normal(a, b), np.random.normal(a, b, size=5),
            np.random.normal(scale=b, size=(2, 2)), np.random.uniform(), np.random.uniform(a, b, 3),
            np.random.exponential(), np.random.exponential(b, 4))


@njit
def integers(seed, low, high):
    np.random.seed(seed)
    return (np.random.randint(high), np.random.randint(low, high), np.random.randint(low, high, 6),
            np.random.randint(low, high, size=(2, 3)))


@njit
def odd_gaussians(seed):
    # An odd number of Gaussians leaves the second of a pair cached for the next call.
    np.random.seed(seed)
    first = np.random.standard_normal(3)
    return first, np.random.normal(5.0, 0.5), np.random.random()


def test_uniform_and_gaussian_draws():
    check_cases(draws, [(0, 4), (7, 10), (2**32 - 1, 1)])
    check_cases(odd_gaussians, [(1,), (123456,)])


def test_distributions():
    check_cases(distributions, [(3, 1.5, 2.0), (11, -4, 0.25), (5, 2.0, 0.0)])
    check_cases(distributions, [(5, 1.0, -1.0), (5, 0.0, np.inf)])  # ValueError / OverflowError


def test_integers_of_every_width():
    cases = [(1, 0, 10), (2, -5, 5), (3, 0, 2**32), (4, 0, 2**32 + 7), (5, -2**40, 2**50), (6, 7, 8)]
    cases += [(7, 5, 5)]  # ValueError: low >= high
    check_cases(integers, cases)


def test_bad_seeds_are_value_errors():
    @njit
    def seed(s):
        np.random.seed(s)

    check_cases(seed, [(-1,), (2**32,)])


def test_compiled_generator_is_its_own():
    @njit
    def draw():
        return np.random.random()

    np.random.seed(1)
    draw()  # moves the compiled generator, not NumPy's
    expected = np.random.random()
    np.random.seed(1)
    assert np.random.random() == expected


def test_what_is_not_supported_yet():
    @njit
    def with_array_loc(a):
        return np.random.normal(a, 1.0)

    with pytest.raises(TypingError, match="arrays of parameters are not supported yet"):
        with_array_loc(np.zeros(3))


@njit(nogil=True)
def stream(seed, n):
    np.random.seed(seed)
    out = np.empty(n)
    for i in range(n):
        out[i] = np.random.random()
    return out


def test_each_thread_has_its_own_generator():
    # Threads drawing at once each get exactly their seed's stream (NumPy's RandomState).
    import threading

    results = {}

    def work(seed):
        for _ in range(20):
            results[seed] = stream(seed, 5000)

    threads = [threading.Thread(target=work, args=(s,)) for s in (1, 2, 3, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s, got in results.items():
        np.testing.assert_array_equal(got, np.random.RandomState(s).random_sample(5000))


@njit
def gammas(seed, shape, scale):
    np.random.seed(seed)
    return (np.random.standard_gamma(shape), np.random.standard_gamma(shape, 7),
            np.random.gamma(shape, scale, (2, 4)), np.random.gamma(shape),
            np.random.chisquare(shape + 0.5, 6))


def test_gamma_and_chisquare():
    # Shapes below one, one (an exponential), above one, and zero.
    cases = [(s, shape, 2.0) for s in (0, 9) for shape in (0.3, 1.0, 2.5, 40.0)]
    cases += [(1, 0.0, 1.0)]
    cases += [(1, -1.0, 1.0), (1, 2.0, -1.0), (1, -0.5, 1.0)]  # ValueError
    check_cases(gammas, cases)


@njit
def counts(seed, n, p, lam):
    np.random.seed(seed)
    return (np.random.binomial(n, p), np.random.binomial(n, p, 500), np.random.binomial(n, 1 - p, (2, 3)),
            np.random.poisson(lam), np.random.poisson(lam, 300), np.random.poisson(size=4))


@njit
def shapes(seed, a, b):
    np.random.seed(seed)
    return (np.random.standard_t(a), np.random.standard_t(a, 50), np.random.laplace(),
            np.random.laplace(b, a, 40), np.random.lognormal(b, a, (3, 2)), np.random.lognormal(),
            np.random.noncentral_chisquare(a, 0.0, 5), np.random.noncentral_chisquare(a, b, 40),
            np.random.noncentral_chisquare(0.5, b + 1.0, 40))


def test_binomial_and_poisson():
    # Inversion and BTPE for the binomial (both sides of p = 1/2); the product method and
    # PTRS for the Poisson (lam below and above 10).
    cases = [(s, n, p, lam) for s in (1, 77) for n, p, lam in
             [(10, 0.2, 3.5), (1000, 0.3, 25.0), (100_000, 0.5, 1e5), (40, 0.97, 0.0), (0, 0.5, 9.99)]]
    cases += [(1, -1, 0.5, 1.0), (1, 5, 1.5, 1.0), (1, 5, np.nan, 1.0), (1, 5, 0.5, -1.0),
              (1, 5, 0.5, np.nan), (1, 5, 0.5, 1e19)]  # ValueError
    check_cases(counts, cases)


def test_t_laplace_lognormal_noncentral_chisquare():
    cases = [(s, a, b) for s in (2, 31) for a, b in [(3.0, 2.0), (0.5, 0.25), (12.0, 0.0)]]
    cases += [(1, 0.0, 1.0), (1, 1.0, -1.0)]  # ValueError
    check_cases(shapes, cases)
