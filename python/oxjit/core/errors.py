"""Same classes as :mod:`oxjit.errors`, reachable under Numba's ``numba.core.errors`` path."""
from oxjit.errors import *  # noqa: F401,F403
from oxjit.errors import __all__  # noqa: F401
