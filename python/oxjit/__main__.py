"""``python -m oxjit``: what oxjit sees of this machine, and running Numba code on oxjit.

    python -m oxjit                       system information (like ``numba -s``)
    python -m oxjit run script.py ARGS    run a script with ``numba`` mapped to oxjit
    python -m oxjit run -m module ARGS    the same for a module (``-m pytest tests/``)
"""
import os
import platform
import runpy
import sys

USAGE = __doc__.split("\n", 2)[2]


def system_info():
    """The report ``python -m oxjit`` prints, as (heading, value) rows."""
    import numpy

    import oxjit
    from oxjit import _oxjit, config

    info = _oxjit.system_info()
    features = [f[1:] for f in info["cpu_features"].split(",") if f.startswith("+")]
    simd = next((bits for name, bits in (("avx512f", 512), ("avx2", 256), ("avx", 256),
                                         ("sse2", 128), ("neon", 128)) if name in features), 0)
    rows = [
        ("oxjit", oxjit.__version__),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("NumPy", numpy.__version__),
        ("LLVM", info["llvm_version"]),
        ("Platform", platform.platform()),
        ("Target triple", info["target_triple"]),
        ("CPU name", info["cpu_name"]),
        ("CPU count", str(os.cpu_count())),
        ("SIMD width", f"{simd} bits" if simd else "none found"),
        ("CPU features", " ".join(sorted(features))),
        ("Threading layer", f"oxjit's worker pool (NUMBA_NUM_THREADS={config.NUMBA_NUM_THREADS})"),
        ("Cache directory", config.CACHE_DIR or "(beside each source file, in __pycache__)"),
        ("JIT disabled", str(bool(config.DISABLE_JIT))),
        ("CUDA GPU", _gpu_presence()),
    ]
    return rows


def _gpu_presence():
    import ctypes.util

    if ctypes.util.find_library("cuda") is None:
        return "none (no CUDA driver library found)"
    return "CUDA driver library present (the CUDA target is not built yet)"


def _print_system_info():
    rows = system_info()
    width = max(len(k) for k, _ in rows)
    print("oxjit system information")
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")


def _run(args):
    """``run script.py ARGS`` or ``run -m module ARGS``, with ``numba`` mapped to oxjit."""
    from oxjit._alias import install_numba_alias

    if not args or args[0] in ("-h", "--help"):
        print(USAGE)
        return 0 if args else 2
    install_numba_alias()
    if args[0] == "-m":
        if len(args) < 2:
            print("python -m oxjit run -m: which module?", file=sys.stderr)
            return 2
        sys.argv = args[1:]
        runpy.run_module(args[1], run_name="__main__", alter_sys=True)
        return 0
    sys.argv = list(args)
    sys.path.insert(0, os.path.dirname(os.path.abspath(args[0])))
    runpy.run_path(args[0], run_name="__main__")
    return 0


def main(argv=None):
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-s", "--sysinfo"):
        _print_system_info()
        return 0
    if args[0] == "run":
        return _run(args[1:])
    if args[0] in ("-h", "--help"):
        print(USAGE)
        return 0
    print(f"python -m oxjit: unknown command {args[0]!r}\n{USAGE}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
