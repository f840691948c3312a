"""The compiled-code memory runtime's counters, for leak checks.

Every allocation made by compiled code (array buffers and their MemInfo
records) is counted by the runtime; the counters only ever grow, so the number
of live allocations is ``alloc - free`` (``mi_alloc - mi_free`` for MemInfos).
"""
from collections import namedtuple

from oxjit import _oxjit

__all__ = ["RuntimeStats", "stats", "assert_balanced"]


class RuntimeStats(namedtuple("RuntimeStats", "alloc free mi_alloc mi_free")):
    """A snapshot of the runtime's allocation counters (plain ``collections.namedtuple``:
    ``typing`` would cost ``import oxjit`` milliseconds)."""

    __slots__ = ()

    @property
    def live(self):
        """Buffers allocated and not yet freed."""
        return self.alloc - self.free

    @property
    def mi_live(self):
        """MemInfo records allocated and not yet freed."""
        return self.mi_alloc - self.mi_free


def stats():
    """The runtime's counters now, as a :class:`RuntimeStats`."""
    raw = _oxjit.runtime_stats()
    return RuntimeStats(
        alloc=int(raw["alloc"]),
        free=int(raw["free"]),
        mi_alloc=int(raw["mi_alloc"]),
        mi_free=int(raw["mi_free"]),
    )


def assert_balanced(before, after):
    """Raise AssertionError if more allocations are live in ``after`` than in ``before``."""
    grew = []
    if after.live > before.live:
        grew.append(f"{after.live - before.live} buffer(s)")
    if after.mi_live > before.mi_live:
        grew.append(f"{after.mi_live - before.mi_live} MemInfo(s)")
    if grew:
        raise AssertionError(
            f"compiled code leaked {' and '.join(grew)}: before {tuple(before)}, after {tuple(after)}"
            " (alloc, free, mi_alloc, mi_free)"
        )
