"""``prange`` loops under ``parallel=True``: every result against the same function run
by Python and compiled serially, on 1 to 4 threads."""
import math
import threading

import numpy as np
import pytest

import oxjit
from oxjit import _oxjit, prange
from oxjit.errors import TypingError

from . import kernels as k


@pytest.fixture(params=[1, 2, 4])
def threads(request):
    """Parallel loops started by this thread use this many threads (more than the cores
    are allowed here: the results must not depend on the count)."""
    _oxjit.set_thread_limit(request.param)
    yield request.param
    _oxjit.set_thread_limit(0)


def par(f):
    return oxjit.njit(parallel=True)(f)


def ser(f):
    return oxjit.njit(f)


RNG = np.random.default_rng(7)
FLOATS = RNG.standard_normal(10_001)


@pytest.mark.parametrize("kernel", [k.total, k.sqrt_sum, k.product, k.divided, k.minimum,
                                    k.maximum, k.count_positive, k.two_reductions,
                                    k.calls_helper, k.two_loops])
def test_float_reductions_match_python_and_serial(kernel, threads):
    x = FLOATS if kernel not in (k.product, k.divided) else 1.0 + FLOATS / 1000.0
    expected = kernel(x)
    got = par(kernel)(x)
    np.testing.assert_allclose(got, expected, rtol=1e-9)
    np.testing.assert_allclose(got, ser(kernel)(x), rtol=1e-9)


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "int64", "uint8", "uint16",
                                   "uint32", "uint64"])
def test_integer_reductions_are_exact(dtype, threads):
    x = RNG.integers(0, 100, 5000).astype(dtype)
    for kernel in (k.total_typed, k.minimum, k.maximum, k.count_positive, k.parity):
        args = (x, x.dtype.type(0)) if kernel is k.total_typed else (x,)
        assert par(kernel)(*args) == ser(kernel)(*args) == kernel(*args), kernel.__name__


@pytest.mark.parametrize("dtype", ["float32", "complex128", "complex64"])
def test_other_number_types(dtype, threads):
    x = (RNG.standard_normal(3000) + (1j * RNG.standard_normal(3000) if "complex" in dtype else 0)).astype(dtype)
    got = par(k.total_typed)(x, x.dtype.type(0))
    assert type(got) is type(ser(k.total_typed)(x, x.dtype.type(0)))
    np.testing.assert_allclose(got, k.total_typed(x, x.dtype.type(0)), rtol=1e-4)


def test_bool_and_or_reductions(threads):
    for x in (FLOATS, np.abs(FLOATS) + 1, -np.abs(FLOATS) - 1):
        assert par(k.all_positive)(x) == k.all_positive(x)
        assert par(k.any_positive)(x) == k.any_positive(x)


def test_spelled_out_updates(threads):
    x = RNG.integers(-50, 50, 999)
    assert par(k.spelled_out)(x) == k.spelled_out(x)


def test_float_sum_has_the_same_bits_on_any_thread_count():
    f = par(k.sqrt_sum)
    results = set()
    for n in (1, 2, 3, 4, 8):
        _oxjit.set_thread_limit(n)
        results.add(f(FLOATS).hex())
    _oxjit.set_thread_limit(0)
    assert len(results) == 1


@pytest.mark.parametrize("a,b,step", [(0, 1000, 1), (5, 1000, 7), (1000, -3, -3), (-50, 50, 1),
                                      (10, 10, 1), (10, 0, 1), (0, 10, -1), (7, 8, 100)])
def test_steps_bounds_and_empty_ranges(a, b, step, threads):
    assert par(k.stepped)(a, b, step) == k.stepped(a, b, step)


def test_zero_step_raises_like_range():
    with pytest.raises(ValueError, match="must not be zero"):
        par(k.stepped)(0, 10, 0)


def test_elementwise_writes(threads):
    out = np.zeros_like(FLOATS)
    expected = np.zeros_like(FLOATS)
    par(k.squares)(FLOATS, out)
    k.squares(FLOATS, expected)
    np.testing.assert_array_equal(out, expected)


def test_nested_loops_and_arrays_made_in_the_body(threads):
    X = RNG.random((150, 3))
    np.testing.assert_allclose(par(k.pairwise)(X), k.pairwise(X))
    a = RNG.random((40, 30))
    np.testing.assert_allclose(par(k.nested)(a), k.nested(a))
    np.testing.assert_allclose(par(k.row_sums)(a), k.row_sums(a))


def test_a_loop_reads_an_earlier_loops_reduction(threads):
    np.testing.assert_allclose(par(k.two_loops)(FLOATS), k.two_loops(FLOATS))


def test_exceptions_in_a_chunk_reach_the_caller(threads):
    x = np.arange(1, 2001)
    y = np.ones(2000, dtype=np.int64)
    y[1500] = 0
    y[1700] = 0
    with pytest.raises(ZeroDivisionError) as in_python:
        k.divides(x, y)
    with pytest.raises(ZeroDivisionError) as compiled:
        par(k.divides)(x, y)
    assert compiled.value.args == in_python.value.args
    f = oxjit.njit(parallel=True, boundscheck=True)(k.indexes)
    idx = np.arange(3000) % 100
    idx[2500] = 100
    with pytest.raises(IndexError):
        f(FLOATS[:100], idx)
    # The function still works after the failure.
    idx[2500] = 1
    assert f(FLOATS[:100], idx) == pytest.approx(k.indexes(FLOATS[:100], idx))


def test_the_first_failing_iteration_is_the_one_raised():
    @oxjit.njit(parallel=True)
    def fail_at(n, bad):
        s = 0
        for i in prange(n):
            if i in bad:
                raise ValueError(i)
            s += i
        return s

    for t in (1, 2, 4):
        _oxjit.set_thread_limit(t)
        with pytest.raises(ValueError) as e:
            fail_at(10_000, (9000, 123, 5000))
        assert e.value.args == (123,)
    _oxjit.set_thread_limit(0)


def test_prange_is_range_outside_parallel_code():
    assert list(prange(3)) == [0, 1, 2]
    assert list(prange(5, 0, -2)) == [5, 3, 1]
    assert ser(k.total)(FLOATS) == k.total(FLOATS)
    assert isinstance(prange(2), range)


def test_chunk_size_setting(threads):
    before = oxjit.set_parallel_chunksize(7)
    try:
        assert oxjit.get_parallel_chunksize() == 7
        assert par(k.count_positive)(FLOATS) == k.count_positive(FLOATS)
        assert par(k.stepped)(3, 2000, 3) == k.stepped(3, 2000, 3)
    finally:
        assert oxjit.set_parallel_chunksize(before) == 7
    with pytest.raises(ValueError):
        oxjit.set_parallel_chunksize(-1)
    with oxjit.parallel_chunksize(3):
        assert oxjit.get_parallel_chunksize() == 3
        assert par(k.stepped)(0, 100, 1) == k.stepped(0, 100, 1)
    assert oxjit.get_parallel_chunksize() == before


def test_thread_api():
    assert oxjit.threading_layer() == "oxjit"
    assert oxjit.get_thread_id() == 0
    with pytest.raises(ValueError):
        oxjit.set_num_threads(0)
    with pytest.raises(ValueError):
        oxjit.set_num_threads(oxjit.config.NUMBA_NUM_THREADS + 1)


def test_repeated_runs_never_differ():
    _oxjit.set_thread_limit(4)
    try:
        f = par(k.two_reductions)
        first = f(FLOATS)
        assert all(f(FLOATS) == first for _ in range(1000))
    finally:
        _oxjit.set_thread_limit(0)


def test_python_threads_call_parallel_functions_at_once():
    f = par(k.sqrt_sum)
    g = par(k.pairwise)
    X = RNG.random((60, 3))
    expected = (f(FLOATS), g(X))
    failures = []

    def work():
        _oxjit.set_thread_limit(2)
        for _ in range(50):
            if f(FLOATS) != expected[0] or not np.array_equal(g(X), expected[1]):
                failures.append(1)

    workers = [threading.Thread(target=work) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert not any(w.is_alive() for w in workers)
    assert failures == []


def test_print_from_worker_threads(capfd):
    @oxjit.njit(parallel=True)
    def shout(n):
        for i in prange(n):
            print(i)

    _oxjit.set_thread_limit(2)
    try:
        shout(200)
    finally:
        _oxjit.set_thread_limit(0)
    lines = capfd.readouterr().out.split()
    assert sorted(map(int, lines)) == list(range(200))


# --- loops that cannot run in parallel say why ---------------------------------------

def breaks(x):
    s = 0.0
    for i in prange(x.shape[0]):
        if x[i] < 0:
            break
        s += x[i]
    return s


def returns(x):
    for i in prange(x.shape[0]):
        if x[i] < 0:
            return i
    return -1


def last_value(x):
    last = 0.0
    for i in prange(x.shape[0]):
        last = x[i]
    return last


def reads_partial(x):
    s = 0.0
    for i in prange(x.shape[0]):
        s += x[i]
        x[i] = s
    return s


def mixed_operators(x):
    s = 1.0
    for i in prange(x.shape[0]):
        s += x[i]
        s *= 2.0
    return s


def not_an_operator(x):
    s = 100
    for i in prange(x.shape[0]):
        s = s // 2
    return s


@pytest.mark.parametrize("kernel,message", [
    (breaks, "cannot be left with `break`"),
    (returns, "cannot `return`"),
    (last_value, "'last' is assigned in the prange loop"),
    (reads_partial, "reads 's', which it also updates"),
    (mixed_operators, "two different operators"),
    (not_an_operator, "updated with `//`"),
])
def test_unsafe_loops_are_typing_errors(kernel, message):
    x = np.ones(10)
    with pytest.raises(TypingError, match=message):
        par(kernel)(x)
    # Compiled serially, and in Python, the same function runs.
    ser(kernel)(x.copy())


def test_parallel_diagnostics_name_each_loop_and_reduction(capsys):
    import inspect
    f = par(k.nested)
    f(np.ones((3, 3)))
    f.parallel_diagnostics(level=1)
    out = capsys.readouterr().out
    lines, first = inspect.getsourcelines(k.nested)
    outer = first + next(i for i, t in enumerate(lines) if "prange(a.shape[0])" in t)
    assert f"prange loop at line {outer} runs in parallel" in out
    assert f"prange loop at line {outer + 1} inside it runs serially" in out
    assert "reduction 's' (float64)" in out
    g = ser(k.total)
    g(FLOATS)
    g.parallel_diagnostics()
    assert "without parallel=True" in capsys.readouterr().out
    with pytest.raises(ValueError):
        f.parallel_diagnostics(level=7)


def test_array_reductions(threads):
    x = RNG.standard_normal((1000, 7))
    np.testing.assert_allclose(par(k.column_sums)(x), k.column_sums(x))
    np.testing.assert_allclose(par(k.column_products)(1.0 + x / 1000), k.column_products(1.0 + x / 1000))
    acc, expected = np.arange(7.0), np.arange(7.0)
    got = par(k.accumulate)(x, acc)
    k.accumulate(x, expected)
    np.testing.assert_allclose(acc, expected)  # updated in place, as in Python
    assert got is acc or np.shares_memory(got, acc)
    d = np.ones(1000)
    a, s = par(k.array_and_scalar)(x, d)
    ea, es = k.array_and_scalar(x, d)
    np.testing.assert_allclose(a, ea)
    assert s == es


def test_a_failing_array_reduction_releases_every_chunks_array(threads):
    x = RNG.standard_normal((1000, 5))
    d = np.ones(1000)
    d[700] = 0
    with pytest.raises(ZeroDivisionError):
        par(k.array_and_scalar)(x, d)


def rebinds_array(x):
    acc = np.zeros(x.shape[1])
    for i in prange(x.shape[0]):
        acc = acc + x[i]
    return acc


def test_an_array_reduction_must_update_in_place():
    with pytest.raises(TypingError, match="may only be updated in place"):
        par(rebinds_array)(np.ones((4, 3)))


def test_get_thread_id_in_compiled_code():
    @oxjit.njit(parallel=True)
    def ids(n):
        out = np.empty(n, dtype=np.int64)
        for i in prange(n):
            s = 0.0
            for j in range(20_000):
                s += math.sin(j)
            out[i] = oxjit.get_thread_id() + (s > 1e9)
        return out

    @oxjit.njit
    def outside():
        return oxjit.get_thread_id()

    assert outside() == 0
    for t in (1, 2, 3):
        _oxjit.set_thread_limit(t)
        seen = set(ids(64).tolist())
        assert seen <= set(range(t)) and 0 in seen
    _oxjit.set_thread_limit(0)


def test_and_or_reductions(threads):
    for x in (FLOATS, np.abs(FLOATS) * 0.1, np.concatenate([np.zeros(5000), FLOATS])):
        for kernel in (k.any_big, k.all_small, k.first_nonzero, k.last_or_first_zero):
            assert par(kernel)(x) == kernel(x), kernel.__name__
    x = np.ones(3000)
    x[1234] = 0.0
    assert par(k.last_or_first_zero)(x) == k.last_or_first_zero(x) == 0.0


def appends(x):
    out = [0.0]
    for i in prange(x.shape[0]):
        out.append(x[i])
    return len(out)


def sets_list_items(x):
    out = []
    for i in range(x.shape[0]):
        out.append(0.0)
    for i in prange(x.shape[0]):
        out[i] = 2 * x[i]
    return out


def replaces_list_arrays(x):
    rows = [np.zeros(2), np.zeros(2)]
    for i in prange(x.shape[0]):
        rows[i % 2] = np.ones(2) * x[i]
    return rows[0][0]


def reads_list(x):
    weights = [1.0, 2.0, 3.0]
    s = 0.0
    for i in prange(x.shape[0]):
        s += x[i] * weights[i % 3]
    return s


def private_list(x):
    s = 0.0
    for i in prange(x.shape[0]):
        row = [x[i]]
        row.append(1.0)
        s += row[0] + row[1]
    return s


def reads_dict(x):
    weights = {i: i * 0.5 for i in range(7)}
    s = 0.0
    for i in prange(x.shape[0]):
        s += x[i] * weights[i % 7] + weights.get(i, 1.0)
    return s


def stores_into_dict(x):
    seen = {0: 0.0}
    for i in prange(x.shape[0]):
        seen[i] = x[i]
    return len(seen)


def loops_over_dict(x):
    d = {1: 2.0, 3: 4.0}
    s = 0.0
    for i in prange(x.shape[0]):
        for k in d:
            s += d[k] * x[i]
    return s


def private_dict(x):
    s = 0.0
    for i in prange(x.shape[0]):
        d = {0: x[i]}
        d[1] = 2.0 * x[i]
        s += d[0] + d[1]
    return s


def test_shared_dicts_may_be_read_but_not_changed():
    x = np.arange(1000.0)
    assert par(reads_dict)(x) == pytest.approx(reads_dict(x))
    assert par(private_dict)(x) == pytest.approx(private_dict(x))
    with pytest.raises(TypingError, match="changes the dict 'seen' \\(\\[...\\] =\\)"):
        par(stores_into_dict)(x)
    with pytest.raises(TypingError, match="changes the dict 'd' \\(for ... in\\)"):
        par(loops_over_dict)(x)


def test_shared_lists_may_be_read_but_not_changed():
    x = np.arange(100.0)
    with pytest.raises(TypingError, match="changes the list 'out' \\(append\\)"):
        par(appends)(x)
    with pytest.raises(TypingError, match="changes the list 'rows'"):
        par(replaces_list_arrays)(x)
    assert par(sets_list_items)(x) == sets_list_items(x)
    assert par(reads_list)(x) == pytest.approx(reads_list(x))
    assert par(private_list)(x) == pytest.approx(private_list(x))
