"""np.histogram and np.interp (src/numpy/histogram.rs types them), computed in NumPy's
order so that values on bin edges land where NumPy puts them."""
import math

import numpy as np


def histogram_range(a, bins, rng, dtype):
    # `bins` equal bins over `rng`; `dtype` is NumPy's type for the edges (float32 data
    # keeps float32 edges).
    first = dtype(rng[0])
    last = dtype(rng[1])
    if first > last:
        raise ValueError("max must be larger than min in range parameter.")
    if not (math.isfinite(first) and math.isfinite(last)):
        raise ValueError("supplied range is not finite")
    return _uniform(a.ravel(), bins, first, last, dtype)


def histogram_auto(a, bins, dtype):
    # `bins` equal bins over the data's extent.
    flat = a.ravel()
    if flat.size == 0:
        return _uniform(flat, bins, dtype(0), dtype(1), dtype)
    first = dtype(flat.min())
    last = dtype(flat.max())
    if not (math.isfinite(first) and math.isfinite(last)):
        raise ValueError("autodetected range is not finite")
    return _uniform(flat, bins, first, last, dtype)


def _uniform(flat, bins, first, last, dtype):
    if bins < 1:
        raise ValueError("`bins` must be positive, when an integer")
    if first == last:
        first = first - dtype(0.5)
        last = last + dtype(0.5)
    edges = np.linspace(first, last, bins + 1).astype(dtype)
    for i in range(bins):
        if edges[i] >= edges[i + 1]:
            raise ValueError("Too many bins for data range. Cannot create finite-sized bins.")
    counts = np.zeros(bins, np.int64)
    norm = last - first
    scale = dtype(bins)
    for i in range(flat.size):
        x = dtype(flat[i])
        if x >= first and x <= last:
            k = np.int64((x - first) / norm * scale)
            if k == bins:
                k -= 1
            # The index is within an ulp of the right bin: the edges decide.
            if x < edges[k]:
                k -= 1
            elif k != bins - 1 and x >= edges[k + 1]:
                k += 1
            counts[k] += 1
    return counts, edges


def histogram_edges(a, edges):
    # Bins between the given edges; the last bin includes its right edge.
    n = edges.shape[0]
    for i in range(n - 1):
        if edges[i] > edges[i + 1]:
            raise ValueError("`bins` must increase monotonically, when an array")
    counts = np.zeros(max(n - 1, 0), np.int64)
    flat = a.ravel()
    if n < 2:
        return counts, edges.copy()
    for i in range(flat.size):
        x = flat[i]
        if x >= edges[0] and x <= edges[n - 1]:
            k = _last_at_most(edges, x)
            if k == n - 1:
                k -= 1
            counts[k] += 1
    return counts, edges.copy()


def interp_one(x, xp, fp, left, right, has_left, has_right):
    _check_samples(xp, fp)
    lval = left if has_left else np.float64(fp[0])
    rval = right if has_right else np.float64(fp[fp.shape[0] - 1])
    return _interp(np.float64(x), xp, fp, lval, rval)


def interp_each(x, xp, fp, left, right, has_left, has_right):
    _check_samples(xp, fp)
    lval = left if has_left else np.float64(fp[0])
    rval = right if has_right else np.float64(fp[fp.shape[0] - 1])
    out = np.empty(x.shape, np.float64)
    flat_out = out.ravel()
    flat_x = x.ravel()
    for i in range(flat_x.size):
        flat_out[i] = _interp(np.float64(flat_x[i]), xp, fp, lval, rval)
    return out


def _check_samples(xp, fp):
    if xp.shape[0] == 0:
        raise ValueError("array of sample points is empty")
    if fp.shape[0] != xp.shape[0]:
        raise ValueError("fp and xp are not of the same length.")


def _interp(x, xp, fp, lval, rval):
    n = xp.shape[0]
    if n == 1:
        if x < xp[0]:
            return lval
        if x > xp[0]:
            return rval
        return np.float64(fp[0])
    if x != x:
        return x
    if x < xp[0]:
        return lval
    if x > xp[n - 1]:
        return rval
    j = _last_at_most(xp, x)
    f0 = np.float64(fp[j])
    if j == n - 1 or xp[j] == x:
        return f0
    f1 = np.float64(fp[j + 1])
    x0 = np.float64(xp[j])
    x1 = np.float64(xp[j + 1])
    slope = (f1 - f0) / (x1 - x0)
    y = slope * (x - x0) + f0
    if y != y:
        # Infinite slope: interpolate from the right end instead.
        y = slope * (x - x1) + f1
        if y != y and f0 == f1:
            y = f0
    return y


def _last_at_most(xs, x):
    # The last index i of the sorted xs with xs[i] <= x (-1 when there is none).
    lo = 0
    hi = xs.shape[0]
    while lo < hi:
        mid = (lo + hi) >> 1
        if xs[mid] <= x:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1
