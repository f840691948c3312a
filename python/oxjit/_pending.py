"""Numba features oxjit does not have yet, under their Numba names, so that code which
imports them still imports.

Each one fails where it is used, with an :class:`~oxjit.errors.UnsupportedError` that
names it: a ``@cfunc`` function when it is called, an ``objmode`` block or a
``typed.Dict`` when compiled code uses it. ``docs/compatibility.md`` lists them.
"""
import functools

from oxjit.errors import UnsupportedError

#: Objects compiled code must refuse, by what they are: the host reads this attribute.
PENDING_ATTRIBUTE = "__oxjit_pending__"


def _unsupported(what):
    return UnsupportedError(f"{what} is not supported by oxjit yet")


class _PendingFunction:
    """What a decorator oxjit lacks returns: calling it raises UnsupportedError."""

    def __init__(self, func, what):
        functools.update_wrapper(self, func)
        self.py_func = func
        self._what = what
        setattr(self, PENDING_ATTRIBUTE, what)

    def __call__(self, *args, **kwargs):
        raise _unsupported(self._what)

    def __repr__(self):
        return f"<{self._what} of {self.py_func.__qualname__}, not supported by oxjit yet>"


def _pending_decorator(what):
    def decorator_factory(*args, **kwargs):
        # @deco, @deco(sigs...), @deco(sigs, layout, **options), deco(func, sigs...)
        if len(args) == 1 and callable(args[0]) and not kwargs and not isinstance(args[0], type):
            return _PendingFunction(args[0], what)

        def decorator(func):
            return _PendingFunction(func, what)

        return decorator

    decorator_factory.__name__ = what.split()[0].lstrip("@")
    setattr(decorator_factory, PENDING_ATTRIBUTE, what)
    decorator_factory.__doc__ = f"Numba's {what}: not supported by oxjit yet (calls raise UnsupportedError)."
    return decorator_factory


cfunc = _pending_decorator("@cfunc (C callbacks)")
stencil = _pending_decorator("@stencil")
jitclass = _pending_decorator("@jitclass (compiled classes)")
jit_module = _pending_decorator("jit_module (compiling a whole module)")
literal_unroll = _pending_decorator("literal_unroll (loops over heterogeneous tuples)")


class _ObjectModeBlock:
    """``with objmode(x='float64'):`` runs a block in the interpreter inside compiled
    code. In plain Python it does nothing; compiled code refuses it for now."""

    def __call__(self, *args, **kwargs):
        return self

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


objmode = _ObjectModeBlock()
setattr(objmode, PENDING_ATTRIBUTE, "an objmode block (running Python inside compiled code)")


def pending_class(name, what, constructors=("empty",)):
    """A class standing for a Numba class oxjit lacks: making one raises, directly or
    through its alternative constructors (``Dict.empty``)."""

    def __new__(cls, *args, **kwargs):
        raise _unsupported(what)

    def constructor(cls, *args, **kwargs):
        raise _unsupported(what)

    namespace = {"__new__": __new__, "__doc__": f"Numba's {what}: not supported by oxjit yet.",
                 PENDING_ATTRIBUTE: what}
    namespace.update({c: classmethod(constructor) for c in constructors})
    return type(name, (), namespace)
