"""The source text of a function, for the compiler's front end.

``inspect.getsource`` finds where a function ends by running the tokenizer over
it, which costs a few hundred microseconds per compile. The code object already
knows its extent: it starts at ``co_firstlineno`` (the first decorator) and its
instructions, and those of the functions and comprehensions nested in it, end no
later than the largest ``end_lineno`` in their ``co_positions()``. The lines come
from ``linecache``, as ``inspect`` takes them. Anything unusual falls back to
``inspect.getsource``.
"""
import linecache
import types

__all__ = ["function_source"]


def _last_line(code):
    last = code.co_firstlineno
    for _, end, _, _ in code.co_positions():
        if end is not None and end > last:
            last = end
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            last = max(last, _last_line(const))
    return last


def _by_inspect(func):
    import inspect  # only for the unusual cases: importing it costs milliseconds

    return inspect.getsource(func)


def function_source(func):
    """The text of ``func``'s definition (decorators included), as ``inspect.getsource``."""
    code = getattr(func, "__code__", None)
    if code is None or not hasattr(code, "co_positions"):
        return _by_inspect(func)
    filename = code.co_filename
    linecache.checkcache(filename)
    lines = linecache.getlines(filename, getattr(func, "__globals__", None))
    first = code.co_firstlineno
    last = _last_line(code)
    if not lines or first < 1 or last > len(lines):
        return _by_inspect(func)
    text = "".join(lines[first - 1:last])
    if not text.endswith("\n"):
        text += "\n"
    return text
