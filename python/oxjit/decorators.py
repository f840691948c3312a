"""``jit`` and ``njit``: Numba's decorators, with Numba's calling conventions.

Every form Numba accepts works here::

    @njit                      njit(func)
    @njit()                    njit(func, fastmath=True)
    @njit(fastmath=True)       @njit("float64(float64)")
    @jit(nopython=True)        @njit(["int64(int64)", "float64(float64)"])

The decorator checks the options in Python and hands the function, with a dict
of the options oxjit implements, to the extension's ``Dispatcher``, which
compiles one specialisation per argument-type signature on first call (or
eagerly, for the signatures given to the decorator).

Options Numba has and oxjit does not implement yet are accepted, ignored, and
reported once per process with an :class:`~oxjit.errors.OxjitOptionWarning` (those
that only affect speed, like ``cache`` and ``inline``, only when
``config.WARN_IGNORED_OPTIONS`` is set: ignoring them cannot change a result).
Option names Numba does not know raise :class:`TypeError`.
"""
import sys
import types as _pytypes
import warnings

from oxjit import _oxjit, config
from oxjit.errors import OxjitOptionWarning

__all__ = ["jit", "njit"]

_FASTMATH_FLAGS = frozenset({"fast", "nnan", "ninf", "nsz", "arcp", "contract", "afn", "reassoc"})
_ERROR_MODELS = ("python", "numpy")

# Options Numba accepts that oxjit ignores, each with a test for "the user asked
# for something other than Numba's default", which is when a warning is due.
_IGNORED_UNLESS = {
    "cache": lambda v: bool(v),
    "forceobj": lambda v: bool(v),
    "looplift": lambda v: bool(v),
    "inline": lambda v: v != "never",
    "forceinline": lambda v: bool(v),
    "locals": lambda v: bool(v),
    "debug": lambda v: bool(v),
    "target": lambda v: v not in (None, "cpu"),
    "_nrt": lambda v: not v,
    "no_cpython_wrapper": lambda v: bool(v),
    "no_cfunc_wrapper": lambda v: bool(v),
    "no_rewrites": lambda v: bool(v),
    "pipeline_class": lambda v: v is not None,
    "writable_args": lambda v: bool(v),
    "_dbg_extend_lifetimes": lambda v: bool(v),
    "_dbg_optnone": lambda v: bool(v),
}
# Of those, the ones that only make compiled code faster or easier to debug: ignoring
# them cannot change a result, so they warn only when asked to
# (OXJIT_WARN_IGNORED_OPTIONS=1), as test suites run with warnings as errors.
_SPEED_ONLY = frozenset({
    "cache", "inline", "forceinline", "debug", "no_cpython_wrapper",
    "no_cfunc_wrapper", "no_rewrites", "_dbg_extend_lifetimes", "_dbg_optnone", "fastmath",
})
_IMPLEMENTED = ("nopython", "fastmath", "boundscheck", "nogil", "error_model", "parallel")
_KNOWN = frozenset(_IMPLEMENTED) | frozenset(_IGNORED_UNLESS)

# Option names already warned about in this process.
_warned = set()


def _reset_option_warnings():
    """Forget which options were warned about (for tests)."""
    _warned.clear()


def _warn(message, category=OxjitOptionWarning):
    """Warn, attributing the warning to the first caller outside this module."""
    frame, level = sys._getframe(0), 1
    while frame is not None and frame.f_globals.get("__name__") == __name__:
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)


def _warn_ignored(name, value):
    if name in _SPEED_ONLY and not config.WARN_IGNORED_OPTIONS:
        return
    if name not in _warned:
        _warned.add(name)
        _warn(f"oxjit: option {name}={value!r} is accepted but not implemented yet; it is ignored")


def _check_fastmath(value):
    """fastmath=True/False is implemented; the flag-set forms are accepted and ignored."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (set, frozenset)):
        named, flags = set(value), set(value)
    elif isinstance(value, dict):
        named, flags = set(value), {k for k, on in value.items() if on}
    else:
        raise ValueError(f"fastmath must be a bool, a set or a dict of flags, got {value!r}")
    unknown = named - _FASTMATH_FLAGS
    if unknown:
        raise ValueError(
            f"unknown fastmath flag(s) {sorted(unknown)}; expected some of {sorted(_FASTMATH_FLAGS)}"
        )
    if flags:
        _warn_ignored("fastmath", value)
    return False


def _parse_options(kind, options):
    """Check ``options`` and return the dict of implemented options for the Dispatcher."""
    unknown = sorted(set(options) - _KNOWN)
    if unknown:
        names = ", ".join(repr(n) for n in unknown)
        raise TypeError(f"unknown option(s) for {kind}: {names}")

    parsed = {
        "nopython": True,
        "fastmath": False,
        "boundscheck": None,
        "nogil": False,
        "parallel": False,
        "error_model": "python",
        "cache": False,
    }
    for name, value in options.items():
        if name == "nopython":
            if not value:
                if kind == "njit":
                    _warn("nopython is set for njit and is ignored", RuntimeWarning)
                else:
                    _warn_ignored(name, value)  # object mode: compiled in nopython mode instead
        elif name == "fastmath":
            parsed["fastmath"] = _check_fastmath(value)
        elif name == "boundscheck":
            parsed["boundscheck"] = None if value is None else bool(value)
        elif name == "nogil":
            parsed["nogil"] = bool(value)
        elif name == "parallel":
            # Numba also takes a dict of parallel passes to run (all on when truthy).
            parsed["parallel"] = bool(value)
        elif name == "error_model":
            if value not in _ERROR_MODELS:
                raise ValueError(f"error_model must be 'python' or 'numpy', got {value!r}")
            parsed["error_model"] = value
        elif _IGNORED_UNLESS[name](value):
            _warn_ignored(name, value)
            if name == "cache":
                parsed["cache"] = True  # passed on; the compiler may use it when caching lands
    return parsed


def _is_signature(obj):
    """Whether ``obj`` names a signature (text, argument-type tuple or signature object)."""
    if isinstance(obj, (str, tuple)):
        return True
    return hasattr(obj, "args") and hasattr(obj, "return_type")


def _signature_list(obj):
    """The signature(s) given to the decorator, as a list of strings."""
    sigs = obj if isinstance(obj, list) else [obj]
    out = []
    for sig in sigs:
        if not _is_signature(sig):
            raise TypeError(f"expected a signature string or signature object, got {sig!r}")
        if isinstance(sig, tuple):
            sig = "(" + ", ".join(str(t) for t in sig) + ")"
        out.append(sig if isinstance(sig, str) else str(sig))
    return out


def _make_dispatcher(func, options):
    if config.DISABLE_JIT:
        return func  # NUMBA_DISABLE_JIT / OXJIT_DISABLE_JIT: run the Python function
    if not isinstance(func, _pytypes.FunctionType):
        raise TypeError(
            f"oxjit can compile Python functions only, not {type(func).__name__} {func!r}"
        )
    disp = _oxjit.Dispatcher(func, options)
    for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
        try:
            setattr(disp, attr, getattr(func, attr))
        except (AttributeError, TypeError):
            pass  # the Dispatcher exposes it itself, or is read-only there
    for attr, value in (("__wrapped__", func), ("py_func", func)):
        if getattr(disp, attr, None) is not value:
            try:
                setattr(disp, attr, value)
            except (AttributeError, TypeError):
                pass
    return disp


# Plain Python functions compiled because compiled code calls them, by function.
_auto_dispatchers = {}


def _auto_jit(func):
    """The dispatcher compiled code calls for the plain Python function ``func`` (compiled
    as if decorated with ``@njit``), or None when it is not one or ``config.AUTO_JIT`` is
    off. Called by the compiler when a global it meets is an undecorated function."""
    if not config.AUTO_JIT or config.DISABLE_JIT or not isinstance(func, _pytypes.FunctionType):
        return None
    disp = _auto_dispatchers.get(func)
    if disp is None:
        disp = _auto_dispatchers[func] = _make_dispatcher(func, _parse_options("njit", {}))
    return disp


def _decorate(kind, signature_or_function, options):
    parsed = _parse_options(kind, options)

    if signature_or_function is None:
        sigs = None
    elif isinstance(signature_or_function, list) or _is_signature(signature_or_function):
        sigs = _signature_list(signature_or_function)
    elif callable(signature_or_function):
        return _make_dispatcher(signature_or_function, parsed)
    else:
        raise TypeError(
            f"{kind}() expects a function or a signature, got "
            f"{type(signature_or_function).__name__} {signature_or_function!r}"
        )
    if sigs is not None:
        parsed["signatures"] = sigs

    def decorator(func):
        return _make_dispatcher(func, dict(parsed))

    return decorator


def njit(signature_or_function=None, **options):
    """Compile a function in nopython mode (Numba's ``njit``).

    Use it bare (``@njit``), called (``@njit(fastmath=True)``), with one
    signature or a list of them (compiled eagerly), or as ``njit(func)``.
    """
    return _decorate("njit", signature_or_function, options)


def jit(signature_or_function=None, **options):
    """Numba's ``jit``; like :func:`njit`, as nopython mode is the default since Numba 0.59.

    ``nopython=False`` and ``forceobj=True`` ask for object mode, which oxjit
    does not have: they warn and the function is compiled in nopython mode.
    """
    return _decorate("jit", signature_or_function, options)
