"""Feeds generated programs to worker processes, with a time limit on each, and
minimises every failure to a short reproducer.

A worker that dies is a ``crash`` (its exit status and the end of its stderr are kept),
one that does not answer in time a ``hang``; either way it is replaced and the next
program runs in a fresh process.
"""
import dataclasses
import os
import select
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from .programs import Block, Generator

ROOT = Path(__file__).resolve().parents[2]
#: Outcomes that are bugs (see ``worker``); ``rejected`` is reported apart.
FAILURES = ("mismatch", "crash", "hang", "internal", "leak", "harness")


class Worker:
    """One ``tests.fuzz.worker`` child process."""

    def __init__(self):
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.fuzz.worker"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
            env=dict(os.environ, PYTHONFAULTHANDLER="1"),
        )

    def run(self, job, timeout):
        """The worker's outcome for ``job``; None when it died or ran out of time (see ``failure``)."""
        import json

        try:
            self.process.stdin.write(json.dumps(job) + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            return self.failure("crash")
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            self.process.kill()
            return self.failure("hang", f"no answer in {timeout} s")
        line = self.process.stdout.readline()
        if not line:
            return self.failure("crash")
        return json.loads(line)

    def failure(self, status, detail=""):
        code = self.process.wait()
        self.stderr.seek(0)
        tail = self.stderr.read().decode(errors="replace")[-2000:]
        if status == "crash":
            detail = f"worker exited with status {code}\n{tail}"
        self.close()
        return {"status": status, "detail": detail, "dead": True}

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.stderr.close()


class Pool:
    """A worker that is replaced whenever it dies."""

    def __init__(self, timeout):
        self.timeout = timeout
        self.worker = None
        self.runs = 0

    def run(self, program):
        if self.worker is None:
            self.worker = Worker()
        self.runs += 1
        job = {
            "id": self.runs,
            "source": program.source(),
            "reference": program.source(reference=True),
            "args": program.args_source(),
        }
        outcome = self.worker.run(job, self.timeout)
        if outcome.get("dead"):
            self.worker = None
        return outcome

    def close(self):
        if self.worker is not None:
            self.worker.close()
            self.worker = None


# --- minimisation ------------------------------------------------------------------------


def _variants(body):
    """Smaller versions of ``body``: a statement dropped, a block replaced by its body,
    an ``else`` dropped, recursively."""
    for i, node in enumerate(body):
        before, after = body[:i], body[i + 1:]
        yield before + after
        if isinstance(node, Block):
            yield before + node.body + after
            if node.orelse is not None:
                yield before + [dataclasses.replace(node, orelse=None)] + after
                yield before + node.orelse + after
            for inner in _variants(node.body):
                yield before + [dataclasses.replace(node, body=inner)] + after
            for inner in _variants(node.orelse or []):
                yield before + [dataclasses.replace(node, orelse=inner)] + after


def _candidates(program):
    for body in _variants(program.body):
        yield dataclasses.replace(program, body=body)
    for i in range(len(program.returns)):
        yield dataclasses.replace(program, returns=program.returns[:i] + program.returns[i + 1:])


def _first_line(outcome):
    return outcome.get("detail", "").splitlines()[0][:160] if outcome.get("detail") else ""


def minimize(program, status, pool, budget_s=120.0, detail=None):
    """The smallest program found, by greedy reduction, that fails with the same ``status``
    (and, if given, the same first line of ``detail``)."""
    deadline = time.monotonic() + budget_s
    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        for candidate in _candidates(program):
            if time.monotonic() > deadline:
                break
            outcome = pool.run(candidate)
            if outcome["status"] == status and (detail is None or _first_line(outcome) == detail):
                program, improved = candidate, True
                break
    return program


# --- a fuzzing session ---------------------------------------------------------------------


@dataclasses.dataclass
class Report:
    counts: Counter
    failures: list  # (status, detail, program)
    rejections: Counter  # first line of the message -> count
    rejected_examples: dict

    def summary(self):
        total = sum(self.counts.values())
        parts = ", ".join(f"{name} {self.counts.get(name, 0)}" for name in ("ok", "deliberate", "invalid", "rejected") + FAILURES)
        return f"{total} programs: {parts}"


def reproducer(status, detail, program):
    """A file that shows a failure and runs it again."""
    quoted = "\n".join("# " + line for line in str(detail).splitlines()[:30])
    return (
        f"# oxjit fuzzer: {status}\n{quoted}\n"
        "# Run from the repository root: PYTHONPATH=. python <this file>\n"
        "import math\nimport numpy as np\nimport oxjit\n"
        "from oxjit.testing import check_against_python\n"
        "from tests.fuzz.inputs import ARGUMENT_NAMESPACE\n\n"
        f"{program.source()}\n"
        "# The reference Python runs (tests/fuzz/reference.py):\n"
        + "".join(f"# {line}\n" for line in program.source(reference=True).splitlines())
        + "\n"
        f"args = eval({program.args_source()!r}, dict(ARGUMENT_NAMESPACE))\n"
        "check_against_python(oxjit.njit(f), *args)\n"
    )


def fuzz(seed, *, programs=None, seconds=None, timeout=20.0, minimize_failures=True, out_dir=None, log=None):
    """Run generated programs from ``seed`` until ``programs`` ran or ``seconds`` passed."""
    generator = Generator(seed)
    pool = Pool(timeout)
    report = Report(Counter(), [], Counter(), {})
    start = time.monotonic()
    try:
        while (programs is None or sum(report.counts.values()) < programs) and (
            seconds is None or time.monotonic() - start < seconds
        ):
            program = generator.program()
            outcome = pool.run(program)
            status = outcome["status"]
            report.counts[status] += 1
            if status == "rejected":
                key = _first_line(outcome)
                report.rejections[key] += 1
                if key not in report.rejected_examples:
                    if minimize_failures:
                        program = minimize(program, status, pool, detail=key)
                    report.rejected_examples[key] = program
            elif status in FAILURES:
                if minimize_failures:
                    program = minimize(program, status, pool)
                    outcome = pool.run(program)
                report.failures.append((status, outcome.get("detail", ""), program))
                if log:
                    log(f"{status}: {outcome.get('detail', '')[:300]}\n{program.source()}")
                if out_dir is not None:
                    path = Path(out_dir) / f"{status}-{seed}-{sum(report.counts.values())}.py"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(reproducer(status, outcome.get("detail", ""), program))
    finally:
        pool.close()
    return report
