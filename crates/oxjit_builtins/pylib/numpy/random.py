"""np.random's legacy functions (seed, random, rand, randn, standard_normal, normal,
uniform, exponential, randint) on compiled code's generator: NumPy's legacy Mersenne
Twister (`primitives.random_*`, oxjit_runtime/src/random.rs), drawing what NumPy draws
after the same np.random.seed. src/numpy/random.rs types them; `kind` picks the
distribution: 0 uniform on [0, 1), 1 normal(a, b), 2 uniform(a, b), 3 exponential(a).
"""
import math

import numpy as np


def seed(n):
    if n < 0 or n > 4294967295:
        raise ValueError("Seed must be between 0 and 2**32 - 1")
    primitives.random_seed(n)


def draw_one(kind, a, b):
    _check(kind, a, b)
    return _draw(kind, a, b)


def draw_array(kind, a, b, size):
    _check(kind, a, b)
    out = np.empty(size, np.float64)
    flat = out.ravel()
    for i in range(flat.size):
        flat[i] = _draw(kind, a, b)
    return out


def _check(kind, a, b):
    if kind == 1 and b < 0:
        raise ValueError("scale < 0")
    if kind == 2 and not math.isfinite(b - a):
        raise OverflowError("Range exceeds valid bounds")
    if kind == 3 and a < 0:
        raise ValueError("scale < 0")


def _draw(kind, a, b):
    if kind == 0:
        return primitives.random_double()
    if kind == 1:
        return a + b * primitives.random_gauss()
    if kind == 2:
        return a + (b - a) * primitives.random_double()
    return a * -math.log(1.0 - primitives.random_double())


def randint_one(low, high):
    span = _span(low, high)
    return low + _bounded(span, _mask(span))


def randint_array(low, high, size):
    span = _span(low, high)
    mask = _mask(span)
    out = np.empty(size, np.int64)
    flat = out.ravel()
    for i in range(flat.size):
        flat[i] = low + _bounded(span, mask)
    return out


def _span(low, high):
    if low >= high:
        raise ValueError("low >= high")
    return np.uint64(high - low - 1)


def _mask(span):
    mask = span
    mask |= mask >> np.uint64(1)
    mask |= mask >> np.uint64(2)
    mask |= mask >> np.uint64(4)
    mask |= mask >> np.uint64(8)
    mask |= mask >> np.uint64(16)
    mask |= mask >> np.uint64(32)
    return mask


def _bounded(span, mask):
    # NumPy's legacy masked rejection: draws of the mask's width until one fits.
    if span == np.uint64(0):
        return np.int64(0)
    if span <= np.uint64(4294967295):
        if span == np.uint64(4294967295):
            return np.int64(primitives.random_u32())
        while True:
            v = np.uint64(primitives.random_u32()) & mask
            if v <= span:
                return np.int64(v)
    while True:
        hi = np.uint64(primitives.random_u32())
        lo = np.uint64(primitives.random_u32())
        v = ((hi << np.uint64(32)) | lo) & mask
        if v <= span:
            return np.int64(v)
