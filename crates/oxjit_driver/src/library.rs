//! Library bodies as functions the pipeline compiles: [`WithLibrary`] answers the host's
//! questions for the handles of `oxjit_builtins::pylib` and passes every other handle
//! on to the host it wraps.
//!
//! A body's names resolve without the host: the other `def`s of its file, `np`/`numpy`,
//! `math`, `cmath`, Python's builtins, the built-in exception classes, NumPy's
//! `AxisError` and `primitives` (the compiler's, for what Python cannot say). Module
//! attributes (`np.empty`) are the host's, as in user code.

use crate::HostEnv;
use oxjit_builtins::pylib;
use oxjit_diagnostics::{DResult, Diagnostic, SourceFile};
use oxjit_types::GlobalValue;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The module bodies name the compiler's primitives by (`oxjit_builtins::primitives`);
/// not a Python module, so user code cannot reach it.
const PRIMITIVES: &str = "<oxjit primitives>";

/// A host that also knows the library bodies.
pub(crate) struct WithLibrary<'a> {
    pub inner: &'a dyn HostEnv,
}

/// The source of library `def`s, made once per process.
fn library_source(id: u64, def: &pylib::LibDef) -> Arc<SourceFile> {
    static SOURCES: OnceLock<Mutex<HashMap<u64, Arc<SourceFile>>>> = OnceLock::new();
    let mut sources = SOURCES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    sources
        .entry(id)
        .or_insert_with(|| SourceFile::new(def.file, def.first_line, &def.source))
        .clone()
}

impl HostEnv for WithLibrary<'_> {
    fn source(&self, func: u64) -> DResult<Arc<SourceFile>> {
        match pylib::def_of(func) {
            Some(def) => Ok(library_source(func, def)),
            None => self.inner.source(func),
        }
    }

    fn global(&self, func: u64, name: &str) -> GlobalValue {
        if pylib::def_of(func).is_none() {
            return self.inner.global(func, name);
        }
        if let Some(id) = pylib::sibling(func, name) {
            return GlobalValue::Jitted(id);
        }
        match name {
            "np" | "numpy" => GlobalValue::Module("numpy".into()),
            "math" | "cmath" => GlobalValue::Module(name.into()),
            "primitives" => GlobalValue::Module(PRIMITIVES.into()),
            // A body's parallel loop: serial unless the caller is compiled with
            // `parallel=True`.
            "prange" => GlobalValue::Builtin(oxjit_parallel::PRANGE.into()),
            "AxisError" => GlobalValue::ExceptionClass(name.into()),
            _ if oxjit_builtins::python::is_builtin_name(name) => {
                GlobalValue::Builtin(format!("builtins.{name}"))
            }
            _ if oxjit_builtins::python::EXCEPTIONS.contains(&name) => {
                GlobalValue::ExceptionClass(name.into())
            }
            _ => GlobalValue::Undefined,
        }
    }

    fn module_attr(&self, module: &str, attr: &str) -> GlobalValue {
        if module == PRIMITIVES {
            return GlobalValue::Builtin(format!("primitives.{attr}"));
        }
        self.inner.module_attr(module, attr)
    }

    fn params(&self, func: u64) -> DResult<(Vec<String>, Vec<Option<GlobalValue>>)> {
        let Some(def) = pylib::def_of(func) else {
            return self.inner.params(func);
        };
        // Bodies take plain positional parameters: the typing rule passes every one.
        let parsed = oxjit_syntax::parse_function(&library_source(func, def))?;
        let p = &parsed.parameters;
        if p.args.iter().any(|a| a.default.is_some()) || p.vararg.is_some() || p.kwarg.is_some() {
            return Err(Diagnostic::internal(format!(
                "the library body {}:{} may only take plain parameters",
                def.file, def.name
            )));
        }
        Ok(p.args
            .iter()
            .map(|a| (a.parameter.name.id.as_str().to_string(), None))
            .unzip())
    }

    fn resolve_overload(
        &self,
        handle: u64,
        args: &[oxjit_types::Type],
        kwargs: &[(String, oxjit_types::Type)],
    ) -> DResult<u64> {
        self.inner.resolve_overload(handle, args, kwargs)
    }

    fn resolve_method(
        &self,
        receiver: &oxjit_types::Type,
        name: &str,
        args: &[oxjit_types::Type],
        kwargs: &[(String, oxjit_types::Type)],
    ) -> DResult<Option<u64>> {
        self.inner.resolve_method(receiver, name, args, kwargs)
    }

    fn resolve_attribute(&self, receiver: &oxjit_types::Type, name: &str) -> DResult<Option<u64>> {
        self.inner.resolve_attribute(receiver, name)
    }

    fn name(&self, func: u64) -> String {
        match pylib::def_of(func) {
            Some(def) => format!("{}:{}", def.file, def.name),
            None => self.inner.name(func),
        }
    }
}
