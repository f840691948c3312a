"""Subscripts with arrays and np.nonzero: each makes a new array (src/numpy/fancy_index.rs
types them). Elements are visited in C order, as NumPy does."""
import numpy as np


def select_mask(a, mask, dtype):
    for d in range(a.ndim):
        if a.shape[d] != mask.shape[d]:
            raise IndexError("boolean index did not match indexed array")
    flat_a = a.ravel()
    flat_m = mask.ravel()
    count = 0
    for i in range(flat_m.size):
        if flat_m[i]:
            count += 1
    out = np.empty(count, dtype)
    j = 0
    for i in range(flat_m.size):
        if flat_m[i]:
            out[j] = flat_a[i]
            j += 1
    return out


def take_1d(a, idx, dtype):
    n = a.shape[0]
    out = np.empty(idx.shape, dtype)
    flat_out = out.ravel()
    flat_idx = idx.ravel()
    for i in range(flat_idx.size):
        flat_out[i] = a[_checked(flat_idx[i], n)]
    return out


def take_rows_2d(a, idx, dtype):
    rows = idx.shape[0]
    return _take_rows(a, idx, np.empty((rows, a.shape[1]), dtype))


def take_rows_3d(a, idx, dtype):
    rows = idx.shape[0]
    return _take_rows(a, idx, np.empty((rows, a.shape[1], a.shape[2]), dtype))


def _take_rows(a, idx, out):
    n = a.shape[0]
    for i in range(idx.shape[0]):
        out[i] = a[_checked(idx[i], n)]
    return out


def _checked(k, n):
    k = np.int64(k)
    if k < 0:
        k += n
    if k < 0 or k >= n:
        raise IndexError("index is out of bounds for axis 0")
    return k


def nonzero_1d(a):
    return (flatnonzero(a),)


def nonzero_2d(a):
    rows = a.shape[0]
    cols = a.shape[1]
    count = 0
    for i in range(rows):
        for j in range(cols):
            if a[i, j]:
                count += 1
    r = np.empty(count, np.int64)
    c = np.empty(count, np.int64)
    k = 0
    for i in range(rows):
        for j in range(cols):
            if a[i, j]:
                r[k] = i
                c[k] = j
                k += 1
    return (r, c)


def flatnonzero(a):
    flat = a.ravel()
    count = 0
    for i in range(flat.size):
        if flat[i]:
            count += 1
    out = np.empty(count, np.int64)
    k = 0
    for i in range(flat.size):
        if flat[i]:
            out[k] = i
            k += 1
    return out


def _mask_count(a, mask):
    n = a.shape[0]
    if mask.shape[0] != n:
        raise IndexError("boolean index did not match indexed array along axis 0; size of axis is "
                         + str(n) + " but size of corresponding boolean axis is " + str(mask.shape[0]))
    count = 0
    for i in range(n):
        if mask[i]:
            count += 1
    return count


def put_mask_1d(a, mask, value):
    _mask_count(a, mask)
    for i in range(a.shape[0]):
        if mask[i]:
            a[i] = value


def put_mask_values_1d(a, mask, values):
    count = _mask_count(a, mask)
    m = values.shape[0]
    if m != count and m != 1:
        raise ValueError("NumPy boolean array indexing assignment cannot assign " + str(m)
                         + " input values to the " + str(count) + " output values where the mask is true")
    k = 0
    for i in range(a.shape[0]):
        if mask[i]:
            a[i] = values[k if m != 1 else 0]
            k += 1


def put_1d(a, idx, value):
    n = a.shape[0]
    for j in range(idx.shape[0]):
        a[_checked(idx[j], n)] = value


def put_values_1d(a, idx, values):
    n = a.shape[0]
    m = values.shape[0]
    k = idx.shape[0]
    if m != k and m != 1:
        raise ValueError("shape mismatch: value array of shape (" + str(m)
                         + ",) could not be broadcast to indexing result of shape (" + str(k) + ",)")
    for j in range(k):
        a[_checked(idx[j], n)] = values[j if m != 1 else 0]
