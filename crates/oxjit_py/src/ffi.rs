//! C functions as Python objects: ctypes function objects (`CFUNCTYPE(...)(address)`,
//! `ctypes.CDLL(...).name` with `argtypes` and `restype` set), cffi function pointers
//! (`ffi.dlopen(...).name`; `python/oxjit/_ffi.py` reads them) and objects following
//! Numba's `WrapperAddressProtocol` (`__wrapper_address__()` and `signature()`), read as
//! the address and signature compiled code calls them with.

use oxjit_types::{CFunction, Dtype, GlobalValue};
use pyo3::prelude::*;

/// ctypes' scalar types and the dtype of each (aliases such as `c_int`/`c_int32` are
/// the same class, so the first name that matches decides).
const CTYPES_SCALARS: &[(&str, Dtype)] = &[
    ("c_double", Dtype::F64),
    ("c_float", Dtype::F32),
    ("c_bool", Dtype::Bool),
    ("c_int8", Dtype::I8),
    ("c_uint8", Dtype::U8),
    ("c_int16", Dtype::I16),
    ("c_uint16", Dtype::U16),
    ("c_int32", Dtype::I32),
    ("c_uint32", Dtype::U32),
    ("c_int64", Dtype::I64),
    ("c_uint64", Dtype::U64),
    ("c_long", Dtype::I64),
    ("c_ulong", Dtype::U64),
    ("c_longlong", Dtype::I64),
    ("c_ulonglong", Dtype::U64),
    ("c_int", Dtype::I32),
    ("c_uint", Dtype::U32),
    ("c_short", Dtype::I16),
    ("c_ushort", Dtype::U16),
    ("c_byte", Dtype::I8),
    ("c_ubyte", Dtype::U8),
    ("c_ssize_t", Dtype::I64),
    ("c_size_t", Dtype::U64),
];

fn ctypes_dtype(ctypes: &Bound<'_, PyModule>, t: &Bound<'_, PyAny>) -> PyResult<Option<Dtype>> {
    for (name, d) in CTYPES_SCALARS {
        if ctypes.getattr(*name)?.is(t) {
            return Ok(Some(*d));
        }
    }
    Ok(None)
}

/// The C function a ctypes function object calls, `None` when `obj` is not one, or
/// `GlobalValue::Unsupported` saying why it cannot be called from compiled code.
pub fn ctypes_function(obj: &Bound<'_, PyAny>) -> PyResult<Option<GlobalValue>> {
    let py = obj.py();
    let Ok(ctypes) = py.import("ctypes") else {
        return Ok(None);
    };
    if !obj.is_instance(&ctypes.getattr("_CFuncPtr")?)? {
        return Ok(None);
    }
    let argtypes = obj.getattr("argtypes")?;
    if argtypes.is_none() {
        return Ok(Some(GlobalValue::Unsupported(
            "a ctypes function without argtypes (set argtypes and restype to call it from compiled code)".into(),
        )));
    }
    let mut args = Vec::new();
    for t in argtypes.try_iter()? {
        let t = t?;
        match ctypes_dtype(&ctypes, &t)? {
            Some(d) => args.push(d),
            None => {
                return Ok(Some(GlobalValue::Unsupported(format!(
                    "a ctypes function taking {}: compiled code passes numbers to C functions",
                    t.getattr("__name__")?
                ))))
            }
        }
    }
    let restype = obj.getattr("restype")?;
    let ret = if restype.is_none() {
        None
    } else {
        match ctypes_dtype(&ctypes, &restype)? {
            Some(d) => Some(d),
            None => {
                return Ok(Some(GlobalValue::Unsupported(format!(
                    "a ctypes function returning {}: compiled code takes numbers from C functions",
                    restype.getattr("__name__")?
                ))))
            }
        }
    };
    let address: u64 = ctypes
        .call_method1("cast", (obj, ctypes.getattr("c_void_p")?))?
        .getattr("value")?
        .extract()?;
    Ok(Some(GlobalValue::CFunction(CFunction {
        address,
        ret,
        args,
    })))
}

/// The C function an object following Numba's `WrapperAddressProtocol` stands for:
/// `obj.__wrapper_address__()` is its address, `obj.signature()` its signature
/// (`float64(float64, float64)`); `None` when `obj` does not follow the protocol.
pub fn wrapper_address_function(obj: &Bound<'_, PyAny>) -> PyResult<Option<GlobalValue>> {
    let (Ok(address), Ok(signature)) =
        (obj.getattr("__wrapper_address__"), obj.getattr("signature"))
    else {
        return Ok(None);
    };
    if !address.is_callable() || !signature.is_callable() {
        return Ok(None);
    }
    let address: u64 = address.call0()?.extract()?;
    let text = signature.call0()?.str()?.to_string();
    let unsupported = |why: String| Ok(Some(GlobalValue::Unsupported(why)));
    let sig = match crate::pytypes::parse_signature(&text) {
        Ok(sig) => sig,
        Err(e) => return unsupported(format!("a C function with the signature {text:?} ({e})")),
    };
    let mut args = Vec::new();
    for t in &sig.args {
        match t.scalar() {
            Some(d) => args.push(d),
            None => {
                return unsupported(format!(
                    "a C function taking {t}: compiled code passes numbers to C functions"
                ))
            }
        }
    }
    let ret = match &sig.ret {
        None | Some(oxjit_types::Type::None) => None,
        Some(t) => match t.scalar() {
            Some(d) => Some(d),
            None => {
                return unsupported(format!(
                    "a C function returning {t}: compiled code takes numbers from C functions"
                ))
            }
        },
    };
    Ok(Some(GlobalValue::CFunction(CFunction {
        address,
        ret,
        args,
    })))
}

/// C type names as cffi spells them, and their dtypes.
const C_TYPE_NAMES: &[(&str, Dtype)] = &[
    ("double", Dtype::F64),
    ("float", Dtype::F32),
    ("_Bool", Dtype::Bool),
    ("bool", Dtype::Bool),
    ("int8_t", Dtype::I8),
    ("signed char", Dtype::I8),
    ("uint8_t", Dtype::U8),
    ("unsigned char", Dtype::U8),
    ("int16_t", Dtype::I16),
    ("short", Dtype::I16),
    ("uint16_t", Dtype::U16),
    ("unsigned short", Dtype::U16),
    ("int32_t", Dtype::I32),
    ("int", Dtype::I32),
    ("uint32_t", Dtype::U32),
    ("unsigned int", Dtype::U32),
    ("int64_t", Dtype::I64),
    ("long", Dtype::I64),
    ("long long", Dtype::I64),
    ("ssize_t", Dtype::I64),
    ("intptr_t", Dtype::I64),
    ("uint64_t", Dtype::U64),
    ("unsigned long", Dtype::U64),
    ("unsigned long long", Dtype::U64),
    ("size_t", Dtype::U64),
    ("uintptr_t", Dtype::U64),
];

fn c_type_dtype(name: &str) -> Option<Dtype> {
    C_TYPE_NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, d)| *d)
}

/// The C function a cffi function pointer calls, `None` when `obj` is not one.
pub fn cffi_function(obj: &Bound<'_, PyAny>) -> PyResult<Option<GlobalValue>> {
    let py = obj.py();
    // Nothing is a cffi object until cffi's backend is loaded.
    if !py
        .import("sys")?
        .getattr("modules")?
        .contains("_cffi_backend")?
    {
        return Ok(None);
    }
    let found = py
        .import("oxjit._ffi")?
        .call_method1("cffi_function", (obj,))?;
    if found.is_none() {
        return Ok(None);
    }
    let (address, ret, args): (u64, Option<String>, Vec<String>) = found.extract()?;
    let unsupported = |what: &str| {
        Ok(Some(GlobalValue::Unsupported(format!(
            "a cffi function {what}: compiled code passes numbers to C functions and takes numbers back"
        ))))
    };
    if ret.as_deref() == Some("...") {
        return unsupported("with variable arguments");
    }
    let mut arg_dtypes = Vec::new();
    for a in &args {
        match c_type_dtype(a) {
            Some(d) => arg_dtypes.push(d),
            None => return unsupported(&format!("taking {a}")),
        }
    }
    let ret = match ret {
        None => None,
        Some(r) => match c_type_dtype(&r) {
            Some(d) => Some(d),
            None => return unsupported(&format!("returning {r}")),
        },
    };
    Ok(Some(GlobalValue::CFunction(CFunction {
        address,
        ret,
        args: arg_dtypes,
    })))
}
