"""oxjit's settings, under Numba's names (``numba.config``), read from the environment
once at import: ``OXJIT_X`` wins over ``NUMBA_X`` for each setting ``X``.

Code may also assign to these attributes at run time, as Numba allows; the decorators
read them when they run (``DISABLE_JIT``, ``BOUNDSCHECK``).
"""
import os


def _env(name, default, convert):
    for prefix in ("OXJIT_", "NUMBA_"):
        raw = os.environ.get(prefix + name)
        if raw is not None and raw.strip() != "":
            try:
                return convert(raw.strip())
            except ValueError:
                raise ValueError(f"environment variable {prefix}{name}={raw!r}: "
                                 f"expected {convert.__name__}") from None
    return default


def _flag(raw):
    return int(raw) != 0


def _optional_flag(raw):
    return None if raw.lower() == "none" else int(raw) != 0


#: Threads a parallel loop may use (Numba: the number of CPU cores by default).
NUMBA_DEFAULT_NUM_THREADS = os.cpu_count() or 1
NUMBA_NUM_THREADS = _env("NUM_THREADS", NUMBA_DEFAULT_NUM_THREADS, int)
#: Every decorator returns the Python function unchanged (for debuggers and coverage).
DISABLE_JIT = _env("DISABLE_JIT", False, _flag)
#: Bounds checks in compiled indexing: None (each function's ``boundscheck`` option
#: decides), or forced on/off for every function.
BOUNDSCHECK = _env("BOUNDSCHECK", None, _optional_flag)
#: Where ``cache=True`` writes compiled code ('' : beside each source file).
CACHE_DIR = _env("CACHE_DIR", "", str)
#: LLVM optimisation level (0-3).
OPT = _env("OPT", 3, int)
#: Fast-math for every function (Numba has no such variable; oxjit's own).
FASTMATH = _env("FASTMATH", False, _flag)
#: Compile plain Python functions that compiled code calls, as if decorated with
#: ``@njit`` (oxjit's own; Numba rejects such calls).
AUTO_JIT = _env("AUTO_JIT", True, _flag)
#: Warn about ignored options that only affect speed (``cache``, ``inline``...);
#: options whose absence could change a result always warn. oxjit's own.
WARN_IGNORED_OPTIONS = _env("WARN_IGNORED_OPTIONS", False, _flag)
DEBUG = _env("DEBUG", False, _flag)
DEBUGINFO_DEFAULT = _env("DEBUGINFO", False, _flag)
DISABLE_PERFORMANCE_WARNINGS = _env("DISABLE_PERFORMANCE_WARNINGS", False, _flag)
DEVELOPER_MODE = _env("DEVELOPER_MODE", False, _flag)
FULL_TRACEBACKS = _env("FULL_TRACEBACKS", False, _flag)
SHOW_HELP = _env("SHOW_HELP", False, _flag)
#: Numba's threading layer name; accepted, oxjit always runs parallel code on its own
#: worker pool.
THREADING_LAYER = _env("THREADING_LAYER", "default", str)
ENABLE_CUDASIM = _env("ENABLE_CUDASIM", False, _flag)
DISABLE_CUDA = _env("DISABLE_CUDA", False, _flag)
CPU_NAME = _env("CPU_NAME", None, str)
CPU_FEATURES = _env("CPU_FEATURES", None, str)
