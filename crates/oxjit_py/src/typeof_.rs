//! The type of a Python argument, as compiled code sees it. Hot path of every call.

use crate::pytypes::NumbaType;
use numpy::npyffi::{PyArrayObject, NPY_TYPES};
use numpy::{PyUntypedArray, PyUntypedArrayMethods};
use oxjit_types::{ArrayType, Dtype, Layout, Type};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyComplex, PyFloat, PyInt, PyString, PyTuple};

const NPY_ARRAY_C_CONTIGUOUS: i32 = 0x1;
const NPY_ARRAY_F_CONTIGUOUS: i32 = 0x2;
const NPY_ARRAY_ALIGNED: i32 = 0x100;
const NPY_ARRAY_WRITEABLE: i32 = 0x400;

/// The dtype of a NumPy type number (native byte order assumed by the caller).
pub fn dtype_of_num(num: i32) -> Option<Dtype> {
    use NPY_TYPES::*;
    let table = [
        (NPY_BOOL, Dtype::Bool),
        (NPY_BYTE, Dtype::I8),
        (NPY_UBYTE, Dtype::U8),
        (NPY_SHORT, Dtype::I16),
        (NPY_USHORT, Dtype::U16),
        (NPY_INT, Dtype::I32),
        (NPY_UINT, Dtype::U32),
        (
            NPY_LONG,
            if std::mem::size_of::<std::ffi::c_long>() == 8 {
                Dtype::I64
            } else {
                Dtype::I32
            },
        ),
        (
            NPY_ULONG,
            if std::mem::size_of::<std::ffi::c_long>() == 8 {
                Dtype::U64
            } else {
                Dtype::U32
            },
        ),
        (NPY_LONGLONG, Dtype::I64),
        (NPY_ULONGLONG, Dtype::U64),
        (NPY_FLOAT, Dtype::F32),
        (NPY_DOUBLE, Dtype::F64),
        (NPY_CFLOAT, Dtype::C64),
        (NPY_CDOUBLE, Dtype::C128),
    ];
    table
        .iter()
        .find(|(t, _)| *t as i32 == num)
        .map(|(_, d)| *d)
}

/// Type of an ndarray argument.
/// Names an ndarray subclass may define and still be its data to compiled code: making,
/// describing and pickling instances. Anything else it defines that ndarray has (an
/// operator, `__getitem__`, `__array_ufunc__`, a method like `sum`) changes what the
/// array means, which compiled code would not see (`np.ma`, `np.matrix`).
const NEUTRAL_ARRAY_NAMES: &[&str] = &[
    "__new__",
    "__init__",
    "__array_finalize__",
    "__repr__",
    "__str__",
    "__doc__",
    "__module__",
    "__dict__",
    "__weakref__",
    "__reduce__",
    "__reduce_ex__",
    "__setstate__",
    "__getstate__",
    "__init_subclass__",
    "__class_getitem__",
    "__format__",
    "__slots__",
    "__annotations__",
    "__qualname__",
    "__firstlineno__",
    "__static_attributes__",
];

/// Refuses an ndarray subclass whose class gives arrays other semantics (see
/// [`NEUTRAL_ARRAY_NAMES`]) with a TypingError naming it; plain ndarrays pass at once.
fn check_array_class(obj: &Bound<'_, PyAny>) -> PyResult<()> {
    let py = obj.py();
    let class = obj.get_type();
    // SAFETY: the ndarray type object from NumPy's C API.
    let ndarray = unsafe {
        Bound::from_borrowed_ptr(
            py,
            numpy::npyffi::get_type_object(py, numpy::npyffi::NpyTypes::PyArray_Type) as *mut _,
        )
    };
    if class.is(&ndarray) {
        return Ok(());
    }
    for base in class.mro().iter() {
        if base.is(&ndarray) {
            break;
        }
        let dict = base.getattr("__dict__")?;
        for name in dict.try_iter()? {
            let name: String = name?.extract()?;
            if !NEUTRAL_ARRAY_NAMES.contains(&name.as_str()) && ndarray.hasattr(name.as_str())? {
                return Err(crate::errors::TypingError::new_err(format!(
                    "oxjit cannot compile for an argument of type {}: it is an ndarray \
                     subclass that defines '{name}', so compiled code would treat it as \
                     its data alone; pass np.asarray(x) if that is what is meant",
                    class.qualname()?
                )));
            }
        }
    }
    Ok(())
}

pub fn array_type(arr: &Bound<'_, PyUntypedArray>) -> PyResult<Type> {
    // SAFETY: `arr` is an ndarray (checked by the cast), so its object is a PyArrayObject
    // and its descr is valid while we hold a reference.
    let (num, byteorder, flags, ndim) = unsafe {
        let raw = arr.as_ptr() as *mut PyArrayObject;
        let descr = (*raw).fields.descr;
        (
            (*descr).fields.type_num,
            (*descr).fields.byteorder as u8,
            (*raw).fields.flags,
            (*raw).fields.nd,
        )
    };
    let dtype = dtype_of_num(num)
        .filter(|_| byteorder != b'>')
        .ok_or_else(|| {
            PyTypeError::new_err(format!(
                "oxjit does not support arrays of dtype {} as arguments",
                arr.dtype()
            ))
        })?;
    if flags & NPY_ARRAY_ALIGNED == 0 {
        return Err(PyTypeError::new_err(
            "oxjit does not support unaligned arrays",
        ));
    }
    if ndim > oxjit_runtime::MAX_NDIM as i32 {
        return Err(PyTypeError::new_err("too many dimensions"));
    }
    let layout = if flags & NPY_ARRAY_C_CONTIGUOUS != 0 {
        Layout::C
    } else if flags & NPY_ARRAY_F_CONTIGUOUS != 0 {
        Layout::F
    } else {
        Layout::A
    };
    Ok(Type::Array(ArrayType {
        dtype,
        ndim: ndim as u8,
        layout,
        readonly: flags & NPY_ARRAY_WRITEABLE == 0,
    }))
}

/// `numpy.generic`, the base class of NumPy scalars.
fn numpy_generic(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static GENERIC: pyo3::sync::PyOnceLock<Py<PyAny>> = pyo3::sync::PyOnceLock::new();
    GENERIC
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(py.import("numpy")?.getattr("generic")?.unbind())
        })
        .map(|g| g.bind(py))
}

/// Whether `type_of_arg(obj)` is `t` and, when `numpy_scalar` is given, `obj` is a NumPy
/// scalar exactly when it says so. Answered without building a type for the common cases
/// (Python floats and ints, arrays): the dispatcher's per-call check.
pub fn arg_matches(obj: &Bound<'_, PyAny>, t: &Type, numpy_scalar: Option<bool>) -> bool {
    match t {
        Type::Scalar(Dtype::F64) if obj.is_exact_instance_of::<PyFloat>() => {
            numpy_scalar != Some(true)
        }
        Type::Scalar(Dtype::I64) if obj.is_exact_instance_of::<PyInt>() => {
            numpy_scalar != Some(true)
        }
        Type::Array(want) => obj.cast::<PyUntypedArray>().is_ok_and(|arr| {
            matches!(array_type(arr), Ok(Type::Array(got)) if got == *want)
                && check_array_class(obj).is_ok()
        }),
        _ => {
            type_of_arg(obj).is_ok_and(|got| got == *t)
                && numpy_scalar.is_none_or(|n| is_numpy_scalar_arg(obj, t) == n)
        }
    }
}

/// Whether `obj`, typed `t`, is a NumPy scalar of a dtype Python numbers also have
/// (bool, int64, float64, complex128): the arguments whose promotion and arithmetic
/// differ from a Python number's (see `oxjit_infer::NumpyScalarArgs`).
pub fn is_numpy_scalar_arg(obj: &Bound<'_, PyAny>, t: &Type) -> bool {
    matches!(
        t,
        Type::Scalar(Dtype::Bool | Dtype::I64 | Dtype::F64 | Dtype::C128)
    ) && numpy_generic(obj.py()).is_ok_and(|g| obj.is_instance(g).unwrap_or(false))
}

/// The type compiled code gives a Python argument.
pub fn type_of_arg(obj: &Bound<'_, PyAny>) -> PyResult<Type> {
    // Exact builtin types first: they are the common case.
    if obj.is_exact_instance_of::<PyFloat>() {
        return Ok(Type::F64);
    }
    if obj.is_exact_instance_of::<PyInt>() {
        return Ok(Type::I64);
    }
    if let Ok(arr) = obj.cast::<PyUntypedArray>() {
        check_array_class(obj)?;
        return array_type(arr);
    }
    if obj.is_instance_of::<PyBool>() {
        return Ok(Type::BOOL);
    }
    // NumPy scalars carry their dtype (np.float64 also subclasses float, same type).
    if obj.is_instance(numpy_generic(obj.py())?)? {
        let num: i32 = obj.getattr("dtype")?.getattr("num")?.extract()?;
        if let Some(d) = dtype_of_num(num) {
            return Ok(Type::Scalar(d));
        }
    }
    if obj.is_instance_of::<PyInt>() {
        return Ok(Type::I64);
    }
    if obj.is_instance_of::<PyFloat>() {
        return Ok(Type::F64);
    }
    if obj.is_instance_of::<PyComplex>() {
        return Ok(Type::C128);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        let items = t
            .iter()
            .map(|x| type_of_arg(&x))
            .collect::<PyResult<Vec<_>>>()?;
        // A list is reflected back to the caller only as an argument of its own.
        if items.iter().any(contains_list) {
            return Err(PyTypeError::new_err(
                "lists inside tuple arguments are not supported; pass the list as its own argument",
            ));
        }
        return Ok(match crate::named_tuples::class_of(&t.get_type())? {
            Some(class) => Type::Tuple(oxjit_types::TupleType::named(class, items)),
            None => Type::tuple(items),
        });
    }
    if obj.is_none() {
        return Ok(Type::None);
    }
    // A string is known by its value, as a jitted function argument is: each distinct
    // string gets its own specialisation, in which comparing it is a constant (mode
    // strings: `order='F'`, `method='linear'`).
    if let Ok(s) = obj.cast::<PyString>() {
        // A string holding a lone surrogate has no UTF-8 text to specialise on: it
        // passes as a run-time string.
        return Ok(match s.to_str() {
            Ok(text) => Type::Str(text.to_string()),
            Err(_) => Type::Unicode,
        });
    }
    if let Ok(list) = obj.cast::<pyo3::types::PyList>() {
        let Some(first) = list.iter().next() else {
            return Err(PyTypeError::new_err(
                "oxjit cannot type an empty list argument (its items' type is unknown)",
            ));
        };
        let elem = crate::reflected::item_type(&first)?;
        if !matches!(elem, Type::Scalar(_) | Type::Array(_) | Type::Unicode) {
            return Err(PyTypeError::new_err(format!(
                "lists of {elem} are not supported as arguments"
            )));
        }
        return Ok(Type::List(Box::new(elem)));
    }
    if let Ok(dict) = obj.cast::<pyo3::types::PyDict>() {
        return dict_type(dict);
    }
    // A jitted function: which one is its type (each gets its own specialisation), and
    // compiled code calls it directly.
    if let Ok(d) = obj.cast::<crate::dispatcher::Dispatcher>() {
        return Ok(Type::Function(oxjit_types::Callable::Jitted(d.get().id)));
    }
    // A C function (ctypes, or Numba's WrapperAddressProtocol): its address and
    // signature are its type, so each function gets its own specialisation.
    for c_function in [
        crate::ffi::ctypes_function(obj)?,
        crate::ffi::wrapper_address_function(obj)?,
        crate::ffi::cffi_function(obj)?,
    ] {
        match c_function {
            Some(oxjit_types::GlobalValue::CFunction(f)) => {
                return Ok(Type::Function(oxjit_types::Callable::CFunction(f)))
            }
            Some(oxjit_types::GlobalValue::Unsupported(why)) => {
                return Err(PyTypeError::new_err(format!(
                    "oxjit cannot compile for an argument that is {why}"
                )))
            }
            _ => {}
        }
    }
    Err(PyTypeError::new_err(format!(
        "oxjit cannot compile for an argument of type {}",
        obj.get_type().name()?
    )))
}

/// `oxjit.typeof(x)`: the type compiled code gives `x`.
#[pyfunction]
#[pyo3(name = "typeof")]
pub fn typeof_(obj: &Bound<'_, PyAny>) -> PyResult<NumbaType> {
    Ok(NumbaType(type_of_arg(obj)?))
}

/// A dict argument's type: its first entry's key and value types, which every entry
/// must have (checked when it is copied in).
fn dict_type(dict: &Bound<'_, pyo3::types::PyDict>) -> PyResult<Type> {
    let Some((key, value)) = dict.iter().next() else {
        return Err(PyTypeError::new_err(
            "oxjit cannot type an empty dict argument (its keys' and values' types are unknown)",
        ));
    };
    let item_type = crate::reflected::item_type;
    let (key, value) = (item_type(&key)?, item_type(&value)?);
    let copyable = |t: &Type| match t {
        Type::Scalar(_) | Type::Array(_) | Type::Unicode => true,
        Type::Tuple(items) => items.iter().all(|t| matches!(t, Type::Scalar(_))),
        _ => false,
    };
    if !copyable(&value) {
        return Err(PyTypeError::new_err(format!(
            "dicts with values of type {value} are not supported as arguments \
             (numbers, arrays and tuples of numbers are)"
        )));
    }
    oxjit_builtins::dict::entry_types(key, value).map_err(PyTypeError::new_err)
}

fn contains_list(t: &Type) -> bool {
    match t {
        Type::List(_) | Type::Dict(_) => true,
        Type::Tuple(items) => items.iter().any(contains_list),
        _ => false,
    }
}
