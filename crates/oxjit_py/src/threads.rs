//! The thread settings of parallel work, for `oxjit._threads`: how many threads the
//! worker pool may use (per process, and per calling thread) and the chunk size of
//! `prange` loops started from the calling thread.

use oxjit_runtime::{parallel, pool};
use pyo3::prelude::*;

/// `set_num_threads(n)`: the thread count of parallel work the calling thread starts.
#[pyfunction]
pub fn set_thread_limit(n: usize) {
    pool::set_thread_limit(n);
}

/// The process-wide thread count (`config.NUMBA_NUM_THREADS`).
#[pyfunction]
pub fn set_default_threads(n: usize) {
    pool::set_default_threads(n);
}

/// Iterations per chunk of the calling thread's `prange` loops (0: the default cut).
#[pyfunction]
pub fn parallel_chunksize() -> i64 {
    parallel::chunk_size()
}

/// Sets it; returns the previous setting.
#[pyfunction]
pub fn set_parallel_chunksize(n: i64) -> i64 {
    parallel::set_chunk_size(n)
}
