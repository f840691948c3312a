"""np.linalg.solve in compiled code against NumPy's (LAPACK's) results and errors."""
import numpy as np
import pytest

from oxjit import njit


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
