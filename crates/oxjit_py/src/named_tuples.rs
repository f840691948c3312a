//! `collections.namedtuple` classes on the Python side: each class the compiler meets (as
//! an argument's type or a global) gets a handle and one description, and results of a
//! namedtuple type become instances of their class again.

use oxjit_types::NamedTupleClass;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple, PyType};
use std::sync::{Arc, Mutex};

/// Every class met, in handle order, with its description.
static CLASSES: Mutex<Vec<(Py<PyType>, Arc<NamedTupleClass>)>> = Mutex::new(Vec::new());

/// The description of `class` when it is a namedtuple class (a tuple subclass with a
/// tuple of field names in `_fields`), registered on first use.
pub fn class_of(class: &Bound<'_, PyType>) -> PyResult<Option<Arc<NamedTupleClass>>> {
    let py = class.py();
    if class.is(py.get_type::<PyTuple>()) || !class.is_subclass_of::<PyTuple>()? {
        return Ok(None);
    }
    if let Some(known) = registered(class) {
        return Ok(Some(known));
    }
    // Read the class before locking: its attributes may run Python code.
    let Ok(fields) = class.getattr("_fields") else {
        return Ok(None);
    };
    let Ok(fields) = fields.cast_into::<PyTuple>() else {
        return Ok(None);
    };
    let mut names = Vec::with_capacity(fields.len());
    for f in fields.iter() {
        match f.cast::<PyString>() {
            Ok(s) => names.push(s.to_string()),
            Err(_) => return Ok(None),
        }
    }
    let name = class.name()?.to_string();
    let mut all = CLASSES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, c)) = all.iter().find(|(k, _)| k.bind(py).is(class)) {
        return Ok(Some(c.clone()));
    }
    let described = Arc::new(NamedTupleClass {
        name,
        fields: names,
        handle: all.len() as u64,
    });
    all.push((class.clone().unbind(), described.clone()));
    Ok(Some(described))
}

/// The description of `class` if it was registered already.
fn registered(class: &Bound<'_, PyType>) -> Option<Arc<NamedTupleClass>> {
    let all = CLASSES.lock().unwrap_or_else(|e| e.into_inner());
    all.iter()
        .find(|(k, _)| k.bind(class.py()).is(class))
        .map(|(_, c)| c.clone())
}

/// The class registered as `handle`.
pub fn class_object(py: Python<'_>, handle: u64) -> Bound<'_, PyType> {
    let all = CLASSES.lock().unwrap_or_else(|e| e.into_inner());
    all[handle as usize].0.bind(py).clone()
}

/// An instance of the class registered as `handle`, holding `items`.
pub fn instance<'py>(
    py: Python<'py>,
    handle: u64,
    items: Vec<Py<PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    class_object(py, handle).call1(PyTuple::new(py, items)?)
}
