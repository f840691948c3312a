"""``python -m tests.fuzz [--seconds N] [--programs K] [--seed S]``: run the fuzzer and
print what it found; failures are minimised and written to ``--out`` as reproducers.
Exits with status 1 when any program mismatched, crashed, hung, leaked or raised an
InternalError."""
import argparse
import random
import sys
import time

from .runner import reproducer, fuzz


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--seconds", type=float, default=None, help="stop after this long")
    parser.add_argument("--programs", type=int, default=None, help="stop after this many programs")
    parser.add_argument("--seed", type=int, default=None, help="generator seed (default: from the clock)")
    parser.add_argument("--timeout", type=float, default=20.0, help="time limit per program, seconds")
    parser.add_argument("--out", default=".fuzz", help="where reproducers are written")
    parser.add_argument("--no-minimize", action="store_true", help="report failures as generated")
    args = parser.parse_args(argv)
    if args.seconds is None and args.programs is None:
        args.seconds = 60.0
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    print(f"fuzzing with seed {seed}", flush=True)
    start = time.monotonic()
    report = fuzz(
        seed,
        programs=args.programs,
        seconds=args.seconds,
        timeout=args.timeout,
        minimize_failures=not args.no_minimize,
        out_dir=args.out,
        log=lambda text: print(text, flush=True),
    )
    print(f"\n{report.summary()} in {time.monotonic() - start:.0f} s (seed {seed})")
    if report.rejections:
        print("\nrefused by the compiler (generator or compiler gaps):")
        for key, count in report.rejections.most_common():
            print(f"  {count:5d}  {key}")
            example = report.rejected_examples[key]
            print("".join(f"         | {line}\n" for line in example.source().splitlines()), end="")
            print(f"         | args: {example.args_source()}")
    for status, detail, program in report.failures:
        print("\n" + reproducer(status, detail, program))
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
