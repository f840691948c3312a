//! List and dict arguments: compiled code gets a copy in its own layout (a runtime list or
//! dict), whose contents go back into the caller's object after the call, even when the
//! call raised, as Numba's "reflected list" does. The same object passed twice is one
//! container in compiled code too, so both arguments see each other's changes and it is
//! written back once.

use crate::boxing::{incref_in_memory, read_list_items, read_result, write_arg};
use crate::typeof_::type_of_arg;
use oxjit_runtime::MemInfo;
use oxjit_types::layout::{field_offsets, size_align};
use oxjit_types::{DictType, Dtype, TupleType, Type};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// A list or dict argument and the runtime container compiled code works on (or a
/// string argument copied in for the call, released after it).
pub struct Reflected {
    pub object: Py<PyAny>,
    pub meminfo: *mut MemInfo,
    /// `list(T)` or `DictType[K, V]`.
    pub ty: Type,
}

impl Reflected {
    /// Writes the compiled container's contents back into the Python object (when
    /// `write_back`) and releases the container.
    pub fn reflect(self, py: Python<'_>, write_back: bool) -> PyResult<()> {
        let result = if write_back {
            // SAFETY: the block is alive until the decref below.
            unsafe { self.write_back(py) }
        } else {
            Ok(())
        };
        // SAFETY: this is the reference the argument took.
        unsafe { oxjit_runtime::memory::oxjit_rt_decref(self.meminfo) };
        result
    }

    /// # Safety
    /// The container block must be alive.
    unsafe fn write_back(&self, py: Python<'_>) -> PyResult<()> {
        let object = self.object.bind(py);
        match &self.ty {
            Type::List(elem) => {
                let items = unsafe { read_list_items(py, elem, self.meminfo) }?;
                let slice = pyo3::types::PySlice::full(py);
                object.set_item(slice, PyList::new(py, items)?)
            }
            Type::Dict(d) => {
                // Every entry is read before the caller's dict is cleared: an array from
                // the caller is kept alive only by that dict until then.
                let mut entries = Vec::new();
                for (key, value) in unsafe { oxjit_runtime::dict::entries(self.meminfo) } {
                    // Reading takes over a reference; the dict keeps its own.
                    unsafe {
                        incref_in_memory(&d.key, key);
                        incref_in_memory(&d.value, value);
                        entries.push((
                            read_result(py, &d.key, key)?,
                            read_result(py, &d.value, value)?,
                        ));
                    }
                }
                let dict = object.cast::<PyDict>()?;
                dict.clear();
                for (key, value) in entries {
                    dict.set_item(key, value)?;
                }
                Ok(())
            }
            // A string copied in for the call goes back to nothing.
            Type::Unicode => Ok(()),
            t => unreachable!("only lists and dicts are reflected, not {t}"),
        }
    }
}

/// The type an item of a list or dict argument has in compiled code: a string is a
/// run-time string there (its items need not be one constant).
pub fn item_type(obj: &Bound<'_, PyAny>) -> PyResult<Type> {
    Ok(match type_of_arg(obj)? {
        Type::Str(_) => Type::Unicode,
        t => t,
    })
}

/// A Python string as a run-time string at `dst`: a new memory block of its code points,
/// whose one reference the value holds.
///
/// # Safety
/// `dst` must have room for a `Type::Unicode` value.
pub unsafe fn write_string(obj: &Bound<'_, PyAny>, dst: *mut u8) -> PyResult<()> {
    let py = obj.py();
    // UTF-32 in native order; lone surrogates pass, as Python strings hold them.
    let codec = if cfg!(target_endian = "little") {
        c"utf-32-le"
    } else {
        c"utf-32-be"
    };
    let encoded = unsafe {
        Bound::from_owned_ptr_or_err(
            py,
            pyo3::ffi::PyUnicode_AsEncodedString(
                obj.as_ptr(),
                codec.as_ptr(),
                c"surrogatepass".as_ptr(),
            ),
        )?
    };
    let points = encoded.cast::<pyo3::types::PyBytes>()?.as_bytes();
    let len = points.len() / 4;
    let block = oxjit_runtime::memory::oxjit_rt_meminfo_alloc(points.len(), 16);
    if block.is_null() {
        return Err(pyo3::exceptions::PyMemoryError::new_err(
            "cannot allocate a string",
        ));
    }
    unsafe {
        let data = (*block).data;
        std::ptr::copy_nonoverlapping(points.as_ptr(), data, points.len());
        *(dst as *mut *mut MemInfo) = block;
        *(dst.add(8) as *mut *mut u8) = data;
        *(dst.add(16) as *mut i64) = len as i64;
    }
    Ok(())
}

/// Gives back the references a value of type `t` at `p` holds.
///
/// # Safety
/// `p` must hold a value of type `t` owning those references.
unsafe fn release_in_memory(t: &Type, p: *const u8) {
    let mask = oxjit_types::layout::managed_words(t).unwrap_or(0);
    for word in 0..64 {
        if mask >> word & 1 != 0 {
            unsafe {
                oxjit_runtime::memory::oxjit_rt_decref(*(p.add(8 * word) as *const *mut MemInfo))
            };
        }
    }
}

/// The container already made for `obj` (passed before in the same call), which must
/// have the same type.
///
/// # Safety
/// `dst` must have room for a pointer.
unsafe fn seen_before(
    obj: &Bound<'_, PyAny>,
    t: &Type,
    dst: *mut u8,
    reflected: &[Reflected],
) -> PyResult<bool> {
    let Some(seen) = reflected.iter().find(|r| r.object.is(obj)) else {
        return Ok(false);
    };
    if seen.ty != *t {
        return Err(PyTypeError::new_err(
            "the same container is passed as arguments of different types",
        ));
    }
    unsafe { *(dst as *mut *mut MemInfo) = seen.meminfo };
    Ok(true)
}

/// Writes a list argument of items `elem` at `dst`: a runtime list holding copies.
///
/// # Safety
/// `dst` must have room for a pointer.
pub unsafe fn write_list(
    obj: &Bound<'_, PyAny>,
    elem: &Type,
    dst: *mut u8,
    reflected: &mut Vec<Reflected>,
) -> PyResult<()> {
    let ty = Type::List(Box::new(elem.clone()));
    if unsafe { seen_before(obj, &ty, dst, reflected) }? {
        return Ok(());
    }
    let list = obj.cast::<PyList>()?;
    let (itemsize, _) = size_align(elem);
    let managed = matches!(elem, Type::Array(_) | Type::Unicode) as i64;
    let mi = oxjit_runtime::list::oxjit_rt_list_new(itemsize as i64, list.len() as i64, managed);
    reflected.push(Reflected {
        object: obj.clone().unbind(),
        meminfo: mi,
        ty,
    });
    // SAFETY: `mi` is a new list of `list.len()` items.
    let header = unsafe { &*((*mi).data as *const oxjit_runtime::list::ListHeader) };
    for (i, item) in list.iter().enumerate() {
        if item_type(&item)? != *elem {
            return Err(PyTypeError::new_err(format!(
                "list items must all have type {elem} (the type of the first item)"
            )));
        }
        unsafe { write_arg(&item, elem, header.items.add(i * itemsize), reflected)? };
    }
    unsafe { *(dst as *mut *mut MemInfo) = mi };
    Ok(())
}

/// Writes a dict argument at `dst`: a runtime dict holding copies of its entries.
///
/// # Safety
/// `dst` must have room for a pointer.
pub unsafe fn write_dict(
    obj: &Bound<'_, PyAny>,
    d: &DictType,
    dst: *mut u8,
    reflected: &mut Vec<Reflected>,
) -> PyResult<()> {
    let ty = Type::Dict(Box::new(d.clone()));
    if unsafe { seen_before(obj, &ty, dst, reflected) }? {
        return Ok(());
    }
    let words = |t: &Type| oxjit_types::layout::managed_words(t).unwrap_or(0);
    let mi = oxjit_runtime::dict::oxjit_rt_dict_new(
        size_align(&d.key).0 as i64,
        size_align(&d.value).0 as i64,
        words(&d.key),
        words(&d.value),
        oxjit_builtins::dict::key_kind(&d.key),
    );
    reflected.push(Reflected {
        object: obj.clone().unbind(),
        meminfo: mi,
        ty,
    });
    let mut key = vec![0u64; size_align(&d.key).0.div_ceil(8)];
    let mut value = vec![0u64; size_align(&d.value).0.div_ceil(8).max(1)];
    for (k, v) in obj.cast::<PyDict>()?.iter() {
        if item_type(&k)? != d.key || item_type(&v)? != d.value {
            return Err(PyTypeError::new_err(format!(
                "dict keys and values must all have the types of the first entry ({}: {})",
                d.key, d.value
            )));
        }
        key.fill(0);
        let (key_at, value_at) = (key.as_mut_ptr() as *mut u8, value.as_mut_ptr() as *mut u8);
        unsafe {
            write_arg(&k, &d.key, key_at, reflected)?;
            normalise_key(&d.key, key_at);
            write_arg(&v, &d.value, value_at, reflected)?;
            // The dict takes references of its own; the copies' go back.
            oxjit_runtime::dict::oxjit_rt_dict_insert(mi, key_at, value_at);
            release_in_memory(&d.key, key_at);
            release_in_memory(&d.value, value_at);
        }
    }
    unsafe { *(dst as *mut *mut MemInfo) = mi };
    Ok(())
}

/// Makes equal keys equal bytes, as compiled code does before a lookup: `-0.0` becomes
/// `0.0` in every float field.
///
/// # Safety
/// `p` must hold a key of type `t`.
unsafe fn normalise_key(t: &Type, p: *mut u8) {
    unsafe {
        match t {
            Type::Scalar(Dtype::F64) if *(p as *const f64) == 0.0 => *(p as *mut f64) = 0.0,
            Type::Scalar(Dtype::F32) if *(p as *const f32) == 0.0 => *(p as *mut f32) = 0.0,
            Type::Scalar(d) if d.is_complex() => {
                let part = Type::Scalar(d.real_of());
                normalise_key(&part, p);
                normalise_key(&part, p.add(size_align(&part).0));
            }
            Type::Tuple(TupleType { items, .. }) => {
                for (item, offset) in items.iter().zip(field_offsets(items)) {
                    normalise_key(item, p.add(offset));
                }
            }
            _ => {}
        }
    }
}
