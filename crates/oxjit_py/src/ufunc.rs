//! Genuine NumPy ufuncs over compiled loops (`@vectorize`, `@guvectorize`).
//!
//! In: per type signature, the NumPy type numbers of the operands and the entry point of
//! a loop function oxjit compiled from generated Python (`oxjit/np/ufunc/_build.py`),
//! whose arguments are the operands as arrays whose first axis is the outer loop (then the
//! operand's core dimensions, for a generalized ufunc); an elementwise ufunc's loop takes
//! them a second time typed as C arrays, for a version LLVM vectorises. Out: a `numpy.ufunc` made by
//! `PyUFunc_FromFuncAndDataAndSignature`, so broadcasting, casting, `out=`, `reduce`,
//! `accumulate`, `outer`, `at` and the rest are NumPy's own.
//!
//! NumPy calls [`inner_loop`] with `(args, dimensions, steps, data)`; it lays the operands
//! out as array headers pointing into NumPy's buffers (nothing is copied) and calls the
//! entry. With `target='parallel'` the outer loop is cut into chunks run on the worker pool
//! (`oxjit_runtime::pool`). An exception the kernel raises is set as the Python error (with
//! the GIL taken), which NumPy reports when the ufunc call returns; later inner-loop calls
//! of the same ufunc call do nothing.

use crate::errors::runtime_error;
use numpy::npyffi::{
    npy_intp, PyUFuncGenericFunction, PyUFuncObject, NPY_ITER_READWRITE, NPY_ITER_UPDATEIFCOPY,
    PY_UFUNC_API,
};
use oxjit_runtime::array::{
    strides_offset, OFFSET_DATA, OFFSET_ITEMSIZE, OFFSET_MEMINFO, OFFSET_NITEMS, OFFSET_PARENT,
    OFFSET_SHAPE,
};
use oxjit_runtime::error::PendingError;
use oxjit_runtime::{header_size, pool};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use smallvec::SmallVec;
use std::cell::Cell;
use std::ffi::{c_char, c_void, CString};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

type EntryFn = unsafe extern "C" fn(*mut u8, *const *mut u8) -> i32;

/// One type signature's compiled loop, NumPy's `data` pointer for it.
struct LoopData {
    /// The compiled loop's entry address, 0 until the first call compiles it.
    entry: AtomicUsize,
    /// Compiles the loop and returns its entry address (the type signature was checked
    /// when the ufunc was made; machine code is made for the loops calls use).
    compile: Py<PyAny>,
    /// The loop takes every operand twice, typed as a strided array and as a C array
    /// (the header is the same), and runs the C version when all steps are item sizes.
    twice: bool,
    itemsizes: Vec<i64>,
    /// For each operand, the indices into `dimensions[1..]` of its core dimensions
    /// (empty for an elementwise ufunc).
    core_dims: Vec<Vec<usize>>,
    parallel: bool,
}

/// NumPy's arguments to an inner loop, shared with the pool's threads.
#[derive(Clone, Copy)]
struct Frame {
    args: *const *mut c_char,
    dims: *const npy_intp,
    steps: *const npy_intp,
}

// SAFETY: NumPy keeps the buffers alive for the whole inner-loop call, and chunks of
// one call write disjoint parts of the outputs.
unsafe impl Send for Frame {}
unsafe impl Sync for Frame {}

thread_local! {
    /// An inner loop of this thread set a Python error that may not be reported yet.
    static RAISED: Cell<bool> = const { Cell::new(false) };
}

impl LoopData {
    /// Runs outer iterations `start..start + len`; returns the entry's status.
    ///
    /// # Safety
    /// `frame` holds the arguments NumPy passed to the inner loop, and the range is
    /// within its outer dimension.
    unsafe fn run(&self, entry: EntryFn, frame: Frame, start: i64, len: i64) -> i32 {
        let nargs = self.itemsizes.len();
        let (args, steps) = unsafe {
            (
                std::slice::from_raw_parts(frame.args, nargs),
                std::slice::from_raw_parts(frame.steps, nargs),
            )
        };
        let words: usize = self
            .core_dims
            .iter()
            .map(|c| header_size(1 + c.len()) / 8)
            .sum();
        let mut buffer: SmallVec<[u64; 64]> = SmallVec::from_elem(0, words);
        let mut headers: SmallVec<[*mut u8; 8]> = SmallVec::new();
        let mut at = buffer.as_mut_ptr() as *mut u8;
        let mut core_step = nargs;
        for i in 0..nargs {
            let core = &self.core_dims[i];
            let ndim = 1 + core.len();
            // SAFETY: `buffer` has room for every header; NumPy gives one dimension per
            // core dimension index and one step per core dimension of each operand.
            unsafe {
                let put = |offset: usize, v: i64| (at.add(offset) as *mut i64).write(v);
                put(OFFSET_MEMINFO, 0);
                put(OFFSET_PARENT, 0);
                put(OFFSET_ITEMSIZE, self.itemsizes[i]);
                put(
                    OFFSET_DATA,
                    args[i].offset(start as isize * steps[i]) as i64,
                );
                put(OFFSET_SHAPE, len);
                put(strides_offset(ndim), steps[i] as i64);
                let mut nitems = len;
                for (j, &ix) in core.iter().enumerate() {
                    let size = *frame.dims.add(1 + ix) as i64;
                    nitems *= size;
                    put(OFFSET_SHAPE + 8 * (1 + j), size);
                    put(
                        strides_offset(ndim) + 8 * (1 + j),
                        *frame.steps.add(core_step + j) as i64,
                    );
                }
                put(OFFSET_NITEMS, nitems);
                headers.push(at);
                at = at.add(header_size(ndim));
            }
            core_step += core.len();
        }
        if self.twice {
            for i in 0..nargs {
                headers.push(headers[i]);
            }
        }
        let mut ret = 0u64;
        // SAFETY: the loop function takes one array per operand, laid out as above, and
        // returns None (nothing is written at `ret`).
        unsafe { entry(&mut ret as *mut u64 as *mut u8, headers.as_ptr()) }
    }

    /// The loop's entry, compiled now if this is its first call.
    fn entry(&self) -> PyResult<EntryFn> {
        let mut address = self.entry.load(Ordering::Acquire);
        if address == 0 {
            // Two threads may both compile it: the driver hands both the same code.
            address = Python::attach(|py| self.compile.call0(py)?.extract::<usize>(py))?;
            self.entry.store(address, Ordering::Release);
        }
        // SAFETY: the address of a compiled loop's `i32 entry(void*, void**)`.
        Ok(unsafe { std::mem::transmute::<usize, EntryFn>(address) })
    }

    /// Runs the outer loop in chunks on the worker pool; an exception raised in a chunk
    /// becomes the calling thread's pending one.
    ///
    /// # Safety
    /// As [`LoopData::run`].
    unsafe fn run_parallel(&self, entry: EntryFn, frame: Frame, n: i64, threads: usize) -> i32 {
        let chunks = (n as usize).min(threads * 8);
        let failed = AtomicBool::new(false);
        let first_error: Mutex<Option<PendingError>> = Mutex::new(None);
        pool::parallel_for(chunks, threads, &|k| {
            if failed.load(Ordering::Relaxed) {
                return;
            }
            let start = n * k as i64 / chunks as i64;
            let end = n * (k as i64 + 1) / chunks as i64;
            // SAFETY: the chunks cut `0..n` into disjoint ranges.
            if unsafe { self.run(entry, frame, start, end - start) } != 0 {
                failed.store(true, Ordering::Relaxed);
                let mut slot = first_error.lock().unwrap();
                let error = PendingError::take();
                if slot.is_none() {
                    *slot = error;
                }
            }
        });
        match first_error.into_inner().unwrap() {
            Some(error) => {
                error.restore();
                1
            }
            None => 0,
        }
    }
}

/// The inner loop NumPy calls for every type signature (`data` is its [`LoopData`]).
unsafe extern "C" fn inner_loop(
    args: *mut *mut c_char,
    dims: *mut npy_intp,
    steps: *mut npy_intp,
    data: *mut c_void,
) {
    if RAISED.get() {
        // An earlier call raised: skip the rest of that ufunc call, which has not
        // reported the error yet, or carry on when this is a new call.
        if Python::attach(|py| PyErr::occurred(py)) {
            return;
        }
        RAISED.set(false);
    }
    // SAFETY: `data` is the LoopData this ufunc was built with, alive as long as it.
    let ld = unsafe { &*(data as *const LoopData) };
    let frame = Frame { args, dims, steps };
    let status = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let entry = ld.entry()?;
        // SAFETY: NumPy's arguments, for the whole outer dimension.
        Ok(unsafe {
            let n = *dims as i64;
            let threads = pool::threads();
            if ld.parallel && threads > 1 && n > 1 {
                ld.run_parallel(entry, frame, n, threads)
            } else {
                ld.run(entry, frame, 0, n)
            }
        })
    }));
    let error = match status {
        Ok(Ok(0)) => return,
        Ok(Ok(_)) => runtime_error(),
        Ok(Err(e)) => e,
        Err(_) => crate::errors::InternalError::new_err("a ufunc loop panicked"),
    };
    Python::attach(|py| error.restore(py));
    RAISED.set(true);
}

/// Everything the ufunc points into, freed with it (NumPy releases `ufunc->obj`).
struct KeepAlive {
    _functions: Vec<PyUFuncGenericFunction>,
    _data: Vec<*mut c_void>,
    _types: Vec<c_char>,
    _loops: Vec<Box<LoopData>>,
    _name: CString,
    _doc: CString,
    _signature: Option<CString>,
}

// SAFETY: the raw pointers point into the boxes and vectors this struct owns.
unsafe impl Send for KeepAlive {}

/// One type signature: the NumPy type number and item size of each operand (inputs then
/// outputs), a callable compiling the loop and returning its entry address, and whether
/// the loop takes each operand twice (see `LoopData`).
type LoopSpec = (Vec<(i32, i64)>, Py<PyAny>, bool);

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
    let mut boxed = Vec::new();
    for (codes, compile, twice) in &loops {
        if codes.len() != nargs {
            return Err(PyValueError::new_err(
                "a loop must give one type per operand",
            ));
        }
        types.extend(codes.iter().map(|&(c, _)| c as c_char));
        boxed.push(Box::new(LoopData {
            entry: AtomicUsize::new(0),
            compile: compile.clone_ref(py),
            twice: *twice,
            itemsizes: codes.iter().map(|&(_, size)| size).collect(),
            core_dims: vec![Vec::new(); nargs],
            parallel,
        }));
    }
    let mut functions: Vec<PyUFuncGenericFunction> = vec![Some(inner_loop); loops.len()];
    let mut data: Vec<*mut c_void> = boxed
        .iter_mut()
        .map(|b| &mut **b as *mut LoopData as *mut c_void)
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
            for b in boxed.iter_mut() {
                b.core_dims = core_dims.clone();
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
            _loops: boxed,
            _name: name_c,
            _doc: doc_c,
            _signature: signature_c,
        };
        let capsule = PyCapsule::new_with_value(py, keep, c"oxjit.ufunc_loops")?;
        fields.obj = capsule.into_ptr();
    }
    Ok(ufunc_obj.unbind())
}

/// `set_num_threads(n)` for the calling thread's parallel ufunc loops.
#[pyfunction]
pub fn set_thread_limit(n: usize) {
    pool::set_thread_limit(n);
}
