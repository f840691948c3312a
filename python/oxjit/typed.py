"""Numba's typed containers (``numba.typed``).

Compiled code makes a dict with ``Dict.empty(key_type, value_type)`` (number types), as it
makes one with ``{}``. From Python the classes are not supported yet: making one raises
:class:`~oxjit.errors.UnsupportedError`.
"""
from ._pending import pending_class

Dict = pending_class("Dict", "numba.typed.Dict (typed dictionaries)")
List = pending_class("List", "numba.typed.List (typed lists)", constructors=("empty_list",))

__all__ = ["Dict", "List"]
