"""np.linspace. The typing rule (src/numpy/linspace.rs) converts start and stop to the
dtype the samples are computed in (`compute`), fills in num=50 and endpoint=True when
omitted, and passes the result dtype."""
import numpy as np


def linspace(start, stop, num, endpoint, dtype, compute):
    if num < 0:
        raise ValueError("Number of samples must be non-negative.")
    div = num - 1 if endpoint else num
    out = np.empty(num, dtype)
    if div > 0:
        step = (stop - start) / compute(div)
        for i in range(num):
            out[i] = compute(i) * step + start
    else:
        # One sample (or none): just `start`, as NumPy gives.
        for i in range(num):
            out[i] = start
    # The last sample is exactly `stop` when the endpoint is included.
    if endpoint and num > 1:
        out[num - 1] = stop
    return out
