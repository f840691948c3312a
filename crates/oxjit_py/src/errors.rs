//! Every failure becomes a Python exception here, and only here.

use oxjit_diagnostics::{Diagnostic, DiagnosticKind};
use oxjit_runtime::ErrorKind;
use pyo3::exceptions::{
    PyAssertionError, PyException, PyIndexError, PyKeyError, PyMemoryError, PyOverflowError,
    PyRuntimeError, PyTypeError, PyValueError, PyZeroDivisionError,
};
use pyo3::prelude::*;
use pyo3::types::PyType;

pyo3::create_exception!(
    oxjit.errors,
    NumbaError,
    PyException,
    "Base class of oxjit's compile errors (Numba's name)."
);
pyo3::create_exception!(
    oxjit.errors,
    TypingError,
    NumbaError,
    "A type does not fit an operation, or a construct is not supported."
);
pyo3::create_exception!(
    oxjit.errors,
    UnsupportedError,
    NumbaError,
    "Valid Python that compiled code does not support."
);
pyo3::create_exception!(
    oxjit.errors,
    LoweringError,
    NumbaError,
    "Machine code could not be generated for well-typed code."
);
pyo3::create_exception!(
    oxjit.errors,
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
    match oxjit_runtime::error::PendingError::take() {
        Some(pending) => python_exception(pending),
        None => InternalError::new_err("compiled code failed without recording an exception"),
    }
}

/// `str(e)` of an exception compiled code caught: Python's `str` of the exception object
/// it stands for (installed as the runtime's hook).
pub fn exception_text(pending: &oxjit_runtime::error::PendingError) -> String {
    let err = python_exception(pending.clone());
    Python::attach(|py| {
        err.value(py)
            .str()
            .map(|s| s.to_string())
            .unwrap_or_default()
    })
}

/// The Python exception an exception recorded by compiled code is.
fn python_exception(pending: oxjit_runtime::error::PendingError) -> PyErr {
    let cause = pending.cause.clone();
    let err = python_exception_alone(pending);
    if let Some(cause) = cause {
        Python::attach(|py| err.set_cause(py, Some(python_exception(*cause))));
    }
    err
}

/// The Python exception for a recorded one, without its cause.
fn python_exception_alone(pending: oxjit_runtime::error::PendingError) -> PyErr {
    let oxjit_runtime::error::PendingError {
        kind, msg, args, ..
    } = pending;
    Python::attach(|py| {
        let class = match kind {
            ErrorKind::AxisError => return numpy_axis_error(msg),
            ErrorKind::Registered if args.is_none() => return registered_error(&msg),
            ErrorKind::Registered => match registered_class(py, &msg) {
                Some(class) => class,
                None => return PyRuntimeError::new_err(msg),
            },
            kind => builtin_class(py, kind),
        };
        let raised = match args {
            // `raise E(x, "y")` with values known only at run time: E(*values).
            Some(items) => items
                .into_iter()
                .map(|item| crate::python_value(py, item))
                .collect::<PyResult<Vec<_>>>()
                .and_then(|values| class.call1(pyo3::types::PyTuple::new(py, values)?)),
            // `E()` for a bare `raise E` (no message), as Python gives.
            None if msg.is_empty() => class.call0(),
            None => class.call1((msg,)),
        };
        match raised {
            Ok(err) => PyErr::from_value(err),
            Err(e) => e,
        }
    })
}

/// The Python class of a built-in [`ErrorKind`].
fn builtin_class(py: Python<'_>, kind: ErrorKind) -> Bound<'_, PyType> {
    match kind {
        ErrorKind::ZeroDivisionError => py.get_type::<PyZeroDivisionError>(),
        ErrorKind::IndexError => py.get_type::<PyIndexError>(),
        ErrorKind::ValueError => py.get_type::<PyValueError>(),
        ErrorKind::OverflowError => py.get_type::<PyOverflowError>(),
        ErrorKind::TypeError => py.get_type::<PyTypeError>(),
        ErrorKind::MemoryError => py.get_type::<PyMemoryError>(),
        ErrorKind::AssertionError => py.get_type::<PyAssertionError>(),
        ErrorKind::KeyError => py.get_type::<PyKeyError>(),
        ErrorKind::UnboundLocalError => py.get_type::<pyo3::exceptions::PyUnboundLocalError>(),
        ErrorKind::RuntimeError | ErrorKind::AxisError | ErrorKind::Registered => {
            py.get_type::<PyRuntimeError>()
        }
    }
}

/// Exception classes compiled code raises that have no [`ErrorKind`] of their own (user
/// classes, rarer built-in ones), by the name [`exception_class_name`] gave them.
static EXCEPTION_CLASSES: std::sync::Mutex<Vec<(String, Py<PyType>)>> =
    std::sync::Mutex::new(Vec::new());

/// The name compiled code knows exception class `t` by: its plain name for the built-in
/// classes with an [`ErrorKind`], else `module.qualname`, registered so that a raise in
/// compiled code raises the class itself.
pub fn exception_class_name(t: &Bound<'_, PyType>) -> PyResult<String> {
    register_builtin_bases(t.py())?;
    let name = class_name(t)?;
    if ErrorKind::of_builtin(&name).is_some() {
        return Ok(name);
    }
    register_bases(t, &name)?;
    let qualified = name;
    let mut classes = EXCEPTION_CLASSES.lock().unwrap_or_else(|e| e.into_inner());
    match classes.iter_mut().find(|(n, _)| *n == qualified) {
        Some(entry) => entry.1 = t.clone().unbind(),
        None => classes.push((qualified.clone(), t.clone().unbind())),
    }
    Ok(qualified)
}

/// How compiled code names class `t`: bare for Python's built-in classes, else
/// `module.qualname`.
fn class_name(t: &Bound<'_, PyType>) -> PyResult<String> {
    let module: String = t.getattr("__module__")?.extract()?;
    let name = t.name()?.to_string();
    if module == "builtins" {
        return Ok(name);
    }
    Ok(format!("{module}.{}", t.qualname()?))
}

/// Tells the runtime the bases of class `t` (named `name`), so that an `except` clause in
/// compiled code catches it by any of them.
fn register_bases(t: &Bound<'_, PyType>, name: &str) -> PyResult<()> {
    let mro = t.getattr("__mro__")?;
    let mut bases = Vec::new();
    for base in mro.try_iter()?.skip(1) {
        let base = base?.cast_into::<PyType>()?;
        bases.push(class_name(&base)?);
    }
    oxjit_runtime::exceptions::register_class(name, bases);
    Ok(())
}

/// Registers the bases of every built-in exception class once, for the ones library
/// bodies raise by name.
fn register_builtin_bases(py: Python<'_>) -> PyResult<()> {
    static DONE: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    if DONE.get().is_some() {
        return Ok(());
    }
    let base_exception = py.get_type::<pyo3::exceptions::PyBaseException>();
    for value in py.import("builtins")?.dict().values() {
        if let Ok(class) = value.cast_into::<PyType>() {
            if class.is_subclass(&base_exception)? {
                let name = class_name(&class)?;
                register_bases(&class, &name)?;
            }
        }
    }
    let _ = DONE.set(());
    Ok(())
}

/// The class registered under `name` by [`exception_class_name`].
fn registered_class<'py>(py: Python<'py>, name: &str) -> Option<Bound<'py, PyType>> {
    let registered = EXCEPTION_CLASSES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, c)| c.bind(py).clone());
    // Library bodies raise Python's rarer built-in classes by their bare names
    // (`NotImplementedError`), which no user global registered.
    registered.or_else(|| {
        let bare = name.strip_prefix("builtins.").unwrap_or(name);
        let class = py.import("builtins").ok()?.getattr(bare).ok()?;
        let class = class.cast_into::<PyType>().ok()?;
        class
            .is_subclass_of::<pyo3::exceptions::PyBaseException>()
            .ok()?
            .then_some(class)
    })
}

/// A registered class raised as itself: `Class(message)`, or `Class()` without one.
fn registered_error(text: &str) -> PyErr {
    let sep = oxjit_runtime::error::REGISTERED_MESSAGE_SEPARATOR;
    let (name, msg) = match text.split_once(sep) {
        Some((name, msg)) => (name, Some(msg)),
        None => (text, None),
    };
    Python::attach(|py| {
        let raised = registered_class(py, name).map(|c| match msg {
            Some(m) => c.call1((m,)),
            None => c.call0(),
        });
        match raised {
            Some(Ok(err)) => PyErr::from_value(err),
            Some(Err(e)) => e,
            None => PyRuntimeError::new_err(format!("{name}: {}", msg.unwrap_or(""))),
        }
    })
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
