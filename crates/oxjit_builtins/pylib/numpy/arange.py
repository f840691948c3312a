"""np.arange. The typing rule (src/numpy/arange.rs) has sorted out which argument is
which, filled in start=0 and step=1, and converted them to `compute` (int64, or float64
when any of them or the dtype is a float)."""
import numpy as np


def arange(start, stop, step, dtype, compute):
    n = _length(start, stop, step, compute)
    return _fill(start, step, n, dtype)


def arange_bool(start, stop, step, dtype, compute):
    n = _length(start, stop, step, compute)
    if n > 2:
        raise TypeError(
            "arange() is only supported for booleans when the result has at most length 2."
        )
    # Bools have no difference to step by: the (at most two) values, converted.
    out = np.empty(n, dtype)
    if n > 0:
        out[0] = dtype(start)
    if n > 1:
        out[1] = dtype(start + step)
    return out


def _length(start, stop, step, compute):
    if step == 0:
        raise ZeroDivisionError("division by zero")
    if compute(0.5) != 0:
        # float64 (known when compiling: LLVM keeps one branch): ceil((stop - start) /
        # step), as NumPy computes it.
        q = (stop - start) / step
        if q != q:
            raise ValueError("arange: cannot compute length")
        if q > 9.2e18:
            raise ValueError("Maximum allowed size exceeded")
        n = int(np.ceil(q))
        return max(n, 0)
    if step > 0:
        if start >= stop:
            return 0
        return int((stop - start - 1) // step + 1)
    if start <= stop:
        return 0
    return int((start - stop - 1) // (-step) + 1)


def _fill(start, step, n, dtype):
    # NumPy fills in the output dtype: the first two values are start and start + step
    # converted to it, and the others add multiples of their difference (so int8 from
    # floats steps by whole numbers, and a float step is (start + step) - start).
    out = np.empty(n, dtype)
    first = dtype(start)
    delta = dtype(start + step) - first
    for i in range(n):
        out[i] = first + dtype(i) * delta
    return out
