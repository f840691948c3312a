"""Random well-typed programs in the subset oxjit compiles.

Types are found by running: every variable carries a *sample* (a value of its type:
``np.int8(3)``, ``np.full((2, 2), 3, np.float32)``…), and an expression's type is the
type of its value on the samples. So the generator follows Python's and NumPy's own
rules (NEP 50 promotion, ``/`` giving floats, reductions widening) without restating
them, and an expression Python refuses (``1.5 & 2``) is simply not generated.

Each variable keeps one type for the whole program, as static typing needs and as a
Numba user writes; values that a branch might not define do not outlive the branch.
Array elements are read and written only where the index cannot leave the array
(compiled code does not check bounds unless asked, as in Numba).
"""
import warnings
from dataclasses import dataclass, field

import numpy as np

from . import inputs
from .reference import HELPERS

# --- program trees ---------------------------------------------------------------------


@dataclass
class Line:
    """A simple statement, as compiled (``src``) and as the reference runs it (``ref``)."""

    src: str
    ref: str


@dataclass
class Block:
    """A compound statement: ``header`` with ``body`` and, if not None, an ``else:`` part."""

    header: str
    ref_header: str
    body: list
    orelse: list = None


@dataclass
class Program:
    params: list
    args: list  # source of each argument value
    body: list
    returns: list = field(default_factory=list)

    def source(self, reference=False):
        lines = [f"def f({', '.join(self.params)}):"]
        _render(self.body, 1, reference, lines)
        lines.append("    return (" + "".join(f"{name}, " for name in self.returns) + ")")
        return "\n".join(lines) + "\n"

    def args_source(self):
        return "(" + "".join(f"{a}, " for a in self.args) + ")"


def _render(body, depth, reference, lines):
    pad = "    " * depth
    if not body:
        lines.append(pad + "pass")
    for node in body:
        if isinstance(node, Line):
            lines.append(pad + (node.ref if reference else node.src))
        else:
            lines.append(pad + (node.ref_header if reference else node.header))
            _render(node.body, depth + 1, reference, lines)
            if node.orelse is not None:
                lines.append(pad + "else:")
                _render(node.orelse, depth + 1, reference, lines)


# --- types by sample -------------------------------------------------------------------


def type_key(value):
    """What a variable's type is: NumPy and Python bools are one boolean, as compiled."""
    if isinstance(value, np.ndarray):
        return ("array", value.dtype.str, value.ndim)
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, tuple):
        return ("tuple",) + tuple(type_key(v) for v in value)
    if isinstance(value, list):
        return ("list", type_key(value[0]))
    if isinstance(value, dict):
        key, item = next(iter(value.items()))
        return ("dict", type_key(key), type_key(item))
    return type(value)


def is_int(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def is_number(value):
    """A real number: ints (not bools) and floats."""
    return is_int(value) or isinstance(value, (float, np.floating))


def is_complex(value):
    return isinstance(value, (complex, np.complexfloating))


def is_numeric(value):
    """A number of any kind but bool: what arithmetic takes."""
    return is_number(value) or is_complex(value)


def is_bool(value):
    return isinstance(value, (bool, np.bool_))


@dataclass
class Expr:
    src: str
    ref: str
    sample: object
    shape: int = 0  # for arrays: as Var.shape
    inexact: bool = False  # for arrays: holds results of transcendental functions


@dataclass
class Var:
    name: str
    sample: object
    shape: int = 0  # arrays with one shape id have one shape (elementwise results)
    inexact: bool = False  # see Expr


def _inplace(array, update):
    """``array`` after ``update(array)``: types an in-place operation on a sample."""
    update(array)
    return array


def _sample_scalar(kind):
    return True if kind is bool else kind(3)


def sample_array(dtype, ndim):
    return np.full((2,) * ndim, True if dtype.kind == "b" else 3, dtype=dtype)


class Generator:
    """Programs from one seed; ``program()`` gives the next."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.names = 0
        self.shapes = 0

    # -- small helpers --

    def chance(self, p):
        return self.rng.random() < p

    def pick(self, seq):
        return seq[self.rng.integers(len(seq))]

    def fresh(self, prefix):
        self.names += 1
        return f"{prefix}{self.names}"

    def fresh_shape(self):
        self.shapes += 1
        return self.shapes

    def typed(self, src, env):
        """The value of ``src`` on the samples, or None if Python refuses it."""
        namespace = dict(HELPERS, _inplace=_inplace)
        namespace.update({v.name: v.sample for v in env})
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            try:
                return eval(src, namespace)  # noqa: S307 - our own generated expression
            except Exception:  # noqa: BLE001 - not well typed: not generated
                return None

    def make(self, src, ref, env):
        sample = self.typed(src, env)
        return None if sample is None else Expr(src, ref, sample)

    # -- programs --

    def program(self):
        self.names = 0
        env, params, args = [], [], []
        for _ in range(self.rng.integers(1, 5)):
            name = self.fresh("p")
            params.append(name)
            if self.chance(0.5):
                dtype = self.pick(inputs.ARRAY_DTYPES)
                ndim = 1 if self.chance(0.75) else 2
                args.append(inputs.array_source(self.rng, dtype, ndim))
                env.append(Var(name, sample_array(dtype, ndim), self.fresh_shape()))
            else:
                kind = self.pick(inputs.SCALAR_TYPES)
                args.append(inputs.scalar_source(self.rng, kind))
                env.append(Var(name, _sample_scalar(kind)))
        body = self.block(env, Context(), int(self.rng.integers(3, 14)))
        candidates = [v.name for v in env]
        self.rng.shuffle(candidates)
        returns = candidates[: int(self.rng.integers(1, 5))]
        return Program(params, args, body, returns)

    def block(self, env, ctx, size):
        """``size`` statements; variables they define are appended to ``env``."""
        body = []
        for _ in range(size):
            node = self.statement(env, ctx)
            if isinstance(node, list):
                body.extend(node)
            elif node is not None:
                body.append(node)
        return body

    def statement(self, env, ctx):
        from .statements import STATEMENTS  # the statement kinds, which call back here

        for _ in range(8):
            kinds, weights = zip(*STATEMENTS)
            p = np.array(weights, dtype=float) / sum(weights)
            make = kinds[self.rng.choice(len(kinds), p=p)]
            node = make(self, env, ctx)
            if node is not None:
                return node
        return None

    # -- expressions --

    def scalar(self, env, ctx, depth=2, want=None):
        """A scalar expression; of type ``want`` (a :func:`type_key`) if given."""
        from .expressions import scalar_expression

        for _ in range(30):
            expr = scalar_expression(self, env, ctx, depth)
            if expr is None:
                continue
            if want is None or type_key(expr.sample) == want:
                return expr
        return None

    def array(self, env, ctx, depth=2):
        from .expressions import array_expression

        for _ in range(20):
            expr = array_expression(self, env, ctx, depth)
            if expr is not None:
                return expr
        return None


@dataclass
class Context:
    """Where a statement sits: inside how many loops, which arrays are known non-empty."""

    loops: int = 0
    depth: int = 0
    nonempty: tuple = ()
    items: bool = True  # whether leaves may read container items and array elements

    def without_elements(self):
        return Context(self.loops, self.depth, (), items=False)

    def inside(self, *, loop=False, nonempty=()):
        return Context(self.loops + loop, self.depth + 1, self.nonempty + tuple(nonempty), self.items)
