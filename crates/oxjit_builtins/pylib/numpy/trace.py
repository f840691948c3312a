"""np.trace of a 2-d array. The typing rule (src/numpy/trace.rs) passes offset=0 when it
is omitted and the dtype the diagonal sums in."""
import numpy as np


def trace(a, offset, dtype):
    rows, cols = a.shape
    if offset >= 0:
        n = min(rows, cols - offset)
    else:
        n = min(rows + offset, cols)
    n = max(n, 0)
    # The diagonal, then NumPy's sum of it (pairwise for floats, so the bits agree).
    diagonal = np.empty(n, dtype)
    for i in range(n):
        if offset >= 0:
            diagonal[i] = a[i, i + offset]
        else:
            diagonal[i] = a[i - offset, i]
    return diagonal.sum()
