"""np.atleast_1d/2d/3d in compiled code against NumPy: numbers, 0-d to 3-d arrays in
every layout, and that a result with new axes is a view of the argument."""
import numpy as np

from oxjit import njit

from ._helpers import check_cases


@njit
def atleast(a):
    return np.atleast_1d(a), np.atleast_2d(a), np.atleast_3d(a)


@njit
def write_through(a):
    v = np.atleast_3d(a)
    v[0, 0, 0] = -1.0
    return a


def test_atleast_every_rank_and_layout():
    x = np.arange(24.0).reshape(2, 3, 4)
    cases = [(2.5,), (3,), (np.float32(1.5),), (np.array(4.0),), (x[0, 0],), (x[0, 0, ::2],),
             (x[0],), (np.asfortranarray(x[0]),), (x,), (x[:, ::2],), (np.zeros((0, 3)),)]
    check_cases(atleast, cases)


def test_new_axes_are_views():
    check_cases(write_through, [(np.arange(3.0),), (np.arange(6.0).reshape(2, 3),)])
