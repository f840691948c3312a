"""`make compat`: the test suites of real Numba packages, run on oxjit.

For each package: install it (and its dependencies) into the project's virtual
environment, take its test suite from its source distribution, and run it with
`python -m oxjit run -m pytest`, so `numba` is oxjit. Prints, per package, the tests
passed and failed and the failures grouped by reason, most frequent first.

    python scripts/compat.py [--work DIR] [--only resampy,numba-stats]
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET

#: (package on PyPI, import name, where its tests are inside the sdist, pinned version)
PACKAGES = [
    ("resampy", "resampy", "tests", "0.4.3"),
    ("numba-stats", "numba_stats", "tests", "1.14.0"),
    ("quantecon", "quantecon", "quantecon", "0.11.4"),
]

#: What each package's test suite needs beyond the package (its `tests` extra).
TEST_REQUIREMENTS = {"resampy": ["scipy>=1.1"], "numba-stats": ["scipy"]}


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, **kwargs)


def fetch(package, version, work):
    """The unpacked sdist of ``package==version`` under ``work``."""
    sdist_dir = os.path.join(work, "sdist")
    os.makedirs(sdist_dir, exist_ok=True)
    base = f"{package.replace('-', '_')}-{version}"
    unpacked = os.path.join(work, base)
    if not os.path.isdir(unpacked):
        run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
             "-d", sdist_dir, f"{package}=={version}"])
        archive = next(f for f in os.listdir(sdist_dir)
                       if f.lower().startswith(base.lower()) and f.endswith(".tar.gz"))
        with tarfile.open(os.path.join(sdist_dir, archive)) as tar:
            tar.extractall(work, filter="data")
    return unpacked


def reason_of(message, details):
    """A failure's reason, with the details that differ between tests removed."""
    lines = [ln.strip() for ln in message.strip().splitlines() if ln.strip()]
    head = lines[0] if lines else "(no message)"
    if head == "collection failure" or not lines:
        # The error that stopped the module: pytest's last "E   " line.
        raised = [ln[1:].strip() for ln in details.splitlines() if ln.startswith("E ")]
        head = "cannot import the test module: " + (raised[-1] if raised else head)
    # oxjit diagnostics: keep the kind and the message, drop the location lines.
    head = re.sub(r"^error\[(\w+)\]: ", r"\1: ", head)
    head = re.sub(r"0x[0-9a-f]+", "0x…", head)
    head = re.sub(r"'[^']*\.py'", "'….py'", head)
    head = re.sub(r'signature "[^"]*"', "signature", head)
    head = re.sub(r"\d+(\.\d+)?", "N", head)
    return head[:150]


def summarise(junit_path):
    tree = ET.parse(junit_path)
    counts = collections.Counter()
    reasons = collections.Counter()
    for case in tree.iter("testcase"):
        outcome = "passed"
        for child in case:
            if child.tag in ("failure", "error"):
                outcome = "failed"
                reasons[reason_of(child.get("message") or "", child.text or "")] += 1
            elif child.tag == "skipped":
                outcome = "skipped"
        counts[outcome] += 1
    return counts, reasons


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", default=os.path.join(os.getcwd(), ".compat"))
    parser.add_argument("--only", default="")
    parser.add_argument("--reasons", type=int, default=12, help="reasons shown per package")
    args = parser.parse_args()
    only = {p for p in args.only.split(",") if p}
    os.makedirs(args.work, exist_ok=True)
    table = []
    for package, module, tests, version in PACKAGES:
        if only and package not in only:
            continue
        run([sys.executable, "-m", "pip", "install", "-q", f"{package}=={version}", "pytest",
             *TEST_REQUIREMENTS.get(package, [])])
        source = fetch(package, version, args.work)
        junit = os.path.join(args.work, f"{module}.xml")
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        # The package's own pytest configuration applies (its rootdir is the sdist); the
        # installed package is the one tested.
        cmd = [sys.executable, "-m", "oxjit", "run", "-m", "pytest", "-q", "-p", "no:cacheprovider",
               "--import-mode=importlib", f"--junitxml={junit}", "-o", "addopts=", tests]
        print(f"compat: {package} {version}: {' '.join(cmd[1:])}", flush=True)
        proc = subprocess.run(cmd, cwd=source, env=env, capture_output=True, text=True)
        if not os.path.exists(junit):
            print(proc.stdout[-3000:], proc.stderr[-3000:])
            table.append((package, collections.Counter(), collections.Counter({"no results": 1})))
            continue
        counts, reasons = summarise(junit)
        table.append((package, counts, reasons))

    print()
    print(f"{'package':<14} {'passed':>7} {'failed':>7} {'skipped':>8}")
    for package, counts, _ in table:
        print(f"{package:<14} {counts['passed']:>7} {counts['failed']:>7} {counts['skipped']:>8}")
    for package, counts, reasons in table:
        if not reasons:
            continue
        print(f"\n{package}: failures by reason")
        for reason, n in reasons.most_common(args.reasons):
            print(f"  {n:>5}  {reason}")
        rest = sum(reasons.values()) - sum(n for _, n in reasons.most_common(args.reasons))
        if rest:
            print(f"  {rest:>5}  (other reasons)")


if __name__ == "__main__":
    main()
