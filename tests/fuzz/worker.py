"""The child process that runs fuzzed programs: one JSON job per line in, one JSON
outcome per line out. A crash or hang here is seen by the runner, which kills and
restarts the worker.

Outcomes (``status``):

- ``ok``: same result, same arguments afterwards, or the same exception type;
- ``deliberate``: the reference met a rule by which oxjit differs on purpose;
- ``rejected``: oxjit refused to compile the program (a generator or compiler gap);
- ``mismatch``: a different result or exception; ``internal``: an InternalError;
- ``leak``: compiled code kept allocations after the call.
"""
import atexit
import gc
import itertools
import json
import os
import shutil
import sys
import tempfile
import traceback
import warnings

import numpy as np

import oxjit
import oxjit.runtime
from oxjit.errors import InternalError, NumbaError
from oxjit.testing import assert_precise_equal, clone_args

from .inputs import ARGUMENT_NAMESPACE
from .reference import HELPERS, Deliberate


_SOURCES = tempfile.mkdtemp(prefix="oxjit-fuzz-")
_defined = itertools.count()


def _define(source, namespace):
    """``f`` from ``source``, written to a file first: the compiler reads functions' source."""
    path = os.path.join(_SOURCES, f"program_{next(_defined)}.py")
    with open(path, "w") as file:
        file.write(source)
    namespace = dict(namespace)
    exec(compile(source, path, "exec"), namespace)  # noqa: S102 - generated program
    return namespace["f"]


def _outcome(status, detail=""):
    return {"status": status, "detail": detail}


def run_job(job):
    """Run one program both ways and say how they compare."""
    compiled = oxjit.njit(_define(job["source"], HELPERS))
    reference = _define(job["reference"], HELPERS)
    args = eval(job["args"], dict(ARGUMENT_NAMESPACE))  # noqa: S307 - generated arguments
    py_args, jit_args = clone_args(args), clone_args(args)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            expected, expected_exc = reference(*py_args), None
        except Deliberate as exc:
            return _outcome("deliberate", str(exc))
        except (NameError, UnboundLocalError) as exc:
            return _outcome("invalid", f"{type(exc).__name__}: {exc}")
        except Exception as exc:  # noqa: BLE001 - the compiled code must raise the same
            expected, expected_exc = None, exc
        before = oxjit.runtime.stats()
        try:
            got, got_exc = compiled(*jit_args), None
        except InternalError as exc:
            return _outcome("internal", f"{exc}")
        except NumbaError as exc:
            return _outcome("rejected", f"{type(exc).__name__}: {exc}")
        except Exception as exc:  # noqa: BLE001
            got, got_exc = None, exc
    if expected_exc is not None or got_exc is not None:
        if type(expected_exc) is not type(got_exc):
            return _outcome("mismatch", f"Python: {_describe(expected_exc, expected)}; compiled: {_describe(got_exc, got)}")
    else:
        try:
            assert_precise_equal(got, expected)
            for i, (g, e) in enumerate(zip(jit_args, py_args)):
                try:
                    assert_precise_equal(g, e)
                except AssertionError as exc:
                    raise AssertionError(f"argument {i} after the call: {exc}") from None
        except AssertionError as exc:
            return _outcome("mismatch", str(exc))
    del got, jit_args
    gc.collect()
    after = oxjit.runtime.stats()
    if after.live != before.live or after.mi_live != before.mi_live:
        return _outcome("leak", f"{after.live - before.live} buffer(s), {after.mi_live - before.mi_live} MemInfo(s) kept")
    return _outcome("ok")


def _describe(exc, value):
    return f"{type(exc).__name__}: {exc}" if exc is not None else f"returned {value!r}"


def main():
    atexit.register(shutil.rmtree, _SOURCES, True)
    for line in sys.stdin:
        job = json.loads(line)
        try:
            outcome = run_job(job)
        except Exception:  # noqa: BLE001 - a fault of the harness, reported as such
            outcome = _outcome("harness", traceback.format_exc(limit=4))
        outcome["id"] = job["id"]
        sys.stdout.write(json.dumps(outcome) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
