"""np.searchsorted and ndarray.searchsorted: binary search in a sorted 1-d array.

The typing rule (src/numpy/searchsorted.rs) passes `right` (side='right') and the
dtype both sides compare in. NaN sorts after every number, as in NumPy's sort, so it
is found at the end. `_less` is in _shared.py.
"""
import numpy as np


def search_one(a, v, right, dtype):
    return _search(a, dtype(v), right, dtype)


def search_0d(a, v, right, dtype):
    return _search(a, dtype(v.ravel()[0]), right, dtype)


def search_each(a, v, right, dtype):
    out = np.empty(v.shape, np.int64)
    flat_out = out.ravel()
    flat_v = v.ravel()
    for i in range(flat_v.size):
        flat_out[i] = _search(a, dtype(flat_v[i]), right, dtype)
    return out


def _search(a, x, right, dtype):
    lo = 0
    hi = a.shape[0]
    while lo < hi:
        mid = (lo + hi) >> 1
        y = dtype(a[mid])
        if right:
            after = not _less(x, y)
        else:
            after = _less(y, x)
        if after:
            lo = mid + 1
        else:
            hi = mid
    return lo

