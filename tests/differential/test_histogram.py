"""np.histogram and np.interp in compiled code against NumPy: values on bin edges, the
data's own range, float32 data, given edges, empty data, and NumPy's errors; np.interp
on numbers and arrays of any shape, outside the samples, at them, with NaN, with left=
and right=, and on integer samples."""
import numpy as np
import pytest

from oxjit import njit
from oxjit.errors import TypingError

from ._helpers import check_cases


@njit
def hist_range(x, bins, lo, hi):
    return np.histogram(x, bins, (lo, hi))


@njit
def hist_auto(x):
    return np.histogram(x)


@njit
def hist_bins(x, bins):
    return np.histogram(x, bins=bins)


@njit
def interp(x, xp, fp):
    return np.interp(x, xp, fp)


@njit
def interp_bounds(x, xp, fp, lo, hi):
    return np.interp(x, xp, fp, left=lo, right=hi)


def data():
    rng = np.random.default_rng(9)
    x = rng.random(2000)
    return [x, np.linspace(0.0, 1.0, 101), x.reshape(40, 50), x.astype(np.float32),
            rng.integers(-3, 9, 300), np.array([0.5, np.nan, 0.25]), np.zeros(0),
            np.full(10, 3.0)]


def test_histogram_with_a_range():
    cases = [(x, 10, 0.0, 1.0) for x in data()]
    cases += [(data()[0], 7, 0.2, 0.7), (data()[0], 1, 0.0, 1.0), (data()[0], 3, 0.5, 0.5)]
    cases += [(data()[0], 0, 0.0, 1.0), (data()[0], 5, 1.0, 0.0), (data()[0], 5, 0.0, np.inf)]  # ValueError
    check_cases(hist_range, cases)


def test_histogram_over_the_data():
    check_cases(hist_auto, [(x,) for x in data() if not np.isnan(x).any()])
    check_cases(hist_auto, [(np.array([1.0, np.nan]),)])  # ValueError: not finite
    check_cases(hist_bins, [(data()[0], 25), (data()[4], 4)])


def test_histogram_with_edges():
    edges = [np.array([0.0, 0.1, 0.5, 1.0]), np.array([0, 2, 5]), np.array([0.3]), np.array([1.0, 0.0])]
    check_cases(hist_bins, [(x, e) for x in data()[:5] for e in edges])


def test_histogram_options_not_supported_yet():
    @njit
    def weighted(x, w):
        return np.histogram(x, weights=w)

    with pytest.raises(TypingError, match="weights= is not supported yet"):
        weighted(np.ones(3), np.ones(3))


def test_interp():
    xp = np.linspace(0.0, 1.0, 9)
    fp = np.sin(xp * 6.0)
    xs = [0.3, 0.0, 1.0, -0.5, 2.0, np.nan, xp[3], np.float32(0.25), 1,
          np.random.default_rng(2).random(500), np.linspace(-0.2, 1.2, 24).reshape(4, 6)]
    check_cases(interp, [(x, xp, fp) for x in xs])
    check_cases(interp, [(0.5, np.array([1.0]), np.array([7.0])), (2.0, np.array([1.0]), np.array([7.0])),
                         (1.5, np.arange(4), np.arange(4) * 3), (0.5, xp, fp[:3]),  # ValueError: lengths
                         (0.5, np.zeros(0), np.zeros(0))])  # ValueError: empty
    check_cases(interp_bounds, [(x, xp, fp, -1.0, 5) for x in (-3.0, 3.0, 0.5)])
    steep = (np.array([0.0, 0.0, 1.0]), np.array([0.0, np.inf, 1.0]))
    check_cases(interp, [(x, *steep) for x in (0.0, 0.5, 1.0)])
