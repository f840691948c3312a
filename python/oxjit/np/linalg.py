"""Numba's ``numba.np.linalg`` internals that packages import: LAPACK through Numba's
own wrappers. Not supported by oxjit yet; making one raises UnsupportedError."""
from .._pending import pending_class

_LAPACK = pending_class("_LAPACK", "numba.np.linalg._LAPACK (LAPACK from compiled code)", ())
_BLAS = pending_class("_BLAS", "numba.np.linalg._BLAS (BLAS from compiled code)", ())
