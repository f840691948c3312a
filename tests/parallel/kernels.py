"""Functions with ``prange`` loops, compiled by the tests with and without
``parallel=True`` and compared with themselves run by Python."""
import math

import numpy as np

from oxjit import prange


def total(x):
    s = 0.0
    for i in prange(x.shape[0]):
        s += x[i]
    return s


def total_typed(x, s):
    for i in prange(x.shape[0]):
        s += x[i]
    return s


def sqrt_sum(x):
    s = 0.0
    for i in prange(x.shape[0]):
        s += math.sqrt(abs(x[i]))
    return s


def product(x):
    p = 1.0
    for i in prange(x.shape[0]):
        p *= x[i]
    return p


def divided(x):
    p = 1000.0
    for i in prange(x.shape[0]):
        p /= x[i]
    return p


def minimum(x):
    m = x[0]
    for i in prange(x.shape[0]):
        m = min(m, x[i])
    return m


def maximum(x):
    m = x[0]
    for i in prange(x.shape[0]):
        m = max(x[i], m)
    return m


def count_positive(x):
    c = 0
    for i in prange(x.shape[0]):
        if x[i] > 0:
            c += 1
    return c


def all_positive(x):
    ok = True
    for i in prange(x.shape[0]):
        ok &= x[i] > 0
    return ok


def any_positive(x):
    found = False
    for i in prange(x.shape[0]):
        found |= x[i] > 0
    return found


def parity(x):
    p = x[0]
    for i in prange(1, x.shape[0]):
        p ^= x[i]
    return p


def spelled_out(x):
    s = 0
    t = 0
    for i in prange(x.shape[0]):
        s = s + x[i]
        t = t - 2 * x[i]
    return s, t


def two_reductions(x):
    lo = np.inf
    hi = -np.inf
    s = 0.0
    for i in prange(len(x)):
        v = x[i]
        lo = min(lo, v)
        hi = max(hi, v)
        if v > 0.5:
            s += v
        else:
            s -= 1.0
    return lo, hi, s


def stepped(a, b, step):
    s = 0
    for i in prange(a, b, step):
        s += i * i
    return s


def squares(x, out):
    for i in prange(x.shape[0]):
        out[i] = x[i] * x[i] + i


def pairwise(X):
    n = X.shape[0]
    out = np.empty((n, n))
    for i in prange(n):
        for j in range(n):
            d = 0.0
            for k in range(X.shape[1]):
                t = X[i, k] - X[j, k]
                d += t * t
            out[i, j] = math.sqrt(d)
    return out


def nested(a):
    s = 0.0
    for i in prange(a.shape[0]):
        for j in prange(a.shape[1]):
            s += a[i, j] * (i + 1)
    return s


def row_sums(a):
    out = np.zeros(a.shape[0])
    for i in prange(a.shape[0]):
        row = np.empty(a.shape[1])
        row[:] = a[i] * 2.0
        out[i] = row.sum()
    return out


def helper(v):
    return v * v - 1.0


def calls_helper(x):
    s = 0.0
    for i in prange(x.shape[0]):
        s += helper(x[i])
    return s


def two_loops(x):
    s = 0.0
    for i in prange(x.shape[0]):
        s += x[i]
    t = 0.0
    for i in prange(x.shape[0]):
        t += x[i] - s
    return s, t


def indexes(x, idx):
    s = 0.0
    for i in prange(idx.shape[0]):
        s += x[idx[i]]
    return s


def divides(x, y):
    s = 0
    for i in prange(x.shape[0]):
        s += int(x[i]) // int(y[i])
    return s


def column_sums(x):
    acc = np.zeros(x.shape[1])
    for i in prange(x.shape[0]):
        acc += x[i]
    return acc


def accumulate(x, acc):
    for i in prange(x.shape[0]):
        acc -= x[i]
        acc += 2 * x[i]
    return acc


def column_products(x):
    acc = np.ones(x.shape[1])
    for i in prange(x.shape[0]):
        acc *= x[i]
    return acc


def array_and_scalar(x, d):
    acc = np.zeros(x.shape[1])
    s = 0
    for i in prange(x.shape[0]):
        acc += x[i] * (10 // int(d[i]))
        s += 1
    return acc, s


def any_big(x):
    found = False
    for i in prange(x.shape[0]):
        found = found or x[i] > 2.0
    return found


def all_small(x):
    ok = True
    for i in prange(x.shape[0]):
        ok = ok and x[i] < 2.0
    return ok


def first_nonzero(x):
    r = 0.0
    for i in prange(x.shape[0]):
        r = r or x[i]
    return r


def last_or_first_zero(x):
    r = 1.0
    for i in prange(x.shape[0]):
        r = r and x[i]
    return r
