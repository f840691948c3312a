"""The source text of a function, for the compiler's front end.

``inspect.getsource`` finds where a function ends by running the tokenizer over
it, which costs a few hundred microseconds per compile. The code object already
knows its extent: it starts at ``co_firstlineno`` (the first decorator) and its
instructions, and those of the functions and comprehensions nested in it, end no
later than the largest ``end_lineno`` in their ``co_positions()``. The lines come
from ``linecache``, as ``inspect`` takes them, or for a program run with
``python -c`` from the command line. Anything unusual falls back to
``inspect.getsource``.

A lambda's text is rewritten as the equivalent ``def`` (the compiler reads ``def``
statements), found by position in its file's syntax tree.
"""
import linecache
import sys
import types

__all__ = ["function_source", "attach_source", "compile_keeping_source"]


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


def _command_line_lines():
    """The lines of the program given with ``python -c`` (Linux keeps the command line
    in /proc), or ``[]``."""
    if not sys.argv or sys.argv[0] != "-c":
        return []
    try:
        with open("/proc/self/cmdline", "rb") as fh:
            words = fh.read().split(b"\0")
    except OSError:
        return []
    for i, word in enumerate(words[1:], start=1):
        if word == b"-c" and i + 1 < len(words):
            return words[i + 1].decode("utf-8", "surrogateescape").splitlines(keepends=True)
        if word.startswith(b"-c"):
            return word[2:].decode("utf-8", "surrogateescape").splitlines(keepends=True)
    return []


def _compiles_to(text, func):
    """Whether ``text`` defines a function with ``func``'s bytecode."""
    import textwrap

    try:
        module = compile(textwrap.dedent(text), "<string>", "exec", dont_inherit=True)
    except SyntaxError:
        return False
    want = func.__code__
    return any(
        isinstance(c, types.CodeType) and c.co_name == want.co_name and c.co_code == want.co_code
        for c in module.co_consts
    )


def _lambda_source(code, lines):
    """``def <lambda>(args): return body`` for the lambda ``code`` in ``lines``."""
    import ast

    tree = ast.parse("".join(lines))
    # The lambda's body starts where the code's first positioned instruction does.
    starts = [
        (line, col)
        for line, _, col, end_col in code.co_positions()
        if line is not None and (col, end_col) != (0, 0)  # (0, 0): the function's prologue
    ]
    first = min(starts) if starts else (code.co_firstlineno, 0)
    candidates = [
        node for node in ast.walk(tree)
        if isinstance(node, ast.Lambda) and node.lineno == code.co_firstlineno
    ]
    if not candidates:
        raise OSError("could not find the lambda's source")
    # Of several lambdas on the line, the last whose body starts no later than the code.
    before = [n for n in candidates if (n.body.lineno, n.body.col_offset) <= first]
    chosen = max(before or candidates, key=lambda n: (n.body.lineno, n.body.col_offset))
    return f"def _lambda({ast.unparse(chosen.args)}):\n    return {ast.unparse(chosen.body)}\n"


def function_source(func):
    """The text of ``func``'s definition (decorators included), as ``inspect.getsource``."""
    attached = getattr(func, "__oxjit_source__", None)
    if attached is not None:
        return attached
    code = getattr(func, "__code__", None)
    if code is None or not hasattr(code, "co_positions"):
        return _by_inspect(func)
    if code.co_name == "<lambda>":
        lines = linecache.getlines(code.co_filename, getattr(func, "__globals__", None))
        if not lines:
            raise OSError("could not get the source of a lambda")
        return _lambda_source(code, lines)
    filename = code.co_filename
    linecache.checkcache(filename)
    lines = linecache.getlines(filename, getattr(func, "__globals__", None))
    from_command_line = not lines and filename == "<string>"
    if from_command_line:
        lines = _command_line_lines()
    first = code.co_firstlineno
    last = _last_line(code)
    if not lines or first < 1 or last > len(lines):
        return _by_inspect(func)
    text = "".join(lines[first - 1:last])
    if from_command_line and not _compiles_to(text, func):
        # exec() code is also "<string>": then these are not its lines.
        return _by_inspect(func)
    if not text.endswith("\n"):
        text += "\n"
    return text


_generated_names = 0


def compile_keeping_source(text, label, **compile_args):
    """``compile(text, ..., "exec")`` under a new file name whose lines ``linecache``
    holds, so the source of the functions the code defines can be read (by oxjit, and by
    tracebacks). ``label`` says in the file name what made the text."""
    global _generated_names
    _generated_names += 1
    name = f"<oxjit-{label}-{_generated_names}>"
    linecache.cache[name] = (len(text), None, text.splitlines(True), name)
    return compile(text, name, "exec", **compile_args)


def attach_source(func, text):
    """Makes ``text`` the source of ``func``: a function rebuilt from a pickle by value
    (cloudpickle) has code naming no file, so whoever pickled it carries its text along."""
    func.__oxjit_source__ = text
    return func
