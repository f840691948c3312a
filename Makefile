# oxjit: every target that needs the toolchain or the extension runs scripts/setup.sh
# first, which installs what is missing and rebuilds the extension when Rust changed.

SHELL       := /bin/bash
VENV        := .venv
PY          := $(VENV)/bin/python
PIP         := $(VENV)/bin/pip
LLVM_CONFIG ?= llvm-config-19
CARGO       ?= cargo
PYTEST_ARGS ?=
# A side-by-side runner (oxjit against numba), given as BENCH_RUNNER=path/to/run.py.
BENCH_RUNNER ?=

# rustup's default location, for shells that did not source ~/.cargo/env
export PATH := $(HOME)/.cargo/bin:$(PATH)

# Pin llvm-sys to LLVM 19 (it would take any newer llvm-config found first).
# Evaluated when a recipe runs, after setup.sh has installed LLVM.
LLVM_ENV = LLVM_SYS_191_PREFIX="$${LLVM_SYS_191_PREFIX:-$$($(LLVM_CONFIG) --prefix)}"

.PHONY: all setup build test test-rust test-python demo bench compat fuzz fmt lint clean distclean
# setup.sh is not safe to run twice at once, and test output should keep its order.
.NOTPARALLEL:

all: build

setup:
	@scripts/setup.sh

build: setup

test: setup test-rust test-python

test-rust: setup
	$(LLVM_ENV) $(CARGO) test --release --workspace --exclude oxjit_py

# pytest's own summary line ("N passed ...") is the last line printed.
# Exit status 5 means no test was collected, which is not a failure here.
test-python: setup
	@rc=0; $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS) tests || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "0 passed, 0 failed (no Python tests collected)"; rc=0; fi; \
	exit $$rc

# The kernel table (demo.py), then the article's LU chart (lu_chart.py, writes bench/out/lu_chart.png).
# matplotlib and scipy (the chart and its LAPACK line) are installed here; numba stays optional.
demo: setup
	@$(PY) -c 'import matplotlib, scipy' 2>/dev/null || $(PIP) install -q --disable-pip-version-check matplotlib scipy
	@rc=0; $(PY) bench/demo.py || rc=$$?; echo; $(PY) bench/lu_chart.py || rc=$$?; exit $$rc

# numba is a benchmark reference only, never a dependency of oxjit.
bench: setup
	@$(PY) -c 'import numba' 2>/dev/null || $(PIP) install -q --disable-pip-version-check numba
	@if [ -n "$(BENCH_RUNNER)" ] && [ -f "$(BENCH_RUNNER)" ]; then \
		$(PY) $(BENCH_RUNNER); \
	else \
		$(PY) bench/demo.py; \
	fi

# The test suites of real Numba packages (resampy, numba-stats, quantecon), run with
# `numba` mapped to oxjit; prints passed/failed per package and the failures by reason.
# Installs the packages into .venv and works in .compat/ (not part of `make test`).
compat: setup
	@$(PY) scripts/compat.py

# The differential program fuzzer (tests/fuzz): random programs compiled and run as
# Python, for SECONDS (default 60) from SEED (default: drawn and printed). Minimised
# reproducers of failures go to .fuzz/. `make test` runs a seeded 200 of them.
SECONDS ?= 60
fuzz: setup
	@$(PY) -m tests.fuzz --seconds $(SECONDS) $(if $(SEED),--seed $(SEED),)

fmt:
	$(CARGO) fmt --all

lint:
	$(CARGO) fmt --all --check
	$(LLVM_ENV) $(CARGO) clippy --release --workspace -- -D warnings

clean:
	$(CARGO) clean
	rm -f python/oxjit/_oxjit*.so $(VENV)/.oxjit-build-stamp
	find . \( -path ./$(VENV) -o -path ./target \) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -rf .pytest_cache .hypothesis bench/out .compat .fuzz

distclean: clean
	rm -rf $(VENV)
