"""``@vectorize`` makes genuine NumPy ufuncs: results against the same function applied
elementwise by ``np.vectorize``, and NumPy's ufunc machinery on top."""
import math

import numpy as np
import pytest

import oxjit
from oxjit import vectorize

INTS = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
FLOATS = ["float32", "float64"]
COMPLEX = ["complex64", "complex128"]


def oracle(func, dtype):
    """The same function applied elementwise by NumPy, results cast to ``dtype``."""
    return np.vectorize(func, otypes=[np.dtype(dtype)])


def affine(x, y):
    return x * 3 + y


@pytest.mark.parametrize("dtype", INTS + FLOATS + COMPLEX)
def test_every_numeric_dtype(dtype):
    u = vectorize([f"{dtype}({dtype}, {dtype})"])(affine)
    rng = np.random.default_rng(1)
    a = rng.integers(0, 20, 50).astype(dtype)
    b = rng.integers(0, 20, 50).astype(dtype)
    got = u(a, b)
    assert got.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(got, oracle(affine, dtype)(a, b))


def test_bool_loop():
    def either(x, y):
        return x or y

    u = vectorize(["boolean(boolean, boolean)"])(either)
    a = np.array([True, False, True, False])
    b = np.array([True, True, False, False])
    np.testing.assert_array_equal(u(a, b), a | b)


def hypot_like(x, y):
    return math.sqrt(x * x + y * y)


HYPOT = vectorize(["float64(float64, float64)", "float32(float32, float32)"])(hypot_like)


def layouts():
    base = np.arange(24.0).reshape(4, 6) / 7.0
    return {
        "C": base,
        "F": np.asfortranarray(base),
        "strided": base[::2, ::3],
        "reversed": base[::-1, ::-1],
        "0-d": np.array(2.5),
        "empty": np.zeros((0, 6)),
        "scalar": 1.25,
    }


@pytest.mark.parametrize("name", list(layouts()))
def test_layouts(name):
    a = layouts()[name]
    got = HYPOT(a, a)
    expected = oracle(hypot_like, "float64")(a, a)
    np.testing.assert_allclose(got, expected, rtol=1e-15)
    assert np.shape(got) == np.shape(expected)


def test_broadcasting_and_dtype_dispatch():
    col = np.arange(4.0)[:, None]
    row = np.arange(5.0)[None, :]
    np.testing.assert_allclose(HYPOT(col, row), oracle(hypot_like, "float64")(col, row))
    f32 = HYPOT(col.astype(np.float32), row.astype(np.float32))
    assert f32.dtype == np.float32
    # int64 inputs have no loop of their own: NumPy casts them safely to float64's.
    assert HYPOT(np.arange(3), np.arange(3)).dtype == np.float64


def test_out_where_and_out_aliasing_an_input():
    a = np.linspace(0.0, 1.0, 11)
    expected = oracle(hypot_like, "float64")(a, a)
    out = np.empty_like(a)
    assert HYPOT(a, a, out=out) is out
    np.testing.assert_allclose(out, expected)
    b = a.copy()
    HYPOT(b, b, out=b)
    np.testing.assert_allclose(b, expected)
    c = a.copy()
    HYPOT(c[1:], c[:-1], out=c[1:])  # overlapping: NumPy copies as needed
    np.testing.assert_allclose(c[1:], oracle(hypot_like, "float64")(a[1:], a[:-1]))
    masked = np.zeros_like(a)
    HYPOT(a, a, out=masked, where=a > 0.5)
    np.testing.assert_allclose(masked, np.where(a > 0.5, expected, 0.0))


def add(x, y):
    return x + y


ADD = vectorize(["float64(float64, float64)", "int64(int64, int64)"], identity=0)(add)
ADD_NO_IDENTITY = vectorize(["float64(float64, float64)"])(add)


def test_is_a_numpy_ufunc():
    assert isinstance(ADD, np.ufunc)
    assert ADD.nin == 2 and ADD.nout == 1
    assert ADD.types == ["dd->d", "ll->l"]
    assert ADD.identity == 0
    assert ADD.__name__ == "add"


@pytest.mark.parametrize("u", [ADD, ADD_NO_IDENTITY], ids=["reorderable", "sequential"])
def test_reduce_accumulate_outer_at_reduceat(u):
    a = np.arange(1.0, 41.0).reshape(5, 8)
    np.testing.assert_allclose(u.reduce(a[0]), np.add.reduce(a[0]))
    np.testing.assert_allclose(u.reduce(a, axis=0), np.add.reduce(a, axis=0))
    np.testing.assert_allclose(u.reduce(a, axis=1, keepdims=True), np.add.reduce(a, axis=1, keepdims=True))
    np.testing.assert_allclose(u.reduce(a[:, ::3], axis=1), np.add.reduce(a[:, ::3], axis=1))
    np.testing.assert_allclose(u.reduce(a[0], initial=100.0), np.add.reduce(a[0], initial=100.0))
    np.testing.assert_allclose(u.accumulate(a, axis=1), np.add.accumulate(a, axis=1))
    np.testing.assert_allclose(u.outer(a[0], a[1]), np.add.outer(a[0], a[1]))
    np.testing.assert_allclose(u.reduceat(a[0], [0, 3, 5]), np.add.reduceat(a[0], [0, 3, 5]))
    got, expected = a[0].copy(), a[0].copy()
    u.at(got, [0, 0, 2], 1.0)
    np.add.at(expected, [0, 0, 2], 1.0)
    np.testing.assert_array_equal(got, expected)


def test_long_reduction_against_numpy():
    a = np.random.default_rng(3).random(100_003)
    assert ADD.reduce(a) == pytest.approx(np.add.reduce(a), rel=1e-12)
    assert ADD_NO_IDENTITY.reduce(a) == pytest.approx(math.fsum(a), rel=1e-12)
    assert ADD.reduce(a[::3]) == pytest.approx(np.add.reduce(a[::3]), rel=1e-12)
    ints = np.arange(100_003)
    assert ADD.reduce(ints) == np.add.reduce(ints)


def test_identity_decides_empty_reductions():
    assert ADD.reduce(np.zeros(0)) == 0.0
    with pytest.raises(ValueError):
        ADD_NO_IDENTITY.reduce(np.zeros(0))


def test_the_article_log10_over_nd_arrays():
    @vectorize
    def log10(x):
        return math.log10(x)

    a = np.arange(1.0, 25.0).reshape(2, 3, 4)
    np.testing.assert_allclose(log10(a), oracle(log10.py_func, "float64")(a))
    assert not isinstance(log10, np.ufunc)
    assert isinstance(log10.ufunc, np.ufunc)


def test_dynamic_ufunc_compiles_per_input_types():
    @vectorize
    def twice(x):
        return x + x

    assert twice(np.arange(4)).dtype == np.int64
    assert twice(np.arange(4, dtype=np.float32)).dtype == np.float32
    assert twice.ufunc.types == ["l->l", "f->f"]
    # int32 casts safely to the int64 loop: nothing new is compiled (as Numba's DUFunc).
    np.testing.assert_array_equal(twice(np.arange(3, dtype=np.int32)), [0, 2, 4])
    assert twice.ufunc.ntypes == 2
    twice.add("complex128(complex128)")
    assert twice(np.array([1 + 2j])).dtype == np.complex128
    assert twice(2.5) == 5.0


def test_dynamic_ufunc_methods_compile_what_they_need():
    @vectorize(identity=0)
    def plus(x, y):
        return x + y

    a = np.arange(10.0)
    assert plus.reduce(a) == np.add.reduce(a)
    np.testing.assert_array_equal(plus.accumulate(np.arange(5)), np.add.accumulate(np.arange(5)))
    np.testing.assert_array_equal(plus.outer(np.arange(3), np.arange(2.0)),
                                  np.add.outer(np.arange(3), np.arange(2.0)))
    plus.disable_compile()
    with pytest.raises(TypeError):
        plus(np.arange(3, dtype=np.complex64), np.arange(3, dtype=np.complex64))


def test_numpy_error_model_by_default():
    def ratio(x, y):
        return x / y

    u = vectorize(["float64(float64, float64)"])(ratio)
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = np.array([1.0, -1.0, 0.0]) / 0.0
    # NumPy sees the floating-point flags the loop raised, as for its own ufuncs.
    with np.errstate(divide="raise"), pytest.raises(FloatingPointError):
        u(np.array([1.0]), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        np.testing.assert_array_equal(u(np.array([1.0, -1.0, 0.0]), 0.0), expected)
    strict = vectorize(["float64(float64, float64)"], error_model="python")(ratio)
    with pytest.raises(ZeroDivisionError):
        strict(np.array([1.0, 2.0]), np.array([1.0, 0.0]))


def checked_sqrt(x):
    if x < 0:
        raise ValueError("negative input", x)
    return math.sqrt(x)


@pytest.mark.parametrize("target", ["cpu", "parallel"])
def test_kernel_exceptions_reach_the_caller(target):
    u = vectorize(["float64(float64)"], target=target)(checked_sqrt)
    a = np.arange(10_000.0)
    np.testing.assert_allclose(u(a), np.sqrt(a))
    a[7_777] = -2.0
    with pytest.raises(ValueError) as info:
        u(a)
    assert info.value.args == ("negative input", -2.0)
    # The next call starts afresh.
    np.testing.assert_allclose(u(np.array([4.0])), [2.0])


def test_parallel_target_matches_and_keeps_reductions_serial():
    u = vectorize(["float64(float64, float64)"], target="parallel")(hypot_like)
    a = np.random.default_rng(5).random((300, 300))
    np.testing.assert_allclose(u(a, a.T), oracle(hypot_like, "float64")(a, a.T))
    np.testing.assert_allclose(u(a[:, ::2], 1.0), oracle(hypot_like, "float64")(a[:, ::2], 1.0))
    p = vectorize(["float64(float64, float64)"], target="parallel")(add)
    v = np.arange(100_000.0)
    assert p.reduce(v) == math.fsum(v)
    np.testing.assert_array_equal(p.accumulate(v[:1000]), np.add.accumulate(v[:1000]))
    inplace = v.copy()
    p(inplace, 1.0, out=inplace)
    np.testing.assert_array_equal(inplace, v + 1.0)
    oxjit.set_num_threads(1)
    try:
        np.testing.assert_array_equal(p(v, v), v + v)
    finally:
        oxjit.set_num_threads(oxjit.config.NUMBA_NUM_THREADS)


def test_signature_errors_at_decoration():
    def attribute(x):
        return x.no_such_attribute

    with pytest.raises(oxjit.TypingError, match=r"signature 'float64\(float64\)'") as info:
        vectorize(["float64(float64)"])(attribute)
    assert "no_such_attribute" in str(info.value)
    with pytest.raises(TypeError, match="takes 2"):
        vectorize(["float64(float64)"])(add)
    with pytest.raises(TypeError, match="numbers"):
        vectorize(["float64(float64[:], float64)"])(add)
    with pytest.raises(ValueError, match="identity"):
        vectorize(["float64(float64, float64)"], identity=5)(add)
    with pytest.raises(ValueError, match="target"):
        vectorize(["float64(float64, float64)"], target="gpu")(add)
    with pytest.raises(oxjit.UnsupportedError, match="cuda"):
        vectorize(["float64(float64, float64)"], target="cuda")(add)


def test_inputs_no_loop_takes_raise_numpys_error():
    with pytest.raises(TypeError, match="not supported for the input types"):
        HYPOT(np.array(["a"]), np.array(["b"]))
    with pytest.raises(TypeError):
        HYPOT(np.array([1 + 1j]), 1.0)


def test_many_calls_allocate_nothing_in_the_runtime():
    a = np.arange(8.0)
    for _ in range(20_000):
        HYPOT(a, a)
        ADD.reduce(a)


def test_called_from_compiled_code():
    @oxjit.njit
    def use(a, x):
        return HYPOT(a, a), HYPOT(x, 4.0), ADD(a.astype(np.int64), 1)

    a = np.arange(6.0).reshape(2, 3)
    arrays, number, ints = use(a, 3.0)
    np.testing.assert_allclose(arrays, HYPOT(a, a))
    assert number == hypot_like(3.0, 4.0)
    np.testing.assert_array_equal(ints, ADD(a.astype(np.int64), 1))
    assert ints.dtype == np.int64

    @oxjit.njit
    def pair(a, b):
        return HYPOT(a, b)

    for x, y in [(np.ones((3, 1)), np.arange(4.0)), (np.ones((2, 1, 3)), np.ones((4, 1))),
                 (np.array(3.0), np.arange(2.0)), (np.array(3.0), np.array(4.0)),
                 (np.arange(3), np.arange(3.0)), (a.T, 2.0)]:
        got, expected = pair(x, y), HYPOT(x, y)
        assert np.shape(got) == np.shape(expected)
        np.testing.assert_allclose(got, expected)
    with pytest.raises(ValueError, match="broadcast"):
        pair(np.ones(3), np.ones(4))

    @vectorize
    def fresh(x):
        return x + 1

    @oxjit.njit
    def use_fresh(a):
        return fresh(a)

    with pytest.raises(oxjit.TypingError, match="dynamic ufunc"):
        use_fresh(np.ones(2))
    fresh(np.ones(2))
    np.testing.assert_array_equal(use_fresh(np.ones(2)), [2.0, 2.0])


def test_parallel_kernels_that_print_on_small_arrays(capfd):
    # NumPy keeps the GIL for small loops; a worker's print needs it.
    @vectorize(["float64(float64)"], target="parallel")
    def noisy(x):
        print("item", x)
        return x + 1

    np.testing.assert_array_equal(noisy(np.arange(4.0)), [1.0, 2.0, 3.0, 4.0])
    # Prints from several threads may interleave; every one of them arrives.
    printed = capfd.readouterr().out
    assert printed.count("item") == 4 and all(f"{float(i)}" in printed for i in range(4))
