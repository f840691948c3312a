//! `oxjit.extending` seen from the compiler: which Python objects have overloads, and
//! asking `oxjit.extending` for the implementation that fits a call.
//!
//! In: `mark_overloaded(func)` from `oxjit.extending.overload` (and `register_jitable`);
//! calls of overloaded functions and unknown methods while typing. Out: the handle of the
//! jitted implementation, which the compiler then calls like any jitted function; or a
//! TypingError with the message `oxjit.extending` gave.

use crate::dispatcher::Dispatcher;
use crate::pytypes::NumbaType;
use oxjit_diagnostics::{DResult, Diagnostic};
use oxjit_types::Type;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use std::sync::Mutex;

/// Every overloaded object, by handle (its index); kept alive for the process.
static OVERLOADED: Mutex<Vec<Py<PyAny>>> = Mutex::new(Vec::new());

/// Marks `func` as overloaded; returns its handle (the same one when marked again).
#[pyfunction]
pub fn mark_overloaded(func: &Bound<'_, PyAny>) -> u64 {
    let mut all = OVERLOADED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(i) = all.iter().position(|f| f.bind(func.py()).is(func)) {
        return i as u64;
    }
    all.push(func.clone().unbind());
    (all.len() - 1) as u64
}

/// The handle of an overloaded object, if it is one.
pub fn handle_of(obj: &Bound<'_, PyAny>) -> Option<u64> {
    let all = OVERLOADED.lock().unwrap_or_else(|e| e.into_inner());
    all.iter()
        .position(|f| f.bind(obj.py()).is(obj))
        .map(|i| i as u64)
}

fn py_types<'py>(py: Python<'py>, types: &[Type]) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(py, types.iter().map(|t| NumbaType(t.clone())))
}

fn py_kwargs<'py>(py: Python<'py>, kwargs: &[(String, Type)]) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, t) in kwargs {
        d.set_item(k, NumbaType(t.clone()))?;
    }
    Ok(d)
}

/// A resolver's answer: `None`, or a Dispatcher whose handle is returned.
fn dispatcher_id(answer: &Bound<'_, PyAny>) -> DResult<Option<u64>> {
    if answer.is_none() {
        return Ok(None);
    }
    answer
        .cast::<Dispatcher>()
        .map(|d| Some(d.get().id))
        .map_err(|_| Diagnostic::internal("an overload resolved to something not jitted"))
}

/// A Python exception raised while resolving, as a typing error with its message.
fn typing_error(py: Python<'_>, e: PyErr) -> Diagnostic {
    let message = e
        .value(py)
        .str()
        .map(|s| s.to_string())
        .unwrap_or_else(|_| e.to_string());
    Diagnostic::typing(message)
}

/// `oxjit.extending._resolve_function(handle, args, kwargs)`.
pub fn resolve_function(
    py: Python<'_>,
    handle: u64,
    args: &[Type],
    kwargs: &[(String, Type)],
) -> DResult<u64> {
    let answer = (|| -> PyResult<Bound<'_, PyAny>> {
        py.import("oxjit.extending")?.call_method1(
            "_resolve_function",
            (handle, py_types(py, args)?, py_kwargs(py, kwargs)?),
        )
    })()
    .map_err(|e| typing_error(py, e))?;
    dispatcher_id(&answer)?
        .ok_or_else(|| Diagnostic::internal("an overloaded function resolved to None"))
}

/// `oxjit.extending._resolve_method(receiver, name, args, kwargs)`.
pub fn resolve_method(
    py: Python<'_>,
    receiver: &Type,
    name: &str,
    args: &[Type],
    kwargs: &[(String, Type)],
) -> DResult<Option<u64>> {
    let answer = (|| -> PyResult<Bound<'_, PyAny>> {
        py.import("oxjit.extending")?.call_method1(
            "_resolve_method",
            (
                NumbaType(receiver.clone()),
                name,
                py_types(py, args)?,
                py_kwargs(py, kwargs)?,
            ),
        )
    })()
    .map_err(|e| typing_error(py, e))?;
    dispatcher_id(&answer)
}

/// `oxjit.extending._resolve_attribute(receiver, name)`.
pub fn resolve_attribute(py: Python<'_>, receiver: &Type, name: &str) -> DResult<Option<u64>> {
    let answer = (|| -> PyResult<Bound<'_, PyAny>> {
        py.import("oxjit.extending")?
            .call_method1("_resolve_attribute", (NumbaType(receiver.clone()), name))
    })()
    .map_err(|e| typing_error(py, e))?;
    dispatcher_id(&answer)
}
