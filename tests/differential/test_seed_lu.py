"""The seed program: an in-place LU elimination from the article, compiled by ``njit`` and ``jit``.

The compiled function must leave exactly the same bits in ``A`` as the
uncompiled one (no reassociation, no fused multiply-add), with and without the
``with np.errstate(...)`` block, for matrix sizes from 1 to 256.
"""
import numpy as np
import pytest

import oxjit
from oxjit.errors import TypingError
from oxjit.testing import assert_precise_equal


def numpy_LUdet(A):
    y = [1.0]
    n = A.shape[0]
    with np.errstate(invalid='ignore'):
        for i in range(n):
            y[0] = y[0] * A[i, i]
            for j in range(i+1, n):
                A[j][i] = A[j][i]/A[i][i]
                A[j][i+1:] = A[j][i+1:] - (A[j][i] * A[i][i+1:])


def numpy_LUdet_without_with(A):
    y = [1.0]
    n = A.shape[0]
    for i in range(n):
        y[0] = y[0] * A[i, i]
        for j in range(i+1, n):
            A[j][i] = A[j][i]/A[i][i]
            A[j][i+1:] = A[j][i+1:] - (A[j][i] * A[i][i+1:])


SIZES = [1, 2, 10, 64, 256]
COMPILERS = {"njit": oxjit.njit, "jit": oxjit.jit}
VARIANTS = {"with_errstate": numpy_LUdet, "without_with": numpy_LUdet_without_with}
COMPILED = {(v, c): COMPILERS[c](f) for v, f in VARIANTS.items() for c in COMPILERS}


def matrix(n, seed=0):
    rng = np.random.default_rng(seed + n)
    return rng.random((n, n)) + n * np.eye(n)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("compiler", list(COMPILERS))
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_bit_for_bit(variant, compiler, n):
    compiled = COMPILED[variant, compiler]
    expected = matrix(n)
    got = expected.copy()
    with np.errstate(over="ignore"):  # y[0], the running product of the pivots, overflows for n=256
        assert VARIANTS[variant](expected) is None
    assert compiled(got) is None
    assert_precise_equal(got, expected)  # float64: exact, NaN and signed zeros included
    assert not np.array_equal(got, matrix(n)) or n == 1  # the elimination did run


def test_njit_and_jit_agree_on_other_layouts():
    # The function takes any float64 matrix: a Fortran-ordered one and a strided view give the same bits.
    n = 12
    for make in (np.asfortranarray, lambda m: np.pad(m, ((0, 0), (0, n)))[:, :n]):
        for compiled in COMPILED.values():
            expected = matrix(n, seed=3)
            got = make(expected.copy())
            compiled.py_func(expected)
            compiled(got)
            assert_precise_equal(np.ascontiguousarray(got), expected)


def test_singular_matrix_with_numpy_error_model():
    # A zero pivot: x/0 and 0/0. With error_model='numpy' the scalar divisions give inf/nan like
    # NumPy's float64 scalars; Numba's default 'python' model raises ZeroDivisionError instead.
    a = np.array([[0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [2.0, 3.0, 5.0]])
    expected = a.copy()
    with np.errstate(all="ignore"):
        numpy_LUdet(expected)
    assert np.isnan(expected).any() and np.isinf(expected).any()
    got = a.copy()
    oxjit.njit(error_model="numpy")(numpy_LUdet)(got)
    assert_precise_equal(got, expected)
    with pytest.raises(ZeroDivisionError):
        COMPILED["with_errstate", "njit"](a.copy())


# --- the context managers that compile -----------------------------------------------------------------


def errstate_bad_keyword(A):
    with np.errstate(bogus='ignore'):
        A[0] = 1.0


def open_in_with(A):
    with open("/dev/null") as f:
        A[0] = 1.0


def test_errstate_with_an_invalid_keyword_is_a_typing_error():
    with pytest.raises(TypeError):
        errstate_bad_keyword(np.zeros(2))
    for compiler in COMPILERS.values():
        with pytest.raises(TypingError):
            compiler(errstate_bad_keyword)(np.zeros(2))


def test_another_context_manager_is_a_typing_error():
    for compiler in COMPILERS.values():
        with pytest.raises(TypingError):
            compiler(open_in_with)(np.zeros(2))
