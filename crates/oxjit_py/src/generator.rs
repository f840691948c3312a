//! The Python object a compiled generator function returns: an iterator over the values
//! the compiled body yields, run one step per `next()` (`oxjit_runtime::generator`).

use crate::boxing::read_result;
use crate::errors::runtime_error;
use oxjit_runtime::MemInfo;
use oxjit_types::Type;
use pyo3::prelude::*;

/// A compiled generator: holds the state's memory block and the arguments whose memory
/// it reads (arrays from NumPy are not counted by the runtime).
#[pyclass(name = "Generator", module = "oxjit")]
pub struct Generator {
    /// The state's memory block (one reference), or 0 once finished or closed.
    block: usize,
    item: Type,
    keep_alive: Option<Py<PyAny>>,
}

impl Generator {
    /// Takes over the reference to `block`, a generator state made by compiled code.
    pub fn new(block: *mut MemInfo, item: Type) -> Generator {
        Generator {
            block: block as usize,
            item,
            keep_alive: None,
        }
    }

    /// Keeps the call's arguments alive as long as the generator.
    pub fn keep(&mut self, args: Py<PyAny>) {
        self.keep_alive = Some(args);
    }

    fn release(&mut self) {
        let block = std::mem::take(&mut self.block);
        if block != 0 {
            // SAFETY: the one reference this object held.
            unsafe { oxjit_runtime::memory::oxjit_rt_decref(block as *mut MemInfo) };
        }
        self.keep_alive = None;
    }
}

#[pymethods]
impl Generator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        if self.block == 0 {
            return Ok(None);
        }
        let block = self.block as *mut MemInfo;
        // SAFETY: the block is alive (this object holds a reference) and the borrow of
        // `self` keeps the generator from being resumed twice at once.
        let status = unsafe { oxjit_runtime::generator::resume(block) };
        match status {
            // SAFETY: status 0 means the body stored an item of this type there.
            0 => unsafe { read_result(py, &self.item, oxjit_runtime::generator::current(block)) }
                .map(Some),
            oxjit_runtime::generator::GENERATOR_DONE => {
                self.release();
                Ok(None)
            }
            _ => {
                self.release();
                Err(runtime_error())
            }
        }
    }

    /// Finishes the generator early, releasing what it holds.
    fn close(&mut self) {
        self.release();
    }

    fn __repr__(&self) -> String {
        format!("<oxjit generator of {}>", self.item)
    }
}

impl Drop for Generator {
    fn drop(&mut self) {
        self.release();
    }
}
