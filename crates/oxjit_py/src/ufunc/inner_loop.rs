//! The inner loop NumPy calls for every type signature of an oxjit ufunc: NumPy's
//! `(args, dimensions, steps)` become array headers pointing into NumPy's buffers (nothing
//! is copied) and the compiled loop runs over them.
//!
//! Three ways to run: the whole outer loop at once; in chunks on the worker pool
//! (`target='parallel'`, when no output overlaps another operand); and, for a binary
//! ufunc's `reduce` (the accumulator is both first input and output, with step 0), the
//! signature's reduce loop, which keeps the accumulator in a register.

use crate::errors::runtime_error;
use numpy::npyffi::npy_intp;
use oxjit_runtime::array::{
    strides_offset, OFFSET_DATA, OFFSET_ITEMSIZE, OFFSET_MEMINFO, OFFSET_NITEMS, OFFSET_PARENT,
    OFFSET_SHAPE,
};
use oxjit_runtime::error::PendingError;
use oxjit_runtime::{header_size, pool};
use pyo3::prelude::*;
use smallvec::SmallVec;
use std::cell::Cell;
use std::ffi::{c_char, c_void};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

type EntryFn = unsafe extern "C" fn(*mut u8, *const *mut u8) -> i32;

unsafe extern "C" {
    /// CPython's "does this thread hold the GIL" (exported by every interpreter; not in
    /// pyo3's limited-API bindings).
    fn PyGILState_Check() -> std::ffi::c_int;
}

/// A compiled loop made on its first call: the type signature was checked when the ufunc
/// was made; machine code is made only for the loops calls use.
pub struct LazyEntry {
    address: AtomicUsize,
    /// Compiles the loop and returns its entry address.
    compile: Py<PyAny>,
}

impl LazyEntry {
    pub fn new(compile: Py<PyAny>) -> LazyEntry {
        LazyEntry {
            address: AtomicUsize::new(0),
            compile,
        }
    }

    fn get(&self) -> PyResult<EntryFn> {
        let mut address = self.address.load(Ordering::Acquire);
        if address == 0 {
            // Two threads may both compile it: the driver hands both the same code.
            address = Python::attach(|py| self.compile.call0(py)?.extract::<usize>(py))?;
            if address == 0 {
                return Err(crate::errors::InternalError::new_err(
                    "a ufunc loop compiled to no entry point",
                ));
            }
            self.address.store(address, Ordering::Release);
        }
        // SAFETY: the address of a compiled loop's `i32 entry(void*, void**)`.
        Ok(unsafe { std::mem::transmute::<usize, EntryFn>(address) })
    }
}

/// One type signature's loops, NumPy's `data` pointer for it.
pub struct LoopData {
    /// The loop over strided arrays.
    pub entry: LazyEntry,
    /// The same loop over C arrays (elementwise ufuncs), which LLVM vectorises: used when
    /// every step is the item size, and compiled only if a call is so.
    pub contiguous: Option<LazyEntry>,
    /// `(accumulator, strided input, C input) -> None`, for a binary ufunc whose operand
    /// types are all the same.
    pub reduce: Option<LazyEntry>,
    /// The operands the loop writes: the outputs and the writable inputs.
    pub written: Vec<usize>,
    pub itemsizes: Vec<i64>,
    /// For each operand, the indices into `dimensions[1..]` of its core dimensions
    /// (empty for an elementwise ufunc); filled in once NumPy parsed the layout.
    pub core_dims: Vec<Vec<usize>>,
    pub parallel: bool,
}

/// One operand of an inner-loop call.
struct Operand {
    data: *mut c_char,
    /// Bytes between outer iterations.
    step: i64,
    itemsize: i64,
    core_shape: SmallVec<[i64; 4]>,
    core_strides: SmallVec<[i64; 4]>,
}

impl Operand {
    /// The array header of outer iterations `start..start + len`, written at `at`.
    ///
    /// # Safety
    /// `at` has room for `header_size(1 + core dims)` bytes, 8-aligned.
    unsafe fn write_header(&self, at: *mut u8, start: i64, len: i64) {
        let ndim = 1 + self.core_shape.len();
        // SAFETY: within the header, as the caller promised.
        unsafe {
            let put = |offset: usize, v: i64| (at.add(offset) as *mut i64).write(v);
            put(OFFSET_MEMINFO, 0);
            put(OFFSET_PARENT, 0);
            put(OFFSET_ITEMSIZE, self.itemsize);
            put(
                OFFSET_DATA,
                self.data.offset((start * self.step) as isize) as i64,
            );
            put(OFFSET_SHAPE, len);
            put(strides_offset(ndim), self.step);
            for (j, (&size, &stride)) in self.core_shape.iter().zip(&self.core_strides).enumerate()
            {
                put(OFFSET_SHAPE + 8 * (1 + j), size);
                put(strides_offset(ndim) + 8 * (1 + j), stride);
            }
            put(OFFSET_NITEMS, len * self.core_shape.iter().product::<i64>());
        }
    }

    /// The bytes `[low, high)` it touches over `n` outer iterations.
    fn extent(&self, n: i64) -> (i64, i64) {
        let (mut low, mut high) = (0i64, 0i64);
        let spans = std::iter::once((n, self.step)).chain(
            self.core_shape
                .iter()
                .copied()
                .zip(self.core_strides.iter().copied()),
        );
        for (size, stride) in spans {
            if size == 0 {
                return (0, 0);
            }
            let reach = (size - 1) * stride;
            if reach < 0 {
                low += reach;
            } else {
                high += reach;
            }
        }
        let base = self.data as i64;
        (base + low, base + high + self.itemsize)
    }

    fn same_as(&self, other: &Operand) -> bool {
        self.data == other.data
            && self.step == other.step
            && self.core_strides == other.core_strides
            && self.core_shape == other.core_shape
    }
}

/// The operands of one inner-loop call, shared with the pool's threads.
struct Call {
    operands: SmallVec<[Operand; 6]>,
    n: i64,
}

// SAFETY: NumPy keeps the buffers alive for the whole inner-loop call; parallel chunks
// write disjoint parts of the outputs (see `Call::splittable`).
unsafe impl Send for Call {}
unsafe impl Sync for Call {}

impl Call {
    /// # Safety
    /// NumPy's arguments to an inner loop of a ufunc `ld` describes.
    unsafe fn new(
        ld: &LoopData,
        args: *const *mut c_char,
        dims: *const npy_intp,
        steps: *const npy_intp,
    ) -> Call {
        let nargs = ld.itemsizes.len();
        let mut core_step = nargs;
        let mut operands = SmallVec::new();
        // SAFETY: NumPy passes nargs pointers and steps, then one step per core dimension
        // of each operand, and one size per core dimension index.
        unsafe {
            for i in 0..nargs {
                let core = &ld.core_dims[i];
                operands.push(Operand {
                    data: *args.add(i),
                    step: *steps.add(i) as i64,
                    itemsize: ld.itemsizes[i],
                    core_shape: core.iter().map(|&ix| *dims.add(1 + ix) as i64).collect(),
                    core_strides: (0..core.len())
                        .map(|j| *steps.add(core_step + j) as i64)
                        .collect(),
                });
                core_step += core.len();
            }
            Call {
                operands,
                n: *dims as i64,
            }
        }
    }

    /// Whether chunks of the outer loop may run at once: every operand written (the
    /// outputs, and inputs the kernel writes to) is written at different places in each
    /// iteration and overlaps no other operand, except one it is exactly (`out=` an
    /// input: each chunk reads and writes its own items).
    fn splittable(&self, written: &[usize]) -> bool {
        let ops = &self.operands;
        written.iter().all(|&j| {
            let out = &ops[j];
            let (lo, hi) = out.extent(self.n);
            out.step != 0
                && ops.iter().enumerate().all(|(k, other)| {
                    let (olo, ohi) = other.extent(self.n);
                    k == j || hi <= olo || ohi <= lo || out.same_as(other)
                })
        })
    }

    /// Whether every operand steps by its item size (no core dimensions).
    fn is_contiguous(&self) -> bool {
        self.operands
            .iter()
            .all(|o| o.core_shape.is_empty() && o.step == o.itemsize)
    }

    /// `out = reduce(out, input)` over the whole outer loop: NumPy's reduce of a binary
    /// ufunc passes the accumulator as input 0 and output alike, with step 0.
    fn is_reduction(&self) -> bool {
        let ops = &self.operands;
        ops.len() == 3
            && ops[0].data == ops[2].data
            && ops[0].step == 0
            && ops[2].step == 0
            && ops[0].core_shape.is_empty()
    }
}

/// Calls `entry` with the arrays whose headers `write` puts in a buffer of `words`.
///
/// # Safety
/// `write` fills in one header per pointer it returns, within the buffer.
unsafe fn call_with_headers(
    entry: EntryFn,
    words: usize,
    write: impl FnOnce(*mut u8) -> SmallVec<[*mut u8; 12]>,
) -> i32 {
    let mut buffer: SmallVec<[u64; 64]> = SmallVec::from_elem(0, words);
    let headers = write(buffer.as_mut_ptr() as *mut u8);
    let mut ret = 0u64;
    // SAFETY: the loop takes the arrays laid out by `write` and returns None (nothing is
    // written at `ret`).
    unsafe { entry(&mut ret as *mut u64 as *mut u8, headers.as_ptr()) }
}

impl LoopData {
    /// Runs outer iterations `start..start + len` of `call`; returns the entry's status.
    ///
    /// # Safety
    /// `call` holds NumPy's arguments and the range is within its outer dimension.
    unsafe fn run(&self, entry: EntryFn, call: &Call, start: i64, len: i64) -> i32 {
        let words = call
            .operands
            .iter()
            .map(|o| header_size(1 + o.core_shape.len()) / 8)
            .sum();
        // SAFETY: one header per operand, each `header_size` bytes.
        unsafe {
            call_with_headers(entry, words, |mut at| {
                let mut headers = SmallVec::new();
                for o in &call.operands {
                    o.write_header(at, start, len);
                    headers.push(at);
                    at = at.add(header_size(1 + o.core_shape.len()));
                }
                headers
            })
        }
    }

    /// The reduce loop over `call` (see [`Call::is_reduction`]).
    ///
    /// # Safety
    /// As [`LoopData::run`].
    unsafe fn run_reduction(&self, entry: EntryFn, call: &Call) -> i32 {
        let ops = &call.operands;
        let accumulator = Operand {
            data: ops[0].data,
            step: ops[0].itemsize,
            itemsize: ops[0].itemsize,
            core_shape: SmallVec::new(),
            core_strides: SmallVec::new(),
        };
        // SAFETY: two one-dimensional headers.
        unsafe {
            call_with_headers(entry, 2 * header_size(1) / 8, |at| {
                let input = at.add(header_size(1));
                accumulator.write_header(at, 0, 1);
                ops[1].write_header(input, 0, call.n);
                SmallVec::from_slice(&[at, input, input])
            })
        }
    }

    /// Runs the outer loop in chunks on the worker pool; an exception raised in a chunk
    /// becomes the calling thread's pending one.
    ///
    /// # Safety
    /// As [`LoopData::run`].
    unsafe fn run_parallel(&self, entry: EntryFn, call: &Call, threads: usize) -> i32 {
        let n = call.n;
        let chunks = (n as usize).min(threads * 8);
        let failed = AtomicBool::new(false);
        let first_error: Mutex<Option<PendingError>> = Mutex::new(None);
        let body = |k: usize| {
            if failed.load(Ordering::Relaxed) {
                return;
            }
            let start = n * k as i64 / chunks as i64;
            let end = n * (k as i64 + 1) / chunks as i64;
            // SAFETY: the chunks cut `0..n` into disjoint ranges.
            if unsafe { self.run(entry, call, start, end - start) } != 0 {
                failed.store(true, Ordering::Relaxed);
                let error = PendingError::take();
                let mut slot = first_error.lock().unwrap_or_else(|e| e.into_inner());
                if slot.is_none() {
                    *slot = error;
                }
            }
        };
        // NumPy keeps the GIL for small loops; a kernel on a worker may need it (print),
        // so it is released while the workers run.
        // SAFETY: asks whether this thread holds the GIL; no other effect.
        if unsafe { PyGILState_Check() } == 1 {
            Python::attach(|py| py.detach(|| pool::parallel_for(chunks, threads, &body)));
        } else {
            pool::parallel_for(chunks, threads, &body);
        }
        let error = first_error.into_inner().unwrap_or_else(|e| e.into_inner());
        match (failed.into_inner(), error) {
            (_, Some(error)) => {
                error.restore();
                1
            }
            // A failure with nothing recorded: the caller reports it as such.
            (true, None) => 1,
            (false, None) => 0,
        }
    }

    /// Runs one inner-loop call the best way it allows; returns the status.
    fn dispatch(&self, call: &Call) -> PyResult<i32> {
        // SAFETY: `call` holds NumPy's arguments, for its whole outer dimension.
        unsafe {
            if let Some(reduce) = &self.reduce {
                if call.is_reduction() {
                    return Ok(self.run_reduction(reduce.get()?, call));
                }
            }
            let entry = match &self.contiguous {
                Some(c) if call.is_contiguous() => c.get()?,
                _ => self.entry.get()?,
            };
            let threads = pool::threads();
            if self.parallel && threads > 1 && call.n > 1 && call.splittable(&self.written) {
                Ok(self.run_parallel(entry, call, threads))
            } else {
                Ok(self.run(entry, call, 0, call.n))
            }
        }
    }
}

thread_local! {
    /// An inner loop of this thread set a Python error that may not be reported yet.
    static RAISED: Cell<bool> = const { Cell::new(false) };
}

/// The inner loop NumPy calls for every type signature (`data` is its [`LoopData`]).
pub unsafe extern "C" fn inner_loop(
    args: *mut *mut c_char,
    dims: *mut npy_intp,
    steps: *mut npy_intp,
    data: *mut c_void,
) {
    if RAISED.get() {
        // An earlier call raised: skip the rest of that ufunc call, which has not
        // reported the error yet, or carry on when this is a new call.
        if Python::attach(PyErr::occurred) {
            return;
        }
        RAISED.set(false);
    }
    // SAFETY: `data` is the LoopData this ufunc was built with, alive as long as it.
    let ld = unsafe { &*(data as *const LoopData) };
    let status = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // SAFETY: NumPy's arguments to this inner loop.
        let call = unsafe { Call::new(ld, args, dims, steps) };
        ld.dispatch(&call)
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
