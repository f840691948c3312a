"""Making Python functions callable from compiled code, with Numba's names.

``overload(func)`` registers a *typing function*: compiled code calling ``func``
asks it, with the types of the call's arguments (instances of Numba's type classes,
:mod:`oxjit.types`), for an implementation, a Python function oxjit then compiles
like any ``@njit`` function. A typing function that returns ``None`` declines and
the next one registered for ``func`` is asked::

    from oxjit import types
    from oxjit.extending import overload

    def clip01(x):                       # plain Python, used as is from Python
        return min(max(x, 0.0), 1.0)

    @overload(clip01)
    def _clip01(x):
        if isinstance(x, types.Float):
            return lambda x: min(max(x, 0.0), 1.0)
        if isinstance(x, types.Array):
            def impl(x):
                return np.minimum(np.maximum(x, 0.0), 1.0)
            return impl

``overload_method(types.Array, "name")`` does the same for ``a.name(...)`` and
``overload_attribute(types.Array, "name")`` for ``a.name``;
``register_jitable`` makes a plain function callable from compiled code as it is.
Implementations are compiled once per argument types and reused.
"""
import ctypes

from . import _oxjit
from ._typeclasses import NumbaType, as_numba_type
from .decorators import _make_dispatcher, _parse_options
from .errors import TypingError

__all__ = [
    "overload", "overload_method", "overload_attribute", "register_jitable", "intrinsic",
    "get_cython_function_address",
]


class _Template:
    """One typing function and the options its implementations compile with."""

    def __init__(self, typing_fn, jit_options, prefer_literal):
        self.typing_fn = typing_fn
        self.options = _parse_options("njit", dict(jit_options or {}))
        self.prefer_literal = prefer_literal  # oxjit passes no literal types: no effect

    @property
    def label(self):
        fn = self.typing_fn
        code = getattr(fn, "__code__", None)
        where = f" ({code.co_filename}:{code.co_firstlineno})" if code else ""
        return f"{getattr(fn, '__qualname__', fn)!s}{where}"

    def implementation(self, args, kwargs, reasons):
        """The typing function's implementation for these types, or None (with why)."""
        try:
            impl = self.typing_fn(*args, **kwargs)
        except Exception as e:  # a typing function rejecting the types by raising
            reasons.append(f"  {self.label} raised {type(e).__name__}: {e}")
            return None
        if impl is None:
            reasons.append(f"  {self.label} returned None (declined these types)")
            return None
        if not callable(impl):
            reasons.append(f"  {self.label} returned {impl!r}, not a function")
            return None
        return _make_dispatcher(impl, dict(self.options))


class _Overloads:
    """Every typing function registered for one Python function, and what they gave."""

    def __init__(self, func):
        self.func = func
        self.templates = []
        self.resolved = {}  # (arg types, kwarg types) -> Dispatcher

    @property
    def name(self):
        return getattr(self.func, "__qualname__", None) or repr(self.func)


_functions = {}  # handle (from _oxjit.mark_overloaded) -> _Overloads
_methods = []  # (type class, method name, _Template)
_attributes = []  # (type class, attribute name, _Template)


def _describe(args, kwargs):
    parts = [str(a) for a in args] + [f"{k}={v}" for k, v in kwargs.items()]
    return "(" + ", ".join(parts) + ")"


def _first_implementation(templates, what, args, kwargs):
    views = [as_numba_type(a) for a in args]
    kw_views = {k: as_numba_type(v) for k, v in kwargs.items()}
    reasons = []
    for template in templates:
        disp = template.implementation(views, kw_views, reasons)
        if disp is not None:
            return disp
    raise TypingError(
        f"no implementation of {what} for the argument types {_describe(args, kwargs)}; "
        "the overloads tried:\n" + "\n".join(reasons)
    )


def _resolve_function(handle, args, kwargs):
    """Called by the compiler: the jitted implementation of an overloaded function."""
    ov = _functions[handle]
    key = (args, tuple(sorted(kwargs.items())))
    disp = ov.resolved.get(key)
    if disp is None:
        disp = _first_implementation(ov.templates, ov.name, args, kwargs)
        ov.resolved[key] = disp
    return disp


_method_cache = {}


def _resolve_method(receiver, name, args, kwargs):
    """Called by the compiler for a method it does not know: an overload_method
    implementation (taking the receiver first), or None when none is registered."""
    key = (receiver, name, args, tuple(sorted(kwargs.items())))
    if key in _method_cache:
        return _method_cache[key]
    view = as_numba_type(receiver)
    templates = [t for cls, attr, t in _methods if attr == name and isinstance(view, cls)]
    disp = None
    if templates:
        disp = _first_implementation(templates, f"{view}.{name}", args, kwargs)
    _method_cache[key] = disp
    return disp


def _resolve_attribute(receiver, name):
    """Called by the compiler for an attribute it does not know: an
    overload_attribute implementation taking the value, or None."""
    key = (receiver, "." + name)
    if key in _method_cache:
        return _method_cache[key]
    view = as_numba_type(receiver)
    templates = [t for cls, attr, t in _attributes if attr == name and isinstance(view, cls)]
    disp = None
    if templates:
        disp = _first_implementation(templates, f"{view}.{name}", (receiver,), {})
    _method_cache[key] = disp
    return disp


def overload(func, jit_options=None, strict=True, inline="never", prefer_literal=False,
             **options):
    """Register the decorated typing function as an implementation of ``func`` in
    compiled code. ``jit_options`` are the ``njit`` options its implementations are
    compiled with; ``inline`` is accepted (LLVM inlines small implementations anyway)."""
    handle = _oxjit.mark_overloaded(func)
    ov = _functions.setdefault(handle, _Overloads(func))

    def decorate(typing_fn):
        ov.templates.append(_Template(typing_fn, jit_options, prefer_literal))
        ov.resolved.clear()
        return typing_fn

    return decorate


def _type_class(typeclass):
    if not (isinstance(typeclass, type) and issubclass(typeclass, NumbaType)):
        raise TypeError(
            f"expected a type class from oxjit.types (types.Array, types.Float...), "
            f"got {typeclass!r}"
        )
    return typeclass


def overload_method(typeclass, attr, jit_options=None, prefer_literal=False, **options):
    """Register the decorated typing function as the method ``attr`` of values whose
    type is an instance of ``typeclass`` (``types.Array``...). Its implementation
    takes the receiver as its first argument."""
    typeclass = _type_class(typeclass)

    def decorate(typing_fn):
        _methods.append((typeclass, attr, _Template(typing_fn, jit_options, prefer_literal)))
        _method_cache.clear()
        return typing_fn

    return decorate


def overload_attribute(typeclass, attr, jit_options=None, prefer_literal=False, **options):
    """Register the decorated typing function as the attribute ``attr`` of values whose
    type is an instance of ``typeclass``: its implementation takes the value and
    returns the attribute's value."""
    typeclass = _type_class(typeclass)

    def decorate(typing_fn):
        _attributes.append((typeclass, attr, _Template(typing_fn, jit_options, prefer_literal)))
        _method_cache.clear()
        return typing_fn

    return decorate


def register_jitable(*args, **kwargs):
    """Make a plain Python function callable from compiled code (compiled as it is,
    with ``kwargs`` as its ``njit`` options); from Python it stays the same function.
    ``@register_jitable`` and ``@register_jitable(cache=True)`` both work."""

    def wrap(fn):
        @overload(fn, jit_options=kwargs)
        def _typing(*a, **k):
            return fn

        return fn

    if len(args) == 1 and not kwargs and callable(args[0]):
        return wrap(args[0])
    if args:
        raise TypeError("register_jitable takes a function or keyword options")
    return wrap


class _Intrinsic:
    """What ``@intrinsic`` gives: a clear error wherever it is used."""

    MESSAGE = (
        "oxjit cannot run @intrinsic functions: they build LLVM IR with llvmlite's IR "
        "builder, which oxjit does not use. Write the function in Python and make it "
        "callable from compiled code with oxjit.extending.overload or register_jitable"
    )

    def __init__(self, fn):
        self.fn = fn
        self.__name__ = getattr(fn, "__name__", "intrinsic")
        handle = _oxjit.mark_overloaded(self)
        ov = _functions.setdefault(handle, _Overloads(self))
        ov.templates.append(_Template(self._refuse, None, False))

    def _refuse(self, *args, **kwargs):
        raise NotImplementedError(f"{self.__name__}: {self.MESSAGE}")

    def __call__(self, *args, **kwargs):
        raise NotImplementedError(f"{self.__name__}: {self.MESSAGE}")


def intrinsic(*args, **kwargs):
    """Numba's ``@intrinsic``, which oxjit cannot offer: the decorated function raises
    NotImplementedError saying so (when called from Python) or a TypingError (when
    compiled code calls it)."""
    if len(args) == 1 and not kwargs and callable(args[0]):
        return _Intrinsic(args[0])
    return _Intrinsic


def get_cython_function_address(module_name, function_name):
    """The address of a C function a Cython module exports in ``__pyx_capi__``
    (``scipy.special.cython_special``, ``scipy.linalg.cython_lapack``), as an int."""
    import importlib

    module = importlib.import_module(module_name)
    capsule = module.__pyx_capi__[function_name]
    get_name = ctypes.pythonapi.PyCapsule_GetName
    get_name.restype = ctypes.c_char_p
    get_name.argtypes = [ctypes.py_object]
    get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
    get_pointer.restype = ctypes.c_void_p
    get_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
    return get_pointer(capsule, get_name(capsule))


# Numba's `intrinsic` cannot be offered (see above): the compatibility table lists it so.
intrinsic.__oxjit_pending__ = "@intrinsic (llvmlite IR builders)"
