"""np.linalg in compiled code (typed by src/numpy/linalg.rs).

solve: LU factorisation with partial pivoting, as LAPACK's gesv does it (the pivot of
each column is its first entry of largest magnitude; an exact zero pivot means the matrix
is singular), in the dtype the typing rule passes. eigvalsh: Householder reduction to
tridiagonal form and implicit QL steps, in float64.
"""
import math

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


def eigvalsh(a, lower, dtype):
    """Eigenvalues of a symmetric matrix, ascending: Householder reduction to tridiagonal
    form, then implicit QL steps with Wilkinson shifts. Only the lower (or upper)
    triangle is read, as NumPy's UPLO says."""
    n = a.shape[0]
    if a.shape[1] != n:
        raise np.linalg.LinAlgError("Last 2 dimensions of the array must be square")
    # Both triangles from the one NumPy reads, so every update runs along rows.
    w = np.empty((n, n), np.float64)
    for i in range(n):
        for j in range(i + 1):
            w[i, j] = a[i, j] if lower else a[j, i]
            w[j, i] = w[i, j]
    d = np.empty(n, np.float64)
    e = np.zeros(n, np.float64)
    _tridiagonalize(w, d, e, n)
    _tridiagonal_ql(d, e, n)
    d.sort()
    return d.astype(dtype)


def _tridiagonalize(w, d, e, n):
    # Householder reflections from the last row up: each zeroes row i (and column i) left
    # of its subdiagonal; the reflection's vector u stays in row i. With both triangles
    # kept, A u and the update A -= u q' + q u' run along rows. d gets the diagonal, e[i]
    # the entry (i, i-1).
    for i in range(n - 1, 0, -1):
        last = i - 1
        h = 0.0
        if last > 0:
            scale = 0.0
            for k in range(i):
                scale += abs(w[i, k])
            if scale == 0.0:
                e[i] = w[i, last]
            else:
                for k in range(i):
                    w[i, k] /= scale
                    h += w[i, k] * w[i, k]
                f = w[i, last]
                g = -math.sqrt(h) if f >= 0.0 else math.sqrt(h)
                e[i] = scale * g
                h -= f * g
                w[i, last] = f - g
                # p = A u / h, as a sum of rows (A is symmetric), so the inner loop is
                # an axpy LLVM vectorises rather than a dot product it may not reorder.
                for j in range(i):
                    e[j] = 0.0
                for k in range(i):
                    uk = w[i, k]
                    for j in range(i):
                        e[j] += uk * w[k, j]
                f = 0.0
                for j in range(i):
                    e[j] /= h
                    f += e[j] * w[i, j]
                hh = f / (h + h)
                for j in range(i):
                    e[j] -= hh * w[i, j]
                for j in range(i):
                    uj = w[i, j]
                    qj = e[j]
                    for k in range(i):
                        w[j, k] -= uj * e[k] + qj * w[i, k]
        else:
            e[i] = w[i, last]
    for i in range(n):
        d[i] = w[i, i]


def _tridiagonal_ql(d, e, n):
    # The symmetric tridiagonal (d, e) to diagonal form by implicit QL steps.
    for i in range(1, n):
        e[i - 1] = e[i]
    if n > 0:
        e[n - 1] = 0.0
    for first in range(n):
        steps = 0
        while True:
            m = first
            while m < n - 1:
                scale = abs(d[m]) + abs(d[m + 1])
                if abs(e[m]) <= 2.220446049250313e-16 * scale:
                    break
                m += 1
            if m == first:
                break
            steps += 1
            if steps > 60:
                raise np.linalg.LinAlgError("Eigenvalues did not converge")
            g = (d[first + 1] - d[first]) / (2.0 * e[first])
            r = math.hypot(g, 1.0)
            g = d[m] - d[first] + e[first] / (g + math.copysign(r, g))
            s = 1.0
            c = 1.0
            p = 0.0
            i = m - 1
            deflated = False
            while i >= first:
                f = s * e[i]
                b = c * e[i]
                r = math.hypot(f, g)
                e[i + 1] = r
                if r == 0.0:
                    d[i + 1] -= p
                    e[m] = 0.0
                    deflated = True
                    break
                s = f / r
                c = g / r
                g = d[i + 1] - p
                r = (d[i] - g) * s + 2.0 * c * b
                p = s * r
                d[i + 1] = g + p
                g = c * r - b
                i -= 1
            if deflated:
                continue
            d[first] -= p
            e[first] = g
            e[m] = 0.0
