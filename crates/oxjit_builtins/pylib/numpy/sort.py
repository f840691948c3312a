"""np.sort, ndarray.sort and np.unique.

Sorting is an introsort: quicksort (median-of-three pivot, Hoare partition), insertion sort for
short ranges and heapsort where quicksort goes too deep, so no input takes quadratic
time. NaN sorts after every number, as in NumPy. The typing rule
(src/numpy/sort.rs) picks the entry.
"""
import numpy as np

# `primitives` (along_axis) is the compiler's: see src/primitives.rs;
# `_normalize_axis` and `_less` (NaN last) are in _shared.py.


def sort_1d(a):
    out = a.copy()
    _sort_range(out, 0, out.shape[0])
    return out


def sort_1d_axis(a, axis):
    _normalize_axis(axis, 1)
    return sort_1d(a)


def sort_nd(a, axis):
    out = a.copy()
    sort_in_place_nd(out, axis)
    return out


def sort_flat(a):
    out = a.ravel().copy()
    _sort_range(out, 0, out.shape[0])
    return out


def sort_0d(a, axis):
    # NumPy sorts along an axis, and a 0-d array has none.
    _normalize_axis(axis, 0)
    return a.copy()


def sort_in_place_0d(a, axis):
    _normalize_axis(axis, 0)


def sort_in_place_1d(a, axis):
    _normalize_axis(axis, 1)
    _sort_range(a, 0, a.shape[0])


def sort_in_place_nd(a, axis):
    # Every run along the axis sorted where it lies; the kernel's results (a byte
    # per run) are not needed.
    primitives.along_axis(_sort_run, a, _normalize_axis(axis, a.ndim), np.int8)


def _sort_run(v, dtype):
    _sort_range(v, 0, v.shape[0])
    return 0



def unique(a):
    s = a.ravel().copy()
    n = s.shape[0]
    _sort_range(s, 0, n)
    if n == 0:
        return s
    # Runs of equal values (and the NaNs, all at the end) collapse to one.
    count = 1
    for i in range(1, n):
        if not _same(s[i], s[count - 1]):
            s[count] = s[i]
            count += 1
    return s[:count].copy()


def _same(x, y):
    return x == y or (x != x and y != y)



def _sort_range(v, lo, hi):
    depth = 0
    n = hi - lo
    while n > 1:
        n >>= 1
        depth += 2
    _introsort(v, lo, hi, depth)


def _introsort(v, lo, hi, depth):
    while hi - lo > 16:  # shorter ranges: insertion sort
        if depth == 0:
            _heapsort(v, lo, hi)
            return
        depth -= 1
        p = _partition(v, lo, hi)
        # Recurse into the smaller side, loop on the larger: stack depth stays log n.
        if p - lo < hi - p:
            _introsort(v, lo, p, depth)
            lo = p + 1
        else:
            _introsort(v, p + 1, hi, depth)
            hi = p
    _insertion(v, lo, hi)


def _partition(v, lo, hi):
    # Median of three, which then guard both ends of the scan (Hoare's scheme, as
    # NumPy's quicksort): v[lo] <= pivot <= v[hi - 1].
    mid = lo + ((hi - lo) >> 1)
    last = hi - 1
    if _less(v[mid], v[lo]):
        v[mid], v[lo] = v[lo], v[mid]
    if _less(v[last], v[mid]):
        v[last], v[mid] = v[mid], v[last]
        if _less(v[mid], v[lo]):
            v[mid], v[lo] = v[lo], v[mid]
    pivot = v[mid]
    guard = last - 1
    v[mid], v[guard] = v[guard], v[mid]
    i = lo
    j = guard
    while True:
        i += 1
        while _less(v[i], pivot):
            i += 1
        j -= 1
        while _less(pivot, v[j]):
            j -= 1
        if i >= j:
            break
        v[i], v[j] = v[j], v[i]
    v[i], v[guard] = v[guard], v[i]
    return i


def _insertion(v, lo, hi):
    for i in range(lo + 1, hi):
        x = v[i]
        j = i - 1
        while j >= lo and _less(x, v[j]):
            v[j + 1] = v[j]
            j -= 1
        v[j + 1] = x


def _heapsort(v, lo, hi):
    n = hi - lo
    for start in range((n >> 1) - 1, -1, -1):
        _sift_down(v, lo, start, n)
    for end in range(n - 1, 0, -1):
        v[lo], v[lo + end] = v[lo + end], v[lo]
        _sift_down(v, lo, 0, end)


def _sift_down(v, lo, root, n):
    while True:
        child = 2 * root + 1
        if child >= n:
            return
        if child + 1 < n and _less(v[lo + child], v[lo + child + 1]):
            child += 1
        if not _less(v[lo + root], v[lo + child]):
            return
        v[lo + root], v[lo + child] = v[lo + child], v[lo + root]
        root = child


def argsort_1d(a):
    idx = np.arange(a.shape[0])
    _argsort_range(a, idx, 0, a.shape[0], np.empty(a.shape[0], np.int64))
    return idx


def argsort_flat(a):
    return argsort_1d(a.ravel())


def argsort_last(a, axis):
    # Along the last axis (the default): each row of a C-contiguous copy.
    if _normalize_axis(axis, a.ndim) != a.ndim - 1:
        raise NotImplementedError("argsort along an axis other than the last is not supported yet")
    flat = np.ascontiguousarray(a).ravel()
    n = a.shape[a.ndim - 1]
    out = np.empty(a.shape, np.int64)
    flat_out = out.ravel()
    scratch = np.empty(n, np.int64)
    for start in range(0, flat.size, max(n, 1)):
        for i in range(n):
            flat_out[start + i] = i
        _argsort_segment(flat, flat_out, start, n, scratch)
    return out


def argsort_1d_axis(a, axis):
    _normalize_axis(axis, 1)
    return argsort_1d(a)


def _argsort_segment(values, idx, start, n, scratch):
    # Indices idx[start:start+n] (0..n-1) ordered by values[start + i].
    _merge_sort(values, start, idx, start, start + n, scratch)


def _argsort_range(a, idx, lo, hi, scratch):
    _merge_sort(a, 0, idx, lo, hi, scratch)


def _merge_sort(values, base, idx, lo, hi, scratch):
    # A stable merge sort of idx[lo:hi] by values[base + idx[k]]: equal values keep
    # their order (NumPy's kind='stable'); insertion sort below 17 elements.
    if hi - lo <= 16:
        for i in range(lo + 1, hi):
            k = idx[i]
            x = values[base + k]
            j = i - 1
            while j >= lo and _less(x, values[base + idx[j]]):
                idx[j + 1] = idx[j]
                j -= 1
            idx[j + 1] = k
        return
    mid = lo + ((hi - lo) >> 1)
    _merge_sort(values, base, idx, lo, mid, scratch)
    _merge_sort(values, base, idx, mid, hi, scratch)
    if not _less(values[base + idx[mid]], values[base + idx[mid - 1]]):
        return  # already in order
    for k in range(lo, mid):
        scratch[k - lo] = idx[k]
    i = 0
    j = mid
    k = lo
    left = mid - lo
    while i < left and j < hi:
        if _less(values[base + idx[j]], values[base + scratch[i]]):
            idx[k] = idx[j]
            j += 1
        else:
            idx[k] = scratch[i]
            i += 1
        k += 1
    while i < left:
        idx[k] = scratch[i]
        i += 1
        k += 1
