"""Expressions of fuzzed programs, one function per kind.

Each returns an :class:`Expr` (compiled source, reference source, sample value) or None
when the combination it drew is not well typed; :class:`Generator` draws again.
"""
import numpy as np

from .programs import Expr, is_bool, is_int, is_number, is_numeric, sample_array, type_key

ARITHMETIC = ("+", "-", "*", "/", "//", "%")
BITWISE = ("&", "|", "^")
SHIFTS = ("<<", ">>")
COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")
MATH_FLOAT_1 = (
    "sqrt", "exp", "log", "log1p", "expm1", "log10", "log2", "sin", "cos", "tan", "asin", "acos",
    "atan", "sinh", "cosh", "tanh", "fabs", "erf", "erfc", "gamma", "lgamma", "degrees", "radians",
)
MATH_FLOAT_2 = ("atan2", "hypot", "copysign", "fmod", "pow")
MATH_INT = ("floor", "ceil", "trunc")
MATH_BOOL = ("isnan", "isinf", "isfinite")
REDUCTIONS = (
    "{a}.sum()", "np.sum({a})", "{a}.prod()", "{a}.min()", "{a}.max()", "np.min({a})", "np.max({a})",
    "{a}.mean()", "{a}.argmin()", "{a}.argmax()", "np.any({a})", "np.all({a})",
    "len({a})", "{a}.shape[0]", "{a}.size", "{a}.ndim",
)
INT_CONSTANTS = ("0", "1", "2", "3", "-1", "7", "-13", "100", "255", "2**31", "2**62", "-2**63")
FLOAT_CONSTANTS = ("0.0", "-0.0", "0.5", "1.5", "-2.25", "3.0", "1e10", "1e-10", "math.inf", "-math.inf", "math.nan", "math.pi")
NUMPY_CONSTANTS = ("np.float32(1.5)", "np.float32(-0.1)", "np.int8(-3)", "np.uint8(200)", "np.int32(7)", "np.uint64(9)", "np.int64(-5)")


def _plain(src):
    return Expr(src, src, None)


def _with_ref(gen, env, src, ref):
    return gen.make(src, ref, env)


# --- scalar expressions ----------------------------------------------------------------


def scalar_vars(env):
    """Variables holding numbers and bools."""
    return [v for v in env if not isinstance(v.sample, (np.ndarray, tuple, list, dict, str))]


def typed_vars(env, kind):
    return [v for v in env if isinstance(v.sample, kind)]


def leaf(gen, env, ctx):
    draw = gen.rng.random()
    names = scalar_vars(env)
    if draw < 0.55 and names:
        v = gen.pick(names)
        return Expr(v.name, v.name, v.sample)
    if draw < 0.7 and ctx.items:
        container = container_item(gen, env, ctx)
        if container is not None:
            return container
    if draw < 0.8 and ctx.nonempty:
        item = element(gen, env, ctx)
        if item is not None:
            return item
    src = gen.pick(gen.pick((INT_CONSTANTS, FLOAT_CONSTANTS, NUMPY_CONSTANTS)))
    if src.startswith("-") or "**" in src:
        src = f"({src})"  # -2**63 ** 0 is -(2 ** 1)
    return gen.make(src, src, env)


def container_item(gen, env, ctx):
    tuples = [v for v in env if isinstance(v.sample, tuple)]
    lists = [v for v in env if isinstance(v.sample, list)]
    if tuples and (not lists or gen.chance(0.5)):
        t = gen.pick(tuples)
        i = int(gen.rng.integers(-len(t.sample), len(t.sample)))
        return gen.make(f"{t.name}[{i}]", f"{t.name}[{i}]", env)
    if lists:
        lst = gen.pick(lists)
        draw = gen.rng.random()
        if draw < 0.2:
            return gen.make(f"len({lst.name})", f"len({lst.name})", env)
        if draw < 0.35 and is_numeric(lst.sample[0]):
            return gen.make(f"sum({lst.name})", f"_int64(sum({lst.name}))", env)
        index = integer_index(gen, env, ctx, f"len({lst.name})")
        if index is not None:
            return gen.make(f"{lst.name}[{index.src}]", f"{lst.name}[{index.ref}]", env)
    return None


def integer_index(gen, env, ctx, bound):
    """An index in ``range(bound)``, given that ``bound`` is positive."""
    if gen.chance(0.2):
        return _plain(gen.pick(("0", "-1")))
    ctx = ctx.without_elements()  # no element inside an index: keeps expressions finite
    for _ in range(5):
        e = scalar_expression(gen, env, ctx, 1)
        if e is not None and is_int(e.sample):
            return Expr(f"({e.src}) % {bound}", f"({e.ref}) % {bound}", None)
    return None


def element(gen, env, ctx):
    """``a[i]`` or ``a[i, j]`` of an array known to be non-empty here."""
    arrays = [v for v in env if v.name in ctx.nonempty]
    if not arrays:
        return None
    a = gen.pick(arrays)
    indices = [integer_index(gen, env, ctx, f"{a.name}.shape[{axis}]") for axis in range(a.sample.ndim)]
    if any(i is None for i in indices):
        return None
    src = f"{a.name}[{', '.join(i.src for i in indices)}]"
    ref = f"{a.name}[{', '.join(i.ref for i in indices)}]"
    return gen.make(src, ref, env)


def binary(gen, env, ctx, depth):
    left = scalar_expression(gen, env, ctx, depth)
    if left is None or not is_numeric(left.sample):
        return None
    op = gen.pick(ARITHMETIC + ARITHMETIC + BITWISE + SHIFTS + ("**",))
    if op == "**":
        if not is_number(left.sample):
            return None  # complex powers: see reference.py
        if is_int(left.sample):
            right = _plain(gen.pick(("0", "1", "2", "3")))
        else:
            right = scalar_expression(gen, env, ctx, depth) if gen.chance(0.5) else _plain(gen.pick(("2.0", "0.5", "-1.0", "3")))
        if right is None or not (right.sample is None or is_number(right.sample)):
            return None
        return gen.make(f"({left.src} ** {right.src})", f"_power({left.ref}, {right.ref})", env)
    if op in SHIFTS:
        if not is_int(left.sample):
            return None
        bits = 64 if type(left.sample) is int else np.dtype(type(left.sample)).itemsize * 8
        right = _plain(str(int(gen.rng.integers(0, bits))))
    else:
        right = scalar_expression(gen, env, ctx, depth)
        if right is None or not is_numeric(right.sample):
            return None
        if op == "/" and not (is_number(left.sample) and is_number(right.sample)):
            return None  # complex quotients: see reference.py
    return gen.make(f"({left.src} {op} {right.src})", scalar_operation_ref(left.ref, op, right.ref), env)


def scalar_operation_ref(left, op, right):
    """The reference of ``left op right`` on scalars."""
    if op in ("/", "//", "%"):
        return f"_divide({left}, {op!r}, {right})"
    return f"_int64({left} {op} {right})"


def unary(gen, env, ctx, depth):
    x = scalar_expression(gen, env, ctx, depth)
    if x is None:
        return None
    if is_bool(x.sample):
        return gen.make(f"(not {x.src})", f"(not {x.ref})", env)
    op = gen.pick(("-", "abs", "~") if is_int(x.sample) else ("-", "abs"))
    if op == "abs":
        return gen.make(f"abs({x.src})", f"_int64(abs({x.ref}))", env)
    return gen.make(f"({op}{x.src})", f"_int64({op}{x.ref})", env)


def compare(gen, env, ctx, depth):
    left = scalar_expression(gen, env, ctx, depth)
    right = scalar_expression(gen, env, ctx, depth)
    if left is None or right is None or not (is_numeric(left.sample) and is_numeric(right.sample)):
        return None
    # NumPy orders complex scalars lexicographically; compiled code, like Python and
    # Numba, only tests them for equality.
    complex_operands = not (is_number(left.sample) and is_number(right.sample))
    op = gen.pick(("==", "!=") if complex_operands else COMPARISONS)
    return gen.make(f"({left.src} {op} {right.src})", f"({left.ref} {op} {right.ref})", env)


def logical(gen, env, ctx, depth):
    left = gen.scalar(env, ctx, depth, want="bool")
    right = gen.scalar(env, ctx, depth, want="bool")
    if left is None or right is None:
        return None
    op = gen.pick(("and", "or"))
    return gen.make(f"({left.src} {op} {right.src})", f"({left.ref} {op} {right.ref})", env)


def conditional(gen, env, ctx, depth):
    cond = gen.scalar(env, ctx, depth, want="bool")
    then = scalar_expression(gen, env, ctx, depth)
    if cond is None or then is None:
        return None
    other = gen.scalar(env, ctx, depth, want=type_key(then.sample))
    if other is None:
        return None
    return gen.make(
        f"({then.src} if {cond.src} else {other.src})", f"({then.ref} if {cond.ref} else {other.ref})", env
    )


def math_call(gen, env, ctx, depth):
    x = scalar_expression(gen, env, ctx, depth)
    if x is None or not is_number(x.sample):
        return None
    draw = gen.rng.random()
    if draw < 0.5:
        name = gen.pick(MATH_FLOAT_1)
        return gen.make(f"math.{name}({x.src})", f"_c_math(math.{name}, {x.ref})", env)
    if draw < 0.7:
        y = scalar_expression(gen, env, ctx, depth)
        if y is None or not is_number(y.sample):
            return None
        name = gen.pick(MATH_FLOAT_2)
        return gen.make(f"math.{name}({x.src}, {y.src})", f"_c_math(math.{name}, {x.ref}, {y.ref})", env)
    if draw < 0.85:
        if isinstance(x.sample, np.integer):
            # CPython's math.floor of a NumPy int goes through float (NumPy ints have no
            # __floor__); compiled code keeps the int exact: not compared.
            return None
        name = gen.pick(MATH_INT)
        return gen.make(f"math.{name}({x.src})", f"_int64(math.{name}({x.ref}))", env)
    name = gen.pick(MATH_BOOL)
    return gen.make(f"math.{name}({x.src})", f"math.{name}({x.ref})", env)


def builtin_call(gen, env, ctx, depth):
    x = scalar_expression(gen, env, ctx, depth)
    if x is None or not is_numeric(x.sample):
        return None
    if not is_number(x.sample):
        # A complex: NumPy's int(), float(), min() and max() of it drop or order parts.
        return gen.make(f"abs({x.src})", f"abs({x.ref})", env) if gen.chance(0.5) else gen.make(f"bool({x.src})", f"bool({x.ref})", env)
    draw = gen.rng.random()
    if draw < 0.35:
        y = gen.scalar(env, ctx, depth, want=type_key(x.sample))
        if y is None:
            return None
        name = gen.pick(("min", "max"))
        return gen.make(f"{name}({x.src}, {y.src})", f"{name}({x.ref}, {y.ref})", env)
    if draw < 0.55:
        if isinstance(x.sample, np.uint64):
            # int() of a uint64 keeps the value (above 2**63 too) as a uint64, which
            # then promotes as a NumPy scalar, not as a Python int: a known gap.
            return None
        return gen.make(f"int({x.src})", f"_int64(int({x.ref}))", env)
    if draw < 0.7:
        return gen.make(f"float({x.src})", f"float({x.ref})", env)
    if draw < 0.8:
        return gen.make(f"bool({x.src})", f"bool({x.ref})", env)
    if isinstance(x.sample, (float, np.floating)):
        if gen.chance(0.5):
            return gen.make(f"round({x.src})", f"_int64(round({x.ref}))", env)
        return gen.make(f"round({x.src}, 2)", f"round({x.ref}, 2)", env)
    return None


def reduction(gen, env, ctx, depth):
    arrays = [v for v in env if isinstance(v.sample, np.ndarray)]
    if not arrays:
        return None
    template = gen.pick(REDUCTIONS)
    a = gen.array(env, ctx, depth - 1) if gen.chance(0.3) else None
    name = f"({a.src})" if a is not None else gen.pick(arrays).name
    ref = f"({a.ref})" if a is not None else name
    reference = template.format(a=ref)
    if ("min(" in template or "max(" in template) and "arg" not in template:
        reference = f"_extreme({reference}, {ref})"
    return gen.make(template.format(a=name), reference, env)


# --- strings and dicts --------------------------------------------------------------------

STRING_LITERALS = ("'.'", "'-'", "'1'", "'e'", "'0'", "'inf'", "', '", "''", "'ab'")


def string(gen, env, ctx, depth):
    """A str: made from a number, a literal, or another string's method."""
    strings = typed_vars(env, str)
    draw = gen.rng.random()
    if depth <= 0 or draw < 0.35:
        if strings and gen.chance(0.5):
            v = gen.pick(strings)
            return Expr(v.name, v.name, v.sample)
        x = scalar_expression(gen, env, ctx, 0)
        if x is None or not (is_number(x.sample) or is_bool(x.sample)):
            src = gen.pick(STRING_LITERALS)
            return gen.make(src, src, env)
        return gen.make(f"str({x.src})", f"str({x.ref})", env)
    s = string(gen, env, ctx, depth - 1)
    if s is None:
        return None
    lit, other = gen.pick(STRING_LITERALS), gen.pick(STRING_LITERALS)
    template = gen.pick((
        "({s} + {t})", "{s}.upper()", "{s}.lower()", "{s}.strip()", "{s}.replace({a}, {b})",
        "{s}[{lo}:{hi}]", "{a}.join({s}.split({b2}))", "({s} * 2)",
    ))
    t = string(gen, env, ctx, depth - 1) if "{t}" in template else None
    b2 = lit if lit != "''" else "'.'"  # split('') is a ValueError, also compiled: not worth drawing
    fields = dict(a=lit, b=other, b2=b2, lo=int(gen.rng.integers(-3, 3)), hi=int(gen.rng.integers(-2, 5)))
    src = template.format(s=s.src, t=t.src if t else "", **fields)
    ref = template.format(s=s.ref, t=t.ref if t else "", **fields)
    if template == "({s} * 2)":
        ref = f"_repeat({s.ref}, 2)"  # see reference.repeat
    return gen.make(src, ref, env)


def from_string(gen, env, ctx, depth):
    """A number or bool read from a str."""
    s = string(gen, env, ctx, depth)
    if s is None:
        return None
    lit = gen.pick(STRING_LITERALS[:-2])
    template = gen.pick((
        "len({s})", "{s}.find({a})", "{s}.count({a})", "{s}.startswith({a})", "({a} in {s})",
        "({s} == {a})", "({s} < {a})", "int({s})", "float({s})", "{s}.isspace()",
    ))
    ref = template.format(s=s.ref, a=lit)
    if template == "int({s})":
        ref = f"_int64({ref})"  # digits beyond int64: OverflowError in compiled code
    return gen.make(template.format(s=s.src, a=lit), ref, env)


def dict_key(gen, env, ctx):
    """A Python int key in a small range, so keys repeat."""
    k = gen.scalar(env, ctx.without_elements(), 1, want=int)
    if k is None or gen.chance(0.3):
        return _plain(str(int(gen.rng.integers(-2, 5))))
    return Expr(f"({k.src}) % 5", f"({k.ref}) % 5", None)


def from_dict(gen, env, ctx, depth):
    dicts = typed_vars(env, dict)
    if not dicts:
        return None
    d = gen.pick(dicts)
    key = dict_key(gen, env, ctx)
    value_type = type_key(next(iter(d.sample.values())))
    draw = gen.rng.random()
    if draw < 0.3:
        default = gen.scalar(env, ctx, 0, want=value_type)
        if default is None:
            return None
        return gen.make(f"{d.name}.get({key.src}, {default.src})", f"{d.name}.get({key.ref}, {default.ref})", env)
    if draw < 0.5:
        return gen.make(f"({key.src} in {d.name})", f"({key.ref} in {d.name})", env)
    if draw < 0.65:
        return gen.make(f"len({d.name})", f"len({d.name})", env)
    # May raise KeyError, which compiled code must raise too.
    return gen.make(f"{d.name}[{key.src}]", f"{d.name}[{key.ref}]", env)


SCALAR_KINDS = (
    (binary, 30), (unary, 6), (compare, 10), (logical, 4), (conditional, 4),
    (math_call, 10), (builtin_call, 8), (reduction, 8), (from_string, 4), (from_dict, 4),
)


def scalar_expression(gen, env, ctx, depth):
    if depth <= 0 or gen.chance(0.3):
        return leaf(gen, env, ctx)
    kinds, weights = zip(*SCALAR_KINDS)
    p = np.array(weights, dtype=float) / sum(weights)
    return kinds[gen.rng.choice(len(kinds), p=p)](gen, env, ctx, depth - 1)


# --- array expressions -----------------------------------------------------------------

ARRAY_UNARY = ("-{a}", "np.abs({a})", "np.sqrt({a})", "np.exp({a})", "np.floor({a})", "np.sin({a})", "~{a}", "np.isnan({a})")
ARRAY_BINARY = ("np.maximum({a}, {b})", "np.minimum({a}, {b})")


def array_vars(env, shape=None):
    return [v for v in env if isinstance(v.sample, np.ndarray) and (shape is None or v.shape == shape)]


#: Complex array operations NumPy computes with fused multiply-adds where the CPU has
#: them, a last bit away from the plain products compiled code (and Python) use.
FUSED_IN_NUMPY = ("*", "/", "**", "np.sqrt", "np.exp", "np.sin")


def _array(gen, env, src, ref, shape, inexact=False):
    expr = gen.make(src, ref, env)
    if expr is None or not isinstance(expr.sample, np.ndarray) or expr.sample.ndim == 0:
        return None
    if expr.sample.dtype.kind == "c" and any(op in src for op in FUSED_IN_NUMPY):
        return None
    if expr.sample.dtype == np.float16:
        # NumPy's float ufuncs give float16 for 8-bit inputs; compiled code computes those
        # in float32 (there is no float16 arithmetic, as in Numba): not compared.
        return None
    expr.sample = sample_array(expr.sample.dtype, expr.sample.ndim)  # views of samples may be empty
    expr.shape = shape
    expr.inexact = inexact
    return expr


def array_with_scalar(gen, env, ctx, depth):
    a = array_expression(gen, env, ctx, depth)
    s = scalar_expression(gen, env, ctx, depth)
    if a is None or s is None:
        return None
    op = gen.pick(ARITHMETIC + COMPARISONS + BITWISE + ("**",))
    if op in AMPLIFYING and a.inexact:
        return None
    if op == "**":
        s = _plain(gen.pick(("0", "1", "2", "3", "0.5")))
    if gen.chance(0.5):
        return _array(gen, env, f"({a.src} {op} {s.src})", f"({a.ref} {op} {s.ref})", a.shape, a.inexact)
    return _array(gen, env, f"({s.src} {op} {a.src})", f"({s.ref} {op} {a.ref})", a.shape, a.inexact)


def array_with_array(gen, env, ctx, depth):
    a = array_expression(gen, env, ctx, depth)
    if a is None:
        return None
    partners = array_vars(env, a.shape)
    if not partners:
        return None
    b = gen.pick(partners)
    if gen.chance(0.3):
        template = gen.pick(ARRAY_BINARY)
        reference = f"_extreme({template.format(a=a.ref, b=b.name)}, {a.ref}, {b.name})"
        return _array(gen, env, template.format(a=a.src, b=b.name), reference, a.shape, a.inexact or b.inexact)
    op = gen.pick(ARITHMETIC + COMPARISONS + BITWISE)
    if op in AMPLIFYING and (a.inexact or b.inexact):
        return None
    return _array(gen, env, f"({a.src} {op} {b.name})", f"({a.ref} {op} {b.name})", a.shape, a.inexact or b.inexact)


TRANSCENDENTAL = ("np.sqrt({a})", "np.exp({a})", "np.sin({a})")
#: Operations that turn an ulp of difference into many: not applied to inexact arrays.
AMPLIFYING = ("%", "//")


def array_unary(gen, env, ctx, depth):
    a = array_expression(gen, env, ctx, depth)
    if a is None:
        return None
    template = gen.pick(ARRAY_UNARY)
    if template == "np.abs({a})" and a.sample.dtype.kind == "c":
        # NumPy's SIMD absolute value of complex numbers scales differently from C's
        # hypot where the CPU has wide vectors: a last bit apart (see reference.py).
        return None
    transcendental = template in TRANSCENDENTAL
    if transcendental and a.inexact:
        # float32 library functions may differ from NumPy's by an ulp, which a second
        # one (sin of a large exp) can make arbitrarily large: not chained.
        return None
    ref = template.format(a=a.ref)
    if template in ("np.exp({a})", "np.sin({a})"):
        ref = f"_c_ufunc({template[3:6]!r}, {a.ref})"  # see reference.c_ufunc
    expr = _array(gen, env, template.format(a=a.src), ref, a.shape)
    if expr is not None:
        expr.inexact = a.inexact or (transcendental and expr.sample.dtype == np.float32)
    return expr


def array_view(gen, env, ctx, depth):
    arrays = array_vars(env)
    if not arrays:
        return None
    a = gen.pick(arrays)
    if a.sample.ndim == 2:
        index = gen.pick(("{a}.T", "{a}[{lo}:{hi}]", "{a}[:, ::{step}]", "{a}[::{step}, {lo}:]"))
    else:
        index = gen.pick(("{a}[{lo}:{hi}]", "{a}[::{step}]", "{a}[{lo}:]", "{a}[:{hi}]", "{a}[::-1]", "{a}[{hi}:{lo}:-1]"))
    src = index.format(
        a=a.name,
        lo=int(gen.rng.integers(-3, 4)),
        hi=int(gen.rng.integers(-3, 6)),
        step=gen.pick((1, 2, 3, -1, -2)),
    )
    return _array(gen, env, src, src, gen.fresh_shape(), a.inexact)


def array_copy(gen, env, ctx, depth):
    a = array_expression(gen, env, ctx, depth)
    if a is None:
        return None
    draw = gen.rng.random()
    if draw < 0.4:
        return _array(gen, env, f"{a.src}.copy()", f"{a.ref}.copy()", a.shape, a.inexact)
    if draw < 0.7 and a.sample.dtype.kind != "f":
        return _array(gen, env, f"{a.src}.astype(np.float64)", f"{a.ref}.astype(np.float64)", a.shape, a.inexact)
    return _array(gen, env, f"np.cumsum({a.src})", f"np.cumsum({a.ref})", gen.fresh_shape(), a.inexact)


ARRAY_KINDS = ((array_with_scalar, 30), (array_with_array, 15), (array_unary, 15), (array_view, 15), (array_copy, 8))


def array_expression(gen, env, ctx, depth):
    arrays = array_vars(env)
    if not arrays:
        return None
    if depth <= 0 or gen.chance(0.35):
        v = gen.pick(arrays)
        return Expr(v.name, v.name, v.sample, v.shape, v.inexact)
    kinds, weights = zip(*ARRAY_KINDS)
    p = np.array(weights, dtype=float) / sum(weights)
    return kinds[gen.rng.choice(len(kinds), p=p)](gen, env, ctx, depth - 1)
