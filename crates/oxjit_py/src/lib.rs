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
mod ffi;
mod generator;
mod host;
mod named_tuples;
mod overloads;
mod pytypes;
mod reflected;
mod threads;
mod typeof_;
mod ufunc;

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

/// What `python -m oxjit` reports about the compiler and the machine it targets.
#[pyfunction]
fn system_info(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let d = PyDict::new(py);
    let (cpu, features) = oxjit_driver::host_cpu();
    d.set_item("llvm_version", oxjit_driver::llvm_version())?;
    d.set_item("target_triple", oxjit_driver::host_triple())?;
    d.set_item("cpu_name", cpu)?;
    d.set_item("cpu_features", features)?;
    Ok(d)
}

#[pymodule]
fn _oxjit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    oxjit_runtime::print::set_print_hook(print_items);
    oxjit_runtime::exceptions::set_text_hook(errors::exception_text);
    m.add_class::<dispatcher::Dispatcher>()?;
    m.add_class::<generator::Generator>()?;
    m.add_class::<pytypes::NumbaType>()?;
    m.add_function(wrap_pyfunction!(runtime_stats, m)?)?;
    m.add_function(wrap_pyfunction!(ufunc::make_ufunc, m)?)?;
    m.add_function(wrap_pyfunction!(threads::set_thread_limit, m)?)?;
    m.add_function(wrap_pyfunction!(threads::set_default_threads, m)?)?;
    m.add_function(wrap_pyfunction!(threads::parallel_chunksize, m)?)?;
    m.add_function(wrap_pyfunction!(threads::set_parallel_chunksize, m)?)?;
    m.add_function(wrap_pyfunction!(list_builtins, m)?)?;
    m.add_function(wrap_pyfunction!(system_info, m)?)?;
    m.add_function(wrap_pyfunction!(pytypes::parse_type, m)?)?;
    m.add_function(wrap_pyfunction!(pytypes::parse_type_text_py, m)?)?;
    m.add_function(wrap_pyfunction!(pytypes::parse_signature_py, m)?)?;
    m.add_function(wrap_pyfunction!(typeof_::typeof_, m)?)?;
    m.add_function(wrap_pyfunction!(overloads::mark_overloaded, m)?)?;
    Ok(())
}

/// Prints the items of a `print` call in compiled code with Python's `print`, as Python
/// objects of the items' types (so `np.float32(0.1)` reads `0.1`, as in Python), as one
/// line.
fn print_items(items: Vec<oxjit_runtime::print::PrintItem>) {
    Python::attach(|py| {
        let printed = (|| -> PyResult<()> {
            let objects = items
                .into_iter()
                .map(|item| python_value(py, item))
                .collect::<PyResult<Vec<_>>>()?;
            // One line, written at once: prints from parallel threads do not interleave.
            let mut line = String::new();
            for (i, o) in objects.iter().enumerate() {
                if i > 0 {
                    line.push(' ');
                }
                line.push_str(&o.bind(py).str()?.to_cow()?);
            }
            line.push('\n');
            let kwargs = pyo3::types::PyDict::new(py);
            kwargs.set_item("end", "")?;
            py.import("builtins")?
                .getattr("print")?
                .call((line,), Some(&kwargs))?;
            Ok(())
        })();
        if let Err(e) = printed {
            e.print(py);
        }
    });
}

/// A value compiled code handed to the runtime (to print, or as an exception argument)
/// as the Python object of its type.
pub(crate) fn python_value(
    py: Python<'_>,
    item: oxjit_runtime::print::PrintItem,
) -> PyResult<Py<PyAny>> {
    use oxjit_runtime::print::PrintItem;
    use pyo3::IntoPyObjectExt;
    let numpy = || py.import("numpy");
    match item {
        PrintItem::Int(x) => x.into_py_any(py),
        PrintItem::UInt(x) => x.into_py_any(py),
        PrintItem::Bool(x) => x.into_py_any(py),
        PrintItem::Float(x) => x.into_py_any(py),
        PrintItem::Float32(x) => Ok(numpy()?.call_method1("float32", (x,))?.unbind()),
        PrintItem::Complex(re, im) => Ok(pyo3::types::PyComplex::from_doubles(py, re, im)
            .into_any()
            .unbind()),
        PrintItem::Complex64(re, im) => {
            let z = pyo3::types::PyComplex::from_doubles(py, re as f64, im as f64);
            Ok(numpy()?.call_method1("complex64", (z,))?.unbind())
        }
        PrintItem::Str(s) => s.into_py_any(py),
    }
}
