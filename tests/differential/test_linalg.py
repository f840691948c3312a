"""np.linalg.solve in compiled code against NumPy's (LAPACK's) results and errors."""
import numpy as np
import pytest

from oxjit import njit
from oxjit.extending import overload
from oxjit.np.linalg import _LAPACK


@njit
def solve(a, b):
    return np.linalg.solve(a, b)


def systems():
    rng = np.random.default_rng(11)
    for n in (1, 2, 5, 40):
        a = rng.standard_normal((n, n)) + n * np.eye(n)
        yield a, rng.standard_normal(n)
        yield a, rng.standard_normal((n, 3))
        yield np.asfortranarray(a), rng.standard_normal(n)[::-1]
        yield a[:, ::-1].T, rng.standard_normal((n, 2)).T.copy().T


@pytest.mark.parametrize("case", range(16))
def test_against_numpy(case):
    a, b = list(systems())[case]
    got = solve(a, b)
    expected = np.linalg.solve(a, b)
    assert got.shape == expected.shape and got.dtype == expected.dtype
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)


def test_pivoting_dtypes_and_empty():
    permutation = np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0]])  # needs row swaps
    np.testing.assert_array_equal(solve(permutation, np.array([1, 2, 3])),
                                  np.linalg.solve(permutation, np.array([1, 2, 3])))
    a32 = np.array([[3.0, 1.0], [1.0, 2.0]], dtype=np.float32)
    b32 = np.array([9.0, 8.0], dtype=np.float32)
    assert solve(a32, b32).dtype == np.linalg.solve(a32, b32).dtype == np.float32
    np.testing.assert_allclose(solve(a32, b32), np.linalg.solve(a32, b32), rtol=1e-6)
    assert solve(a32, b32.astype(np.float64)).dtype == np.float64
    assert solve(np.zeros((0, 0)), np.zeros(0)).shape == (0,)


def test_errors_are_numpys():
    for a, b in [(np.zeros((2, 2)), np.ones(2)), (np.array([[1.0, 2.0], [2.0, 4.0]]), np.ones(2)),
                 (np.zeros((2, 3)), np.ones(2))]:
        with pytest.raises(np.linalg.LinAlgError) as python:
            np.linalg.solve(a, b)
        with pytest.raises(np.linalg.LinAlgError) as compiled:
            solve(a, b)
        assert str(compiled.value) == str(python.value)
    with pytest.raises(ValueError):
        solve(np.eye(3), np.ones(2))


@njit
def eigenvalues(a, upper):
    if upper:
        return np.linalg.eigvalsh(a, UPLO="U")
    return np.linalg.eigvalsh(a)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 8, 60])
def test_eigvalsh_against_numpy(n):
    rng = np.random.default_rng(n)
    m = rng.standard_normal((n, n))
    for a in (m + m.T, m, np.asfortranarray(m)):  # only the chosen triangle is read
        for upper in (False, True):
            got = eigenvalues(a, upper)
            expected = np.linalg.eigvalsh(a, UPLO="U" if upper else "L")
            assert got.dtype == expected.dtype
            np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-11 * max(n, 1))


def test_eigvalsh_dtypes_and_errors():
    a32 = np.diag(np.array([3.0, 1.0, 2.0], dtype=np.float32))
    assert eigenvalues(a32, False).dtype == np.linalg.eigvalsh(a32).dtype == np.float32
    np.testing.assert_array_equal(eigenvalues(np.diag([3, 1, 2]), False), [1.0, 2.0, 3.0])
    with pytest.raises(np.linalg.LinAlgError):
        eigenvalues(np.zeros((2, 3)), False)


# --- Numba's LAPACK entry, as quantecon calls it -----------------------------------

def _solve_in_place(a, b):
    pass


@overload(_solve_in_place)
def _solve_in_place_overload(a, b):
    xgesv = _LAPACK().numba_xgesv(a.dtype)

    def impl(a, b):
        n = a.shape[-1]
        nrhs = 1 if b.ndim == 1 else b.shape[-1]
        ipiv = np.empty(n, dtype=np.int32)
        return xgesv(100, n, nrhs, a.ctypes, n, ipiv.ctypes, b.ctypes, n)

    return impl


@njit
def lapack_solve(a, b):
    return _solve_in_place(a, b)


def test_numba_lapack_xgesv_solves_column_major_in_place():
    rng = np.random.default_rng(5)
    for b_shape in [(4,), (4, 3)]:
        a = rng.random((4, 4)) + 4 * np.eye(4)
        b = rng.random(b_shape)
        # The memory is read column-major: a C array stands for its transpose, and a 2-d
        # right-hand side's memory holds its columns one after the other.
        expected = np.linalg.solve(a.T, b.reshape(-1).reshape(b.shape[::-1]).T)
        a_copy, b_copy = a.copy(), b.copy()
        assert lapack_solve(a_copy, b_copy) == 0
        got = b_copy.reshape(-1).reshape(b.shape[::-1]).T
        np.testing.assert_allclose(got, expected, rtol=1e-12)
    singular = np.ones((3, 3))
    assert lapack_solve(singular, np.ones(3)) == 2
