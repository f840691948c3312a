"""``numba`` as another name for ``oxjit``: an import hook that serves ``numba`` and every
``numba.X.Y`` from ``oxjit`` and ``oxjit.X.Y``, so that code written for Numba runs on
oxjit unchanged (``python -m oxjit run``, :func:`install_numba_alias`).

A ``numba.*`` module oxjit does not have raises an ImportError that names it and says
it is not supported yet, rather than silently importing the real Numba.

oxjit compiles from source; Numba from bytecode, so Numba code may compile functions
made by ``exec`` of a string (numba-stats generates its overloads so). While the alias
is installed, ``exec`` of a string keeps its text in ``linecache`` under a name of its
own, where oxjit finds it.
"""
import __future__
import builtins
import importlib
import importlib.abc
import importlib.util
import sys

from ._source import compile_keeping_source

_ALIAS = "numba"
_TARGET = "oxjit"


class _AliasLoader(importlib.abc.Loader):
    """Hands out the already-imported oxjit module under the numba name."""

    def __init__(self, module):
        self._module = module

    def create_module(self, spec):
        return self._module

    def exec_module(self, module):
        pass  # the oxjit module is imported already


class _NumbaAliasFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname != _ALIAS and not fullname.startswith(_ALIAS + "."):
            return None
        oxjit_name = _TARGET + fullname[len(_ALIAS):]
        try:
            module = importlib.import_module(oxjit_name)
        except ModuleNotFoundError as exc:
            if exc.name is not None and exc.name != oxjit_name and not oxjit_name.startswith(exc.name + "."):
                raise  # something else that module imports is missing
            raise ModuleNotFoundError(
                f"{fullname} is not supported by oxjit yet (no module {oxjit_name}); "
                "see docs/compatibility.md",
                name=fullname,
            ) from None
        return importlib.util.spec_from_loader(fullname, _AliasLoader(module))


_finder = _NumbaAliasFinder()

_plain_exec = builtins.exec
_FUTURE_FLAGS = 0
for _feature in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _feature).compiler_flag


def _exec_keeping_source(source, globals=None, locals=None, /, **kwargs):
    """``exec``, recording the text of a string source in ``linecache``."""
    caller = sys._getframe(1)
    if globals is None:
        globals = caller.f_globals
        if locals is None:
            locals = caller.f_locals
    if isinstance(source, (str, bytes)):
        text = source.decode() if isinstance(source, bytes) else source
        # Compiled as exec would: with the caller's __future__ features.
        source = compile_keeping_source(text, "exec", dont_inherit=True,
                                        flags=caller.f_code.co_flags & _FUTURE_FLAGS)
    return _plain_exec(source, globals, globals if locals is None else locals, **kwargs)


def install_numba_alias():
    """Make ``import numba`` (and ``numba.X``) import oxjit from now on, in this process.

    Numba modules imported before the call are forgotten, so later imports get oxjit's,
    and ``exec`` of a string keeps its source where oxjit can read it. Calling it again
    does nothing.
    """
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
    builtins.exec = _exec_keeping_source
    for name in [n for n in sys.modules if n == _ALIAS or n.startswith(_ALIAS + ".")]:
        module = sys.modules[name]
        if not getattr(module, "__name__", "").startswith(_TARGET):
            del sys.modules[name]


def uninstall_numba_alias():
    """Undo :func:`install_numba_alias` (for tests): ``numba`` names import what they did."""
    if _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
    builtins.exec = _plain_exec
    for name in [n for n in sys.modules if n == _ALIAS or n.startswith(_ALIAS + ".")]:
        if getattr(sys.modules[name], "__name__", "").startswith(_TARGET):
            del sys.modules[name]
