"""np.atleast_1d/2d/3d: the array itself when it has enough dimensions, else a view
with new axes of length one (NumPy's placement: (n,) -> (1, n) -> (1, n, 1)), or a new
array holding a number. src/numpy/atleast.rs picks the entry for the input's rank."""
import numpy as np


def itself(a):
    return a


def number_1d(x, dtype):
    out = np.empty(1, dtype)
    out[0] = x
    return out


def number_2d(x, dtype):
    out = np.empty((1, 1), dtype)
    out[0, 0] = x
    return out


def number_3d(x, dtype):
    out = np.empty((1, 1, 1), dtype)
    out[0, 0, 0] = x
    return out


def zero_d_1d(a):
    return a.reshape(1)


def zero_d_2d(a):
    return a.reshape(1, 1)


def zero_d_3d(a):
    return a.reshape(1, 1, 1)


def one_d_2d(a):
    return a[None, :]


def one_d_3d(a):
    return a[None, :, None]


def two_d_3d(a):
    return a[:, :, None]
