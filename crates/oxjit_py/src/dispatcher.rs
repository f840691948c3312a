//! `Dispatcher`: what `@njit` returns. Types the arguments of each call, compiles on a
//! miss, and calls the compiled entry point.

use crate::boxing::{read_result, slot_size, write_arg};
use crate::errors::{catch_panic, diagnostic_to_py, runtime_error, UnsupportedError};
use crate::host::{register_function, PyHost};
use crate::pytypes::NumbaType;
use crate::typeof_::type_of_arg;
use oxjit_driver::{Compiled, Driver, NumpyScalarArgs, Options, Specialisation};
use oxjit_types::layout::size_align;
use oxjit_types::Type;
use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use smallvec::SmallVec;
use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex, RwLock};

/// The compiler's caches, shared by every dispatcher.
static DRIVER: LazyLock<Mutex<Driver>> = LazyLock::new(|| Mutex::new(Driver::new()));

/// Waits for the compiler without holding the GIL, so a compile in another thread that
/// calls back into Python can finish.
fn lock_driver(py: Python<'_>) -> std::sync::MutexGuard<'static, Driver> {
    loop {
        if let Ok(guard) = DRIVER.try_lock() {
            return guard;
        }
        py.detach(|| std::thread::sleep(std::time::Duration::from_micros(200)));
    }
}
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

type EntryFn = unsafe extern "C" fn(*mut u8, *const *mut u8) -> i32;

/// One compiled specialisation and how to lay out its arguments.
struct Overload {
    arg_types: Vec<Type>,
    /// Which scalar arguments were NumPy scalars (they promote differently).
    numpy_scalars: NumpyScalarArgs,
    /// Declared by an explicit signature: calls with other types convert to it.
    declared: bool,
    offsets: Vec<usize>,
    arg_bytes: usize,
    entry: EntryFn,
    compiled: Compiled,
    /// The options it was compiled with (`targetoptions` may change later).
    options: Options,
}

/// Stack space for arguments and results; larger ones go to the heap.
const INLINE_WORDS: usize = 64;

#[pyclass(module = "oxjit._oxjit", dict, weakref, frozen)]
pub struct Dispatcher {
    pub id: u64,
    py_func: Py<PyAny>,
    /// The options, as Numba's `targetoptions` dict: read at each compile, so changes
    /// made before a compile apply to it.
    targetoptions: Py<PyDict>,
    nogil: bool,
    /// `disable_compile()`: calls needing a new specialisation raise instead.
    compile_disabled: AtomicBool,
    nparams: usize,
    /// Explicit signatures were given: calls convert to them instead of compiling more.
    eager: bool,
    /// Declared signatures oxjit could not compile (a feature it lacks, not a mistake in
    /// the signature): the error, raised by a call none of the others takes. Numba
    /// would have compiled them, so the module that declares them must still import.
    deferred: Vec<(Option<Vec<Type>>, PyErr)>,
    /// Every specialisation, for inspection and for building snapshots.
    overloads: RwLock<Vec<Arc<Overload>>>,
    /// What calls read without locking: an immutable list replaced on each compile. Old
    /// lists stay in `retired` until the dispatcher dies, so a reader never sees freed memory.
    snapshot: AtomicPtr<Vec<Arc<Overload>>>,
    retired: Mutex<Vec<*mut Vec<Arc<Overload>>>>,
}

// SAFETY: the raw pointers in `retired` and `snapshot` own immutable vectors of Send+Sync
// data; they are only freed in Drop.
unsafe impl Send for Dispatcher {}
unsafe impl Sync for Dispatcher {}

impl Drop for Dispatcher {
    fn drop(&mut self) {
        let current = self.snapshot.load(Ordering::Acquire);
        for p in self
            .retired
            .get_mut()
            .unwrap()
            .drain(..)
            .chain(std::iter::once(current))
        {
            // SAFETY: each pointer came from Box::into_raw and is freed exactly once.
            drop(unsafe { Box::from_raw(p) });
        }
    }
}

impl Dispatcher {
    fn find(&self, types: &[Type], numpy_scalars: NumpyScalarArgs) -> Option<Arc<Overload>> {
        self.overloads
            .read()
            .unwrap()
            .iter()
            .find(|o| o.arg_types == types && o.numpy_scalars == numpy_scalars)
            .cloned()
    }

    /// The specialisation compiled for exactly the types of `args`, checked argument by
    /// argument without building their types (the fast path of every call).
    fn matching_overload(&self, args: &Bound<'_, PyTuple>) -> Option<&Overload> {
        // SAFETY: snapshots are never freed while the dispatcher lives (see `retired`).
        let overloads = unsafe { &*self.snapshot.load(Ordering::Acquire) };
        overloads
            .iter()
            .find(|o| {
                o.arg_types.len() == args.len()
                    && args
                        .iter_borrowed()
                        .zip(&o.arg_types)
                        .enumerate()
                        .all(|(i, (a, t))| {
                            // A declared signature takes NumPy scalars and Python numbers
                            // alike; a compiled one was specialised for one of the two.
                            let numpy = (!o.declared).then(|| o.numpy_scalars.contains(i as u32));
                            crate::typeof_::arg_matches(&a, t, numpy)
                        })
            })
            .map(|o| &**o)
    }

    /// Publishes the current list of specialisations to lock-free readers.
    fn publish(&self, all: &[Arc<Overload>]) {
        let fresh = Box::into_raw(Box::new(all.to_vec()));
        let old = self.snapshot.swap(fresh, Ordering::AcqRel);
        self.retired.lock().unwrap().push(old);
    }

    /// The optimised LLVM IR of a compiled specialisation (made again, see
    /// `Driver::optimized_ir`).
    fn optimized_ir(&self, py: Python<'_>, o: &Overload) -> PyResult<String> {
        let driver = lock_driver(py);
        let host = PyHost { py };
        catch_panic(|| {
            driver
                .optimized_ir(
                    &host,
                    &Specialisation {
                        func: self.id,
                        args: &o.arg_types,
                        numpy_scalars: o.numpy_scalars,
                        ret: Some(&o.compiled.ret),
                    },
                    o.options,
                )
                .map_err(|d| diagnostic_to_py(&d))
        })
    }

    fn compile(
        &self,
        py: Python<'_>,
        types: &[Type],
        numpy_scalars: NumpyScalarArgs,
    ) -> PyResult<Arc<Overload>> {
        self.compile_declared(py, types, numpy_scalars, None)
    }

    fn compile_declared(
        &self,
        py: Python<'_>,
        types: &[Type],
        numpy_scalars: NumpyScalarArgs,
        ret: Option<&Type>,
    ) -> PyResult<Arc<Overload>> {
        let options = options_from(Some(self.targetoptions.bind(py)))?;
        let driver = lock_driver(py);
        if let Some(o) = self.find(types, numpy_scalars) {
            return Ok(o);
        }
        if self.compile_disabled.load(Ordering::Relaxed) {
            let given: Vec<String> = types.iter().map(|t| t.to_string()).collect();
            return Err(PyTypeError::new_err(format!(
                "No matching definition for argument type(s) {} (compilation is disabled)",
                given.join(", ")
            )));
        }
        let host = PyHost { py };
        let compiled = catch_panic(|| {
            driver
                .compile(
                    &host,
                    &Specialisation {
                        func: self.id,
                        args: types,
                        numpy_scalars,
                        ret,
                    },
                    options,
                )
                .map_err(|d| diagnostic_to_py(&d))
        })?;
        let mut offsets = Vec::with_capacity(types.len());
        let mut total = 0;
        for t in types {
            offsets.push(total);
            total += slot_size(t);
        }
        // SAFETY: the driver returns the address of `i32 entry(void*, void**)`.
        let entry: EntryFn = unsafe { std::mem::transmute::<usize, EntryFn>(compiled.entry) };
        let overload = Arc::new(Overload {
            arg_types: types.to_vec(),
            numpy_scalars,
            declared: ret.is_some() || self.eager,
            offsets,
            arg_bytes: total,
            entry,
            compiled,
            options,
        });
        let mut all = self.overloads.write().unwrap();
        all.push(overload.clone());
        self.publish(&all);
        Ok(overload)
    }

    /// Positional arguments after applying keywords and defaults, as Python would bind them.
    fn bind<'py>(
        &self,
        py: Python<'py>,
        args: &Bound<'py, PyTuple>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let sig = py
            .import("inspect")?
            .call_method1("signature", (self.py_func.bind(py),))?;
        // Python reports a keyword the function does not have before a missing argument.
        if let Some(kwargs) = kwargs {
            let params = sig.getattr("parameters")?;
            let takes_any = params.call_method0("values")?.try_iter()?.any(|p| {
                p.and_then(|p| p.getattr("kind")?.str())
                    .is_ok_and(|k| k == "VAR_KEYWORD")
            });
            for key in kwargs.keys() {
                if !takes_any && !params.contains(&key)? {
                    return Err(PyTypeError::new_err(format!(
                        "{}() got an unexpected keyword argument '{key}'",
                        self.py_func.bind(py).getattr("__qualname__")?
                    )));
                }
            }
        }
        let bound = sig.call_method("bind", args.clone(), kwargs)?;
        bound.call_method0("apply_defaults")?;
        Ok(bound.getattr("args")?.cast_into::<PyTuple>()?)
    }

    fn invoke(
        &self,
        py: Python<'_>,
        o: &Overload,
        args: &Bound<'_, PyTuple>,
    ) -> PyResult<Py<PyAny>> {
        let mut inline_args = MaybeUninit::<[u64; INLINE_WORDS]>::uninit();
        let mut heap_args: Vec<u64> = Vec::new();
        let arg_base: *mut u8 = if o.arg_bytes <= INLINE_WORDS * 8 {
            inline_args.as_mut_ptr() as *mut u8
        } else {
            heap_args.resize(o.arg_bytes.div_ceil(8), 0);
            heap_args.as_mut_ptr() as *mut u8
        };
        let mut ptrs: SmallVec<[*mut u8; 8]> = SmallVec::with_capacity(o.arg_types.len());
        let mut reflected = Vec::new();
        for ((arg, t), off) in args.iter_borrowed().zip(&o.arg_types).zip(&o.offsets) {
            // SAFETY: the slot at `off` has room for the argument (slot_size).
            let p = unsafe { arg_base.add(*off) };
            if let Err(e) = unsafe { write_arg(&arg, t, p, &mut reflected) } {
                for r in reflected {
                    let _ = r.reflect(py, false);
                }
                return Err(e);
            }
            if *t == Type::Unicode {
                // A string copied in for the call: released after it.
                reflected.push(crate::reflected::Reflected {
                    object: arg.to_owned().unbind(),
                    // SAFETY: write_arg wrote the string's memory block first.
                    meminfo: unsafe { *(p as *const *mut oxjit_runtime::MemInfo) },
                    ty: Type::Unicode,
                });
            }
            ptrs.push(p);
        }
        let ret = &o.compiled.ret;
        let mut inline_ret = MaybeUninit::<[u64; INLINE_WORDS]>::uninit();
        let mut heap_ret: Vec<u64> = Vec::new();
        let ret_ptr: *mut u8 = if size_align(ret).0 <= INLINE_WORDS * 8 {
            inline_ret.as_mut_ptr() as *mut u8
        } else {
            heap_ret.resize(size_align(ret).0.div_ceil(8), 0);
            heap_ret.as_mut_ptr() as *mut u8
        };
        let entry = o.entry;
        let ptrs_addr = ptrs.as_ptr() as usize;
        let ret_addr = ret_ptr as usize;
        // SAFETY: arguments are laid out as the entry point expects; the result buffer is
        // large enough for the return type.
        let status = if self.nogil {
            py.detach(|| unsafe { entry(ret_addr as *mut u8, ptrs_addr as *const *mut u8) })
        } else {
            unsafe { entry(ret_ptr, ptrs.as_ptr()) }
        };
        let error = (status != 0).then(runtime_error);
        // A list or dict argument returned as is comes back as the caller's own object.
        let returned_argument = match (&error, ret) {
            // SAFETY: status 0 means the entry wrote a list or dict (its memory block) there.
            (None, Type::List(_) | Type::Dict(_)) => {
                let mi = unsafe { *(ret_ptr as *const *mut oxjit_runtime::MemInfo) };
                reflected
                    .iter()
                    .find(|r| r.meminfo == mi)
                    .map(|r| (mi, r.object.clone_ref(py)))
            }
            _ => None,
        };
        // The result is boxed before the lists are written back: an array taken out of a
        // list argument (`return l.pop()`) may be kept alive only by the caller's list
        // until then.
        let result = match (&error, &returned_argument) {
            // SAFETY: status 0 means the entry wrote a value of the return type.
            (None, None) => Some(unsafe { read_result(py, ret, ret_ptr) }),
            _ => None,
        };
        // List changes reach the caller even when the function raised, as in Python (the
        // exception raised is the one reported).
        for r in reflected {
            let written = r.reflect(py, true);
            if error.is_none() {
                written?;
            }
        }
        if let Some(e) = error {
            return Err(e);
        }
        if let (Some(Ok(result)), Type::Generator(_)) = (&result, ret) {
            // The generator reads the arguments' memory while it runs.
            let generator = result.bind(py).cast::<crate::generator::Generator>()?;
            generator
                .borrow_mut()
                .keep(args.clone().into_any().unbind());
        }
        if let Some((mi, list)) = returned_argument {
            // SAFETY: the reference the result carried, given back unused.
            unsafe { oxjit_runtime::memory::oxjit_rt_decref(mi) };
            return Ok(list);
        }
        result.expect("boxed above when the call succeeded")
    }

    fn select(&self, key: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<Arc<Overload>>> {
        let all = self.overloads.read().unwrap().clone();
        let Some(key) = key else { return Ok(all) };
        let want: Vec<Type> = key
            .cast::<PyTuple>()?
            .iter()
            .map(|t| {
                t.cast::<NumbaType>()
                    .map(|t| t.get().0.clone())
                    .map_err(PyErr::from)
            })
            .collect::<PyResult<_>>()?;
        all.into_iter()
            .find(|o| o.arg_types == want)
            .map(|o| vec![o])
            .ok_or_else(|| PyKeyError::new_err(format!("no compiled signature {key}")))
    }
}

fn sig_tuple<'py>(py: Python<'py>, types: &[Type]) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(py, types.iter().map(|t| NumbaType(t.clone())))
}

#[pymethods]
impl Dispatcher {
    /// Pickles by reference, as functions are: the unpickling process imports the module
    /// and finds the same jitted function there (and compiles it on its first call).
    fn __reduce__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        Ok(slf.getattr("__qualname__")?.unbind())
    }

    #[new]
    #[pyo3(signature = (py_func, options = None))]
    fn new(
        py: Python<'_>,
        py_func: Bound<'_, PyAny>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        if !py_func.hasattr("__code__")? {
            return Err(PyTypeError::new_err(
                "oxjit can only compile Python functions",
            ));
        }
        let get_bool = |k: &str| -> PyResult<bool> {
            match options.map(|o| o.get_item(k)).transpose()?.flatten() {
                Some(v) if !v.is_none() => v.is_truthy(),
                _ => Ok(false),
            }
        };
        // Checked now, so a bad option fails at decoration.
        options_from(options)?;
        let targetoptions = PyDict::new(py);
        if let Some(o) = options {
            for (k, v) in o.iter() {
                if k.extract::<String>()? != "signatures" {
                    targetoptions.set_item(k, v)?;
                }
            }
        }
        let nparams: usize = py_func
            .getattr("__code__")?
            .getattr("co_argcount")?
            .extract()?;
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        register_function(id, py_func.clone().unbind());
        let mut signatures = Vec::new();
        let mut deferred = Vec::new();
        if let Some(list) = options
            .map(|o| o.get_item("signatures"))
            .transpose()?
            .flatten()
        {
            let mut texts = Vec::new();
            for s in list.try_iter()? {
                texts.extend(expand_optional(&s?.str()?.to_string()));
            }
            for text in texts {
                let sig = parse_declared(&text, nparams)?;
                signatures.push(sig);
            }
        }
        let mut dispatcher = Dispatcher {
            id,
            py_func: py_func.unbind(),
            targetoptions: targetoptions.unbind(),
            // Parallel code runs on worker threads that may need the GIL (print): the
            // caller waits for them without holding it.
            nogil: get_bool("nogil")? || get_bool("parallel")?,
            compile_disabled: AtomicBool::new(false),
            nparams,
            overloads: RwLock::new(Vec::new()),
            snapshot: AtomicPtr::new(Box::into_raw(Box::new(Vec::new()))),
            retired: Mutex::new(Vec::new()),
            eager: !signatures.is_empty() || !deferred.is_empty(),
            deferred: Vec::new(),
        };
        // Eager compilation: every declared signature now. A signature that does not
        // compile for want of a feature raises when a call needs it.
        for sig in &signatures {
            let compiled = dispatcher.compile_declared(
                py,
                &sig.args,
                NumpyScalarArgs::default(),
                sig.ret.as_ref(),
            );
            if let Err(e) = compiled {
                if !is_compile_error(py, &e) {
                    return Err(e);
                }
                deferred.push((Some(sig.args.clone()), e));
            }
        }
        dispatcher.deferred = deferred;
        Ok(dispatcher)
    }

    #[pyo3(signature = (*args, **kwargs))]
    fn __call__(
        &self,
        py: Python<'_>,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let bound;
        let args = if kwargs.is_some_and(|k| !k.is_empty()) || args.len() != self.nparams {
            bound = self.bind(py, args, kwargs)?;
            &bound
        } else {
            args
        };
        if let Some(o) = self.matching_overload(args) {
            return self.invoke(py, o, args);
        }
        let mut types: SmallVec<[Type; 8]> = SmallVec::with_capacity(args.len());
        for a in args.iter_borrowed() {
            types.push(type_of_arg(&a)?);
        }
        if self.eager {
            // Explicit signatures: the one the arguments fit best (fewest unsafe, then
            // safe, then promoting conversions; the first declared among equals), as
            // Numba picks: 2.5 goes to float64(float64), not to float32(float32).
            let candidates = self.overloads.read().unwrap().clone();
            let found = candidates
                .into_iter()
                .filter(|o| o.declared)
                .filter_map(|o| {
                    crate::pytypes::signature_fit(&types, &o.arg_types).map(|fit| (fit, o))
                })
                .min_by_key(|(fit, _)| *fit)
                .map(|(_, o)| o);
            return match found {
                Some(o) => self.invoke(py, &o, args),
                None if !self.deferred.is_empty() => {
                    // The declared signature this call needed did not compile.
                    let takes = |sig: &Option<Vec<Type>>| {
                        sig.as_ref().is_none_or(|d| {
                            d.len() == types.len()
                                && types
                                    .iter()
                                    .zip(d)
                                    .all(|(t, d)| crate::pytypes::converts(t, d))
                        })
                    };
                    let (_, e) = self
                        .deferred
                        .iter()
                        .find(|(sig, _)| takes(sig))
                        .unwrap_or(&self.deferred[0]);
                    Err(e.clone_ref(py))
                }
                None => {
                    let given: Vec<String> = types.iter().map(|t| t.to_string()).collect();
                    Err(PyTypeError::new_err(format!(
                        "No matching definition for argument type(s) {}",
                        given.join(", ")
                    )))
                }
            };
        }
        let mut numpy_scalars = NumpyScalarArgs::default();
        for (i, (a, t)) in args.iter_borrowed().zip(&types).enumerate() {
            if i < 64 && crate::typeof_::is_numpy_scalar_arg(&a, t) {
                numpy_scalars.0 |= 1 << i;
            }
        }
        let o = self.compile(py, &types, numpy_scalars)?;
        self.invoke(py, &o, args)
    }

    /// The original Python function.
    #[getter]
    fn py_func(&self, py: Python<'_>) -> Py<PyAny> {
        self.py_func.clone_ref(py)
    }

    /// The decorator's options, as a dict (Numba's `targetoptions`). Changing it before a
    /// compile changes that compile (`fastmath`, `boundscheck`, `error_model`).
    #[getter]
    fn targetoptions<'py>(&self, py: Python<'py>) -> Bound<'py, PyDict> {
        self.targetoptions.bind(py).clone()
    }

    /// Each specialisation's signature, return type included, as signature objects.
    #[getter]
    fn nopython_signatures<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let classes = py.import("oxjit._typeclasses")?.getattr("as_numba_type")?;
        let signature = py.import("oxjit.core.typing")?.getattr("Signature")?;
        let view = |t: &Type| classes.call1((NumbaType(t.clone()),));
        let mut out = Vec::new();
        for o in self.overloads.read().unwrap().iter() {
            let args = o.arg_types.iter().map(view).collect::<PyResult<Vec<_>>>()?;
            out.push(signature.call1((view(&o.compiled.ret)?, PyTuple::new(py, args)?))?);
        }
        Ok(out)
    }

    /// Compiles the specialisation for `sig` (a signature object or string) now, as a
    /// declared one: calls whose arguments convert to it use it.
    #[pyo3(name = "compile")]
    fn compile_signature(&self, py: Python<'_>, sig: &Bound<'_, PyAny>) -> PyResult<()> {
        for text in expand_optional(&sig.str()?.to_string()) {
            let parsed = parse_declared(&text, self.nparams)?;
            self.compile_declared(
                py,
                &parsed.args,
                NumpyScalarArgs::default(),
                parsed.ret.as_ref(),
            )?;
        }
        Ok(())
    }

    /// Types the function for the argument types of `sig` (text) without compiling it,
    /// and returns its return type: what a caller that compiles it into its own module
    /// (a ufunc's loop) needs to know. Raises TypingError as a compile would.
    fn infer_return_type(&self, py: Python<'_>, sig: &str) -> PyResult<NumbaType> {
        let parsed = parse_declared(sig, self.nparams)?;
        let driver = lock_driver(py);
        let host = PyHost { py };
        let typed = catch_panic(|| {
            driver
                .typed(&host, self.id, &parsed.args)
                .map_err(|d| diagnostic_to_py(&d))
        })?;
        Ok(NumbaType(typed.ret.clone()))
    }

    /// Stops (or, with `False`, restarts) compiling new specialisations: a call that
    /// needs one raises TypeError.
    #[pyo3(signature = (val = true))]
    fn disable_compile(&self, val: bool) {
        self.compile_disabled.store(val, Ordering::Relaxed);
    }

    /// A jitted function stored on a class is a method, as a Python function is.
    fn __get__(
        slf: &Bound<'_, Self>,
        obj: Option<&Bound<'_, PyAny>>,
        _owner: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        match obj {
            Some(o) if !o.is_none() => Ok(py
                .import("types")?
                .getattr("MethodType")?
                .call1((slf, o))?
                .unbind()),
            _ => Ok(slf.clone().into_any().unbind()),
        }
    }

    /// Argument types of every compiled specialisation (once each: a call with NumPy
    /// scalars and one with Python numbers of the same types compile separately).
    #[getter]
    fn signatures<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyTuple>>> {
        let all = self.overloads.read().unwrap();
        let mut seen: Vec<&[Type]> = Vec::new();
        for o in all.iter() {
            if !seen.contains(&o.arg_types.as_slice()) {
                seen.push(&o.arg_types);
            }
        }
        seen.into_iter().map(|t| sig_tuple(py, t)).collect()
    }

    /// Compiled specialisations, keyed by argument types: entry address and return type.
    #[getter]
    fn overloads<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for o in self.overloads.read().unwrap().iter() {
            d.set_item(
                sig_tuple(py, &o.arg_types)?,
                (o.compiled.entry, NumbaType(o.compiled.ret.clone())),
            )?;
        }
        Ok(d)
    }

    /// Optimised LLVM IR: a dict keyed by signature, or one string for `signature`.
    #[pyo3(signature = (signature = None))]
    fn inspect_llvm<'py>(
        &self,
        py: Python<'py>,
        signature: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        self.inspect(py, signature, |o| self.optimized_ir(py, o))
    }

    /// Machine code as assembly text, like `inspect_llvm`.
    #[pyo3(signature = (signature = None))]
    fn inspect_asm<'py>(
        &self,
        py: Python<'py>,
        signature: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        self.inspect(py, signature, |o| {
            oxjit_driver::assembly(&self.optimized_ir(py, o)?).map_err(|d| diagnostic_to_py(&d))
        })
    }

    /// Typed IR of each specialisation, like `inspect_llvm`.
    #[pyo3(signature = (signature = None))]
    fn inspect_types<'py>(
        &self,
        py: Python<'py>,
        signature: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        self.inspect(py, signature, |o| Ok(o.compiled.typed_ir.clone()))
    }

    /// Prints what `parallel=True` did with each `prange` loop of each specialisation
    /// (or of the one for `signature`): which loops run in parallel, their reductions,
    /// and which loops run serially and why. oxjit has one level of detail; `level`
    /// (1 to 4, as in Numba) is checked and otherwise ignored.
    #[pyo3(signature = (signature=None, level=1))]
    fn parallel_diagnostics(
        &self,
        py: Python<'_>,
        signature: Option<&Bound<'_, PyAny>>,
        level: i64,
    ) -> PyResult<()> {
        if !(1..=4).contains(&level) {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "level must be 1, 2, 3 or 4, not {level}"
            )));
        }
        let selected = self.select(signature)?;
        if selected.is_empty() {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "no compiled specialisation to report on: call the function first",
            ));
        }
        let name: String = self.py_func.bind(py).getattr("__qualname__")?.extract()?;
        let mut text = String::new();
        for o in &selected {
            let types: Vec<String> = o.arg_types.iter().map(|t| t.to_string()).collect();
            text.push_str(&format!(
                "Parallel report for {name}({}):\n",
                types.join(", ")
            ));
            let body = if !o.options.parallel {
                "  compiled without parallel=True: prange loops run serially, as range".into()
            } else if o.compiled.parallel_report.is_empty() {
                "  no prange loop: nothing runs in parallel".into()
            } else {
                o.compiled
                    .parallel_report
                    .iter()
                    .map(|r| format!("  {}", r.replace('\n', "\n  ")))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            text.push_str(&body);
            text.push('\n');
        }
        py.import("builtins")?
            .getattr("print")?
            .call1((text.trim_end(),))?;
        Ok(())
    }

    /// Seconds spent in each compile stage of each specialisation.
    fn compile_timings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for o in self.overloads.read().unwrap().iter() {
            d.set_item(sig_tuple(py, &o.arg_types)?, o.compiled.timings.clone())?;
        }
        Ok(d)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let name: String = self.py_func.bind(py).getattr("__qualname__")?.extract()?;
        Ok(format!("CPUDispatcher(<function {name}>)"))
    }
}

impl Dispatcher {
    fn inspect<'py>(
        &self,
        py: Python<'py>,
        signature: Option<&Bound<'py, PyAny>>,
        f: impl Fn(&Overload) -> PyResult<String>,
    ) -> PyResult<Py<PyAny>> {
        let selected = self.select(signature)?;
        if signature.is_some() {
            return Ok(f(&selected[0])?.into_pyobject(py)?.into_any().unbind());
        }
        let d = PyDict::new(py);
        for o in &selected {
            d.set_item(sig_tuple(py, &o.arg_types)?, f(o)?)?;
        }
        Ok(d.into_any().unbind())
    }
}

/// Code generation options from a dict of the decorator's options (`fastmath`,
/// `boundscheck`, `error_model`; the others do not change the code).
fn options_from(options: Option<&Bound<'_, PyDict>>) -> PyResult<Options> {
    let get = |k: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
        Ok(options
            .map(|o| o.get_item(k))
            .transpose()?
            .flatten()
            .filter(|v| !v.is_none()))
    };
    let flag = |k: &str| -> PyResult<bool> { get(k)?.map_or(Ok(false), |v| v.is_truthy()) };
    let error_model: String = match get("error_model")? {
        Some(v) => v.extract()?,
        None => "python".into(),
    };
    if error_model != "python" && error_model != "numpy" {
        return Err(pyo3::exceptions::PyValueError::new_err(format!(
            "error_model must be 'python' or 'numpy', got {error_model:?}"
        )));
    }
    Ok(Options {
        fastmath: flag("fastmath")?,
        boundscheck: flag("boundscheck")?
            || std::env::var("OXJIT_BOUNDSCHECK").is_ok_and(|v| v == "1"),
        error_model_numpy: error_model == "numpy",
        parallel: flag("parallel")?,
    })
}

/// A Numba type a signature names that oxjit cannot represent yet.
/// Signature `text` of a function of `nparams` parameters, parsed.
fn parse_declared(text: &str, nparams: usize) -> PyResult<crate::pytypes::Signature> {
    let sig = crate::pytypes::parse_signature(text).map_err(PyTypeError::new_err)?;
    if sig.args.len() != nparams {
        return Err(PyTypeError::new_err(format!(
            "signature {text:?} has {} arguments, the function takes {nparams}",
            sig.args.len()
        )));
    }
    Ok(sig)
}

/// The signatures an optional argument type stands for: `f(optional(T))` is compiled as
/// `f(T)` and `f(none)`, each specialised (so `if x is None:` is decided when compiling,
/// as Numba prunes it), which a call of either kind matches.
fn expand_optional(text: &str) -> Vec<String> {
    for opener in ["optional(", "OptionalType("] {
        let Some(start) = text.find(opener) else {
            continue;
        };
        let inner = start + opener.len();
        let mut depth = 1;
        let Some(end) = text[inner..].char_indices().find_map(|(i, c)| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            (depth == 0).then_some(inner + i)
        }) else {
            return vec![text.to_string()];
        };
        let (before, item, after) = (&text[..start], &text[inner..end], &text[end + 1..]);
        return [item, "none"]
            .iter()
            .flat_map(|choice| expand_optional(&format!("{before}{choice}{after}")))
            .collect();
    }
    vec![text.to_string()]
}

/// Whether `e` says the function does not compile (rather than, say, a bad signature).
fn is_compile_error(py: Python<'_>, e: &PyErr) -> bool {
    e.is_instance_of::<crate::errors::TypingError>(py)
        || e.is_instance_of::<UnsupportedError>(py)
        || e.is_instance_of::<crate::errors::LoweringError>(py)
}
