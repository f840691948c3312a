//! Moving values across the boundary: Python objects into the memory layout compiled code
//! reads (`oxjit_types::layout`), and results back into Python objects.

use numpy::npyffi::{npy_intp, NpyTypes, PyArrayObject, NPY_ARRAY_WRITEABLE, PY_ARRAY_API};
use oxjit_types::layout::{field_offsets, size_align};
use oxjit_types::{ArrayType, Dtype, Type};
use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyComplex, PyTuple};
use std::ptr;

/// Writes `obj`, already typed as `t`, at `dst` in memory layout.
///
/// # Safety
/// `dst` must have room for `size_align(t).0` bytes, suitably aligned.
pub unsafe fn write_arg(obj: &Bound<'_, PyAny>, t: &Type, dst: *mut u8) -> PyResult<()> {
    unsafe {
        match t {
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
                    write_arg(&item, it, dst.add(off))?;
                }
                Ok(())
            }
            Type::None => Ok(()),
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
                Dtype::Bool => (*src != 0)
                    .into_pyobject(py)?
                    .to_owned()
                    .into_any()
                    .unbind(),
                Dtype::I8 => (*(src as *const i8)).into_pyobject(py)?.into_any().unbind(),
                Dtype::I16 => (*(src as *const i16))
                    .into_pyobject(py)?
                    .into_any()
                    .unbind(),
                Dtype::I32 => (*(src as *const i32))
                    .into_pyobject(py)?
                    .into_any()
                    .unbind(),
                Dtype::I64 => (*(src as *const i64))
                    .into_pyobject(py)?
                    .into_any()
                    .unbind(),
                Dtype::U8 => (*src).into_pyobject(py)?.into_any().unbind(),
                Dtype::U16 => (*(src as *const u16))
                    .into_pyobject(py)?
                    .into_any()
                    .unbind(),
                Dtype::U32 => (*(src as *const u32))
                    .into_pyobject(py)?
                    .into_any()
                    .unbind(),
                Dtype::U64 => (*(src as *const u64))
                    .into_pyobject(py)?
                    .into_any()
                    .unbind(),
                Dtype::F32 => ((*(src as *const f32)) as f64)
                    .into_pyobject(py)?
                    .into_any()
                    .unbind(),
                Dtype::F64 => (*(src as *const f64))
                    .into_pyobject(py)?
                    .into_any()
                    .unbind(),
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
                PyTuple::new(py, out)?.into_any().unbind()
            }
            Type::Array(a) => array_from_header(py, a, src)?,
            Type::None => py.None(),
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
        let parent = *(src.add(8) as *const *mut pyo3::ffi::PyObject);
        if parent.is_null() {
            return Err(crate::errors::InternalError::new_err(
                "returning arrays created in compiled code is not supported yet",
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
        let same = (*p).fields.nd as usize == nd
            && (*p).fields.data as *mut u8 == data
            && (0..nd).all(|i| {
                *(*p).fields.dimensions.add(i) == shape[i]
                    && *(*p).fields.strides.add(i) == strides[i]
            });
        if same {
            return Ok(Bound::from_borrowed_ptr(py, parent).unbind());
        }
        let descr = (*p).fields.descr;
        pyo3::ffi::Py_INCREF(descr as *mut pyo3::ffi::PyObject);
        let flags = (*p).fields.flags & NPY_ARRAY_WRITEABLE;
        let view = PY_ARRAY_API.PyArray_NewFromDescr(
            py,
            numpy::npyffi::get_type_object(py, NpyTypes::PyArray_Type),
            descr,
            nd as i32,
            shape.as_ptr() as *mut npy_intp,
            strides.as_ptr() as *mut npy_intp,
            data as *mut std::ffi::c_void,
            flags,
            ptr::null_mut(),
        );
        if view.is_null() {
            return Err(PyErr::fetch(py));
        }
        pyo3::ffi::Py_INCREF(parent);
        if PY_ARRAY_API.PyArray_SetBaseObject(py, view as *mut PyArrayObject, parent) < 0 {
            pyo3::ffi::Py_DECREF(view);
            return Err(PyErr::fetch(py));
        }
        Ok(Bound::from_owned_ptr(py, view).unbind())
    }
}
