"""Calling oxjit's ufuncs from compiled code.

Each ufunc is registered with ``oxjit.extending.overload``: compiled code calling it
asks for an implementation for the argument types, generated here as Python that calls
the kernel (compiled into the caller's module, where LLVM inlines it):

* ``vectorize``, all arguments numbers: the kernel itself;
* ``vectorize`` with arrays: a loop over the items of arrays of one shape (numbers
  taken as they are), cast to the types of the loop NumPy would pick, into a new array
  of that loop's result type (a ``DUFunc`` uses the loops it compiled so far);
* ``guvectorize``: outputs are passed, as in Numba; operands whose dimensions are their
  core dimensions are passed whole, those with one more (leading) axis are looped over.
"""
import itertools
import linecache

from oxjit import types as _types

_names = itertools.count()


def _compile(source, namespace):
    filename = f"<oxjit ufunc call {next(_names)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)
    return namespace["impl"]


def _shape_checks(arrays, indent="    "):
    first = arrays[0]
    return [
        f"{indent}if {a}.shape != {first}.shape:\n"
        f"{indent}    raise ValueError('operands could not be broadcast together')"
        for a in arrays[1:]
    ]


def _elementwise(obj, builder, args):
    import numpy as np

    params = [f"a{i}" for i in range(len(args))]
    arrays = [p for p, t in zip(params, args) if isinstance(t, _types.Array)]
    if len(args) != builder.nin:
        return None
    if not arrays:
        return _compile(f"def impl({', '.join(params)}):\n    return kernel({', '.join(params)})\n",
                        {"kernel": builder.kernel})
    # The loop NumPy would run for these element types (this runs while the caller is
    # being compiled, so it cannot compile a new one): inputs cast to its types.
    ufunc = obj if isinstance(obj, np.ufunc) else obj.ufunc
    elements = [np.dtype(str(t.dtype if isinstance(t, _types.Array) else t)) for t in args]
    try:
        loop = ufunc.resolve_dtypes(tuple(elements) + (None,))
    except TypeError:
        from oxjit.errors import TypingError

        names = ", ".join(d.name for d in elements)
        hint = "" if isinstance(obj, np.ufunc) else (
            " (compiled code uses the loops a dynamic ufunc has: call it once from Python "
            "or .add() a signature first)")
        raise TypingError(f"no loop of ufunc {ufunc.__name__!r} takes ({names}){hint}") from None
    namespace = {"kernel": builder.kernel, "np": np, "RESULT": loop[-1].type}
    lines = [f"def impl({', '.join(params)}):"]
    lines += _shape_checks(arrays)
    lines += [f"    f{p[1:]} = {p}.ravel()" for p in arrays]
    passed = []
    for i, p in enumerate(params):
        namespace[f"T{i}"] = loop[i].type
        passed.append(f"T{i}(f{i}[i])" if p in arrays else f"T{i}({p})")
    lines += [
        f"    out = np.empty({arrays[0]}.size, RESULT)",
        "    for i in range(out.shape[0]):",
        f"        out[i] = kernel({', '.join(passed)})",
        f"    return out.reshape({arrays[0]}.shape)",
    ]
    return _compile("\n".join(lines) + "\n", namespace)


def _generalized(obj, builder, args):
    if len(args) != len(builder.core):
        return None  # outputs must be passed
    params = [f"a{i}" for i in range(len(args))]
    looped, passed = [], []
    for i, (p, t, core) in enumerate(zip(params, args, builder.core)):
        ndim = t.ndim if isinstance(t, _types.Array) else 0
        if i >= builder.nin and not isinstance(t, _types.Array):
            return None
        if ndim == core + 1:
            looped.append(p)
            passed.append(f"{p}[i]" if core or i < builder.nin else f"{p}[i:i + 1]")
        elif ndim == core or (core == 0 and i >= builder.nin and ndim == 1):
            passed.append(p)
        else:
            return None
    call = f"kernel({', '.join(passed)})"
    lines = [f"def impl({', '.join(params)}):"]
    if looped:
        lines += [f"    if {a}.shape[0] != {looped[0]}.shape[0]:\n"
                  "        raise ValueError('operands could not be broadcast together')"
                  for a in looped[1:]]
        lines += [f"    for i in range({looped[0]}.shape[0]):", f"        {call}"]
    else:
        lines += [f"    {call}"]
    return _compile("\n".join(lines) + "\n", {"kernel": builder.kernel})


def register(obj, builder):
    """Makes ``obj`` (a ufunc of ``builder``'s, or the dynamic one around it) callable
    from compiled code."""
    from oxjit.extending import overload

    implement = _elementwise if builder.layout is None else _generalized

    @overload(obj)
    def typing(*args):
        return implement(obj, builder, args)
