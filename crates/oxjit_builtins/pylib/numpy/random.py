"""np.random's legacy functions (seed, random, rand, randn, standard_normal, normal,
uniform, exponential, randint) on compiled code's generator: NumPy's legacy Mersenne
Twister (`primitives.random_*`, oxjit_runtime/src/random.rs), drawing what NumPy draws
after the same np.random.seed. src/numpy/random.rs types them; `kind` picks the
distribution: 0 uniform on [0, 1), 1 normal(a, b), 2 uniform(a, b), 3 exponential(a),
4 gamma(a, b) (standard_gamma: b = 1), 5 chisquare(a).
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
    if kind == 4 and a < 0:
        raise ValueError("shape < 0")
    if kind == 4 and b < 0:
        raise ValueError("scale < 0")
    if kind == 5 and a <= 0:
        raise ValueError("df <= 0")


def _draw(kind, a, b):
    if kind == 0:
        return primitives.random_double()
    if kind == 1:
        return a + b * primitives.random_gauss()
    if kind == 2:
        return a + (b - a) * primitives.random_double()
    if kind == 3:
        return a * _standard_exponential()
    if kind == 4:
        return b * _standard_gamma(a)
    return 2.0 * _standard_gamma(a / 2.0)


def _standard_exponential():
    return -math.log(1.0 - primitives.random_double())


def _standard_gamma(shape):
    # NumPy's legacy method: Marsaglia and Tsang's for shape >= 1, a rejection scheme
    # from exponentials below it, in NumPy's order of draws.
    if shape == 1.0:
        return _standard_exponential()
    if shape == 0.0:
        return 0.0
    if shape < 1.0:
        while True:
            u = primitives.random_double()
            v = _standard_exponential()
            if u <= 1.0 - shape:
                x = math.pow(u, 1.0 / shape)
                if x <= v:
                    return x
            else:
                y = -math.log((1.0 - u) / shape)
                x = math.pow(1.0 - shape + shape * y, 1.0 / shape)
                if x <= v + y:
                    return x
    b = shape - 1.0 / 3.0
    c = 1.0 / math.sqrt(9.0 * b)
    while True:
        x = primitives.random_gauss()
        v = 1.0 + c * x
        while v <= 0.0:
            x = primitives.random_gauss()
            v = 1.0 + c * x
        v = v * v * v
        u = primitives.random_double()
        if u < 1.0 - 0.0331 * (x * x) * (x * x):
            return b * v
        if math.log(u) < 0.5 * x * x + b * (1.0 - v + math.log(v)):
            return b * v


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
