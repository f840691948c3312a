"""Parallel execution from Python: ``prange``, the thread count and the chunk size of
parallel loops, per calling thread as in Numba. ``prange`` loops of ``parallel=True``
functions and ``target='parallel'`` ufuncs run on one pool of worker threads per
process, of at most ``config.NUMBA_NUM_THREADS`` threads."""
import contextlib
import threading

from oxjit import _oxjit, config

_local = threading.local()

_oxjit.set_default_threads(config.NUMBA_NUM_THREADS)


class prange:
    """Numba's parallel range: in a function compiled with ``parallel=True`` the
    iterations of a ``for i in prange(...)`` loop are spread over threads; anywhere else
    (Python, or compiled without ``parallel``) it is ``range``."""

    def __new__(cls, *args):
        return range(*args)


def _integer(n, what):
    """``n`` as an int (an int-like object, not a bool), or TypeError naming ``what``."""
    if isinstance(n, bool) or not hasattr(n, "__index__"):
        raise TypeError(f"{what} must be an integer, not {n!r}")
    return n.__index__()


def get_num_threads():
    """The number of threads parallel code started from this thread may use."""
    return getattr(_local, "n", config.NUMBA_NUM_THREADS)


def set_num_threads(n):
    """Let parallel code started from this thread use ``n`` threads (1 to
    ``config.NUMBA_NUM_THREADS``)."""
    n = _integer(n, "The number of threads specified")
    if not 1 <= n <= config.NUMBA_NUM_THREADS:
        raise ValueError(f"The number of threads must be between 1 and {config.NUMBA_NUM_THREADS}, not {n}")
    _local.n = n
    _oxjit.set_thread_limit(n)


def get_thread_id():
    """The index of the thread running this code among parallel code's threads: 0, the
    thread that starts parallel work, for Python code (workers run compiled code only;
    there it is 0 to ``get_num_threads() - 1``)."""
    return 0


def get_parallel_chunksize():
    """Iterations per chunk of the parallel loops started from this thread (0: each loop
    is cut into a fixed number of chunks that depends on its length only)."""
    return _oxjit.parallel_chunksize()


def set_parallel_chunksize(n):
    """Set the iterations per chunk of parallel loops started from this thread (0 for the
    default); returns the previous setting. Chunks never depend on the thread count, so
    results do not either."""
    n = _integer(n, "The parallel chunksize")
    if n < 0:
        raise ValueError("chunksize must be greater than or equal to zero")
    return _oxjit.set_parallel_chunksize(n)


@contextlib.contextmanager
def parallel_chunksize(n):
    """``with parallel_chunksize(n):`` parallel loops started inside use chunks of ``n``
    iterations; the previous setting comes back after."""
    before = set_parallel_chunksize(n)
    try:
        yield
    finally:
        set_parallel_chunksize(before)


def threading_layer():
    """The threading layer parallel code runs on: oxjit's own worker pool."""
    return "oxjit"
