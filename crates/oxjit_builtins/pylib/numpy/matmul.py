"""np.dot, ndarray.dot and the @ operator on 1-d and 2-d arrays.

The typing rule (src/numpy/matmul.rs) picks the entry for the operands' ranks and
passes the result dtype; each element is converted to it before it is multiplied. The
loops run i-k-j, so the innermost one walks a row of `y` and of the result. Boolean
products are NumPy's: `and` for the products, `or` for the sum.
"""
import numpy as np


def vector_vector(x, y, dtype):
    n = _inner(x.shape[0], y.shape[0])
    s = dtype(0)
    for k in range(n):
        s += dtype(x[k]) * dtype(y[k])
    return s


def matrix_vector(x, y, dtype):
    m = x.shape[0]
    n = _inner(x.shape[1], y.shape[0])
    out = np.zeros(m, dtype)
    for i in range(m):
        s = dtype(0)
        for k in range(n):
            s += dtype(x[i, k]) * dtype(y[k])
        out[i] = s
    return out


def vector_matrix(x, y, dtype):
    n = _inner(x.shape[0], y.shape[0])
    cols = y.shape[1]
    out = np.zeros(cols, dtype)
    for k in range(n):
        xk = dtype(x[k])
        for j in range(cols):
            out[j] += xk * dtype(y[k, j])
    return out


def matrix_matrix(x, y, dtype):
    rows = x.shape[0]
    n = _inner(x.shape[1], y.shape[0])
    cols = y.shape[1]
    out = np.zeros((rows, cols), dtype)
    for i in range(rows):
        for k in range(n):
            xik = dtype(x[i, k])
            for j in range(cols):
                out[i, j] += xik * dtype(y[k, j])
    return out


def vector_vector_bool(x, y, dtype):
    n = _inner(x.shape[0], y.shape[0])
    for k in range(n):
        if x[k] and y[k]:
            return True
    return False


def matrix_vector_bool(x, y, dtype):
    m = x.shape[0]
    n = _inner(x.shape[1], y.shape[0])
    out = np.zeros(m, dtype)
    for i in range(m):
        for k in range(n):
            if x[i, k] and y[k]:
                out[i] = True
                break
    return out


def vector_matrix_bool(x, y, dtype):
    n = _inner(x.shape[0], y.shape[0])
    cols = y.shape[1]
    out = np.zeros(cols, dtype)
    for k in range(n):
        if x[k]:
            for j in range(cols):
                if y[k, j]:
                    out[j] = True
    return out


def matrix_matrix_bool(x, y, dtype):
    rows = x.shape[0]
    n = _inner(x.shape[1], y.shape[0])
    cols = y.shape[1]
    out = np.zeros((rows, cols), dtype)
    for i in range(rows):
        for k in range(n):
            if x[i, k]:
                for j in range(cols):
                    if y[k, j]:
                        out[i, j] = True
    return out


def _inner(kx, ky):
    if kx != ky:
        raise ValueError("matmul: the operands' inner dimensions do not match")
    return kx
