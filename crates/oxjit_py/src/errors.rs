//! Every failure becomes a Python exception here, and only here.

use oxjit_diagnostics::{Diagnostic, DiagnosticKind};
use oxjit_runtime::ErrorKind;
use pyo3::exceptions::{
    PyAssertionError, PyException, PyIndexError, PyKeyError, PyMemoryError, PyOverflowError,
    PyRuntimeError, PyTypeError, PyValueError, PyZeroDivisionError,
};
use pyo3::prelude::*;

pyo3::create_exception!(
    oxjit._oxjit,
    NumbaError,
    PyException,
    "Base class of oxjit's compile errors (Numba's name)."
);
pyo3::create_exception!(
    oxjit._oxjit,
    TypingError,
    NumbaError,
    "A type does not fit an operation, or a construct is not supported."
);
pyo3::create_exception!(
    oxjit._oxjit,
    UnsupportedError,
    NumbaError,
    "Valid Python that compiled code does not support."
);
pyo3::create_exception!(
    oxjit._oxjit,
    LoweringError,
    NumbaError,
    "Machine code could not be generated for well-typed code."
);
pyo3::create_exception!(
    oxjit._oxjit,
    InternalError,
    NumbaError,
    "A bug in oxjit; please report it with the message."
);

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("NumbaError", py.get_type::<NumbaError>())?;
    m.add("TypingError", py.get_type::<TypingError>())?;
    m.add("UnsupportedError", py.get_type::<UnsupportedError>())?;
    m.add("LoweringError", py.get_type::<LoweringError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    Ok(())
}

/// A compile-time diagnostic as the Python exception users catch.
pub fn diagnostic_to_py(d: &Diagnostic) -> PyErr {
    let text = d.render();
    match d.kind {
        // Unsupported syntax is a TypingError too, as in Numba, so `except TypingError`
        // catches everything a user can fix in their code.
        DiagnosticKind::Typing | DiagnosticKind::Unsupported => TypingError::new_err(text),
        DiagnosticKind::Lowering => LoweringError::new_err(text),
        DiagnosticKind::Internal => InternalError::new_err(text),
    }
}

/// The exception compiled code raised (status 1), taken from the runtime.
pub fn runtime_error() -> PyErr {
    let Some((kind, msg)) = oxjit_runtime::take_error() else {
        return InternalError::new_err("compiled code failed without recording an exception");
    };
    match kind {
        ErrorKind::ZeroDivisionError => PyZeroDivisionError::new_err(msg),
        ErrorKind::IndexError => PyIndexError::new_err(msg),
        ErrorKind::ValueError => PyValueError::new_err(msg),
        ErrorKind::OverflowError => PyOverflowError::new_err(msg),
        ErrorKind::TypeError => PyTypeError::new_err(msg),
        ErrorKind::RuntimeError => PyRuntimeError::new_err(msg),
        ErrorKind::MemoryError => PyMemoryError::new_err(msg),
        ErrorKind::AssertionError => PyAssertionError::new_err(msg),
        ErrorKind::KeyError => PyKeyError::new_err(msg),
        ErrorKind::UnboundLocalError => pyo3::exceptions::PyUnboundLocalError::new_err(msg),
        ErrorKind::AxisError => numpy_axis_error(msg),
    }
}

/// `numpy.exceptions.AxisError(msg)` (`numpy.AxisError` before NumPy 1.25), or a
/// ValueError if neither can be found.
fn numpy_axis_error(msg: String) -> PyErr {
    Python::attach(|py| {
        let class = py
            .import("numpy.exceptions")
            .and_then(|m| m.getattr("AxisError"))
            .or_else(|_| py.import("numpy").and_then(|m| m.getattr("AxisError")));
        match class.and_then(|c| c.call1((msg.as_str(),))) {
            Ok(err) => PyErr::from_value(err),
            Err(_) => PyValueError::new_err(msg),
        }
    })
}

/// Runs `f`, turning a Rust panic into `InternalError` instead of a crash.
pub fn catch_panic<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let msg = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".into());
            Err(InternalError::new_err(format!(
                "oxjit internal error (a bug, please report it): {msg}"
            )))
        }
    }
}
