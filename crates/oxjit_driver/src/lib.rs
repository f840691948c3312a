//! The pipeline.
//!
//! In: a function handle, the argument types of a call, [`Options`], and a [`HostEnv`]
//! that supplies source text and resolves global names (the Python side implements it).
//! Out: a [`Compiled`] entry point (an `extern "C"` address taking pointers to arguments in
//! memory layout), with its typed IR and optimised LLVM IR kept for `inspect_*`.
//!
//! Stages and their caches: source → IR (once per function), IR + argument types → typed
//! function (once per signature; callees are typed on demand and recursion is detected),
//! typed functions → one LLVM module per entry point (the entry plus every callee it
//! reaches, so LLVM can inline across jitted calls) → O3 → ORC.
//!
//! `OXJIT_DUMP=ast,ir,typed,llvm-raw,llvm,asm` prints each stage to stderr.

mod library;

use library::WithLibrary;
use oxjit_codegen::{emit_module, entry_symbol, optimize, ModuleInput, Unit};
use oxjit_diagnostics::{DResult, Diagnostic, SourceFile};
use oxjit_infer::{Resolved, TypedFunction};
use oxjit_ir::Function;
use oxjit_jit::{Jit, ModuleContext};
use oxjit_types::{GlobalValue, Type};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Instant;

pub use oxjit_codegen::Options;
pub use oxjit_infer::NumpyScalarArgs;
pub use oxjit_jit::{host_cpu, host_triple, llvm_version};

/// What the pipeline asks of the host about the functions it compiles.
pub trait HostEnv {
    /// The function's source text as `inspect.getsource` gives it.
    fn source(&self, func: u64) -> DResult<Arc<SourceFile>>;
    fn global(&self, func: u64, name: &str) -> GlobalValue;
    fn module_attr(&self, module: &str, attr: &str) -> GlobalValue;
    /// Parameter names and default values.
    fn params(&self, func: u64) -> DResult<(Vec<String>, Vec<Option<GlobalValue>>)>;
    /// The options a jitted callee was decorated with (unused for now: callees compile
    /// with the caller's options, inlined into its module).
    fn name(&self, func: u64) -> String;
    /// The jitted implementation of an overloaded function for these argument types.
    fn resolve_overload(
        &self,
        handle: u64,
        _args: &[Type],
        _kwargs: &[(String, Type)],
    ) -> DResult<u64> {
        Err(Diagnostic::internal(format!(
            "this host has no overloaded function #{handle}"
        )))
    }
    /// The jitted implementation of a method given with `overload_method`, if any.
    fn resolve_method(
        &self,
        _receiver: &Type,
        _name: &str,
        _args: &[Type],
        _kwargs: &[(String, Type)],
    ) -> DResult<Option<u64>> {
        Ok(None)
    }
    /// The jitted implementation of an attribute given with `overload_attribute`, if any.
    fn resolve_attribute(&self, _receiver: &Type, _name: &str) -> DResult<Option<u64>> {
        Ok(None)
    }
}

/// A compiled specialisation.
#[derive(Debug)]
pub struct Compiled {
    /// `i32 entry(void *ret, void **args)`.
    pub entry: usize,
    pub arg_types: Vec<Type>,
    pub ret: Type,
    pub typed_ir: String,
    /// What the parallel stage did with each `prange` loop (empty without
    /// `parallel=True`, or without such loops).
    pub parallel_report: Vec<String>,
    /// Seconds spent in each stage, for `oxjit` profiling.
    pub timings: Vec<(&'static str, f64)>,
}

/// Which stages `OXJIT_DUMP` asks to print.
struct Dumps {
    ast: bool,
    ir: bool,
    typed: bool,
    llvm_raw: bool,
    llvm: bool,
    asm: bool,
}

fn dumps() -> &'static Dumps {
    static DUMPS: OnceLock<Dumps> = OnceLock::new();
    DUMPS.get_or_init(|| {
        let v = std::env::var("OXJIT_DUMP").unwrap_or_default();
        let has = |k: &str| v.split(',').any(|p| p.trim() == k || p.trim() == "all");
        Dumps {
            ast: has("ast"),
            ir: has("ir"),
            typed: has("typed"),
            llvm_raw: has("llvm-raw"),
            llvm: has("llvm"),
            asm: has("asm"),
        }
    })
}

fn jit() -> DResult<&'static Jit> {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    let jit = Jit::global().map_err(Diagnostic::internal)?;
    READY
        .get_or_init(|| {
            for (name, addr) in oxjit_runtime::symbols() {
                jit.define_symbol(name, *addr)?;
            }
            for (name, addr) in oxjit_runtime::libm::libm_symbols() {
                jit.define_symbol(name, addr)?;
            }
            Ok(())
        })
        .clone()
        .map_err(Diagnostic::internal)?;
    Ok(jit)
}

type Key = (u64, Vec<Type>);
/// A typed specialisation: the function, its argument types, which are NumPy scalars.
type TypedKey = (u64, Vec<Type>, NumpyScalarArgs);

/// Caches of every stage. One per process, behind the host's lock.
#[derive(Default)]
pub struct Driver {
    ir: RefCell<HashMap<u64, Arc<Function>>>,
    typed: RefCell<HashMap<TypedKey, Arc<TypedFunction>>>,
    in_progress: RefCell<HashSet<TypedKey>>,
}

static SYMBOL_COUNTER: AtomicU64 = AtomicU64::new(0);

impl Driver {
    pub fn new() -> Driver {
        Driver::default()
    }

    /// How many specialisations of `func` have been typed (and are cached): a library
    /// body used by many functions with the same argument types counts once.
    pub fn typed_specialisations(&self, func: u64) -> usize {
        self.typed.borrow().keys().filter(|k| k.0 == func).count()
    }

    /// Forgets everything about `func` (its globals may have changed).
    pub fn forget(&self, func: u64) {
        self.ir.borrow_mut().remove(&func);
        self.typed.borrow_mut().retain(|k, _| k.0 != func);
    }

    fn lowered(&self, host: &dyn HostEnv, func: u64) -> DResult<Arc<Function>> {
        if let Some(f) = self.ir.borrow().get(&func) {
            return Ok(f.clone());
        }
        let file = host.source(func)?;
        let def = oxjit_syntax::parse_function(&file)?;
        if dumps().ast {
            eprintln!("--- ast: {} ---\n{def:#?}", def.name.id.as_str());
        }
        let ir = Arc::new(oxjit_frontend::lower_function(&def, &file)?);
        if dumps().ir {
            eprintln!("--- ir ---\n{ir}");
        }
        self.ir.borrow_mut().insert(func, ir.clone());
        Ok(ir)
    }

    /// The typed specialisation of `func` for `args` (cached), every scalar argument a
    /// Python number: how jitted functions call each other.
    pub fn typed(
        &self,
        host: &dyn HostEnv,
        func: u64,
        args: &[Type],
    ) -> DResult<Arc<TypedFunction>> {
        self.typed_with(host, func, args, NumpyScalarArgs::default())
    }

    /// [`Self::typed`] for arguments of which `numpy_scalars` are NumPy scalars.
    pub fn typed_with(
        &self,
        host: &dyn HostEnv,
        func: u64,
        args: &[Type],
        numpy_scalars: NumpyScalarArgs,
    ) -> DResult<Arc<TypedFunction>> {
        let key = (func, args.to_vec(), numpy_scalars);
        if let Some(t) = self.typed.borrow().get(&key) {
            return Ok(t.clone());
        }
        let host = &WithLibrary { inner: host };
        let ir = self.lowered(host, func)?;
        self.in_progress.borrow_mut().insert(key.clone());
        let result = oxjit_infer::infer(
            (*ir).clone(),
            args,
            numpy_scalars,
            &InferHost {
                driver: self,
                host,
                func,
            },
        );
        self.in_progress.borrow_mut().remove(&key);
        let typed = Arc::new(result?);
        if dumps().typed {
            eprintln!("--- typed ---\n{}", typed.display());
        }
        self.typed.borrow_mut().insert(key, typed.clone());
        Ok(typed)
    }

    /// Compiles a specialisation to an entry point.
    pub fn compile(
        &self,
        host: &dyn HostEnv,
        spec: &Specialisation<'_>,
        options: Options,
    ) -> DResult<Compiled> {
        self.with_optimized_module(host, spec, options, |built, mut timings| {
            let t3 = Instant::now();
            let object = oxjit_jit::emit_object(built.module, codegen_level())
                .map_err(Diagnostic::internal)?;
            timings.push(("machine-code", t3.elapsed().as_secs_f64()));
            let t4 = Instant::now();
            let addrs = jit()?
                .add_object_and_lookup(&object, &[built.entry_name])
                .map_err(Diagnostic::internal)?;
            timings.push(("link", t4.elapsed().as_secs_f64()));
            Ok(Compiled {
                entry: addrs[0],
                arg_types: spec.args.to_vec(),
                ret: built.root.ret.clone(),
                typed_ir: built.root.display(),
                parallel_report: built.parallel_report,
                timings,
            })
        })
    }

    /// The optimised LLVM IR of a specialisation, as text (for `inspect_llvm` and
    /// `inspect_asm`). Made again on request rather than kept from the compile: printing
    /// it costs a few percent of every compile and it is rarely looked at.
    pub fn optimized_ir(
        &self,
        host: &dyn HostEnv,
        spec: &Specialisation<'_>,
        options: Options,
    ) -> DResult<String> {
        self.with_optimized_module(host, spec, options, |built, _| {
            Ok(built.module.print_to_string().to_string())
        })
    }

    /// Types `func` for `args`, builds the LLVM module of it and every jitted function it
    /// reaches, optimises it and hands it to `then` with the stage timings so far.
    fn with_optimized_module<R>(
        &self,
        host: &dyn HostEnv,
        spec: &Specialisation<'_>,
        options: Options,
        then: impl FnOnce(BuiltModule<'_, '_>, Vec<(&'static str, f64)>) -> DResult<R>,
    ) -> DResult<R> {
        let &Specialisation {
            func,
            args,
            numpy_scalars,
            ret,
        } = spec;
        let host = &WithLibrary { inner: host };
        let mut timings = Vec::new();
        let t0 = Instant::now();
        let plain = self.typed_with(host, func, args, numpy_scalars)?;
        let mut root = plain.clone();
        if let Some(declared) = ret.filter(|r| **r != root.ret) {
            // Numbers convert to a declared number type, except complex to real (which
            // would drop the imaginary part).
            let scalars = match (root.ret.scalar(), declared.scalar()) {
                (Some(from), Some(to)) => !from.is_complex() || to.is_complex(),
                _ => false,
            };
            let widens = oxjit_types::unify(&root.ret, declared).as_ref() == Some(declared);
            if !scalars && !widens {
                return Err(Diagnostic::typing(format!(
                    "the function returns {}, which cannot be converted to the declared return type {declared}",
                    root.ret
                )));
            }
            let mut t = (*root).clone();
            t.ret = declared.clone();
            root = Arc::new(t);
        }
        timings.push(("frontend+infer", t0.elapsed().as_secs_f64()));

        // The entry and every jitted function it reaches go in one module.
        let mut order: Vec<Arc<TypedFunction>> = vec![root.clone()];
        let mut keys: Vec<Key> = vec![(func, args.to_vec())];
        let mut callees: HashMap<Key, usize> = HashMap::new();
        // A recursive call reaches the entry itself only when the entry is typed the way
        // calls are: no NumPy scalar arguments, no declared return type changing it.
        if Arc::ptr_eq(&root, &plain) && numpy_scalars == NumpyScalarArgs::default() {
            callees.insert(keys[0].clone(), 0);
        }
        let mut parallel_report = Vec::new();
        let mut i = 0;
        while i < order.len() {
            if options.parallel && !oxjit_parallel::is_chunk(keys[i].0) {
                if let Some(p) = oxjit_parallel::parallelize(&order[i])? {
                    parallel_report.extend(p.report);
                    if dumps().typed {
                        eprintln!("--- parallel ---\n{}", p.function.display());
                    }
                    order[i] = Arc::new(p.function);
                    for (id, chunk) in p.chunks {
                        if dumps().typed {
                            eprintln!("--- chunk ---\n{}", chunk.display());
                        }
                        let key = (id, chunk.arg_types.clone());
                        callees.insert(key.clone(), order.len());
                        order.push(Arc::new(chunk));
                        keys.push(key);
                    }
                }
            }
            let tf = order[i].clone();
            for r in tf.resolved.iter().map(|(_, r)| r) {
                let Some((id, args)) = callee_of(r) else {
                    continue;
                };
                let key = (id, args.clone());
                if !callees.contains_key(&key) {
                    callees.insert(key.clone(), order.len());
                    order.push(self.typed(host, id, &args)?);
                    keys.push(key);
                }
            }
            i += 1;
        }
        let n = SYMBOL_COUNTER.fetch_add(1, Ordering::Relaxed);
        let units: Vec<Unit> = order
            .iter()
            .zip(&keys)
            .map(|(tf, key)| Unit {
                typed: tf,
                symbol: format!("oxjit{n}_{}_{}", sanitize(&tf.func.name), key.0),
                // NumPy's functions follow NumPy's error model; Python's (math, list
                // methods) raise as Python does.
                numpy_semantics: oxjit_builtins::pylib::def_of(key.0)
                    .is_some_and(|d| d.file.starts_with("pylib/numpy/")),
            })
            .collect();
        let entry_name = entry_symbol(&units[0].symbol);
        let has_callees = units.len() > 1;
        let input = ModuleInput {
            units,
            callees,
            options,
        };

        let t1 = Instant::now();
        let mc = ModuleContext::new();
        let module = emit_module(mc.as_context(), &input)?;
        timings.push(("codegen", t1.elapsed().as_secs_f64()));
        let t2 = Instant::now();
        if dumps().llvm_raw {
            eprintln!("--- llvm-raw ---\n{}", module.print_to_string().to_string());
        }
        oxjit_jit::with_target_machine(inkwell::OptimizationLevel::Aggressive, |tm| {
            optimize(&module, tm, has_callees).map_err(|d| d.message)
        })
        .map_err(Diagnostic::internal)?;
        timings.push(("llvm-opt", t2.elapsed().as_secs_f64()));
        if dumps().llvm || dumps().asm {
            let llvm_ir = module.print_to_string().to_string();
            if dumps().llvm {
                eprintln!("--- llvm ---\n{llvm_ir}");
            }
            if dumps().asm {
                if let Ok(asm) = oxjit_jit::assembly_for_ir(&llvm_ir) {
                    eprintln!("--- asm ---\n{asm}");
                }
            }
        }
        then(
            BuiltModule {
                module: &module,
                entry_name: &entry_name,
                root: &root,
                parallel_report,
            },
            timings,
        )
    }
}

/// What to compile: a function, its argument types, which of them are NumPy scalars and
/// the declared return type (the result is converted to it), if any.
pub struct Specialisation<'a> {
    pub func: u64,
    pub args: &'a [Type],
    pub numpy_scalars: NumpyScalarArgs,
    pub ret: Option<&'a Type>,
}

/// An optimised module and what its users need to know about it.
struct BuiltModule<'a, 'ctx> {
    module: &'a inkwell::module::Module<'ctx>,
    entry_name: &'a str,
    root: &'a TypedFunction,
    parallel_report: Vec<String>,
}

/// Instruction selection effort: `OXJIT_CODEGEN_LEVEL` (0-3), read once; O1 by default.
fn codegen_level() -> inkwell::OptimizationLevel {
    static LEVEL: OnceLock<inkwell::OptimizationLevel> = OnceLock::new();
    *LEVEL.get_or_init(|| match std::env::var("OXJIT_CODEGEN_LEVEL").as_deref() {
        Ok("0") => inkwell::OptimizationLevel::None,
        Ok("2") => inkwell::OptimizationLevel::Default,
        Ok("3") => inkwell::OptimizationLevel::Aggressive,
        _ => inkwell::OptimizationLevel::Less,
    })
}

/// The function an instruction calls and its argument types, when it calls one: a
/// jitted function, a library body, or a ufunc whose kernel is a body (called per
/// element).
fn callee_of(r: &Resolved) -> Option<(u64, Vec<Type>)> {
    match r {
        Resolved::Jitted { id, args, .. } => Some((*id, args.clone())),
        Resolved::Library { id, typed } => Some((*id, typed.args.clone())),
        Resolved::Builtin(typed) => typed.compiled_callee(),
        _ => None,
    }
}

fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Assembly text for optimised LLVM IR (for `inspect_asm`).
pub fn assembly(llvm_ir: &str) -> DResult<String> {
    oxjit_jit::assembly_for_ir(llvm_ir).map_err(Diagnostic::internal)
}

struct InferHost<'a> {
    driver: &'a Driver,
    host: &'a dyn HostEnv,
    func: u64,
}

impl oxjit_infer::Host for InferHost<'_> {
    fn self_id(&self) -> u64 {
        self.func
    }
    fn global(&self, name: &str) -> GlobalValue {
        self.host.global(self.func, name)
    }
    fn module_attr(&self, module: &str, attr: &str) -> GlobalValue {
        self.host.module_attr(module, attr)
    }
    fn callee_params(&self, id: u64) -> DResult<(Vec<String>, Vec<Option<GlobalValue>>)> {
        self.host.params(id)
    }
    fn callee_return(&self, id: u64, args: &[Type]) -> DResult<Option<Type>> {
        if self.driver.in_progress.borrow().contains(&(
            id,
            args.to_vec(),
            NumpyScalarArgs::default(),
        )) {
            return Ok(None);
        }
        let callee = self
            .driver
            .typed(self.host, id, args)
            .map_err(|d| d.with_note(format!("while typing a call to {}", self.host.name(id))))?;
        Ok(Some(callee.ret.clone()))
    }
    fn resolve_overload(
        &self,
        handle: u64,
        args: &[Type],
        kwargs: &[(String, Type)],
    ) -> DResult<u64> {
        self.host.resolve_overload(handle, args, kwargs)
    }
    fn resolve_method(
        &self,
        receiver: &Type,
        name: &str,
        args: &[Type],
        kwargs: &[(String, Type)],
    ) -> DResult<Option<u64>> {
        self.host.resolve_method(receiver, name, args, kwargs)
    }
    fn resolve_attribute(&self, receiver: &Type, name: &str) -> DResult<Option<u64>> {
        self.host.resolve_attribute(receiver, name)
    }
}
