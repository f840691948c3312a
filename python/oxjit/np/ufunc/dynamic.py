"""Ufuncs that compile a loop for each new combination of argument types: what
``@vectorize`` and ``@guvectorize`` make without signatures (Numba's ``DUFunc`` and
dynamic ``GUFunc``).

Each wraps a genuine ``numpy.ufunc`` (``.ufunc``) rebuilt whenever a loop is added, and
forwards everything else to it. A ``DUFunc`` call first tries the loops it has, with
NumPy's casting, as Numba's does; only when NumPy finds none does it compile one for the
exact input types. A dynamic ``GUFunc`` compiles for the exact types of every operand
(outputs included, which must be passed), as its kernel's array arguments depend on them.

"""
from ._build import UfuncBuilder
from ._in_compiled import register


def _arg_dtype(value):
    """The dtype oxjit compiles for when ``value`` is an operand (Python numbers as
    ``typeof`` types them)."""
    import numpy as np

    if isinstance(value, (np.ndarray, np.generic)):
        return value.dtype
    if isinstance(value, bool):
        return np.dtype(np.bool_)
    if isinstance(value, int):
        return np.dtype(np.int64 if -(2**63) <= value < 2**63 else np.uint64)
    if isinstance(value, float):
        return np.dtype(np.float64)
    if isinstance(value, complex):
        return np.dtype(np.complex128)
    return np.asarray(value).dtype


def _has_loop(ufunc, dtypes):
    """Whether NumPy finds a loop of ``ufunc`` for inputs of ``dtypes`` (casting safely)."""
    try:
        ufunc.resolve_dtypes(tuple(dtypes) + (None,) * ufunc.nout)
    except TypeError:
        return False
    return True


class _DynamicUfunc:
    def __init__(self, py_func, options, layout=None):
        self._builder = UfuncBuilder(py_func, options, layout)
        self._ufunc = None
        self._frozen = False
        self.py_func = py_func
        self.__name__ = py_func.__name__
        self.__qualname__ = py_func.__qualname__
        self.__module__ = py_func.__module__
        self.__doc__ = py_func.__doc__
        self.__wrapped__ = py_func
        register(self, self._builder)

    @property
    def ufunc(self):
        """The ``numpy.ufunc`` over the loops compiled so far."""
        if self._ufunc is None:
            self._ufunc = self._builder.make()
        return self._ufunc

    @property
    def _dispatcher(self):
        return self._builder.kernel

    def add(self, signature):
        """Compiles the loop for ``signature`` (text or signature object) now."""
        if self._builder.add(signature):
            self._ufunc = None

    def disable_compile(self):
        """Stop compiling new loops: calls no loop takes raise NumPy's TypeError."""
        self._frozen = True

    def _add_for(self, text, error=None):
        if self._frozen:
            if error is not None:
                raise error
            raise TypeError(f"{self.__name__}: no loop for {text} and compiling is disabled")
        try:
            added = self._builder.add(text)
        except ValueError:
            if error is not None:
                raise error from None  # a dtype oxjit has no type for
            raise
        if added:
            self._ufunc = None
        elif error is not None:
            raise error

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.ufunc, name)

    def __reduce__(self):
        return self._builder.reduce(self, self.__qualname__)

    def __repr__(self):
        kind = type(self).__name__
        return f"<oxjit.{kind} {self.__qualname__!r}, {len(self._builder.loops)} loop(s)>"


class DUFunc(_DynamicUfunc):
    """``@vectorize`` without signatures."""

    def __init__(self, py_func, **options):
        super().__init__(py_func, options)

    def _call(self, method, inputs, *args, **kwargs):
        target = self.ufunc if method is None else getattr(self.ufunc, method)
        try:
            return target(*args, **kwargs)
        except TypeError as e:
            dtypes = [_arg_dtype(v) for v in inputs]
            if _has_loop(self.ufunc, dtypes):
                raise  # not a missing loop: the kernel or the arguments raised it
            error = e
        self._add_for(f"({', '.join(d.name for d in dtypes)})", error)
        target = self.ufunc if method is None else getattr(self.ufunc, method)
        return target(*args, **kwargs)

    def __call__(self, *args, **kwargs):
        return self._call(None, args[: self._builder.nin], *args, **kwargs)

    def reduce(self, array, *args, **kwargs):
        return self._call("reduce", (array, array), array, *args, **kwargs)

    def accumulate(self, array, *args, **kwargs):
        return self._call("accumulate", (array, array), array, *args, **kwargs)

    def reduceat(self, array, *args, **kwargs):
        return self._call("reduceat", (array, array), array, *args, **kwargs)

    def outer(self, a, b, **kwargs):
        return self._call("outer", (a, b), a, b, **kwargs)

    def at(self, a, indices, b=None):
        import numpy as np

        element = np.asarray(a).dtype.type(0)
        inputs = (element,) if b is None else (element, b)
        args = (a, indices) if b is None else (a, indices, b)
        return self._call("at", inputs, *args)


class GUFunc(_DynamicUfunc):
    """``@guvectorize`` with a layout and no signatures."""

    def __init__(self, py_func, layout, **options):
        super().__init__(py_func, options, layout)

    def __call__(self, *args, **kwargs):
        b = self._builder
        operands = list(args)
        out = kwargs.get("out")
        if out is not None:
            operands += list(out) if isinstance(out, tuple) else [out]
        if len(operands) != b.nin + b.nout:
            raise TypeError(
                f"{self.__name__}() compiles for the types of its outputs too: pass all "
                f"{b.nin + b.nout} operands (got {len(operands)})"
            )
        dtypes = [_arg_dtype(value) for value in operands]
        types = []
        for i, (dtype, ndim) in enumerate(zip(dtypes, b.core)):
            if ndim == 0 and i < b.nin:
                types.append(dtype.name)
            else:
                types.append(f"{dtype.name}[{', '.join([':'] * max(ndim, 1))}]")
        self._add_for(f"({', '.join(types)})")
        # The loop compiled for these types, not the first one NumPy could cast them to.
        kwargs.setdefault("signature", tuple(dtypes))
        return self.ufunc(*args, **kwargs)
