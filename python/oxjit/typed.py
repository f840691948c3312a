"""Numba's typed containers (``numba.typed``): not supported by oxjit yet.

The names exist so that code importing them imports; making one raises
:class:`~oxjit.errors.UnsupportedError`.
"""
from ._pending import pending_class

Dict = pending_class("Dict", "numba.typed.Dict (typed dictionaries)")
List = pending_class("List", "numba.typed.List (typed lists)", constructors=("empty_list",))

__all__ = ["Dict", "List"]
