//! The CPython extension module `oxjit._oxjit`.
//!
//! In: Python calls — `Dispatcher(py_func, options)` from the decorators, then calls of the
//! dispatcher with real arguments. Out: results of compiled code as Python objects, or
//! Python exceptions (`TypingError` with the rendered diagnostic, the exception compiled
//! code raised, `InternalError` for a panic).
//!
//! This is the only crate that knows about Python: `typeof` turns arguments into
//! `oxjit_types::Type`s, `host` answers the compiler's questions about globals and source,
//! `boxing` moves values across the boundary in the layout of `oxjit_types::layout`,
//! `errors` maps every failure to a Python exception, `dispatcher` ties them together.

mod boxing;
mod dispatcher;
mod errors;
mod host;
mod pytypes;
mod typeof_;

use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Allocation counters of the runtime, for leak checks in tests.
#[pyfunction]
fn runtime_stats(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let s = oxjit_runtime::stats();
    let d = PyDict::new(py);
    d.set_item("alloc", s.alloc)?;
    d.set_item("free", s.free)?;
    d.set_item("mi_alloc", s.mi_alloc)?;
    d.set_item("mi_free", s.mi_free)?;
    Ok(d)
}

/// Qualified names of every library function compiled code may call.
#[pyfunction]
fn list_builtins() -> Vec<String> {
    oxjit_builtins::names()
}

#[pymodule]
fn _oxjit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    m.add_class::<dispatcher::Dispatcher>()?;
    m.add_class::<pytypes::NumbaType>()?;
    m.add_function(wrap_pyfunction!(runtime_stats, m)?)?;
    m.add_function(wrap_pyfunction!(list_builtins, m)?)?;
    m.add_function(wrap_pyfunction!(pytypes::parse_type, m)?)?;
    m.add_function(wrap_pyfunction!(typeof_::typeof_, m)?)?;
    Ok(())
}
