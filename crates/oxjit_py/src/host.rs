//! What the compiler asks of Python: a function's source, what its global names refer to,
//! its parameters. Answers are frozen at compile time, as in Numba.

use crate::dispatcher::Dispatcher;
use crate::typeof_::dtype_of_num;
use oxjit_diagnostics::{DResult, Diagnostic, SourceFile};
use oxjit_driver::HostEnv;
use oxjit_types::GlobalValue;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyComplex, PyFloat, PyInt, PyModule, PyString, PyTuple, PyType};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

/// Every function a Dispatcher was made for, by the dispatcher's id.
static FUNCTIONS: LazyLock<Mutex<HashMap<u64, Py<PyAny>>>> = LazyLock::new(Default::default);

pub fn register_function(id: u64, func: Py<PyAny>) {
    FUNCTIONS.lock().unwrap().insert(id, func);
}

pub struct PyHost<'py> {
    pub py: Python<'py>,
}

impl<'py> PyHost<'py> {
    fn func(&self, id: u64) -> DResult<Bound<'py, PyAny>> {
        FUNCTIONS
            .lock()
            .unwrap()
            .get(&id)
            .map(|f| f.bind(self.py).clone())
            .ok_or_else(|| Diagnostic::internal(format!("unknown function handle {id}")))
    }

    /// What a Python object is to the compiler.
    pub fn classify(&self, obj: &Bound<'py, PyAny>) -> GlobalValue {
        self.try_classify(obj).unwrap_or_else(|e| {
            GlobalValue::Unsupported(format!("an object that failed to inspect ({e})"))
        })
    }

    fn try_classify(&self, obj: &Bound<'py, PyAny>) -> PyResult<GlobalValue> {
        let py = self.py;
        if obj.is_none() {
            return Ok(GlobalValue::None);
        }
        if obj.is_instance_of::<PyBool>() {
            return Ok(GlobalValue::Bool(obj.extract()?));
        }
        if obj.is_instance_of::<PyInt>() {
            return Ok(match obj.extract::<i64>() {
                Ok(i) => GlobalValue::Int(i),
                Err(_) => GlobalValue::Unsupported("an integer too large for int64".into()),
            });
        }
        if obj.is_instance_of::<PyFloat>() {
            return Ok(GlobalValue::Float(obj.extract()?));
        }
        if let Ok(c) = obj.cast::<PyComplex>() {
            return Ok(GlobalValue::Complex(c.real(), c.imag()));
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return Ok(GlobalValue::Str(s.to_string()));
        }
        if let Ok(t) = obj.cast::<PyTuple>() {
            let items: Vec<GlobalValue> = t.iter().map(|x| self.classify(&x)).collect();
            if let Some(bad) = items
                .iter()
                .find(|g| matches!(g, GlobalValue::Unsupported(_)))
            {
                return Ok(bad.clone());
            }
            return Ok(GlobalValue::Tuple(items));
        }
        if let Ok(m) = obj.cast::<PyModule>() {
            return Ok(GlobalValue::Module(m.name()?.to_string()));
        }
        if let Ok(d) = obj.cast::<Dispatcher>() {
            return Ok(GlobalValue::Jitted(d.get().id));
        }
        if let Some(handle) = crate::overloads::handle_of(obj) {
            return Ok(GlobalValue::Overloaded(handle));
        }
        let numpy = py.import("numpy")?;
        if let Ok(t) = obj.cast::<PyType>() {
            if let Some(class) = crate::named_tuples::class_of(t)? {
                return Ok(GlobalValue::NamedTupleClass(class));
            }
            if t.is_subclass(&numpy.getattr("generic")?)? {
                let num: i32 = numpy
                    .call_method1("dtype", (t,))?
                    .getattr("num")?
                    .extract()?;
                if let Some(d) = dtype_of_num(num) {
                    return Ok(GlobalValue::Dtype(d));
                }
            }
            if t.is_subclass(&py.get_type::<pyo3::exceptions::PyBaseException>())? {
                return Ok(GlobalValue::ExceptionClass(
                    crate::errors::exception_class_name(t)?,
                ));
            }
        }
        if obj.is_instance(&numpy.getattr("dtype")?)? {
            let num: i32 = obj.getattr("num")?.extract()?;
            if let Some(d) = dtype_of_num(num) {
                return Ok(GlobalValue::Dtype(d));
            }
        }
        if obj.is_instance(&numpy.getattr("generic")?)? {
            let value = obj.call_method0("item")?;
            return Ok(self.classify(&value));
        }
        // A Numba type object of a scalar (`types.float64`, `types.intp`) is that dtype:
        // a cast when called, a type when passed (`Dict.empty(types.int64, ...)`).
        if let Ok(compiler) = obj.getattr("compiler_type") {
            if let Ok(t) = compiler.cast::<crate::pytypes::NumbaType>() {
                if let oxjit_types::Type::Scalar(d) = t.get().0 {
                    return Ok(GlobalValue::Dtype(d));
                }
            }
        }
        // The library functions compiled code knows, by identity.
        if let Some(name) = library_object(py, obj) {
            return Ok(GlobalValue::Builtin(name));
        }
        // Numba features oxjit does not have yet (`oxjit._pending`) say what they are.
        if let Ok(what) = obj
            .getattr("__oxjit_pending__")
            .and_then(|w| w.extract::<String>())
        {
            return Ok(GlobalValue::NotYet(what));
        }
        // Other functions of `math`, `cmath` and NumPy: named, so that calling one says
        // which function compiled code does not support.
        if let Ok(name) = obj.getattr("__name__").and_then(|n| n.extract::<String>()) {
            for module in ["math", "cmath"] {
                if py
                    .import(module)?
                    .getattr(name.as_str())
                    .is_ok_and(|f| f.is(obj))
                {
                    return Ok(GlobalValue::Builtin(format!("{module}.{name}")));
                }
            }
            if numpy.getattr(name.as_str()).is_ok_and(|f| f.is(obj)) {
                return Ok(GlobalValue::Builtin(format!("numpy.{name}")));
            }
        }
        if obj.is_instance(&numpy.getattr("ndarray")?)? {
            return frozen_array(obj);
        }
        if let Some(c_function) = crate::ffi::ctypes_function(obj)? {
            return Ok(c_function);
        }
        if let Some(c_function) = crate::ffi::wrapper_address_function(obj)? {
            return Ok(c_function);
        }
        if let Some(c_function) = crate::ffi::cffi_function(obj)? {
            return Ok(c_function);
        }
        // A plain Python function called from compiled code is compiled as if decorated
        // (Numba rejects it); `config.AUTO_JIT` (OXJIT_AUTO_JIT=0) turns this off.
        if obj.is_callable() {
            let auto = py
                .import("oxjit.decorators")?
                .call_method1("_auto_jit", (obj,))?;
            if let Ok(d) = auto.cast::<Dispatcher>() {
                return Ok(GlobalValue::Jitted(d.get().id));
            }
        }
        if obj.is_callable() {
            return Ok(GlobalValue::Unsupported(format!(
                "a Python function or object of type '{}' that is not compiled",
                obj.get_type().name()?
            )));
        }
        Ok(GlobalValue::Unsupported(format!(
            "an object of type '{}'",
            obj.get_type().name()?
        )))
    }
}

impl HostEnv for PyHost<'_> {
    fn source(&self, id: u64) -> DResult<Arc<SourceFile>> {
        let func = self.func(id)?;
        let fail = |e: PyErr| {
            Diagnostic::unsupported(format!(
                "cannot read the source of {}: {e}",
                self.name(id)
            ))
            .with_note("oxjit compiles from source; functions defined by exec() or typed at a plain REPL have none")
            .with_help("define the function in a .py file or a notebook cell")
        };
        let source = self.py.import("oxjit._source").map_err(fail)?;
        let text: String = source
            .call_method1("function_source", (&func,))
            .and_then(|s| s.extract())
            .map_err(fail)?;
        let code = func.getattr("__code__").map_err(fail)?;
        let filename: String = code
            .getattr("co_filename")
            .and_then(|f| f.extract())
            .map_err(fail)?;
        let first: u32 = code
            .getattr("co_firstlineno")
            .and_then(|f| f.extract())
            .map_err(fail)?;
        Ok(SourceFile::new(&filename, first, &text))
    }

    fn global(&self, id: u64, name: &str) -> GlobalValue {
        let Ok(func) = self.func(id) else {
            return GlobalValue::Undefined;
        };
        let lookup = || -> PyResult<Option<Bound<'_, PyAny>>> {
            // Closure cells first, then the module's globals, then builtins.
            let code = func.getattr("__code__")?;
            let freevars: Vec<String> = code.getattr("co_freevars")?.extract()?;
            if let Some(i) = freevars.iter().position(|v| v == name) {
                let cells = func.getattr("__closure__")?;
                let cell = cells.get_item(i)?;
                return Ok(cell.getattr("cell_contents").ok());
            }
            let globals = func.getattr("__globals__")?;
            if let Ok(v) = globals.get_item(name) {
                return Ok(Some(v));
            }
            Ok(self.py.import("builtins")?.getattr(name).ok())
        };
        match lookup() {
            Ok(Some(obj)) => self.classify(&obj),
            Ok(None) => GlobalValue::Undefined,
            Err(e) => GlobalValue::Unsupported(format!("unreadable ({e})")),
        }
    }

    fn module_attr(&self, module: &str, attr: &str) -> GlobalValue {
        let Ok(m) = self.py.import(module) else {
            return GlobalValue::Undefined;
        };
        match m.getattr(attr) {
            // A NumPy function compiled code lacks (`np.random.seed`): named, so that
            // calling it says which function is not supported.
            Ok(obj) => match self.classify(&obj) {
                GlobalValue::Unsupported(_)
                    if (module == "numpy" || module.starts_with("numpy.")) && obj.is_callable() =>
                {
                    GlobalValue::Builtin(format!("{module}.{attr}"))
                }
                g => g,
            },
            Err(_) => GlobalValue::Undefined,
        }
    }

    fn params(&self, id: u64) -> DResult<(Vec<String>, Vec<Option<GlobalValue>>)> {
        let func = self.func(id)?;
        let read = || -> PyResult<(Vec<String>, Vec<Option<GlobalValue>>)> {
            let code = func.getattr("__code__")?;
            let argc: usize = code.getattr("co_argcount")?.extract()?;
            let names: Vec<String> = code.getattr("co_varnames")?.extract()?;
            let names = names[..argc].to_vec();
            let mut defaults = vec![None; argc];
            let d = func.getattr("__defaults__")?;
            if !d.is_none() {
                let d = d.cast::<PyTuple>()?;
                let offset = argc - d.len();
                for (i, v) in d.iter().enumerate() {
                    defaults[offset + i] = Some(self.classify(&v));
                }
            }
            Ok((names, defaults))
        };
        read().map_err(|e| Diagnostic::internal(format!("cannot read parameters: {e}")))
    }

    fn resolve_overload(
        &self,
        handle: u64,
        args: &[oxjit_types::Type],
        kwargs: &[(String, oxjit_types::Type)],
    ) -> DResult<u64> {
        crate::overloads::resolve_function(self.py, handle, args, kwargs)
    }

    fn resolve_method(
        &self,
        receiver: &oxjit_types::Type,
        name: &str,
        args: &[oxjit_types::Type],
        kwargs: &[(String, oxjit_types::Type)],
    ) -> DResult<Option<u64>> {
        crate::overloads::resolve_method(self.py, receiver, name, args, kwargs)
    }

    fn resolve_attribute(&self, receiver: &oxjit_types::Type, name: &str) -> DResult<Option<u64>> {
        crate::overloads::resolve_attribute(self.py, receiver, name)
    }

    fn name(&self, id: u64) -> String {
        self.func(id)
            .ok()
            .and_then(|f| f.getattr("__qualname__").ok())
            .and_then(|n| n.extract::<String>().ok())
            .unwrap_or_else(|| "<function>".into())
    }
}

/// The qualified name of a library function compiled code knows (`numpy.cumsum`,
/// `builtins.len`), found by identity in tables built once from the builtins registry.
/// NumPy loads `numpy.random` lazily, and importing it costs milliseconds: its table is
/// built only once a program has imported it (an object of it can exist only then).
fn library_object(py: Python<'_>, obj: &Bound<'_, PyAny>) -> Option<String> {
    static TABLE: std::sync::OnceLock<ObjectTable> = std::sync::OnceLock::new();
    static RANDOM: std::sync::OnceLock<ObjectTable> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        object_table(py, |m| {
            matches!(
                m,
                "builtins" | "math" | "cmath" | "numpy" | "oxjit" | "oxjit.typed"
            )
        })
    });
    let found = |table: &ObjectTable| {
        table
            .get(&(obj.as_ptr() as usize))
            .filter(|(object, _)| object.bind(py).is(obj))
            .map(|(_, name)| name.clone())
    };
    if let Some(name) = found(table) {
        return Some(name);
    }
    let random_imported = py
        .import("sys")
        .and_then(|sys| sys.getattr("modules"))
        .and_then(|m| m.contains("numpy.random"))
        .unwrap_or(false);
    if !random_imported {
        return None;
    }
    found(RANDOM.get_or_init(|| object_table(py, |m| m == "numpy.random")))
}

type ObjectTable = HashMap<usize, (Py<PyAny>, String)>;

/// The objects named in the registry whose module `wanted` accepts, by address.
fn object_table(py: Python<'_>, wanted: impl Fn(&str) -> bool) -> ObjectTable {
    let mut table = HashMap::new();
    // `slice` is made by subscripts; compiled code may name it too.
    let extra = ["builtins.slice".to_string()];
    for name in oxjit_builtins::names().iter().chain(&extra) {
        let Some((module, attr)) = name.rsplit_once('.') else {
            continue;
        };
        if !wanted(module) {
            continue; // methods (`ndarray.sum`, `list.append`) are not objects
        }
        let Ok(object) = py.import(module).and_then(|m| m.getattr(attr)) else {
            continue;
        };
        table
            .entry(object.as_ptr() as usize)
            .or_insert_with(|| (object.unbind(), name.clone()));
    }
    table
}

/// The frozen copies of global arrays compiled code reads: kept for the life of the
/// process, since compiled code holds their addresses.
static FROZEN_ARRAYS: std::sync::Mutex<Vec<Py<PyAny>>> = std::sync::Mutex::new(Vec::new());

/// A global NumPy array as compiled code sees it: a read-only C-contiguous copy taken now,
/// so later changes to the global do not reach compiled code (as in Numba).
fn frozen_array(obj: &Bound<'_, PyAny>) -> PyResult<GlobalValue> {
    let py = obj.py();
    let numpy = py.import("numpy")?;
    let num: i32 = obj.getattr("dtype")?.getattr("num")?.extract()?;
    let Some(dtype) = crate::typeof_::dtype_of_num(num) else {
        return Ok(GlobalValue::Unsupported(format!(
            "a global NumPy array of dtype {}",
            obj.getattr("dtype")?.str()?
        )));
    };
    let kwargs = pyo3::types::PyDict::new(py);
    kwargs.set_item(
        "dtype",
        obj.getattr("dtype")?.call_method1("newbyteorder", ("=",))?,
    )?;
    kwargs.set_item("order", "C")?;
    kwargs.set_item("copy", true)?;
    let copy = numpy.call_method("array", (obj,), Some(&kwargs))?;
    copy.call_method1("setflags", (false,))?;
    let shape: Vec<i64> = copy.getattr("shape")?.extract()?;
    let data: usize = copy
        .getattr("__array_interface__")?
        .get_item("data")?
        .get_item(0)?
        .extract()?;
    let object = copy.as_ptr() as usize;
    FROZEN_ARRAYS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(copy.unbind());
    Ok(GlobalValue::Array {
        dtype,
        shape,
        data,
        object,
    })
}
