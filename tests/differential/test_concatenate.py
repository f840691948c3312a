"""np.concatenate, np.stack, np.hstack, np.vstack in compiled code against NumPy."""
import numpy as np
import pytest

from oxjit import njit


@njit
def concatenate(a, b, axis):
    return np.concatenate((a, b), axis=axis)


@njit
def concatenate_default(a, b, c):
    return np.concatenate((a, b, c))


@njit
def stack(a, b, axis):
    return np.stack((a, b), axis=axis)


@njit
def hstack_vstack(a, b):
    return np.hstack((a, b)), np.vstack((a, b))


@njit
def from_list(arrays):
    return np.concatenate(arrays)


def same(got, expected):
    assert got.dtype == expected.dtype and got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


def test_one_dimensional_any_layout():
    a, b, c = np.arange(3.0), np.arange(10.0)[::3], np.arange(4.0)[::-1]
    same(concatenate_default(a, b, c), np.concatenate((a, b, c)))
    same(concatenate(a, b, -1), np.concatenate((a, b), axis=-1))
    same(concatenate_default(a[:0], b, a[:0]), np.concatenate((a[:0], b, a[:0])))
    same(from_list([a, a, a]), np.concatenate([a, a, a]))
    for axis in (0, 1, -1, -2):
        same(stack(a, c[:3], axis), np.stack((a, c[:3]), axis=axis))
    h, v = hstack_vstack(a, c[:3])
    same(h, np.hstack((a, c[:3])))
    same(v, np.vstack((a, c[:3])))


def test_two_dimensional_every_axis():
    a = np.arange(6, dtype=np.int32).reshape(2, 3)
    b = np.asfortranarray(np.arange(9, dtype=np.int32).reshape(3, 3))
    same(concatenate(a, b, 0), np.concatenate((a, b), axis=0))
    same(concatenate(a.T, b, 1), np.concatenate((a.T, b), axis=1))
    same(concatenate(a.T, b, -1), np.concatenate((a.T, b), axis=-1))
    h, v = hstack_vstack(a, b[:2])
    same(h, np.hstack((a, b[:2])))
    same(v, np.vstack((a, b[:2])))
    with pytest.raises(ValueError):
        hstack_vstack(a.T, b)  # hstack fits, vstack does not: NumPy raises too


def test_numpy_errors():
    a, b = np.ones((2, 3)), np.ones((3, 3))
    with pytest.raises(ValueError):
        concatenate(a, b, 1)
    with pytest.raises(np.exceptions.AxisError):
        concatenate(a, b, 2)
    with pytest.raises(np.exceptions.AxisError):
        concatenate(np.ones(2), np.ones(2), 1)
    with pytest.raises(ValueError):
        stack(np.ones(2), np.ones(3), 0)
    with pytest.raises(np.exceptions.AxisError):
        stack(np.ones(2), np.ones(2), 2)
