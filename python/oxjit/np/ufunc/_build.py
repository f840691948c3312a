"""Building NumPy ufuncs from compiled kernels: what ``vectorize`` and ``guvectorize`` share.

The *kernel* is the user's function compiled by oxjit. For each type signature a *loop*
is compiled too: generated Python that runs the kernel over a stretch of NumPy's outer
loop, each operand an array whose first axis is that loop::

    def loop(a0, a1, r0):                  # vectorize, two inputs
        for i in range(r0.shape[0]):
            r0[i] = kernel(a0[i], a1[i])

    def loop(a0, a1, a2):                  # guvectorize "(n),()->(n)"
        for i in range(a0.shape[0]):
            kernel(a0[i], a1[i], a2[i])

It is compiled like any jitted function, with the kernel inlined into it: for strided
arrays and, for ``vectorize``, for C arrays too, which LLVM vectorises, each the first
time a call needs it. The extension's ``make_ufunc`` builds the ``numpy.ufunc`` whose
inner loop lays NumPy's buffers out as those arrays and calls the compiled loop.
"""
import sys

from oxjit import _oxjit, config
from oxjit import decorators as _decorators
from oxjit import errors as _errors
from oxjit._source import attach_source, compile_keeping_source, function_source

from .sigparse import canonical, parse_signature

# Options of the decorators that concern the ufunc, not the kernel's compilation.
_UFUNC_OPTIONS = ("identity", "target", "writable_args", "is_dynamic")
_IDENTITIES = {0: 0, 1: 1, None: -1, "reorderable": -2}
_TARGETS = ("cpu", "parallel")


def identity_code(identity):
    """NumPy's code for a ufunc identity as the decorators take it."""
    if isinstance(identity, bool) or identity not in _IDENTITIES:
        raise ValueError(f"identity must be 0, 1, None or 'reorderable', not {identity!r}")
    return _IDENTITIES[identity]


def check_target(target):
    if target == "cuda":
        raise _errors.UnsupportedError("target='cuda' is not supported by oxjit yet")
    if target not in _TARGETS:
        raise ValueError(f"target must be 'cpu' or 'parallel', not {target!r}")


def _kernel_options(options):
    """The njit options of the kernel: ufunc kernels follow NumPy's error model unless told
    otherwise (a float divided by zero is inf, as in NumPy's own ufuncs)."""
    kernel = {k: v for k, v in options.items() if k not in _UFUNC_OPTIONS}
    kernel.setdefault("error_model", "numpy")
    return _decorators._parse_options("jit", kernel)


def _loop_function(source, kernel, options):
    """Runs ``source`` (which defines ``loop``, and maybe ``run``) with its text where
    oxjit reads it; returns ``loop`` as a dispatcher."""
    namespace = {"kernel": kernel}
    exec(compile_keeping_source(source, "ufunc-loop"), namespace)
    if "run" in namespace:
        namespace["run"] = _oxjit.Dispatcher(namespace["run"], options)
    return _oxjit.Dispatcher(namespace["loop"], options)


def _elementwise_source(nin):
    """Compiled for strided arrays, and for C arrays (which LLVM vectorises) when a call
    has every step equal to the item size."""
    args = [f"a{i}" for i in range(nin)]
    return (
        f"def loop({', '.join(args)}, r0):\n"
        f"    for i in range(r0.shape[0]):\n"
        f"        r0[i] = kernel({', '.join(a + '[i]' for a in args)})\n"
    )


def _reduce_source(reorderable):
    """The reduce loop of a binary ufunc whose operands share one type: NumPy passes the
    accumulator as a one-item array. The accumulator stays in a register; when the ufunc
    is reorderable (it has an identity, so NumPy takes it as associative and commutative),
    eight independent accumulators run at once, as NumPy's own pairwise sums reorder."""
    lanes = 8
    body = ["def run(r, a):", "    n = a.shape[0]", "    i = 0"]
    if reorderable:
        body += ["    if n >= 2 * %d:" % lanes]
        body += [f"        s{k} = a[{k}]" for k in range(lanes)]
        body += [f"        i = {lanes}", f"        while i + {lanes} <= n:"]
        body += [f"            s{k} = kernel(s{k}, a[i + {k}])" for k in range(lanes)]
        body += [f"            i += {lanes}"]
        level = [f"s{k}" for k in range(lanes)]
        while len(level) > 1:
            level = [f"kernel({x}, {y})" for x, y in zip(level[::2], level[1::2])]
        body += [f"        r = kernel(r, {level[0]})"]
    body += [
        "    while i < n:", "        r = kernel(r, a[i])", "        i += 1", "    return r", "",
        "def loop(acc, a, ca):",
        "    if a.strides[0] == a.itemsize:",
        "        acc[0] = run(acc[0], ca)",
        "    else:",
        "        acc[0] = run(acc[0], a)",
    ]
    return "\n".join(body) + "\n"


def _generalized_source(picks):
    """``picks[i]``: how operand ``i`` reaches the kernel at outer index ``i``: ``"item"``
    (``a[i]``: a scalar, or the core sub-array) or ``"slice"`` (``a[i:i + 1]``: a scalar
    core dimension the kernel takes as a one-item array)."""
    args = [f"a{i}" for i in range(len(picks))]
    passed = [f"{a}[i]" if p == "item" else f"{a}[i:i + 1]" for a, p in zip(args, picks)]
    return (
        f"def loop({', '.join(args)}):\n"
        f"    for i in range(a0.shape[0]):\n"
        f"        kernel({', '.join(passed)})\n"
    )


def _scalar_name(t):
    """The dtype name of a number type, or of an array type's items."""
    kind, *rest = t._structure
    if kind in ("scalar", "array"):
        return rest[0]
    raise TypeError(f"{t} is neither a number nor an array")


def _array_text(name, ndim, contiguous=False):
    dims = [":"] * ndim
    if contiguous:
        dims[-1] = "::1"
    return f"{name}[{', '.join(dims)}]"


def _numpy_code(name):
    import numpy as np

    dtype = np.dtype(name)
    return (dtype.num, dtype.itemsize)


class _LoopCompiler:
    """Compiles one signature's loop when NumPy first runs it (its types were checked
    when the signature was added) and returns the entry address."""

    def __init__(self, loop, arg_texts):
        self.loop = loop
        self.arg_texts = arg_texts

    def __call__(self):
        self.loop.compile(f"none({', '.join(self.arg_texts)})")
        key = tuple(_oxjit.parse_type_text(t) for t in self.arg_texts)
        return self.loop.overloads[key][0]


class UfuncBuilder:
    """The kernel, the loops compiled so far and what the ufunc is made of.

    ``layout`` is None for ``vectorize`` (one output, elementwise) and the layout string
    for ``guvectorize``."""

    def __init__(self, py_func, options, layout=None):
        import inspect

        self.py_func = py_func
        self.options = dict(options)
        self.layout = layout
        self.identity = identity_code(options.get("identity"))
        self.target = options.get("target", "cpu")
        check_target(self.target)
        parsed = _kernel_options(options)
        self.kernel = _oxjit.Dispatcher(py_func, parsed)
        self.loop_options = parsed  # the kernel is compiled into the loop's module
        params = list(inspect.signature(py_func).parameters)
        nparams = len(params)
        if layout is None:
            if nparams == 0:
                raise TypeError(f"vectorize: {py_func.__qualname__}() must take an argument")
            self.nin, self.nout = nparams, 1
            self.core = None
        else:
            inputs, outputs = parse_signature(layout)
            self.core = [len(dims) for dims in inputs + outputs]
            self.nin, self.nout = len(inputs), len(outputs)
            self.numpy_layout = canonical(inputs, outputs)
            if nparams != len(self.core):
                raise TypeError(
                    f"guvectorize: layout {layout!r} has {len(self.core)} operands but "
                    f"{py_func.__qualname__}() takes {nparams} arguments"
                )
        self.writable = self._writable(options.get("writable_args", ()), params)
        self.signatures = []  # each added signature's text, for pickling
        self.loops = []  # make_ufunc's loop specs
        self.keys = set()  # argument types of each added signature
        self._texts = set()  # every signature text seen (a dynamic gufunc asks per call)
        self._loop_dispatchers = {}

    def _writable(self, names, params):
        out = []
        for n in names:
            if isinstance(n, str):
                if n not in params:
                    raise ValueError(f"writable_args: {self.py_func.__qualname__}() has no argument {n!r}")
                n = params.index(n)
            out.append(int(n))
        return out

    def _loop(self, source):
        disp = self._loop_dispatchers.get(source)
        if disp is None:
            disp = _loop_function(source, self.kernel, self.loop_options)
            self._loop_dispatchers[source] = disp
        return disp

    def _kernel_type(self, text, declared):
        """Types the kernel for signature ``text`` (its code is compiled into the loop's
        module); returns its return type, ``declared`` if the signature has one."""
        try:
            inferred = self.kernel.infer_return_type(text)
        except _errors.TypingError as e:
            raise type(e)(f"signature {text!r} of {self.py_func.__qualname__}: {e}") from None
        return inferred if declared is None else declared

    def add(self, signature):
        """Compiles the loop of one signature (text or signature object); False when the
        ufunc already had it."""
        text = _decorators._signature_list(signature)[0]
        if text in self._texts:
            return False
        ret, args = _oxjit.parse_signature(text)
        if tuple(args) not in self.keys:
            if self.layout is None:
                self._add_elementwise(text, ret, args)
            else:
                self._add_generalized(text, ret, args)
            self.keys.add(tuple(args))
            self.signatures.append(text)
            added = True
        else:
            added = False
        self._texts.add(text)
        return added

    def _add_elementwise(self, text, ret, args):
        if len(args) != self.nin:
            raise TypeError(f"signature {text!r} has {len(args)} arguments, "
                            f"{self.py_func.__qualname__}() takes {self.nin}")
        for t in args:
            if t._structure[0] != "scalar":
                raise TypeError(f"signature {text!r}: vectorize takes numbers, not {t}")
        ret = self._kernel_type(text, ret)
        if ret._structure[0] != "scalar":
            raise TypeError(f"signature {text!r}: vectorize kernels return a number, not {ret}")
        names = [_scalar_name(t) for t in args] + [_scalar_name(ret)]
        loop = self._loop(_elementwise_source(self.nin))
        reduce = None
        if self.nin == 2 and len(set(names)) == 1:
            reduce_loop = self._loop(_reduce_source(reorderable=self.identity != -1))
            reduce = _LoopCompiler(reduce_loop, [_array_text(names[0], 1)] * 2
                                   + [_array_text(names[0], 1, True)])
        codes = [_numpy_code(n) for n in names]
        strided = _LoopCompiler(loop, [_array_text(n, 1) for n in names])
        contiguous = _LoopCompiler(loop, [_array_text(n, 1, True) for n in names])
        self.loops.append((codes, strided, contiguous, reduce))

    def _add_generalized(self, text, ret, args):
        if len(args) != len(self.core):
            raise TypeError(f"signature {text!r} has {len(args)} arguments, layout "
                            f"{self.layout!r} has {len(self.core)} operands")
        if ret is not None and ret._structure[0] != "none":
            raise TypeError(f"signature {text!r}: guvectorize kernels return nothing; "
                            "they write their results into the output arguments")
        picks, loop_types = [], []
        for i, (t, ndim) in enumerate(zip(args, self.core)):
            kind, *rest = t._structure
            if kind == "scalar" and ndim == 0 and i < self.nin:
                picks.append("item")
            elif kind == "array" and (rest[1] == ndim or (ndim == 0 and rest[1] == 1)):
                picks.append("item" if ndim else "slice")
            else:
                raise TypeError(
                    f"signature {text!r}: argument {i + 1} is {t}, but layout {self.layout!r} "
                    f"gives it {ndim} core dimension(s)"
                    + (" (outputs are arrays)" if i >= self.nin else "")
                )
            loop_types.append(_array_text(_scalar_name(t), 1 + ndim))
        self._kernel_type(text, ret)
        loop = self._loop(_generalized_source(picks))
        codes = [_numpy_code(_scalar_name(t)) for t in args]
        self.loops.append((codes, _LoopCompiler(loop, loop_types), None, None))

    def make(self):
        """The ``numpy.ufunc`` over every loop added so far."""
        u = _oxjit.make_ufunc(
            self.py_func.__name__,
            self.py_func.__doc__ or "",
            self.nin,
            self.nout,
            self.identity,
            self.loops,
            signature=None if self.layout is None else self.numpy_layout,
            writable=self.writable,
            parallel=self.target == "parallel",
            threads=config.NUMBA_NUM_THREADS,
        )
        _describe(u, self)
        return u

    def reduce(self, obj, name):
        """How ``obj`` (this builder's ufunc, or the dynamic one around it) pickles: by
        reference when its module has it under ``name``, else by value: the function (by
        value too, with cloudpickle), its source text and its signatures; the other
        process compiles them again."""
        module = sys.modules.get(getattr(self.py_func, "__module__", None))
        if module is not None and getattr(module, name, None) is obj:
            return name
        import numpy as np

        try:
            source = function_source(self.py_func)
        except OSError:
            source = None
        dynamic = not isinstance(obj, np.ufunc)
        return (_rebuild, (self.layout, self.py_func, list(self.signatures), self.options,
                           dynamic, source))


# Builders of ufuncs NumPy cannot hold attributes for (NumPy before 2.1): the ufunc's
# loops point into what they compiled, so they stay alive with the process.
_keep = []


def _describe(u, builder):
    """Attributes Numba's ufuncs have, and the builder (for pickling)."""
    try:
        u.__module__ = builder.py_func.__module__
        u.__qualname__ = builder.py_func.__qualname__
        u.py_func = builder.py_func
        u._oxjit_builder = builder
    except (AttributeError, TypeError):
        _keep.append(builder)
    _install_pickling()


def _rebuild(layout, py_func, signatures, options, dynamic, source=None):
    """Makes the ufunc again in another process (see ``UfuncBuilder.reduce``)."""
    from . import decorators

    if source is not None:
        try:
            function_source(py_func)
        except OSError:
            attach_source(py_func, source)

    if dynamic:
        made = (decorators.vectorize(**options)(py_func) if layout is None
                else decorators.guvectorize(layout, **options)(py_func))
        for sig in signatures:
            made.add(sig)
        return made
    if layout is None:
        return decorators.vectorize(signatures, **options)(py_func)
    return decorators.guvectorize(signatures, layout, **options)(py_func)


_pickling_installed = False


def _install_pickling():
    """Teaches pickle oxjit's ufuncs; NumPy's own ufuncs keep pickling by name."""
    global _pickling_installed
    if _pickling_installed:
        return
    import copyreg

    import numpy as np

    numpy_reduce = copyreg.dispatch_table.get(np.ufunc)

    def reduce_ufunc(u):
        builder = getattr(u, "_oxjit_builder", None)
        if builder is not None:
            return builder.reduce(u, u.__name__)
        if numpy_reduce is not None:
            return numpy_reduce(u)
        return u.__name__

    copyreg.pickle(np.ufunc, reduce_ufunc)
    _pickling_installed = True
