"""A differential program fuzzer: random well-typed programs in the compiled subset, run
compiled and as Python, compared precisely.

- ``programs``: the generator. A program is a tree of statements; every expression is
  written twice, once as the program compiles it and once as the Python reference runs
  it, where the reference spells out the rules by which oxjit deliberately differs from
  CPython (int64 wrap-around, C semantics of ``math`` functions) so they are not reported.
- ``inputs``: argument values at the edges of each type, written as Python source.
- ``worker``: runs jobs in a child process; ``runner``: feeds workers, kills them on a
  time limit, classifies outcomes, minimises failures. ``python -m tests.fuzz`` (and
  ``make fuzz SECONDS=N SEED=S``) runs it; ``test_smoke`` runs a seeded few hundred.
"""
