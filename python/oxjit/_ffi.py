"""cffi function pointers as compiled code sees them (the Rust side maps the C type
names to dtypes): ``(address, result C type or None for void, [argument C types])``."""
import sys

_ffi = None


def cffi_function(obj):
    """The address and C signature of a cffi function pointer, or None when ``obj`` is
    not one (or cffi is not loaded: then nothing can be one)."""
    global _ffi
    backend = sys.modules.get("_cffi_backend")
    if backend is None or not isinstance(obj, backend._CDataBase):
        return None
    if _ffi is None:
        import cffi

        _ffi = cffi.FFI()
    t = _ffi.typeof(obj)
    if t.kind != "function":
        return None
    if t.ellipsis:
        return (0, "...", [])
    result = t.result.cname
    return (
        int(_ffi.cast("uintptr_t", obj)),
        None if result == "void" else result,
        [a.cname for a in t.args],
    )
