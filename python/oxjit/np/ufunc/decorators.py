"""``vectorize`` and ``guvectorize`` with Numba's calling forms::

    @vectorize                          @vectorize(["float64(float64, float64)",
    @vectorize(identity=0)                          "float32(float32, float32)"])
    @guvectorize("(n),()->(n)")         @guvectorize(["void(float64[:], float64, float64[:])"],
                                                     "(n),()->(n)", target="parallel")

With signatures they return a ``numpy.ufunc``; without, a :class:`~.dynamic.DUFunc` or
:class:`~.dynamic.GUFunc` that compiles loops as calls need them.
"""
import types as _pytypes

from ._build import UfuncBuilder
from ._in_compiled import register
from .dynamic import DUFunc, GUFunc


def _check_function(func, kind):
    if not isinstance(func, _pytypes.FunctionType):
        raise TypeError(f"{kind} compiles Python functions, not {type(func).__name__} {func!r}")


def _signatures(obj):
    return list(obj) if isinstance(obj, (list, tuple)) and not _is_type_tuple(obj) else [obj]


def _is_type_tuple(obj):
    """``(float64[:], float64[:])``: one signature written as a tuple of types."""
    return isinstance(obj, tuple) and len(obj) > 0 and all(not isinstance(x, (str, tuple, list)) for x in obj)


def _build(func, signatures, options, layout=None):
    builder = UfuncBuilder(func, options, layout)
    for sig in signatures:
        builder.add(sig)
    ufunc = builder.make()
    register(ufunc, builder)
    return ufunc


def vectorize(ftylist_or_function=(), **options):
    """Makes a NumPy ufunc from a function of numbers (Numba's ``vectorize``).

    Options: ``identity`` (0, 1, None or ``'reorderable'``), ``target`` (``'cpu'`` or
    ``'parallel'``), and the kernel's ``nopython``, ``fastmath``, ``error_model`` (NumPy's
    by default), ``cache``, ``nogil``, ``boundscheck``.
    """
    if isinstance(ftylist_or_function, _pytypes.FunctionType):
        return DUFunc(ftylist_or_function, **options)
    if ftylist_or_function is None or ftylist_or_function in ((), []):
        signatures = []
    elif isinstance(ftylist_or_function, str) or not isinstance(ftylist_or_function, (list, tuple)):
        signatures = [ftylist_or_function]
    else:
        signatures = _signatures(ftylist_or_function)

    def wrap(func):
        _check_function(func, "vectorize")
        if not signatures:
            return DUFunc(func, **options)
        return _build(func, signatures, options)

    return wrap


def guvectorize(*args, **options):
    """Makes a generalized NumPy ufunc from a function of sub-arrays that writes its
    results into its output arguments (Numba's ``guvectorize``).

    ``guvectorize(signatures, layout, **options)`` compiles the signatures now;
    ``guvectorize(layout, **options)`` compiles for the operand types of each call.
    ``writable_args`` names inputs the function writes to (by position or name).
    """
    if len(args) == 1:
        signatures, layout = [], args[0]
    elif len(args) == 2:
        signatures, layout = _signatures(args[0]), args[1]
    else:
        raise TypeError("guvectorize() takes one or two positional arguments: "
                        "[signatures,] layout")
    if not isinstance(layout, str):
        raise TypeError(f"guvectorize: the layout is a string like '(n),()->(n)', not {layout!r}")

    def wrap(func):
        _check_function(func, "guvectorize")
        if not signatures:
            return GUFunc(func, layout, **options)
        return _build(func, signatures, options, layout)

    return wrap


__all__ = ["vectorize", "guvectorize", "DUFunc", "GUFunc"]
