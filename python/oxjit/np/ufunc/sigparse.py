"""Generalized-ufunc layouts: ``"(m,n),(n)->(m)"`` into the core dimensions of each operand.

``parse_signature("(m,n),(n)->(m)")`` gives ``([("m", "n"), ("n",)], [("m",)])`` as in
Numba. A layout without ``->`` has inputs only (the kernel writes into one of them).
Dimension names are identifiers or fixed sizes (``"(3)"``); NumPy checks the rest when
the ufunc is made.
"""
import re

_NAME = re.compile(r"[A-Za-z_][A-Za-z_0-9]*\??|[0-9]+\??")


def _parse_operands(text, whole):
    operands = []
    i, n = 0, len(text)
    while i < n:
        if text[i] != "(":
            raise ValueError(f"bad layout {whole!r}: expected '(' at {text[i:]!r}")
        close = text.find(")", i)
        if close < 0:
            raise ValueError(f"bad layout {whole!r}: unbalanced parentheses")
        inside = text[i + 1:close]
        dims = tuple(d for d in inside.split(",")) if inside else ()
        for d in dims:
            if not _NAME.fullmatch(d):
                raise ValueError(f"bad layout {whole!r}: {d!r} is not a dimension name")
        operands.append(dims)
        i = close + 1
        if i < n:
            if text[i] != ",":
                raise ValueError(f"bad layout {whole!r}: expected ',' at {text[i:]!r}")
            i += 1
            if i == n:
                raise ValueError(f"bad layout {whole!r}: trailing ','")
    return operands


def parse_signature(layout):
    """The core dimension names of each input and each output of ``layout``."""
    if not isinstance(layout, str):
        raise TypeError(f"a layout is a string like '(n),()->(n)', not {layout!r}")
    text = re.sub(r"\s+", "", layout)
    if text.count("->") > 1:
        raise ValueError(f"bad layout {layout!r}: more than one '->'")
    ins, arrow, outs = text.partition("->")
    inputs = _parse_operands(ins, layout)
    outputs = _parse_operands(outs, layout) if arrow else []
    if not inputs:
        raise ValueError(f"bad layout {layout!r}: no inputs")
    if arrow and not outputs:
        raise ValueError(f"bad layout {layout!r}: no outputs after '->'")
    return inputs, outputs


def canonical(inputs, outputs):
    """The layout text NumPy is given."""
    def ops(group):
        return ",".join("(" + ",".join(dims) + ")" for dims in group)
    return ops(inputs) + ("->" + ops(outputs) if outputs else "")
