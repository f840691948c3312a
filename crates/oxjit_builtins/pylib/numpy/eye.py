"""np.eye and np.identity. The typing rule (src/numpy/eye.rs) passes M = N and k = 0
when they are omitted, and the result dtype."""
import numpy as np


def eye(n, m, k, dtype):
    out = np.zeros((n, m), dtype)
    for i in range(n):
        j = i + k
        if j >= 0 and j < m:
            out[i, j] = 1
    return out
