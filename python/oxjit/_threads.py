"""``get_num_threads`` / ``set_num_threads``: how many threads parallel code may use, per
calling thread as in Numba, at most ``config.NUMBA_NUM_THREADS``. ``target='parallel'``
ufuncs use that many threads of oxjit's worker pool (``prange`` loops still run serially)."""
import threading

from oxjit import config

_local = threading.local()


def get_num_threads():
    """The number of threads parallel code started from this thread may use."""
    return getattr(_local, "n", config.NUMBA_NUM_THREADS)


def set_num_threads(n):
    """Let parallel code started from this thread use ``n`` threads (1 to
    ``config.NUMBA_NUM_THREADS``)."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"The number of threads specified must be an integer, not {n!r}")
    if not 1 <= n <= config.NUMBA_NUM_THREADS:
        raise ValueError(f"The number of threads must be between 1 and {config.NUMBA_NUM_THREADS}, not {n}")
    _local.n = n
    from oxjit import _oxjit

    _oxjit.set_thread_limit(n)


def get_thread_id():
    """The index of the thread running this code among parallel code's threads (0: the
    thread that started it, the only one while loops run serially)."""
    return 0
