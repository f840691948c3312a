"""np.linalg.solve: LU factorisation with partial pivoting, as LAPACK's gesv does it (the
pivot of each column is its first entry of largest magnitude; an exact zero pivot means
the matrix is singular). The typing rule (src/numpy/linalg_solve.rs) passes the dtype
the work is done in."""
import numpy as np


def solve_vector(a, b, dtype):
    n = _check(a, b)
    lu, pivots = _factor(a, n, dtype)
    x = np.empty((n, 1), dtype)
    for i in range(n):
        x[i, 0] = b[i]
    _permute(pivots, x, n)
    _substitute(lu, x, n)
    return x.reshape(n)


def solve_matrix(a, b, dtype):
    n = _check(a, b)
    lu, pivots = _factor(a, n, dtype)
    x = np.empty((n, b.shape[1]), dtype)
    for i in range(n):
        for j in range(b.shape[1]):
            x[i, j] = b[i, j]
    _permute(pivots, x, n)
    _substitute(lu, x, n)
    return x


def _check(a, b):
    n = a.shape[0]
    if a.shape[1] != n:
        raise np.linalg.LinAlgError("Last 2 dimensions of the array must be square")
    if b.shape[0] != n:
        raise ValueError("solve: the first dimension of b does not match the size of a")
    return n


def _factor(a, n, dtype):
    """The LU factors (L below the diagonal, its unit diagonal implied; U on and above
    it) and the row each step swapped in."""
    lu = np.empty((n, n), dtype)
    pivots = np.empty(n, np.int64)
    for i in range(n):
        for j in range(n):
            lu[i, j] = a[i, j]
    for k in range(n):
        p = k
        biggest = abs(lu[k, k])
        for i in range(k + 1, n):
            v = abs(lu[i, k])
            if v > biggest:
                biggest = v
                p = i
        pivots[k] = p
        if lu[p, k] == 0:
            raise np.linalg.LinAlgError("Singular matrix")
        if p != k:
            for j in range(n):
                t = lu[k, j]
                lu[k, j] = lu[p, j]
                lu[p, j] = t
        inverse = 1 / lu[k, k]
        for i in range(k + 1, n):
            lu[i, k] *= inverse
        for i in range(k + 1, n):
            f = lu[i, k]
            if f != 0:
                for j in range(k + 1, n):
                    lu[i, j] -= f * lu[k, j]
    return lu, pivots


def _permute(pivots, x, n):
    for k in range(n):
        p = pivots[k]
        if p != k:
            for j in range(x.shape[1]):
                t = x[k, j]
                x[k, j] = x[p, j]
                x[p, j] = t


def _substitute(lu, x, n):
    m = x.shape[1]
    # L y = P b (unit lower triangle), then U x = y.
    for k in range(n):
        for i in range(k + 1, n):
            f = lu[i, k]
            if f != 0:
                for j in range(m):
                    x[i, j] -= f * x[k, j]
    for k in range(n - 1, -1, -1):
        for j in range(m):
            x[k, j] /= lu[k, k]
        for i in range(k):
            f = lu[i, k]
            if f != 0:
                for j in range(m):
                    x[i, j] -= f * x[k, j]
