#!/usr/bin/env bash
# Prepare a machine for oxjit and build the extension into .venv.
#
# On a fresh Debian 12 it installs LLVM 19 and the build tools (apt), checks the
# Rust toolchain, creates .venv with the Python tools, and builds oxjit._oxjit in
# release mode with maturin. Every step is skipped when its result is already
# there, so a second run is quick and prints one line.
#
# Environment:
#   PYTHON=python3        interpreter used to create .venv
#   OXJIT_REBUILD=1       rebuild the extension even if nothing changed
#   OXJIT_VERBOSE=1       stream tool output instead of keeping it in logs
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
VENV=$ROOT/.venv
PYTHON=${PYTHON:-python3}
LLVM_CONFIG=${LLVM_CONFIG:-llvm-config-19}
LOG_DIR=$ROOT/target/setup-logs
STAMP=$VENV/.oxjit-build-stamp
APT_PACKAGES=(llvm-19-dev libpolly-19-dev zlib1g-dev libzstd-dev build-essential python3-venv python3-dev)
# cloudpickle and distributed (Dask): the tests that ship ufuncs to other processes.
PY_TOOLS=("maturin>=1.7,<2" "numpy>=1.24" pytest hypothesis cffi cloudpickle distributed)
DEFAULT_MIN_RUST=1.85

mkdir -p "$LOG_DIR"
START=$(date +%s.%N)
DID_WORK=0

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }
say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# run_logged NAME CMD...: run CMD with its output in target/setup-logs/NAME.log;
# on failure print that log and stop.
run_logged() {
    local name=$1; shift
    if [ "${OXJIT_VERBOSE:-0}" = 1 ]; then
        "$@" || die "'$*' failed"
        return
    fi
    local log=$LOG_DIR/$name.log
    if ! "$@" >"$log" 2>&1; then
        cat "$log" >&2
        die "'$*' failed (output above, kept in ${log#"$ROOT"/})"
    fi
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "root is needed to run '$*'; run it as root, or install sudo"
    fi
}

apt_install() {
    command -v apt-get >/dev/null 2>&1 ||
        die "apt-get not found: install these packages (or their equivalents) by hand: $*"
    local t; t=$(now)
    run_logged apt-update as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    run_logged apt-install as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "$@"
    say "apt-get installed $* ($(since "$t"))"
    DID_WORK=1
}

# version_ge HAVE NEED: true when version HAVE >= NEED.
version_ge() {
    [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

# --- 1. LLVM 19 and the native build tools -------------------------------------
if ! command -v "$LLVM_CONFIG" >/dev/null 2>&1; then
    apt_install "${APT_PACKAGES[@]}"
    command -v "$LLVM_CONFIG" >/dev/null 2>&1 || die "$LLVM_CONFIG still not found after apt-get install"
    # llvm-sys remembers a failed LLVM search; make it look again.
    if [ -d target ] && command -v cargo >/dev/null 2>&1; then
        cargo clean -q -p llvm-sys >/dev/null 2>&1 || true
    fi
fi
export LLVM_SYS_191_PREFIX=${LLVM_SYS_191_PREFIX:-$("$LLVM_CONFIG" --prefix)}

# --- 2. Rust ----------------------------------------------------------------------
if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
fi
MIN_RUST=$(sed -n 's/^rust-version *= *"\([0-9.]*\)".*/\1/p' Cargo.toml 2>/dev/null | head -n1)
MIN_RUST=${MIN_RUST:-$DEFAULT_MIN_RUST}

rust_missing() {
    cat >&2 <<EOF
setup: error: Rust >= $MIN_RUST is needed ($1).
Debian's own rustc is too old; install the toolchain with rustup:

    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    . "\$HOME/.cargo/env"

(with rustup already installed: rustup update stable), then run this again.
EOF
    exit 1
}
command -v cargo >/dev/null 2>&1 || rust_missing "cargo not found"
command -v rustc >/dev/null 2>&1 || rust_missing "rustc not found"
RUSTC_VERSION=$(rustc --version | awk '{print $2}')
version_ge "${RUSTC_VERSION%%-*}" "$MIN_RUST" || rust_missing "found rustc $RUSTC_VERSION"

# --- 3. The virtual environment ------------------------------------------------------
venv_ok() {
    [ -x "$VENV/bin/python" ] && [ -x "$VENV/bin/pip" ] && "$VENV/bin/python" -c '' 2>/dev/null
}
if ! venv_ok; then
    t=$(now)
    command -v "$PYTHON" >/dev/null 2>&1 || apt_install python3 python3-venv python3-dev
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
        die "$PYTHON is older than 3.10; set PYTHON to a newer interpreter"
    rm -rf "$VENV"
    if ! "$PYTHON" -m venv "$VENV" >"$LOG_DIR/venv.log" 2>&1; then
        # Debian splits ensurepip into python3-venv; install it and try again.
        if grep -qi ensurepip "$LOG_DIR/venv.log" || ! "$PYTHON" -c 'import ensurepip' 2>/dev/null; then
            rm -rf "$VENV"
            apt_install python3-venv
            run_logged venv "$PYTHON" -m venv "$VENV"
        else
            cat "$LOG_DIR/venv.log" >&2
            die "'$PYTHON -m venv .venv' failed"
        fi
    fi
    say "created .venv with $("$VENV/bin/python" -c 'import platform; print("Python", platform.python_version())') ($(since "$t"))"
    DID_WORK=1
fi

# --- 4. Python tools in the venv -------------------------------------------------
tools_ok() {
    "$VENV/bin/maturin" --version >/dev/null 2>&1 &&
        "$VENV/bin/python" -c 'import numpy, pytest, hypothesis, cffi, cloudpickle, distributed' 2>/dev/null
}
if ! tools_ok; then
    t=$(now)
    run_logged pip "$VENV/bin/pip" install -q --disable-pip-version-check "${PY_TOOLS[@]}"
    tools_ok || die "one of ${PY_TOOLS[*]} is still missing from .venv after pip install"
    say "pip installed ${PY_TOOLS[*]} ($(since "$t"))"
    DID_WORK=1
fi

# --- 5. The extension module ----------------------------------------------------------
[ -f crates/oxjit_py/Cargo.toml ] || die "crates/oxjit_py/Cargo.toml not found: nothing to build"

needs_build() {
    [ "${OXJIT_REBUILD:-0}" = 1 ] && return 0
    [ -f "$STAMP" ] || return 0
    compgen -G 'python/oxjit/_oxjit*.so' >/dev/null || return 0
    [ -n "$(find crates Cargo.toml Cargo.lock pyproject.toml -newer "$STAMP" -print -quit 2>/dev/null)" ]
}
if needs_build; then
    t=$(now)
    rm -f "$STAMP"
    touch "$STAMP.next"   # taken before the build, so edits made during it trigger the next one
    (
        export VIRTUAL_ENV=$VENV PATH="$VENV/bin:$PATH"
        unset CONDA_PREFIX
        run_logged maturin "$VENV/bin/maturin" develop --release -q
    )
    mv "$STAMP.next" "$STAMP"
    say "built oxjit._oxjit (release, LLVM $("$LLVM_CONFIG" --version)) ($(since "$t"))"
    DID_WORK=1
fi

if [ "$DID_WORK" = 0 ]; then
    say "up to date ($(since "$START"))"
else
    say "done ($(since "$START"))"
fi
