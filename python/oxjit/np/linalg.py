"""Numba's ``numba.np.linalg`` internals that packages import.

``_LAPACK().numba_xgesv(dtype)`` is Numba's entry to LAPACK's ``xgesv`` from compiled
code: called as ``xgesv(kind, n, nrhs, a.ctypes, lda, ipiv.ctypes, b.ctypes, ldb)``, it
reads ``a`` (n x n) and ``b`` (n x nrhs) in column-major order, overwrites ``a`` with its
LU factors, ``ipiv`` with the (1-based) pivot rows and ``b`` with the solution, and
returns LAPACK's ``info`` (0, or k when the k-th pivot is exactly zero). oxjit's is a
compiled function doing the same (``a.ctypes`` is the array itself in compiled code).
``_BLAS`` is not supported yet.
"""
from .._pending import pending_class
from ..decorators import njit


@njit
def _xgesv(kind, n, nrhs, a, lda, ipiv, b, ldb):
    # Flat views of the arrays' memory, read column-major as LAPACK does.
    A = a.reshape(-1)
    B = b.reshape(-1)
    info = 0
    for j in range(n):
        p = j
        big = abs(A[j + j * lda])
        for i in range(j + 1, n):
            v = abs(A[i + j * lda])
            if v > big:
                big = v
                p = i
        ipiv[j] = p + 1
        if A[p + j * lda] != 0:
            if p != j:
                for k in range(n):
                    A[j + k * lda], A[p + k * lda] = A[p + k * lda], A[j + k * lda]
            pivot = A[j + j * lda]
            for i in range(j + 1, n):
                A[i + j * lda] /= pivot
        elif info == 0:
            info = j + 1
        for k in range(j + 1, n):
            f = A[j + k * lda]
            if f != 0:
                for i in range(j + 1, n):
                    A[i + k * lda] -= A[i + j * lda] * f
    if info != 0:
        return info
    for r in range(nrhs):
        at = r * ldb
        for j in range(n):
            p = ipiv[j] - 1
            if p != j:
                B[at + j], B[at + p] = B[at + p], B[at + j]
        for j in range(n):
            for i in range(j + 1, n):
                B[at + i] -= A[i + j * lda] * B[at + j]
        for j in range(n - 1, -1, -1):
            B[at + j] /= A[j + j * lda]
            for i in range(j):
                B[at + i] -= A[i + j * lda] * B[at + j]
    return info


class _LAPACK:
    """Numba's LAPACK entry points, as compiled functions."""

    def numba_xgesv(self, dtype):
        return _xgesv


_BLAS = pending_class("_BLAS", "numba.np.linalg._BLAS (BLAS from compiled code)", ())
