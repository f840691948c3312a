"""A seeded few hundred fuzzed programs, run as part of the test suite: each compiled
and as Python, in a worker process with a time limit (``make fuzz`` runs longer)."""
from .runner import fuzz, reproducer

SEED = 20261207
PROGRAMS = 200


def test_fuzzed_programs_agree_with_python():
    report = fuzz(SEED, programs=PROGRAMS)
    failures = "\n\n".join(reproducer(status, detail, program) for status, detail, program in report.failures)
    assert not report.failures, f"{report.summary()}\n\n{failures}"
    refused = "\n".join(f"{count} x {key}\n{report.rejected_examples[key].source()}" for key, count in report.rejections.items())
    assert not report.rejections, f"the compiler refused generated programs:\n{refused}"
    # Most programs must be compared, not set aside by a rule of the reference.
    assert report.counts["ok"] >= 0.8 * PROGRAMS, report.summary()
