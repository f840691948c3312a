"""``@guvectorize`` makes generalized NumPy ufuncs: results against the kernel run in
Python over each core sub-array, and NumPy's gufunc machinery on top."""
import numpy as np
import pytest

import oxjit
from oxjit import guvectorize


def python_gufunc(kernel, outputs, *inputs):
    """Runs ``kernel`` in Python over the outer loop of inputs that share their leading
    axis, writing into preallocated ``outputs``."""
    for i in range(outputs[0].shape[0]):
        kernel(*[np.asarray(x[i]) if np.ndim(x) > 0 else x for x in inputs], *[o[i] for o in outputs])
    return outputs


def moving_mean(a, window_arr, out):
    """The article's example: a weighted moving average over the last axis."""
    window_width = window_arr[0]
    asum = 0.0
    count = 0
    for i in range(window_width):
        asum += a[i]
        count += 1
        out[i] = asum / count
    for i in range(window_width, len(a)):
        asum += a[i] - a[i - window_width]
        out[i] = asum / count


MOVING_MEAN = guvectorize(["void(float64[:], intp[:], float64[:])"], "(n),()->(n)")(moving_mean)


def test_the_article_moving_average_over_a_3d_array():
    a = np.random.default_rng(2).random((3, 4, 20))
    got = MOVING_MEAN(a, 3)
    expected = np.empty_like(a)
    for idx in np.ndindex(a.shape[:-1]):
        moving_mean(a[idx], np.array([3]), expected[idx])
    np.testing.assert_allclose(got, expected, rtol=1e-15)
    assert isinstance(MOVING_MEAN, np.ufunc)
    assert MOVING_MEAN.signature == "(n),()->(n)"


def test_preallocated_outputs_and_layouts():
    a = np.random.default_rng(3).random((6, 10))
    expected = MOVING_MEAN(a, 2)
    out = np.zeros((6, 10))
    MOVING_MEAN(a, 2, out)
    np.testing.assert_array_equal(out, expected)
    np.testing.assert_array_equal(MOVING_MEAN(np.asfortranarray(a), 2), expected)
    np.testing.assert_array_equal(MOVING_MEAN(a[::2, ::-1], 2), MOVING_MEAN(a[::2, ::-1].copy(), 2))
    assert MOVING_MEAN(np.zeros((0, 5)), 2).shape == (0, 5)


def matvec(m, v, out):
    for i in range(m.shape[0]):
        acc = 0.0
        for j in range(m.shape[1]):
            acc += m[i, j] * v[j]
        out[i] = acc


def norm(v, out):
    acc = 0.0
    for x in v:
        acc += x * x
    out[0] = acc ** 0.5


@pytest.mark.parametrize("target", ["cpu", "parallel"])
def test_matrix_layouts_and_scalar_outputs(target):
    mv = guvectorize(["void(float64[:, :], float64[:], float64[:])"], "(m,n),(n)->(m)",
                     target=target)(matvec)
    nm = guvectorize(["void(float64[:], float64[:])", "void(float32[:], float32[:])"], "(n)->()",
                     target=target)(norm)
    rng = np.random.default_rng(4)
    ms, vs = rng.random((50, 3, 4)), rng.random((50, 4))
    np.testing.assert_allclose(mv(ms, vs), np.einsum("kij,kj->ki", ms, vs), rtol=1e-14)
    np.testing.assert_allclose(mv(ms[0], vs), vs @ ms[0].T, rtol=1e-14)  # broadcast m
    np.testing.assert_allclose(nm(vs), np.linalg.norm(vs, axis=1), rtol=1e-14)
    assert nm(vs.astype(np.float32)).dtype == np.float32
    assert nm(vs[0]) == pytest.approx(np.linalg.norm(vs[0]))


def test_scalar_core_inputs_and_int_outputs():
    @guvectorize(["(i8, f8[:], i8[:])"], "(),(k)->(k)")
    def take_ranks(n, r, out):
        for j in range(r.shape[0]):
            out[j] = np.intp(np.floor(r[j] * (n - j)))

    r = np.random.default_rng(5).random((4, 3))
    got = take_ranks(10, r)
    expected = np.floor(r * (10 - np.arange(3))).astype(np.int64)
    np.testing.assert_array_equal(got, expected)
    assert got.dtype == np.int64


@pytest.mark.parametrize("target", ["cpu", "parallel"])
def test_no_outputs_writes_into_an_input(target):
    def fill(r, x):
        for i in range(x.shape[0]):
            x[i] = r[0] + i

    g = guvectorize(["(f8[:], f8[:])"], "(n), (k)", writable_args=("x",), target=target)(fill)
    x = np.zeros((300, 4))
    g(np.arange(300.0)[:, None], x)
    np.testing.assert_array_equal(x, np.arange(300.0)[:, None] + np.arange(4.0))


def test_dynamic_gufunc_compiles_per_operand_types():
    @guvectorize("(n),()->(n)")
    def scale(a, s, out):
        for i in range(a.shape[0]):
            out[i] = a[i] * s

    a = np.arange(12.0).reshape(3, 4)
    out = np.empty_like(a)
    scale(a, 2.0, out)
    np.testing.assert_array_equal(out, a * 2.0)
    ints = np.empty((3, 4), dtype=np.int64)
    scale(np.arange(12).reshape(3, 4), 3, ints)
    np.testing.assert_array_equal(ints, np.arange(12).reshape(3, 4) * 3)
    assert scale.ufunc.ntypes == 2
    with pytest.raises(TypeError, match="outputs"):
        scale(a, 2.0)


def test_kernel_exceptions_reach_the_caller():
    @guvectorize(["void(float64[:], float64[:])"], "(n)->()")
    def first_positive(v, out):
        for x in v:
            if x > 0:
                out[0] = x
                return
        raise ValueError("no positive value")

    np.testing.assert_array_equal(first_positive(np.array([[-1.0, 2.0], [3.0, 4.0]])), [2.0, 3.0])
    with pytest.raises(ValueError, match="no positive value"):
        first_positive(np.array([[-1.0, 2.0], [-3.0, -4.0]]))


def test_layout_and_signature_errors_at_decoration():
    with pytest.raises(ValueError, match="layout"):
        guvectorize(["void(float64[:], float64[:])"], "(n)->(n")(norm)
    with pytest.raises(ValueError, match="layout"):
        guvectorize(["void(float64[:], float64[:])"], "(n)(m)->()")(norm)
    with pytest.raises(TypeError, match="core dimension"):
        guvectorize(["void(float64[:, :], float64[:])"], "(n)->()")(norm)
    with pytest.raises(TypeError, match="outputs are arrays"):
        guvectorize(["void(float64[:], float64)"], "(n)->()")(norm)
    with pytest.raises(TypeError, match="return nothing"):
        guvectorize(["float64(float64[:], float64[:])"], "(n)->()")(norm)
    with pytest.raises(TypeError, match="operands"):
        guvectorize(["void(float64[:], float64[:])"], "(n),(n)->()")(norm)
    with pytest.raises(oxjit.TypingError, match="signature"):
        guvectorize(["void(float64[:], float64[:])"], "(n)->()")(lambda v, out: v.nothing)


def test_calls_numpy_rejects_raise_its_errors():
    with pytest.raises(ValueError):
        MOVING_MEAN(np.zeros((2, 3)), 2, np.zeros((2, 4)))  # core dimension n mismatch
    with pytest.raises(TypeError):
        MOVING_MEAN(np.array([["a"]]), 2)


def test_called_from_compiled_code_with_outputs_passed():
    @oxjit.njit
    def use(m, v):
        out = np.empty(m.shape[0])
        MV_SUM(m, out)
        one = np.empty(1)
        MV_SUM(v, one)
        return out, one

    m = np.arange(12.0).reshape(3, 4)
    out, one = use(m, m[1])
    np.testing.assert_array_equal(out, m.sum(axis=1))
    np.testing.assert_array_equal(one, [m[1].sum()])


def row_sum(v, out):
    out[0] = 0.0
    for x in v:
        out[0] += x


MV_SUM = guvectorize(["void(float64[:], float64[:])"], "(n)->()")(row_sum)
