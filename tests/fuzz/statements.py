"""Statements of fuzzed programs, one function per kind.

Each takes the generator, the variables in scope (a list it may append to) and the
:class:`Context`, and returns a node, a list of nodes, or None to be drawn again.
"""
import numpy as np

from .expressions import AMPLIFYING, ARITHMETIC, BITWISE, array_vars, integer_index, scalar_operation_ref, scalar_vars
from .programs import Block, Context, Line, Var, is_bool, is_int, is_number, is_numeric, type_key

MAX_DEPTH = 3


def _body(gen, env, ctx, **inside):
    return gen.block(list(env), ctx.inside(**inside), int(gen.rng.integers(1, 5)))


def assign_scalar(gen, env, ctx):
    e = gen.scalar(env, ctx)
    if e is None:
        return None
    name = gen.fresh("v")
    env.append(Var(name, e.sample))
    return Line(f"{name} = {e.src}", f"{name} = {e.ref}")


def reassign_scalar(gen, env, ctx):
    names = [v for v in scalar_vars(env)]
    if not names:
        return None
    v = gen.pick(names)
    e = gen.scalar(env, ctx, want=type_key(v.sample))
    if e is None:
        return None
    return Line(f"{v.name} = {e.src}", f"{v.name} = {e.ref}")


def augmented_scalar(gen, env, ctx):
    names = [v for v in scalar_vars(env) if is_numeric(v.sample)]
    if not names:
        return None
    v = gen.pick(names)
    op = gen.pick(ARITHMETIC + (BITWISE if is_int(v.sample) else ()))
    e = gen.scalar(env, ctx)
    if e is None or not is_numeric(e.sample):
        return None
    if op == "/" and not (is_number(v.sample) and is_number(e.sample)):
        return None  # complex quotients: see reference.py
    result = gen.typed(f"{v.name} {op} ({e.src})", env)
    if result is None or type_key(result) != type_key(v.sample):
        return None
    return Line(f"{v.name} {op}= {e.src}", f"{v.name} = {scalar_operation_ref(v.name, op, f'({e.ref})')}")


def assign_array(gen, env, ctx):
    e = gen.array(env, ctx)
    if e is None:
        return None
    name = gen.fresh("b")
    env.append(Var(name, e.sample, e.shape, e.inexact))
    return Line(f"{name} = {e.src}", f"{name} = {e.ref}")


def inplace_array(gen, env, ctx):
    arrays = array_vars(env)
    if not arrays:
        return None
    a = gen.pick(arrays)
    op = gen.pick(ARITHMETIC + BITWISE)
    partners = array_vars(env, a.shape)
    if partners and gen.chance(0.4):
        other = gen.pick(partners)
        if op in AMPLIFYING and (a.inexact or other.inexact):
            return None  # see expressions.AMPLIFYING
        a.inexact = a.inexact or other.inexact
        operand_src = operand_ref = other.name
    else:
        e = gen.scalar(env, ctx)
        if e is None:
            return None
        operand_src, operand_ref = e.src, e.ref
    if gen.typed(f"_inplace({a.name}.copy(), lambda t: t.__i{_DUNDER[op]}__({operand_src}))", env) is None:
        return None
    if a.sample.dtype.kind == "c" and op in ("*", "/"):
        return None  # see expressions.FUSED_IN_NUMPY
    return Line(f"{a.name} {op}= {operand_src}", f"{a.name} {op}= {operand_ref}")


_DUNDER = {"+": "add", "-": "sub", "*": "mul", "/": "truediv", "//": "floordiv", "%": "mod", "&": "and", "|": "or", "^": "xor"}


def store_element(gen, env, ctx):
    arrays = [v for v in env if v.name in ctx.nonempty]
    if not arrays:
        return None
    a = gen.pick(arrays)
    kind = a.sample.dtype.kind
    e = gen.scalar(env, ctx)
    fits = {"b": is_bool, "i": is_int, "u": is_int, "f": is_number, "c": is_numeric}[kind]
    if e is None or not fits(e.sample):
        return None
    indices = [integer_index(gen, env, ctx, f"{a.name}.shape[{axis}]") for axis in range(a.sample.ndim)]
    if any(i is None for i in indices):
        return None
    src = f"{a.name}[{', '.join(i.src for i in indices)}]"
    ref = f"{a.name}[{', '.join(i.ref for i in indices)}]"
    return Line(f"{src} = {e.src}", f"{ref} = _stored({a.name}, {e.ref})")


def if_block(gen, env, ctx):
    if ctx.depth >= MAX_DEPTH:
        return None
    cond = gen.scalar(env, ctx, want="bool")
    if cond is None:
        return None
    body = _body(gen, env, ctx)
    orelse = _body(gen, env, ctx) if gen.chance(0.4) else None
    return Block(f"if {cond.src}:", f"if {cond.ref}:", body, orelse)


def nonempty_block(gen, env, ctx):
    arrays = [v for v in array_vars(env) if v.name not in ctx.nonempty]
    if ctx.depth >= MAX_DEPTH or not arrays:
        return None
    a = gen.pick(arrays)
    header = f"if {a.name}.size > 0:"
    return Block(header, header, _body(gen, env, ctx, nonempty=(a.name,)))


def for_range(gen, env, ctx):
    if ctx.depth >= MAX_DEPTH:
        return None
    arrays = array_vars(env)
    draw = gen.rng.random()
    if draw < 0.3 and arrays:
        bound = gen.pick(("len({a})", "{a}.shape[0]", "{a}.size")).format(a=gen.pick(arrays).name)
        header_range = f"range({bound})"
    elif draw < 0.6:
        header_range = f"range({int(gen.rng.integers(0, 6))})"
    else:
        lo, hi = int(gen.rng.integers(-4, 4)), int(gen.rng.integers(-4, 8))
        step = gen.pick((1, 2, 3, -1, -2))
        header_range = f"range({lo}, {hi}, {step})"
    name = gen.fresh("i")
    inner = list(env) + [Var(name, 3)]
    body = gen.block(inner, ctx.inside(loop=True), int(gen.rng.integers(1, 5)))
    orelse = _body(gen, env, ctx) if gen.chance(0.15) else None
    header = f"for {name} in {header_range}:"
    return Block(header, header, body, orelse)


def for_array(gen, env, ctx):
    arrays = array_vars(env)
    if ctx.depth >= MAX_DEPTH or not arrays:
        return None
    a = gen.pick(arrays)
    name = gen.fresh("x")
    item = a.sample[0]
    var = Var(name, item, gen.fresh_shape()) if isinstance(item, np.ndarray) else Var(name, item)
    body = gen.block(list(env) + [var], ctx.inside(loop=True), int(gen.rng.integers(1, 5)))
    header = f"for {name} in {a.name}:"
    return Block(header, header, body)


def while_loop(gen, env, ctx):
    if ctx.depth >= MAX_DEPTH:
        return None
    counter = gen.fresh("w")
    limit = int(gen.rng.integers(0, 6))
    body = [Line(f"{counter} += 1", f"{counter} += 1")]
    body += gen.block(list(env), ctx.inside(loop=True), int(gen.rng.integers(1, 5)))
    orelse = _body(gen, env, ctx) if gen.chance(0.15) else None
    header = f"while {counter} < {limit}:"
    return [Line(f"{counter} = 0", f"{counter} = 0"), Block(header, header, body, orelse)]


def loop_exit(gen, env, ctx):
    if ctx.loops == 0:
        return None
    word = gen.pick(("break", "continue"))
    cond = gen.scalar(env, ctx, want="bool")
    if cond is None or gen.chance(0.1):
        return Line(word, word)
    return Block(f"if {cond.src}:", f"if {cond.ref}:", [Line(word, word)])


#: The handler clauses try_block draws: classes the programs' own errors are instances
#: of (ZeroDivisionError from // and %, IndexError, OverflowError), their bases, and
#: tuples of them.
HANDLED = ("ZeroDivisionError", "ArithmeticError", "Exception", "LookupError", "IndexError",
           "(ValueError, ZeroDivisionError)", "(IndexError, ArithmeticError)", "OverflowError")


def try_block(gen, env, ctx):
    """try/except with else and finally now and then; siblings render as one statement."""
    if ctx.depth >= MAX_DEPTH:
        return None
    nodes = [Block("try:", "try:", _body(gen, env, ctx))]
    for _ in range(1 + int(gen.chance(0.3))):
        clause = f"except {gen.pick(HANDLED)}:"
        nodes.append(Block(clause, clause, _body(gen, env, ctx)))
    if gen.chance(0.25):
        nodes.append(Block("else:", "else:", _body(gen, env, ctx)))
    if gen.chance(0.3):
        # No break or continue in a finally body: in the reference it would also swallow
        # the Deliberate marker of a rule the body ran into.
        outside_loops = Context(0, ctx.depth, ctx.nonempty, ctx.items)
        nodes.append(Block("finally:", "finally:", _body(gen, env, outside_loops)))
    return nodes


def assign_tuple(gen, env, ctx):
    first = gen.scalar(env, ctx)
    second = gen.scalar(env, ctx)
    if first is None or second is None:
        return None
    if gen.chance(0.5):
        name = gen.fresh("t")
        env.append(Var(name, (first.sample, second.sample)))
        return Line(f"{name} = ({first.src}, {second.src})", f"{name} = ({first.ref}, {second.ref})")
    a, b = gen.fresh("v"), gen.fresh("v")
    env.extend([Var(a, first.sample), Var(b, second.sample)])
    return Line(f"{a}, {b} = {first.src}, {second.src}", f"{a}, {b} = {first.ref}, {second.ref}")


#: Tuples of arrays built by the tuple operations, as (source with {a} and {b}, which of
#: a and b its items are).
TUPLES_OF_ARRAYS = (
    ("({a}, {b}) + ({b},)", "abb"), ("({a}, {b})[::-1]", "ba"), ("({a}, {b}) * 2", "abab"),
    ("({a},) + ({b}, {a})", "aba"), ("({a}, {b})[1:]", "b"),
)


def tuple_of_arrays(gen, env, ctx):
    """A tuple holding arrays, made by concatenation, slicing or repetition; its first and
    last items are the same arrays (not copies) under new names."""
    arrays = array_vars(env)
    if not arrays:
        return None
    a, b = gen.pick(arrays), gen.pick(arrays)
    src, items = gen.pick(TUPLES_OF_ARRAYS)
    expr = src.format(a=a.name, b=b.name)
    first, last = ({"a": a, "b": b}[k] for k in (items[0], items[-1]))
    name, x, y = gen.fresh("t"), gen.fresh("b"), gen.fresh("b")
    env.extend([Var(x, first.sample, first.shape, first.inexact),
                Var(y, last.sample, last.shape, last.inexact)])
    lines = [f"{name} = {expr}", f"{x}, {y} = {name}[0], {name}[-1]"]
    return [Line(line, line) for line in lines]


def assign_list(gen, env, ctx):
    first = gen.scalar(env, ctx)
    if first is None or not is_numeric(first.sample):
        return None
    second = gen.scalar(env, ctx, want=type_key(first.sample))
    if second is None:
        return None
    name = gen.fresh("L")
    env.append(Var(name, [first.sample, second.sample]))
    return Line(f"{name} = [{first.src}, {second.src}]", f"{name} = [{first.ref}, {second.ref}]")


def list_append(gen, env, ctx):
    lists = [v for v in env if isinstance(v.sample, list)]
    if not lists:
        return None
    lst = gen.pick(lists)
    e = gen.scalar(env, ctx, want=type_key(lst.sample[0]))
    if e is None:
        return None
    return Line(f"{lst.name}.append({e.src})", f"{lst.name}.append({e.ref})")


def assign_string(gen, env, ctx):
    from .expressions import string

    e = string(gen, env, ctx, 2)
    if e is None or not isinstance(e.sample, str):
        return None
    strings = [v for v in env if isinstance(v.sample, str)]
    if strings and gen.chance(0.3):
        name = gen.pick(strings).name
    else:
        name = gen.fresh("s")
        env.append(Var(name, e.sample))
    return Line(f"{name} = {e.src}", f"{name} = {e.ref}")


def assign_dict(gen, env, ctx):
    from .expressions import dict_key

    first = gen.scalar(env, ctx)
    if first is None or not is_numeric(first.sample):
        return None
    second = gen.scalar(env, ctx, want=type_key(first.sample))
    k1, k2 = dict_key(gen, env, ctx), dict_key(gen, env, ctx)
    if second is None:
        return None
    name = gen.fresh("d")
    env.append(Var(name, {3: first.sample}))
    return Line(
        f"{name} = {{{k1.src}: {first.src}, {k2.src}: {second.src}}}",
        f"{name} = {{{k1.ref}: {first.ref}, {k2.ref}: {second.ref}}}",
    )


def update_dict(gen, env, ctx):
    from .expressions import dict_key

    dicts = [v for v in env if isinstance(v.sample, dict)]
    if not dicts:
        return None
    d = gen.pick(dicts)
    key = dict_key(gen, env, ctx)
    value_type = type_key(next(iter(d.sample.values())))
    if gen.chance(0.25):
        default = gen.scalar(env, ctx, 0, want=value_type)
        if default is None:
            return None
        return Line(f"{d.name}.pop({key.src}, {default.src})", f"{d.name}.pop({key.ref}, {default.ref})")
    value = gen.scalar(env, ctx, want=value_type)
    if value is None:
        return None
    return Line(f"{d.name}[{key.src}] = {value.src}", f"{d.name}[{key.ref}] = {value.ref}")


def for_dict(gen, env, ctx):
    dicts = [v for v in env if isinstance(v.sample, dict)]
    if ctx.depth >= MAX_DEPTH or not dicts:
        return None
    d = gen.pick(dicts)
    key, value = gen.fresh("k"), gen.fresh("x")
    (k_sample, v_sample), = d.sample.items()
    inner = list(env) + [Var(key, k_sample), Var(value, v_sample)]
    body = gen.block(inner, ctx.inside(loop=True), int(gen.rng.integers(1, 4)))
    header = f"for {key}, {value} in {d.name}.items():"
    return Block(header, header, body)


STATEMENTS = (
    (assign_scalar, 14), (reassign_scalar, 8), (augmented_scalar, 6),
    (assign_array, 6), (inplace_array, 4), (store_element, 6),
    (if_block, 6), (nonempty_block, 3), (for_range, 5), (for_array, 2), (while_loop, 3),
    (loop_exit, 4), (assign_tuple, 2), (assign_list, 2), (list_append, 2),
    (assign_string, 2), (assign_dict, 2), (update_dict, 2), (for_dict, 1),
    (try_block, 3), (tuple_of_arrays, 2),
)
