//! Genuine NumPy ufuncs over compiled loops (`@vectorize`, `@guvectorize`).
//!
//! In: per type signature, the NumPy type numbers of the operands and callables that
//! compile its loops, generated Python (`oxjit/np/ufunc/_build.py`) whose arguments are
//! the operands as arrays whose first axis is the outer loop (then the operand's core
//! dimensions, for a generalized ufunc): over strided arrays, and for an elementwise
//! ufunc also over C arrays (which LLVM vectorises) and a reduce loop. Each is compiled
//! the first time a call needs it. Out: a `numpy.ufunc` made by
//! `PyUFunc_FromFuncAndDataAndSignature`, so broadcasting, casting, `out=`, `reduce`,
//! `accumulate`, `outer`, `at` and the rest are NumPy's own.
//!
//! NumPy calls [`inner_loop::inner_loop`] for every type signature; see there how the
//! loops run. An exception the kernel raises is set as the Python error (with the GIL
//! taken), which NumPy reports when the ufunc call returns; later inner-loop calls of the
//! same ufunc call do nothing.

mod inner_loop;

use inner_loop::{inner_loop, LazyEntry, LoopData};
use numpy::npyffi::{
    PyUFuncGenericFunction, PyUFuncObject, NPY_ITER_READWRITE, NPY_ITER_UPDATEIFCOPY, PY_UFUNC_API,
};
use oxjit_runtime::pool;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use std::ffi::{c_char, c_void, CString};

/// Everything the ufunc points into, freed with it (NumPy releases `ufunc->obj`).
struct KeepAlive {
    _functions: Vec<PyUFuncGenericFunction>,
    _data: Vec<*mut c_void>,
    _types: Vec<c_char>,
    /// Never resized once NumPy holds pointers to its items.
    _loops: Vec<LoopData>,
    _name: CString,
    _doc: CString,
    _signature: Option<CString>,
}

// SAFETY: the raw pointers point into the boxes and vectors this struct owns.
unsafe impl Send for KeepAlive {}

/// One type signature: the NumPy type number and item size of each operand (inputs then
/// outputs), a callable compiling the loop and returning its entry address, and the same
/// for the loop over C arrays and for the reduce loop, when it has them (see
/// `LoopData`).
type LoopSpec = (
    Vec<(i32, i64)>,
    Py<PyAny>,
    Option<Py<PyAny>>,
    Option<Py<PyAny>>,
);

/// Builds a `numpy.ufunc` named `name` over compiled loops, one per type signature.
/// `identity` is NumPy's code (`PyUFunc_Zero` 0, `One` 1, `None` -1, `ReorderableNone`
/// -2); `signature` is a generalized ufunc's layout (`"(n),()->(n)"`); `writable` lists
/// input operands the kernel writes to.
#[pyfunction]
#[pyo3(signature = (name, doc, nin, nout, identity, loops, signature=None, writable=Vec::new(), parallel=false, threads=1))]
pub fn make_ufunc(
    py: Python<'_>,
    name: &str,
    doc: &str,
    nin: usize,
    nout: usize,
    identity: i32,
    loops: Vec<LoopSpec>,
    signature: Option<&str>,
    writable: Vec<usize>,
    parallel: bool,
    threads: usize,
) -> PyResult<Py<PyAny>> {
    pool::set_default_threads(threads);
    let nargs = nin + nout;
    let cstring = |s: &str| CString::new(s).map_err(|e| PyValueError::new_err(e.to_string()));
    let name_c = cstring(name)?;
    let doc_c = cstring(doc)?;
    let signature_c = signature.map(cstring).transpose()?;
    let mut types = Vec::new();
    let mut loop_data = Vec::new();
    for (codes, compile, contiguous, reduce) in &loops {
        if codes.len() != nargs {
            return Err(PyValueError::new_err(
                "a loop must give one type per operand",
            ));
        }
        types.extend(codes.iter().map(|&(c, _)| c as c_char));
        loop_data.push(LoopData {
            entry: LazyEntry::new(compile.clone_ref(py)),
            contiguous: contiguous.as_ref().map(|c| LazyEntry::new(c.clone_ref(py))),
            reduce: reduce.as_ref().map(|r| LazyEntry::new(r.clone_ref(py))),
            written: (nin..nargs)
                .chain(writable.iter().copied().filter(|&i| i < nin))
                .collect(),
            itemsizes: codes.iter().map(|&(_, size)| size).collect(),
            core_dims: vec![Vec::new(); nargs],
            parallel,
        });
    }
    let mut functions: Vec<PyUFuncGenericFunction> = vec![Some(inner_loop); loops.len()];
    let mut data: Vec<*mut c_void> = loop_data
        .iter_mut()
        .map(|b| b as *mut LoopData as *mut c_void)
        .collect();
    // SAFETY: every array has `loops.len()` entries (types: times nargs); they and the
    // strings live in the KeepAlive attached to the ufunc below.
    let ufunc = unsafe {
        PY_UFUNC_API.PyUFunc_FromFuncAndDataAndSignature(
            py,
            functions.as_mut_ptr(),
            data.as_mut_ptr(),
            types.as_mut_ptr(),
            loops.len() as i32,
            nin as i32,
            nout as i32,
            identity,
            name_c.as_ptr(),
            doc_c.as_ptr(),
            0,
            signature_c
                .as_ref()
                .map_or(std::ptr::null(), |s| s.as_ptr()),
        )
    };
    if ufunc.is_null() {
        return Err(PyErr::fetch(py));
    }
    // SAFETY: a new reference to a ufunc object.
    let ufunc_obj = unsafe { Bound::from_owned_ptr(py, ufunc) };
    let raw = ufunc as *mut PyUFuncObject;
    // SAFETY: NumPy parsed the signature into these arrays (nargs entries each, and
    // `core_offsets[i]` indexes `core_dim_ixs`); `op_flags` has nargs entries.
    unsafe {
        let fields = &mut (*raw).fields;
        if fields.core_enabled != 0 {
            let core_dims: Vec<Vec<usize>> = (0..nargs)
                .map(|i| {
                    let count = *fields.core_num_dims.add(i) as usize;
                    let offset = *fields.core_offsets.add(i) as usize;
                    (0..count)
                        .map(|j| *fields.core_dim_ixs.add(offset + j) as usize)
                        .collect()
                })
                .collect();
            // Through the pointers NumPy holds, which stay the only way in.
            for &p in &data {
                (*(p as *mut LoopData)).core_dims = core_dims.clone();
            }
        }
        for &i in &writable {
            if i < nargs {
                *fields.op_flags.add(i) |= NPY_ITER_READWRITE | NPY_ITER_UPDATEIFCOPY;
            }
        }
        let keep = KeepAlive {
            _functions: functions,
            _data: data,
            _types: types,
            _loops: loop_data,
            _name: name_c,
            _doc: doc_c,
            _signature: signature_c,
        };
        let capsule = PyCapsule::new_with_value(py, keep, c"oxjit.ufunc_loops")?;
        fields.obj = capsule.into_ptr();
    }
    Ok(ufunc_obj.unbind())
}
