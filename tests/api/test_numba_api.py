"""Numba's Python API as Numba users reach it: ``numba`` mapped to oxjit, ``python -m
oxjit``, ``config``, signature objects, the names of features oxjit lacks, and error
messages that say what is missing."""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import oxjit
from oxjit._alias import uninstall_numba_alias
from oxjit.errors import TypingError, UnsupportedError


@pytest.fixture
def numba_alias():
    oxjit.install_numba_alias()
    yield
    uninstall_numba_alias()


def run_python(*args, env=None, cwd=None):
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=full_env,
                          cwd=cwd, timeout=120)


# --- numba as another name for oxjit -------------------------------------------------------

def test_numba_imports_oxjit_and_its_submodules(numba_alias):
    import numba
    import numba.core.errors
    from numba.core import types
    from numba.extending import overload  # noqa: F401

    assert numba is oxjit
    assert numba.core.errors.TypingError is oxjit.errors.TypingError
    assert types.float64 == oxjit.float64
    assert numba.njit is oxjit.njit


def test_a_numba_module_oxjit_lacks_says_so(numba_alias):
    with pytest.raises(ModuleNotFoundError, match="numba.cuda_not_a_module is not supported by oxjit yet"):
        import numba.cuda_not_a_module  # noqa: F401


def test_a_numba_name_oxjit_lacks_says_so():
    with pytest.raises(AttributeError, match="numba.not_a_name is not supported by oxjit yet"):
        oxjit.not_a_name  # noqa: B018


def test_python_m_oxjit_run_maps_numba(tmp_path):
    script = tmp_path / "uses_numba.py"
    script.write_text(textwrap.dedent("""
        import sys
        import numba
        from numba import njit

        @njit
        def twice(x):
            return 2 * x

        print(numba.__name__, twice(21), sys.argv[1:])
    """))
    out = run_python("-m", "oxjit", "run", str(script), "a", "b")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["oxjit", "42", "['a',", "'b']"]


def test_python_m_oxjit_run_module_passes_the_exit_status(tmp_path):
    (tmp_path / "failing.py").write_text("import numba, sys\nsys.exit(3 if numba.__name__ == 'oxjit' else 4)\n")
    out = run_python("-m", "oxjit", "run", "-m", "failing", cwd=tmp_path)
    assert out.returncode == 3, out.stderr


def test_python_m_oxjit_prints_system_information():
    out = run_python("-m", "oxjit")
    assert out.returncode == 0, out.stderr
    for heading in ("oxjit", "LLVM", "CPU name", "SIMD width", "Threading layer", "CUDA GPU"):
        assert heading in out.stdout
    assert np.__version__ in out.stdout


# --- config ----------------------------------------------------------------------------------

def test_disable_jit_returns_the_python_function():
    code = ("import oxjit\n"
            "def f(x):\n    return x\n"
            "print(oxjit.config.DISABLE_JIT, oxjit.njit(f) is f, oxjit.jit(cache=True)(f) is f)\n")
    for var in ("NUMBA_DISABLE_JIT", "OXJIT_DISABLE_JIT"):
        out = run_python("-c", code, env={var: "1"})
        assert out.stdout.split() == ["True", "True", "True"], out.stderr


def test_oxjit_variables_win_over_numba_ones():
    code = "import oxjit; print(oxjit.config.NUMBA_NUM_THREADS, oxjit.config.OPT)"
    out = run_python("-c", code, env={"NUMBA_NUM_THREADS": "3", "OXJIT_NUM_THREADS": "5", "NUMBA_OPT": "2"})
    assert out.stdout.split() == ["5", "2"], out.stderr


def test_a_malformed_variable_is_a_clear_error():
    out = run_python("-c", "import oxjit", env={"NUMBA_NUM_THREADS": "many"})
    assert out.returncode != 0
    assert "NUMBA_NUM_THREADS='many'" in out.stderr


# --- signatures as objects ---------------------------------------------------------------

def test_calling_a_type_with_types_makes_a_signature():
    sig = oxjit.int64(oxjit.int32, oxjit.float64[:])
    assert sig.return_type == oxjit.int64
    assert sig.args == (oxjit.int32, oxjit.float64[:])
    assert str(sig) == "int64(int32, float64[:])"
    assert sig == oxjit.int64(oxjit.int32, oxjit.float64[:])
    assert oxjit.float64(2) == 2.0  # with a value: a conversion, as before


def test_signature_objects_compile_eagerly_with_numba_type_classes():
    from oxjit.types import Array

    T = oxjit.float32
    sig = T[:](Array(T, 1, "A", readonly=True), T)
    assert repr(sig) == "array(float32, 1d, A)(readonly array(float32, 1d, A), float32)"

    @oxjit.njit([sig])
    def scaled(x, a):
        return x * a

    x = np.arange(4, dtype=np.float32)
    x.setflags(write=False)
    got = scaled(x, np.float32(2))
    np.testing.assert_array_equal(got, scaled.py_func(x, np.float32(2)))
    assert got.dtype == np.float32


def test_optional_arguments_compile_for_the_type_and_for_none():
    @oxjit.njit([oxjit.float64(oxjit.float64, oxjit.optional(oxjit.uint64))])
    def f(x, seed):
        if seed is None:
            return -x
        return x + seed

    assert f(1.5, 2) == f.py_func(1.5, 2)
    assert f(1.5, None) == f.py_func(1.5, None)
    assert len(f.signatures) == 2


def test_a_signature_oxjit_cannot_compile_yet_fails_when_called():
    # Only the None version uses a feature oxjit lacks; the module must still import,
    # and calls the other version takes must work.
    @oxjit.njit([oxjit.float64(oxjit.float64, oxjit.optional(oxjit.uint64))])
    def f(x, seed):
        if seed is None:
            with oxjit.objmode(seed="uint64"):
                seed = 7
        return x + seed

    assert f(1.0, 2) == 3.0
    with pytest.raises(oxjit.TypingError, match="objmode"):
        f(1.0, None)


# --- features oxjit lacks, under their names ----------------------------------------------

def test_pending_decorators_fail_when_called():
    @oxjit.cfunc("float64(float64)")
    def inc(x):
        return x + 1

    @oxjit.stencil
    def average(a):
        return (a[-1] + a[0] + a[1]) / 3

    with pytest.raises(UnsupportedError, match="cfunc"):
        inc(1.0)
    with pytest.raises(UnsupportedError, match="stencil"):
        average(np.ones(4))
    assert inc.py_func(1.0) == 2.0


def test_objmode_in_compiled_code_says_it_is_not_supported_yet():
    @oxjit.njit
    def f(x):
        with oxjit.objmode(y="float64"):
            y = x + 1
        return y

    assert f.py_func(1.0) == 2.0  # plain Python: objmode does nothing
    with pytest.raises(TypingError, match="objmode block.*not supported by oxjit yet"):
        f(1.0)


def test_typed_containers_say_they_are_not_supported_yet():
    with pytest.raises(UnsupportedError, match="typed.Dict"):
        oxjit.typed.Dict.empty(key_type=oxjit.int64, value_type=oxjit.float64)
    with pytest.raises(UnsupportedError, match="typed.List"):
        oxjit.typed.List()


def test_numpy_support_converts_dtypes():
    from oxjit.np.numpy_support import as_dtype, from_dtype

    for name in ("float32", "int8", "uint64", "complex128", "bool"):
        t = from_dtype(np.dtype(name))
        assert as_dtype(t) == np.dtype(name)
    assert oxjit.from_dtype(np.float64) == oxjit.float64
    with pytest.raises(NotImplementedError):
        from_dtype(np.dtype(">f8"))


# --- errors that say what is missing -------------------------------------------------------

def test_error_classes_report_oxjit_errors_as_their_module():
    for cls in (oxjit.TypingError, oxjit.UnsupportedError, oxjit.NumbaError, oxjit.LoweringError):
        assert cls.__module__ == "oxjit.errors"
    assert oxjit.core.errors.TypingError is oxjit.TypingError


def test_an_unsupported_numpy_function_is_named_not_asked_for_as_an_argument():
    @oxjit.njit
    def f(a):
        np.random.shuffle(a)
        return a

    with pytest.raises(TypingError) as info:
        f(np.ones(2))
    text = str(info.value)
    assert "numpy.random.shuffle() is not supported in compiled code" in text
    assert "pass it as an argument" not in text


def test_a_misspelt_numpy_function_suggests_the_right_one():
    @oxjit.njit
    def f(a):
        return np.cumsun(a)

    with pytest.raises(TypingError, match=r"module 'numpy' has no attribute 'cumsun'[\s\S]*numpy.cumsum"):
        f(np.ones(2))


@oxjit.njit
def one_like(x):
    return type(x)(1) / x


def test_type_of_a_number_converts_like_the_number():
    # 1/3 in float32 differs from 1/3 in float64: the division runs in x's type.
    for x in (np.float32(3.0), 3.0, np.int16(3), 3, np.float32(0.1)):
        got, expected = one_like(x), one_like.py_func(x)
        assert got == expected, (x, got, expected)


@oxjit.njit
def square(x):
    return x * x


@oxjit.njit
def cube(x):
    return x * x * x


@oxjit.njit
def apply_each(f, a):
    out = np.empty_like(a)
    for i in range(a.size):
        out[i] = f(a[i])
    return out


def test_jitted_functions_pass_as_arguments():
    # Each function passed is its own specialisation, called directly by compiled code.
    a = np.arange(5.0)
    for f in (square, cube, square):
        np.testing.assert_array_equal(apply_each(f, a), apply_each.py_func(f, a))
    assert len(apply_each.signatures) == 2


def test_functions_made_by_exec_compile_under_the_alias(numba_alias):
    namespace = {"np": np}
    exec("def poly(x):\n    return 3 * x * x + 1\n", namespace)  # noqa: S102
    f = oxjit.njit(namespace["poly"])
    assert f(2.0) == f.py_func(2.0) == 13.0
    # exec keeps its semantics: with one dict, names land in it; with two, in locals.
    glb, loc = {}, {}
    exec("a = 1", glb)  # noqa: S102
    exec("b = a + 1", glb, loc)  # noqa: S102
    assert glb["a"] == 1 and loc == {"b": 2}


def test_without_the_alias_exec_source_is_missing_and_the_error_says_so():
    namespace = {}
    exec("def g(x):\n    return x\n", namespace)  # noqa: S102
    with pytest.raises(TypingError, match="cannot read the source"):
        oxjit.njit(namespace["g"])(1)


# --- types as objects of Numba's classes ----------------------------------------------------

def test_type_constants_are_instances_of_numbas_classes():
    from oxjit import types

    assert isinstance(types.float32, types.Float) and isinstance(types.int8, types.Integer)
    assert isinstance(types.complex64, types.Complex) and isinstance(types.boolean, types.Boolean)
    assert type(types.float64) is types.Float
    assert types.int16.bitwidth == 16 and not types.uint8.signed
    arr = types.float64[:, ::1]
    assert isinstance(arr, types.Array) and (arr.ndim, arr.layout) == (2, "C")
    assert arr.dtype == types.float64
    assert types.Array(types.float64, 2, "C") == arr
    assert {arr: 1}[types.Array(types.float64, 2, "C")] == 1  # equal types hash alike
    assert issubclass(types.Float, types.Type)


def test_typeof_gives_numbas_classes():
    from oxjit import types

    assert oxjit.typeof(np.zeros((2, 3), np.float32)) == types.float32[:, ::1]
    assert isinstance(oxjit.typeof(np.zeros(3)[::2]), types.Array)
    assert oxjit.typeof(np.zeros(3)[::2]).layout == "A"
    assert oxjit.typeof(1.5) == types.float64
    assert oxjit.typeof((1, 2)) == types.UniTuple(types.int64, 2)
    assert isinstance(oxjit.typeof((1, 2.5)), types.Tuple)


def test_numba_style_type_checks_in_overload_code_see_one_class_per_kind():
    # numba-stats checks `isinstance(arg, type(array_type.dtype))`.
    from oxjit import types

    first = types.Array(types.float64, 1, "C")
    scalar_class = type(first.dtype)
    assert isinstance(oxjit.typeof(2.0), scalar_class)
    assert not isinstance(oxjit.typeof(2), scalar_class)


def test_import_oxjit_loads_nothing_heavy():
    # What `import oxjit` must not pull in (each costs milliseconds): NumPy, typing,
    # inspect, the import machinery of the numba alias.
    code = ("import sys, oxjit\n"
            "print(sorted(m for m in ('numpy', 'typing', 'inspect', 'importlib.abc') if m in sys.modules))")
    out = run_python("-c", code)
    assert out.stdout.strip() == "[]", out.stderr


def test_numbas_error_classes_sit_in_numbas_hierarchy():
    assert issubclass(oxjit.NumbaValueError, oxjit.TypingError)
    assert issubclass(oxjit.ForbiddenConstruct, oxjit.LoweringError)
    assert issubclass(oxjit.NumbaIRAssumptionWarning, oxjit.NumbaPedanticWarning)
    assert issubclass(oxjit.NumbaDeprecationWarning, DeprecationWarning)
    # What oxjit raises is caught by Numba's base classes.
    with pytest.raises(oxjit.core.errors.NumbaError):
        oxjit.njit(lambda x: undefined_name)(1)  # noqa: F821


def test_thread_count_is_checked_and_per_thread():
    import threading

    n = oxjit.config.NUMBA_NUM_THREADS
    oxjit.set_num_threads(1)
    seen = []
    t = threading.Thread(target=lambda: seen.append(oxjit.get_num_threads()))
    t.start()
    t.join()
    assert oxjit.get_num_threads() == 1 and seen == [n]
    oxjit.set_num_threads(n)
    with pytest.raises(ValueError):
        oxjit.set_num_threads(n + 1)
    with pytest.raises(ValueError):
        oxjit.set_num_threads(0)
    with pytest.raises(TypeError):
        oxjit.set_num_threads(1.5)


# --- the dispatcher as Numba users touch it ---------------------------------------------------

def test_targetoptions_changed_before_compiling_apply():
    @oxjit.njit
    def divide(a, b):
        return a / b

    assert divide.targetoptions["error_model"] == "python"
    divide.targetoptions["error_model"] = "numpy"  # as some packages do before a first call
    assert divide(1.0, 0.0) == np.inf


def test_compile_nopython_signatures_and_disable_compile():
    @oxjit.njit
    def add(a, b):
        return a + b

    add.compile(oxjit.float64(oxjit.float64, oxjit.float64))
    add.compile("int64(int64, int64)")
    sigs = {str(s) for s in add.nopython_signatures}
    assert sigs == {"float64(float64, float64)", "int64(int64, int64)"}
    add.disable_compile()
    assert add(1.5, 2.0) == 3.5 and add(1, 2) == 3
    with pytest.raises(TypeError, match="compilation is disabled"):
        add(np.ones(2), np.ones(2))
    add.disable_compile(False)
    np.testing.assert_array_equal(add(np.ones(2), np.ones(2)), [2.0, 2.0])


class WithJittedMethod:
    def __init__(self, k):
        self.k = k

    @oxjit.njit
    def scale(x, y):  # noqa: N805  (the instance is passed as x)
        return y * 2


def test_a_jitted_function_on_a_class_binds_as_a_method():
    obj = WithJittedMethod(3)
    method = obj.scale
    assert method.__self__ is obj and method.__func__ is WithJittedMethod.__dict__["scale"]
    assert WithJittedMethod.scale is WithJittedMethod.__dict__["scale"]  # unbound: itself


@oxjit.njit([oxjit.float32(oxjit.float32), oxjit.float64(oxjit.float64)])
def third(x):
    return x / 3


def test_a_call_picks_the_declared_signature_its_arguments_fit_best():
    # Numba's rule: fewest unsafe conversions first. A Python float or int goes to
    # float64 (float32 would lose precision) even though float32 is declared first.
    assert third(1.0) == 1.0 / 3
    assert third(1) == 1.0 / 3
    assert third(np.float32(1.0)) == np.float32(1.0) / np.float32(3)


# --- plain Python functions called from compiled code are compiled too --------------------

def get_stdev(xs):
    # The article's example: an undecorated helper Numba refuses to call.
    n = len(xs)
    mean = 0.0
    for x in xs:
        mean += x
    mean /= n
    s = 0.0
    for x in xs:
        s += (x - mean) ** 2
    return (s / n) ** 0.5


@oxjit.njit
def zscore(xs, v):
    return (v - xs.mean()) / get_stdev(xs)


def not_compilable(x):
    return {x, 1}


@oxjit.njit
def calls_not_compilable(x):
    return not_compilable(x)


def test_plain_python_callees_are_compiled():
    a = np.arange(10.0)
    assert zscore(a, 3.0) == zscore.py_func(a, 3.0)


def test_a_plain_callee_that_does_not_compile_shows_its_own_line():
    with pytest.raises(TypingError) as info:
        calls_not_compilable(1)
    text = str(info.value)
    assert "return {x, 1}" in text and "while typing a call to not_compilable" in text


def test_auto_jit_can_be_turned_off(tmp_path):
    script = tmp_path / "plain.py"
    script.write_text(textwrap.dedent("""
        import oxjit
        def helper(x):
            return x + 1
        @oxjit.njit
        def f(x):
            return helper(x)
        try:
            f(1)
        except oxjit.TypingError as e:
            print("refused:", "not compiled" in str(e))
    """))
    out = run_python(str(script), env={"OXJIT_AUTO_JIT": "0"})
    assert out.stdout.strip() == "refused: True", out.stderr
