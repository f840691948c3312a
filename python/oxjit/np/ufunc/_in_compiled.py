"""Calling oxjit's ufuncs from compiled code.

Each ufunc is registered with ``oxjit.extending.overload``: compiled code calling it
asks for an implementation for the argument types, generated here as Python that calls
the kernel (compiled into the caller's module, where LLVM inlines it):

* ``vectorize``, all arguments numbers: the kernel itself;
* ``vectorize`` with arrays: a loop nest over the broadcast shape, each item cast to the
  types of the loop NumPy would pick, into a new array of that loop's result type (a
  ``DUFunc`` uses the loops it compiled so far);
* ``guvectorize``: outputs are passed, as in Numba; operands whose dimensions are their
  core dimensions are passed whole, those with one more (leading) axis are looped over.
"""
from oxjit import types as _types
from oxjit._source import compile_keeping_source


def _compile(source, namespace):
    exec(compile_keeping_source(source, "ufunc-call"), namespace)
    return namespace["impl"]


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
    for i in range(len(params)):
        namespace[f"T{i}"] = loop[i].type
    return _compile(_broadcasting_source(params, args), namespace)


def _broadcasting_source(params, args):
    """A loop nest over the broadcast shape of the array arguments (NumPy's rules: shapes
    aligned on the right, a dimension of size 1 repeats), calling the kernel with each
    item cast to the loop's input type ``T<i>``."""
    ndims = [t.ndim if isinstance(t, _types.Array) else None for t in args]
    depth = max(n for n in ndims if n is not None)
    lines = [f"def impl({', '.join(params)}):"]
    sizes = []
    for d in range(depth):
        owners = [(p, n - depth + d) for p, n in zip(params, ndims) if n is not None and n - depth + d >= 0]
        size = f"n{d}"
        sizes.append(size)
        lines.append(f"    {size} = 1")
        for p, axis in owners:
            lines += [
                f"    if {p}.shape[{axis}] != 1:",
                f"        if {size} != 1 and {size} != {p}.shape[{axis}]:",
                "            raise ValueError('operands could not be broadcast together')",
                f"        {size} = {p}.shape[{axis}]",
            ]
    shape = "(" + ", ".join(sizes) + ("," if depth == 1 else "") + ")"
    lines.append(f"    out = np.empty({shape}, RESULT)")
    indent = "    "
    for d in range(depth):
        lines.append(f"{indent}for i{d} in range(n{d}):")
        indent += "    "
    passed = []
    for i, (p, n) in enumerate(zip(params, ndims)):
        if n is None:
            passed.append(f"T{i}({p})")
            continue
        index = [f"(i{depth - n + k} if {p}.shape[{k}] != 1 else 0)" for k in range(n)]
        item = f"{p}[{', '.join(index)}]" if n else f"{p}[()]"
        passed.append(f"T{i}({item})")
    target = f"out[{', '.join(f'i{d}' for d in range(depth))}]" if depth else "out[()]"
    lines.append(f"{indent}{target} = kernel({', '.join(passed)})")
    lines.append("    return out")
    return "\n".join(lines) + "\n"


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
