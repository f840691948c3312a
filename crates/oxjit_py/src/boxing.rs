//! Moving values across the boundary: Python objects into the memory layout compiled code
//! reads (`oxjit_types::layout`), and results back into Python objects.

use crate::reflected::Reflected;
use numpy::npyffi::{npy_intp, NpyTypes, PyArrayObject, NPY_ARRAY_WRITEABLE, PY_ARRAY_API};
use oxjit_types::layout::{field_offsets, size_align};
use oxjit_types::{ArrayType, Dtype, Type};
use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyComplex, PyDict, PyList, PyTuple};
use pyo3::IntoPyObjectExt;
use std::ptr;

/// Writes `obj`, already typed as `t`, at `dst` in memory layout.
///
/// # Safety
/// `dst` must have room for `size_align(t).0` bytes, suitably aligned.
pub unsafe fn write_arg(
    obj: &Bound<'_, PyAny>,
    t: &Type,
    dst: *mut u8,
    reflected: &mut Vec<Reflected>,
) -> PyResult<()> {
    unsafe {
        match t {
            Type::List(elem) => crate::reflected::write_list(obj, elem, dst, reflected),
            Type::Dict(d) => crate::reflected::write_dict(obj, d, dst, reflected),
            Type::Unicode => crate::reflected::write_string(obj, dst),
            Type::Scalar(d) => write_scalar(obj, *d, dst),
            Type::Array(a) => {
                let raw = obj.as_ptr() as *mut PyArrayObject;
                let nd = a.ndim as usize;
                let dims = (*raw).fields.dimensions;
                let strides = (*raw).fields.strides;
                let mut nitems: i64 = 1;
                let words = dst as *mut i64;
                for i in 0..nd {
                    let n = *dims.add(i) as i64;
                    nitems *= n;
                    *words.add(5 + i) = n;
                    *words.add(5 + nd + i) = *strides.add(i) as i64;
                }
                *(dst as *mut *mut u8) = ptr::null_mut(); // meminfo: NumPy owns the buffer
                *(dst.add(8) as *mut *mut pyo3::ffi::PyObject) = obj.as_ptr();
                *words.add(2) = nitems;
                *words.add(3) = a.dtype.itemsize() as i64;
                *(dst.add(32) as *mut *mut u8) = (*raw).fields.data as *mut u8;
                Ok(())
            }
            Type::Tuple(items) => {
                let tup = obj.cast::<PyTuple>()?;
                for ((item, it), off) in tup.iter().zip(items).zip(field_offsets(items)) {
                    write_arg(&item, it, dst.add(off), reflected)?;
                }
                Ok(())
            }
            // Known entirely from the type (a C function's address, a jitted function's
            // handle, a string's text are part of it).
            Type::None
            | Type::Str(_)
            | Type::Function(
                oxjit_types::Callable::CFunction(_) | oxjit_types::Callable::Jitted(_),
            ) => Ok(()),
            _ => Err(PyTypeError::new_err(format!(
                "cannot pass {t} to compiled code"
            ))),
        }
    }
}

unsafe fn write_scalar(obj: &Bound<'_, PyAny>, d: Dtype, dst: *mut u8) -> PyResult<()> {
    unsafe {
        match d {
            Dtype::Bool => *dst = obj.is_truthy()? as u8,
            Dtype::I8 => *(dst as *mut i8) = obj.extract()?,
            Dtype::I16 => *(dst as *mut i16) = obj.extract()?,
            Dtype::I32 => *(dst as *mut i32) = obj.extract()?,
            Dtype::I64 => {
                *(dst as *mut i64) = obj.extract().map_err(|_| {
                    PyOverflowError::new_err("integer argument does not fit in int64")
                })?
            }
            Dtype::U8 => *dst = obj.extract()?,
            Dtype::U16 => *(dst as *mut u16) = obj.extract()?,
            Dtype::U32 => *(dst as *mut u32) = obj.extract()?,
            Dtype::U64 => *(dst as *mut u64) = obj.extract()?,
            Dtype::F32 => *(dst as *mut f32) = obj.extract::<f64>()? as f32,
            Dtype::F64 => *(dst as *mut f64) = obj.extract()?,
            Dtype::C64 | Dtype::C128 => {
                let (re, im) = match obj.cast::<PyComplex>() {
                    Ok(c) => (c.real(), c.imag()),
                    Err(_) => (
                        obj.getattr("real")?.extract()?,
                        obj.getattr("imag")?.extract()?,
                    ),
                };
                if d == Dtype::C64 {
                    *(dst as *mut f32) = re as f32;
                    *(dst.add(4) as *mut f32) = im as f32;
                } else {
                    *(dst as *mut f64) = re;
                    *(dst.add(8) as *mut f64) = im;
                }
            }
        }
        Ok(())
    }
}

/// Reads a result of type `t` from `src` as a Python object.
///
/// # Safety
/// `src` must hold a value of type `t` in memory layout, written by compiled code.
pub unsafe fn read_result(py: Python<'_>, t: &Type, src: *const u8) -> PyResult<Py<PyAny>> {
    unsafe {
        Ok(match t {
            Type::Scalar(d) => match d {
                Dtype::Bool => (*src != 0).into_py_any(py)?,
                Dtype::I8 => (*(src as *const i8)).into_py_any(py)?,
                Dtype::I16 => (*(src as *const i16)).into_py_any(py)?,
                Dtype::I32 => (*(src as *const i32)).into_py_any(py)?,
                Dtype::I64 => (*(src as *const i64)).into_py_any(py)?,
                Dtype::U8 => (*src).into_py_any(py)?,
                Dtype::U16 => (*(src as *const u16)).into_py_any(py)?,
                Dtype::U32 => (*(src as *const u32)).into_py_any(py)?,
                Dtype::U64 => (*(src as *const u64)).into_py_any(py)?,
                Dtype::F32 => ((*(src as *const f32)) as f64).into_py_any(py)?,
                Dtype::F64 => (*(src as *const f64)).into_py_any(py)?,
                Dtype::C64 => {
                    let re = *(src as *const f32) as f64;
                    let im = *(src.add(4) as *const f32) as f64;
                    PyComplex::from_doubles(py, re, im).into_any().unbind()
                }
                Dtype::C128 => {
                    let re = *(src as *const f64);
                    let im = *(src.add(8) as *const f64);
                    PyComplex::from_doubles(py, re, im).into_any().unbind()
                }
            },
            Type::Tuple(items) => {
                let offsets = field_offsets(items);
                let mut out = Vec::with_capacity(items.len());
                for (it, off) in items.iter().zip(offsets) {
                    out.push(read_result(py, it, src.add(off))?);
                }
                match &items.class {
                    Some(class) => crate::named_tuples::instance(py, class.handle, out)?.unbind(),
                    None => PyTuple::new(py, out)?.into_any().unbind(),
                }
            }
            Type::Array(a) => array_from_header(py, a, src)?,
            Type::List(elem) => {
                let mi = *(src as *const *mut oxjit_runtime::MemInfo);
                let items = read_list_items(py, elem, mi)?;
                oxjit_runtime::memory::oxjit_rt_decref(mi);
                PyList::new(py, items)?.into_any().unbind()
            }
            Type::Dict(d) => {
                let mi = *(src as *const *mut oxjit_runtime::MemInfo);
                let out = PyDict::new(py);
                for (key, value) in oxjit_runtime::dict::entries(mi) {
                    // Reading takes over a reference; the dict keeps its own until freed.
                    incref_in_memory(&d.key, key);
                    incref_in_memory(&d.value, value);
                    out.set_item(
                        read_result(py, &d.key, key)?,
                        read_result(py, &d.value, value)?,
                    )?;
                }
                oxjit_runtime::memory::oxjit_rt_decref(mi);
                out.into_any().unbind()
            }
            Type::None => py.None(),
            Type::Str(text) => text.into_py_any(py)?,
            Type::Unicode => {
                let block = *(src as *const *mut oxjit_runtime::MemInfo);
                let data = *(src.add(8) as *const *const u32);
                let len = *(src.add(16) as *const i64) as usize;
                // UTF-32 in native order; lone surrogates pass, as Python strings hold them.
                let mut order: std::os::raw::c_int = if cfg!(target_endian = "little") {
                    -1
                } else {
                    1
                };
                let text = pyo3::ffi::PyUnicode_DecodeUTF32(
                    data as *const std::os::raw::c_char,
                    (len * 4) as pyo3::ffi::Py_ssize_t,
                    c"surrogatepass".as_ptr(),
                    &mut order,
                );
                oxjit_runtime::memory::oxjit_rt_decref(block);
                Bound::from_owned_ptr_or_err(py, text)?.unbind()
            }
            // A generator takes over the reference to its state.
            Type::Generator(item) => {
                let block = *(src as *const *mut oxjit_runtime::MemInfo);
                let generator = crate::generator::Generator::new(block, (**item).clone());
                Py::new(py, generator)?.into_any()
            }
            // `(is_value, value)`: None, or the value.
            Type::Optional(inner) => {
                let offsets = field_offsets(&[Type::BOOL, (**inner).clone()]);
                if *src == 0 {
                    // A None holds no reference (its value is zeroed).
                    py.None()
                } else {
                    read_result(py, inner, src.add(offsets[1]))?
                }
            }
            _ => {
                return Err(PyTypeError::new_err(format!(
                    "compiled code cannot return {t} to Python"
                )))
            }
        })
    }
}

/// Bytes a value of type `t` takes in memory, rounded up to 16 so slots stay aligned.
pub fn slot_size(t: &Type) -> usize {
    size_align(t).0.div_ceil(16) * 16
}

/// An ndarray for an array header: the caller's own object when the header describes it
/// unchanged, otherwise a view of it (`a[i]` of a 2-d argument, `a.T`).
///
/// # Safety
/// `src` must point at a valid array header of `a.ndim` dimensions.
unsafe fn array_from_header(py: Python<'_>, a: &ArrayType, src: *const u8) -> PyResult<Py<PyAny>> {
    unsafe {
        let meminfo = *(src as *const *mut oxjit_runtime::MemInfo);
        let parent = *(src.add(8) as *const *mut pyo3::ffi::PyObject);
        if !meminfo.is_null() {
            return array_owning(py, a, src, meminfo);
        }
        if parent.is_null() {
            return Err(crate::errors::InternalError::new_err(
                "an array result has no memory",
            ));
        }
        let nd = a.ndim as usize;
        let words = src as *const i64;
        let data = *(src.add(32) as *const *mut u8);
        let shape: Vec<npy_intp> = (0..nd).map(|i| *words.add(5 + i) as npy_intp).collect();
        let strides: Vec<npy_intp> = (0..nd)
            .map(|i| *words.add(5 + nd + i) as npy_intp)
            .collect();
        let p = parent as *mut PyArrayObject;
        // A view may see the parent's memory as another dtype (`z.real` of complex `z`).
        let parent_descr = (*p).fields.descr;
        let same_dtype =
            crate::typeof_::dtype_of_num((*parent_descr).fields.type_num) == Some(a.dtype);
        let same = same_dtype
            && (*p).fields.nd as usize == nd
            && (*p).fields.data as *mut u8 == data
            && (0..nd).all(|i| {
                *(*p).fields.dimensions.add(i) == shape[i]
                    && *(*p).fields.strides.add(i) == strides[i]
            });
        if same {
            return Ok(Bound::from_borrowed_ptr(py, parent).unbind());
        }
        let descr = if same_dtype {
            pyo3::ffi::Py_INCREF(parent_descr as *mut pyo3::ffi::PyObject);
            parent_descr
        } else {
            PY_ARRAY_API.PyArray_DescrFromType(py, dtype_num(a.dtype))
        };
        let flags = (*p).fields.flags & NPY_ARRAY_WRITEABLE;
        pyo3::ffi::Py_INCREF(parent);
        ndarray_over(py, descr, &shape, &strides, data, flags, parent)
    }
}

/// Items of a compiled list as Python objects (each array item takes its own reference).
///
/// # Safety
/// `mi` must be a live list block whose items have type `elem`.
pub(crate) unsafe fn read_list_items(
    py: Python<'_>,
    elem: &Type,
    mi: *mut oxjit_runtime::MemInfo,
) -> PyResult<Vec<Py<PyAny>>> {
    unsafe {
        let header = &*((*mi).data as *const oxjit_runtime::list::ListHeader);
        let mut out = Vec::with_capacity(header.len as usize);
        for i in 0..header.len as usize {
            let p = header.items.add(i * header.itemsize as usize);
            // Reading takes over a reference; the list keeps its own until it is freed.
            incref_in_memory(elem, p);
            out.push(read_result(py, elem, p)?);
        }
        Ok(out)
    }
}

/// Takes a new reference to every memory block a value of type `t` at `p` holds.
///
/// # Safety
/// `p` must point at a valid value of type `t` in memory layout.
pub(crate) unsafe fn incref_in_memory(t: &Type, p: *const u8) {
    unsafe {
        match t {
            // An array header, a list and a dict all start with their memory block.
            Type::Array(_) | Type::List(_) | Type::Dict(_) | Type::DictView(..) | Type::Unicode => {
                oxjit_runtime::memory::oxjit_rt_incref(*(p as *const *mut oxjit_runtime::MemInfo))
            }
            Type::Tuple(items) => {
                for (it, off) in items.iter().zip(field_offsets(items)) {
                    incref_in_memory(it, p.add(off));
                }
            }
            _ => {}
        }
    }
}

/// Keeps a memory block of compiled code alive for as long as an ndarray uses it.
#[pyclass(module = "oxjit._oxjit", frozen)]
pub struct MemoryOwner {
    meminfo: usize,
}

impl Drop for MemoryOwner {
    fn drop(&mut self) {
        // SAFETY: the owner holds exactly one reference, given back once.
        unsafe {
            oxjit_runtime::memory::oxjit_rt_decref(self.meminfo as *mut oxjit_runtime::MemInfo)
        };
    }
}

/// An ndarray over memory compiled code allocated, taking over the reference the header
/// carries: no copy, freed when the ndarray (and every view of it) dies.
unsafe fn array_owning(
    py: Python<'_>,
    a: &ArrayType,
    src: *const u8,
    meminfo: *mut oxjit_runtime::MemInfo,
) -> PyResult<Py<PyAny>> {
    unsafe {
        let owner = Bound::new(
            py,
            MemoryOwner {
                meminfo: meminfo as usize,
            },
        )?;
        let nd = a.ndim as usize;
        let words = src as *const i64;
        let data = *(src.add(32) as *const *mut u8);
        let shape: Vec<npy_intp> = (0..nd).map(|i| *words.add(5 + i) as npy_intp).collect();
        let strides: Vec<npy_intp> = (0..nd)
            .map(|i| *words.add(5 + nd + i) as npy_intp)
            .collect();
        let descr = PY_ARRAY_API.PyArray_DescrFromType(py, dtype_num(a.dtype));
        ndarray_over(
            py,
            descr,
            &shape,
            &strides,
            data,
            NPY_ARRAY_WRITEABLE,
            owner.into_ptr(),
        )
    }
}

fn dtype_num(d: Dtype) -> i32 {
    use numpy::npyffi::NPY_TYPES::*;
    // np.int64 is C `long` where that has 64 bits (so arrays print as NumPy's own),
    // `long long` elsewhere.
    let long_is_64 = std::mem::size_of::<std::os::raw::c_long>() == 8;
    (match d {
        Dtype::I64 if long_is_64 => NPY_LONG,
        Dtype::U64 if long_is_64 => NPY_ULONG,
        Dtype::Bool => NPY_BOOL,
        Dtype::I8 => NPY_BYTE,
        Dtype::U8 => NPY_UBYTE,
        Dtype::I16 => NPY_SHORT,
        Dtype::U16 => NPY_USHORT,
        Dtype::I32 => NPY_INT,
        Dtype::U32 => NPY_UINT,
        Dtype::I64 => NPY_LONGLONG,
        Dtype::U64 => NPY_ULONGLONG,
        Dtype::F32 => NPY_FLOAT,
        Dtype::F64 => NPY_DOUBLE,
        Dtype::C64 => NPY_CFLOAT,
        Dtype::C128 => NPY_CDOUBLE,
    }) as i32
}

/// A new ndarray over `data` with the given descr (reference stolen), shape and strides,
/// whose base object (reference stolen) keeps the memory alive.
unsafe fn ndarray_over(
    py: Python<'_>,
    descr: *mut numpy::npyffi::PyArray_Descr,
    shape: &[npy_intp],
    strides: &[npy_intp],
    data: *mut u8,
    flags: i32,
    base: *mut pyo3::ffi::PyObject,
) -> PyResult<Py<PyAny>> {
    unsafe {
        let array = PY_ARRAY_API.PyArray_NewFromDescr(
            py,
            numpy::npyffi::get_type_object(py, NpyTypes::PyArray_Type),
            descr,
            shape.len() as i32,
            shape.as_ptr() as *mut npy_intp,
            strides.as_ptr() as *mut npy_intp,
            data as *mut std::ffi::c_void,
            flags,
            ptr::null_mut(),
        );
        if array.is_null() {
            pyo3::ffi::Py_DECREF(base);
            return Err(PyErr::fetch(py));
        }
        if PY_ARRAY_API.PyArray_SetBaseObject(py, array as *mut PyArrayObject, base) < 0 {
            pyo3::ffi::Py_DECREF(array);
            return Err(PyErr::fetch(py));
        }
        Ok(Bound::from_owned_ptr(py, array).unbind())
    }
}
