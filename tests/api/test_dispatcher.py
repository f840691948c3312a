"""The Dispatcher object a decorated function becomes: py_func, signatures, inspection, threads."""
import threading

import numpy as np
import pytest

import oxjit
from oxjit import njit


def add_one(x):
    return x + 1


def sum_squares(n):
    s = 0
    for i in range(n):
        s += i * i
    return s


def first(a):
    return a[0]


def signature_names(disp):
    """The dispatcher's signatures as tuples of type names."""
    return [tuple(str(t) for t in sig) for sig in disp.signatures]


# --- py_func and signatures ---------------------------------------------------------------------

def test_py_func_is_the_decorated_function():
    f = njit(add_one)
    assert f.py_func is add_one
    assert f.py_func(1) == 2  # callable without compiling anything
    assert f.signatures == []


def test_signatures_in_call_order():
    f = njit(add_one)
    assert f.signatures == []
    f(1)
    f(2.5)
    assert signature_names(f) == [("int64",), ("float64",)]
    f(True)
    f(1j)
    assert signature_names(f) == [("int64",), ("float64",), ("bool",), ("complex128",)]


def test_same_types_do_not_add_a_signature():
    f = njit(add_one)
    f(1)
    f(2)
    f(-(2**62))
    assert signature_names(f) == [("int64",)]
    f(1.0)
    f(3.5)
    assert signature_names(f) == [("int64",), ("float64",)]


def test_numpy_scalar_signatures():
    f = njit(add_one)
    for value in (np.float32(1), np.int32(1), np.uint8(1), np.int64(1), np.float64(1)):
        f(value)
    # np.int64 and np.float64 arguments type like Python ints and floats
    assert signature_names(f) == [("float32",), ("int32",), ("uint8",), ("int64",), ("float64",)]


def test_array_signatures_name_dtype_ndim_and_layout():
    f = njit(first)
    f(np.zeros((2, 3)))
    f(np.zeros((2, 3), order="F"))
    f(np.zeros((4, 6))[::2, ::2])
    f(np.zeros(5, np.int32))
    f(np.zeros(10, np.int32)[::3])
    assert signature_names(f) == [
        ("array(float64, 2d, C)",),
        ("array(float64, 2d, F)",),
        ("array(float64, 2d, A)",),
        ("array(int32, 1d, C)",),
        ("array(int32, 1d, A)",),
    ]
    f(np.ones((2, 3)))  # another C-contiguous float64 matrix: nothing new
    assert len(f.signatures) == 5


def test_tuple_and_multi_argument_signatures():
    def g(a, b):
        return a[0] + b

    f = njit(g)
    f((1, 2), 1.5)
    f((1, 2.5), 1)
    assert signature_names(f) == [("UniTuple(int64 x 2)", "float64"), ("Tuple(int64, float64)", "int64")]


def test_signature_entries_are_tuples():
    f = njit(add_one)
    f(1)
    (sig,) = f.signatures
    assert isinstance(sig, tuple)
    assert len(sig) == 1


def test_explicit_signatures_are_compiled_eagerly():
    f = njit(["int64(int64)", "float64(float64)"])(add_one)
    assert signature_names(f) == [("int64",), ("float64",)]
    f(3)
    assert len(f.signatures) == 2


def test_explicit_signatures_convert_arguments_instead_of_compiling_more():
    # As in Numba: with signatures given, a call converts its arguments to a compiled one.
    f = njit("float64(float64)")(add_one)
    result = f(3)
    assert isinstance(result, float) and result == 4.0
    assert signature_names(f) == [("float64",)]


# --- inspection -------------------------------------------------------------------------------------

def test_inspect_llvm_gives_a_dict_of_llvm_ir_per_signature():
    f = njit(add_one)
    f(1)
    f(1.5)
    llvm = f.inspect_llvm()
    assert isinstance(llvm, dict)
    assert list(llvm) == list(f.signatures)
    for sig, text in llvm.items():
        assert isinstance(text, str)
        assert "define" in text
    int_ir, float_ir = (llvm[sig] for sig in f.signatures)
    assert "i64" in int_ir
    assert "double" in float_ir


def test_inspect_llvm_of_one_signature():
    f = njit(add_one)
    f(1)
    (sig,) = f.signatures
    text = f.inspect_llvm(sig)
    assert isinstance(text, str)
    assert "define" in text


def test_inspect_llvm_before_compiling_is_empty():
    f = njit(add_one)
    assert f.inspect_llvm() == {}
    assert f.inspect_asm() == {}


def test_inspect_asm_gives_the_machine_code():
    f = njit(sum_squares)
    f(10)
    asm = f.inspect_asm()
    assert isinstance(asm, dict)
    assert list(asm) == list(f.signatures)
    (text,) = asm.values()
    assert isinstance(text, str)
    assert "sum_squares" in text  # the function's symbol is named after it
    assert "ret" in text  # and it has machine instructions, not just directives


# --- threads ----------------------------------------------------------------------------------------

def test_calls_from_several_threads_including_the_first_compile():
    f = njit(sum_squares)
    g = njit(add_one)
    n_threads = 4
    barrier = threading.Barrier(n_threads)
    errors = []

    def worker(k):
        try:
            barrier.wait()  # every thread makes its first call at once: all race to compile
            for j in range(200):
                n = k * 7 + j % 50
                assert f(n) == sum_squares(n)
                value = j + 0.5 if k % 2 else j  # two threads compile float64, two int64
                assert g(value) == add_one(value)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    assert not errors, errors
    assert signature_names(f) == [("int64",)]
    assert sorted(signature_names(g)) == [("float64",), ("int64",)]


def test_threads_calling_different_dispatchers_and_arrays():
    funcs = [njit(first) for _ in range(4)]
    barrier = threading.Barrier(4)
    errors = []

    def worker(k):
        try:
            barrier.wait()
            a = np.arange(k, k + 10, dtype=np.float64 if k % 2 else np.int64)
            for _ in range(100):
                for f in funcs:
                    assert f(a) == a[0]
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    for f in funcs:
        assert sorted(signature_names(f)) == [("array(float64, 1d, C)",), ("array(int64, 1d, C)",)]


def test_errors_are_raised_in_the_calling_thread():
    f = njit(add_one)
    caught = []

    def worker():
        try:
            f((1, 2))  # tuple + int: a typing error
        except oxjit.errors.TypingError as exc:
            caught.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(caught) == 4
    assert f(1) == 2
    with pytest.raises(oxjit.errors.TypingError):
        f((1, 2))


@njit
def _scale(a, s):
    return a * s


@njit
def _countdown(n, x):
    if n <= 0:
        return x
    return _countdown(n - 1, x * 0.5)


def test_numpy_scalar_and_python_number_arguments_promote_as_numpy_does():
    # NEP 50: a Python float takes the array's dtype, a NumPy float64 keeps its own. They
    # compile to two specialisations that `.signatures` lists once.
    f32 = np.arange(4, dtype=np.float32)
    for s in (2.0, np.float64(2.0), 3, np.int64(3)):
        got, want = _scale(f32, s), _scale.py_func(f32, s)
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)
    assert len(_scale.signatures) == len(set(_scale.signatures)) == 2


def test_recursion_with_numpy_scalar_arguments():
    for x in (8.0, np.float64(8.0)):
        assert _countdown(3, x) == _countdown.py_func(3, x)
    assert _countdown(np.int64(2), np.float64(4.0)) == _countdown.py_func(np.int64(2), np.float64(4.0))


def test_declared_signatures_take_numpy_scalars_like_python_numbers():
    # With explicit signatures a np.float64 argument picks the same one a float does.
    @njit(["complex128(complex128)", "float64(float64)"])
    def twice(x):
        return x * 2

    for x in (1.5, np.float64(1.5)):
        got = twice(x)
        assert type(got) is float and got == twice.py_func(1.5)


def test_error_model_numpy_gives_zero_for_integer_division_by_zero():
    # As Numba: no ZeroDivisionError; integer // and % by zero give 0, float / gives inf.
    @oxjit.njit(error_model="numpy")
    def divide(a, b, x, y):
        return a // b, a % b, x / y

    assert divide(7, 0, 1.0, 0.0) == (0, 0, np.inf)
    assert divide(-7, 2, -1.0, 4.0) == (-7 // 2, -7 % 2, -0.25)


def test_a_function_that_always_raises_compiles():
    @oxjit.njit
    def always(x):
        raise ValueError("always")

    @oxjit.njit
    def maybe(x):
        if x > 0:
            always(x)
        return x + 1

    with pytest.raises(ValueError, match="always"):
        always(1)
    assert maybe(-1) == maybe.py_func(-1)
    with pytest.raises(ValueError, match="always"):
        maybe(1)
