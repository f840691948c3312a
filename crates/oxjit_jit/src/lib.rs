//! Machine code for oxjit: the last step of the pipeline.
//!
//! **What comes in.** LLVM modules that the code generator has built (with inkwell) inside a
//! [`ModuleContext`] and has already optimised, typically with the target machine from
//! [`host_target_machine`]. A `ModuleContext` wraps an ORC *thread-safe context*, which is an
//! LLVM context that ORC can keep alive after the caller is done with it.
//!
//! **What goes out.** Addresses of compiled functions (and other exported symbols), as `usize`,
//! from [`Jit::add_module_and_lookup`]. The caller turns them into `extern "C" fn` pointers.
//! The code stays mapped for the rest of the process: there is one process-wide [`Jit`]
//! (ORC LLJIT) and nothing is ever freed.
//!
//! Also here:
//! - [`Jit::define_symbol`] makes runtime helpers written in Rust callable by name from JIT'd
//!   code. libc/libm symbols (`erf`, `tan`, `malloc`, ...) resolve on their own, through a
//!   search of the symbols already loaded in the process.
//! - [`host_target_machine`] / [`host_cpu`] describe the host for the optimiser.
//! - [`assembly_for_ir`] turns LLVM IR text into host assembly text (for `inspect_asm`).
//!
//! All the ORC calls go through llvm-sys's C API (inkwell has no ORC wrapper). Every
//! `LLVMErrorRef` is turned into an `Err(String)`; nothing here panics on an LLVM failure.

use std::collections::HashMap;
use std::ffi::{c_void, CStr, CString};
use std::ptr;
use std::sync::{Mutex, MutexGuard, OnceLock};

use inkwell::context::{Context, ContextRef};
use inkwell::memory_buffer::MemoryBuffer;
use inkwell::module::{Linkage, Module};
use inkwell::targets::{
    CodeModel, FileType, InitializationConfig, RelocMode, Target, TargetMachine, TargetTriple,
};
use inkwell::OptimizationLevel;
use llvm_sys::core::LLVMGetModuleContext;
use llvm_sys::error::{LLVMDisposeErrorMessage, LLVMErrorRef, LLVMGetErrorMessage};
use llvm_sys::orc2::lljit::{
    LLVMOrcCreateLLJIT, LLVMOrcCreateLLJITBuilder, LLVMOrcLLJITAddLLVMIRModule,
    LLVMOrcLLJITAddObjectFile, LLVMOrcLLJITBuilderSetJITTargetMachineBuilder,
    LLVMOrcLLJITGetExecutionSession, LLVMOrcLLJITGetGlobalPrefix, LLVMOrcLLJITGetMainJITDylib,
    LLVMOrcLLJITLookup, LLVMOrcLLJITMangleAndIntern, LLVMOrcLLJITRef,
};
use llvm_sys::orc2::{
    LLVMJITEvaluatedSymbol, LLVMJITSymbolFlags, LLVMJITSymbolGenericFlags, LLVMOrcAbsoluteSymbols,
    LLVMOrcCSymbolMapPair, LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess,
    LLVMOrcCreateNewThreadSafeContext, LLVMOrcCreateNewThreadSafeModule,
    LLVMOrcDisposeMaterializationUnit, LLVMOrcDisposeThreadSafeContext,
    LLVMOrcExecutionSessionSetErrorReporter, LLVMOrcExecutorAddress, LLVMOrcJITDylibAddGenerator,
    LLVMOrcJITDylibDefine, LLVMOrcJITDylibRef, LLVMOrcJITTargetMachineBuilderDetectHost,
    LLVMOrcThreadSafeContextGetContext, LLVMOrcThreadSafeContextRef,
};

// ---------------------------------------------------------------------------------------------
// LLVM errors and one-time target set-up
// ---------------------------------------------------------------------------------------------

/// Consumes an `LLVMErrorRef`: `None` for success (a null error), else its message.
///
/// # Safety
/// `err` must be null or an error that nobody else will consume.
unsafe fn take_error(err: LLVMErrorRef) -> Option<String> {
    if err.is_null() {
        return None;
    }
    // SAFETY: `err` is a live error; LLVMGetErrorMessage consumes it and hands us a string
    // that we must free with LLVMDisposeErrorMessage.
    unsafe {
        let msg = LLVMGetErrorMessage(err);
        if msg.is_null() {
            return Some("unknown LLVM error".to_owned());
        }
        let text = CStr::from_ptr(msg).to_string_lossy().into_owned();
        LLVMDisposeErrorMessage(msg);
        Some(text)
    }
}

/// Registers the native target, its asm printer and parser with LLVM, once per process.
fn init_native_target() -> Result<(), String> {
    static INIT: OnceLock<Result<(), String>> = OnceLock::new();
    INIT.get_or_init(|| {
        Target::initialize_native(&InitializationConfig::default())?;
        set_llvm_options();
        Ok(())
    })
    .clone()
}

/// Process-wide LLVM switches, set once before any compilation.
///
/// A vectorised loop's remainder runs as a scalar loop instead of a second, narrower vector
/// loop: epilogue vectorisation roughly doubles the machine code of every vectorised loop
/// (and its compile time) for a gain only on short trip counts. Loop strength reduction is
/// off: on the array loops oxjit emits it took over half of all code-generation time (9 of
/// 16 ms for the LU kernel) and the loops ran faster without it (LU n=128: 86 us vs 102 us).
/// Vector loops are not interleaved: with 512-bit vectors an interleave of 4 left up to 31
/// elements to the scalar remainder of each row (Jacobi n=256: 110 us vs 137 us, LU n=128:
/// 69 us vs 90 us). `OXJIT_LLVM_ARGS` adds
/// more switches (space separated, as on `llc`'s command line).
fn set_llvm_options() {
    let mut args = vec![
        "oxjit".to_string(),
        "-enable-epilogue-vectorization=false".to_string(),
        "-disable-lsr".to_string(),
        "-force-vector-interleave=1".to_string(),
    ];
    if let Ok(extra) = std::env::var("OXJIT_LLVM_ARGS") {
        args.extend(extra.split_whitespace().map(str::to_string));
    }
    let cargs: Vec<CString> = args
        .iter()
        .filter_map(|a| CString::new(a.as_str()).ok())
        .collect();
    let ptrs: Vec<*const std::ffi::c_char> = cargs.iter().map(|c| c.as_ptr()).collect();
    // SAFETY: called once, before any LLVM pass runs; LLVM copies what it keeps.
    unsafe {
        llvm_sys::support::LLVMParseCommandLineOptions(
            ptrs.len() as i32,
            ptrs.as_ptr(),
            c"oxjit LLVM options".as_ptr(),
        )
    };
}

/// What the host looks like, computed once: (triple, cpu name, cpu features).
fn host_description() -> &'static (String, String, String) {
    static HOST: OnceLock<(String, String, String)> = OnceLock::new();
    HOST.get_or_init(|| {
        let triple = TargetMachine::get_default_triple()
            .as_str()
            .to_string_lossy()
            .into_owned();
        let cpu = TargetMachine::get_host_cpu_name().to_string();
        let mut features = TargetMachine::get_host_cpu_features().to_string();
        if let Ok(extra) = std::env::var("OXJIT_CPU_FEATURES") {
            features.push(',');
            features.push_str(&extra);
        }
        (triple, cpu, features)
    })
}

/// Returns `(cpu_name, cpu_features)` of the host, as LLVM names them (for example
/// `("znver1", "+sse2,+avx2,...")`). These are the strings to put in `target-cpu` /
/// `target-features` function attributes. Computed once per process.
pub fn host_cpu() -> (String, String) {
    let (_, cpu, features) = host_description();
    (cpu.clone(), features.clone())
}

/// The host's target triple (`x86_64-pc-linux-gnu`).
pub fn host_triple() -> String {
    host_description().0.clone()
}

/// The version of the LLVM oxjit is linked with, as `major.minor.patch`.
pub fn llvm_version() -> String {
    let (mut major, mut minor, mut patch) = (0, 0, 0);
    // SAFETY: LLVMGetVersion only writes the three integers it is given.
    unsafe { llvm_sys::core::LLVMGetVersion(&mut major, &mut minor, &mut patch) };
    format!("{major}.{minor}.{patch}")
}

/// The host target machine, for the optimiser (`Module::run_passes`) and for emitting assembly.
///
/// Host triple, host CPU name and features, `OptimizationLevel::Aggressive`,
/// `RelocMode::Default`, `CodeModel::JITDefault`. The host description is computed once and
/// cached; each call builds a fresh `TargetMachine` from it, which is cheap (microseconds).
/// A fresh one per call keeps this usable from any thread: inkwell's `TargetMachine` cannot be
/// shared.
pub fn host_target_machine() -> Result<TargetMachine, String> {
    target_machine(OptimizationLevel::Aggressive)
}

fn target_machine(level: OptimizationLevel) -> Result<TargetMachine, String> {
    init_native_target()?;
    let (triple, cpu, features) = host_description();
    let triple = TargetTriple::create(triple);
    let target = Target::from_triple(&triple).map_err(|e| {
        format!(
            "no LLVM target for host triple {}: {e}",
            triple.as_str().to_string_lossy()
        )
    })?;
    target
        .create_target_machine(
            &triple,
            cpu,
            features,
            level,
            RelocMode::Default,
            CodeModel::JITDefault,
        )
        .ok_or_else(|| {
            format!(
                "LLVM could not create a target machine for {} (cpu {cpu})",
                triple.as_str().to_string_lossy()
            )
        })
}

/// Host assembly text for LLVM IR text.
///
/// The IR is parsed into a fresh, private LLVM context. If it names no target triple, the
/// host's triple and data layout are filled in. It is then lowered with [`host_target_machine`]
/// as it is: no IR passes are run here, so pass IR that is already optimised.
pub fn assembly_for_ir(ir_text: &str) -> Result<String, String> {
    let tm = host_target_machine()?;
    let context = Context::create();
    // The IR lexer reads one byte past the end of its buffer and expects a NUL there; a copied
    // buffer guarantees that terminator.
    let buffer = MemoryBuffer::create_from_memory_range_copy(ir_text.as_bytes(), "oxjit_ir");
    let module = context
        .create_module_from_ir(buffer)
        .map_err(|e| format!("invalid LLVM IR: {e}"))?;
    if module.get_triple().as_str().to_bytes().is_empty() {
        module.set_triple(&tm.get_triple());
        module.set_data_layout(&tm.get_target_data().get_data_layout());
    }
    let asm = tm
        .write_to_memory_buffer(&module, FileType::Assembly)
        .map_err(|e| format!("LLVM could not emit assembly: {e}"))?;
    let bytes = asm.as_slice();
    let end = bytes.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    Ok(String::from_utf8_lossy(&bytes[..end]).into_owned())
}

// ---------------------------------------------------------------------------------------------
// ModuleContext
// ---------------------------------------------------------------------------------------------

/// An LLVM context that ORC can take shared ownership of (wraps `LLVMOrcThreadSafeContextRef`).
///
/// Build one module (or several) in [`ModuleContext::context`], then hand each to
/// [`Jit::add_module_and_lookup`]. The underlying LLVM context is reference counted: ORC keeps
/// it alive for as long as it holds a module from it, and dropping the `ModuleContext` only
/// gives up the caller's reference.
///
/// The type is `Send` but not `Sync`: one thread at a time may build IR in it.
pub struct ModuleContext {
    tsc: LLVMOrcThreadSafeContextRef,
    /// The context inside `tsc`, as inkwell sees it; owned by `tsc`, never dropped here.
    context: ContextRef<'static>,
}

// SAFETY: an LLVMContext has no affinity to the thread that created it; LLVM only requires that
// no two threads use it at the same time. `ModuleContext` is not `Sync` and every inkwell value
// built in it borrows it, so while it is being moved to another thread nothing else can be
// touching the context. The one other user of the context is ORC, which takes the
// thread-safe-context lock whenever it touches a module it owns, and
// `Jit::add_module_and_lookup` finishes compiling a module before it returns.
unsafe impl Send for ModuleContext {}

impl ModuleContext {
    /// A fresh, empty LLVM context.
    pub fn new() -> Self {
        // SAFETY: plain constructor; the handle is released in Drop.
        let tsc = unsafe { LLVMOrcCreateNewThreadSafeContext() };
        // SAFETY: the context lives as long as `tsc`, which `self` owns; `context()` and
        // `as_context()` hand it out only for the lifetime of a borrow of `self`.
        let context = unsafe { ContextRef::new(LLVMOrcThreadSafeContextGetContext(tsc)) };
        ModuleContext { tsc, context }
    }

    /// The inkwell context to build modules in. Everything built from it borrows `self`.
    pub fn context(&self) -> ContextRef<'_> {
        self.context
    }

    /// The same context as an inkwell [`Context`] reference, for code written against
    /// `&Context`.
    pub fn as_context(&self) -> &inkwell::context::Context {
        // SAFETY: `Context` and `ContextRef` are both `#[repr(transparent)]` wrappers of the
        // same LLVM context handle, so a reference to one reads as the other. The reference
        // borrows `self`, and a `&Context` never drops (disposes) the context.
        unsafe {
            &*(&self.context as *const ContextRef<'static> as *const inkwell::context::Context)
        }
    }
}

impl Default for ModuleContext {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for ModuleContext {
    fn drop(&mut self) {
        // SAFETY: releases our reference only; thread-safe modules handed to ORC hold their own.
        unsafe { LLVMOrcDisposeThreadSafeContext(self.tsc) }
    }
}

impl std::fmt::Debug for ModuleContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModuleContext").finish_non_exhaustive()
    }
}

// ---------------------------------------------------------------------------------------------
// Jit
// ---------------------------------------------------------------------------------------------

/// The process-wide JIT: one ORC LLJIT, created on first use by [`Jit::global`].
///
/// - Target: `JITTargetMachineBuilderDetectHost`, so the code uses the host CPU's features.
/// - Symbols: modules go into the main JITDylib. Names not defined there are looked up among the
///   symbols already loaded in the process (libc, libm, ...), and [`Jit::define_symbol`] adds
///   Rust runtime helpers. Every exported name must be unique across all modules ever added.
/// - Concurrency: adding and looking up is serialised by a mutex (the LLVM 19 ORC C API cannot
///   configure LLJIT for concurrent compilation). Build and optimise IR on any thread; only the
///   final add+lookup step is one at a time.
pub struct Jit {
    state: Mutex<JitState>,
}

struct JitState {
    lljit: LLVMOrcLLJITRef,
    main_jd: LLVMOrcJITDylibRef,
    /// Names registered through `define_symbol`, with the address they got.
    defined: HashMap<String, usize>,
}

// SAFETY: the raw ORC handles are only used with the `Jit` mutex held, so moving them between
// threads is fine. The LLJIT is never disposed (it lives for the whole process).
unsafe impl Send for JitState {}

/// Messages ORC reports through the execution session's error reporter (for example the names
/// of symbols it could not resolve). Without a reporter ORC prints them to stderr; here they are
/// kept and attached to the error of the failing call instead.
static SESSION_ERRORS: Mutex<Vec<String>> = Mutex::new(Vec::new());
const MAX_SESSION_ERRORS: usize = 32;

extern "C" fn report_session_error(_ctx: *mut c_void, err: LLVMErrorRef) {
    // Called by LLVM: must not unwind.
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: ORC hands over ownership of `err`.
        if let Some(msg) = unsafe { take_error(err) } {
            let mut errors = lock(&SESSION_ERRORS);
            if errors.len() < MAX_SESSION_ERRORS {
                errors.push(msg);
            }
        }
    });
}

/// Empties `SESSION_ERRORS` and appends what was there to `message`.
fn with_session_errors(mut message: String) -> String {
    let errors = std::mem::take(&mut *lock(&SESSION_ERRORS));
    for e in errors {
        if !message.contains(&e) {
            message.push_str("; ");
            message.push_str(&e);
        }
    }
    message
}

/// Locks a mutex, ignoring poisoning: the data behind our mutexes stays consistent even if a
/// holder panicked (nothing here panics while holding them, but a caller's thread might die).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn c_name(name: &str) -> Result<CString, String> {
    CString::new(name).map_err(|_| format!("symbol name {name:?} contains a NUL byte"))
}

impl Jit {
    /// The process-wide JIT, created on the first call. An error here (for example an
    /// unsupported host) is remembered and returned by every later call.
    pub fn global() -> Result<&'static Jit, String> {
        static JIT: OnceLock<Result<Jit, String>> = OnceLock::new();
        JIT.get_or_init(Jit::create).as_ref().map_err(Clone::clone)
    }

    fn create() -> Result<Jit, String> {
        init_native_target()?;
        // SAFETY: standard LLJIT construction through the C API. Ownership: the JTMB is
        // consumed by the builder, the builder by LLVMOrcCreateLLJIT (even on failure), the
        // generator by the JITDylib.
        unsafe {
            let mut jtmb = ptr::null_mut();
            if let Some(e) = take_error(LLVMOrcJITTargetMachineBuilderDetectHost(&mut jtmb)) {
                return Err(format!("ORC could not detect the host target: {e}"));
            }
            let builder = LLVMOrcCreateLLJITBuilder();
            LLVMOrcLLJITBuilderSetJITTargetMachineBuilder(builder, jtmb);
            let mut lljit = ptr::null_mut();
            if let Some(e) = take_error(LLVMOrcCreateLLJIT(&mut lljit, builder)) {
                return Err(format!("could not create the ORC LLJIT: {e}"));
            }

            let session = LLVMOrcLLJITGetExecutionSession(lljit);
            LLVMOrcExecutionSessionSetErrorReporter(session, report_session_error, ptr::null_mut());

            let main_jd = LLVMOrcLLJITGetMainJITDylib(lljit);
            let mut generator = ptr::null_mut();
            let err = LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(
                &mut generator,
                LLVMOrcLLJITGetGlobalPrefix(lljit),
                None,
                ptr::null_mut(),
            );
            if let Some(e) = take_error(err) {
                return Err(format!("could not search the process for symbols: {e}"));
            }
            LLVMOrcJITDylibAddGenerator(main_jd, generator);

            Ok(Jit {
                state: Mutex::new(JitState {
                    lljit,
                    main_jd,
                    defined: HashMap::new(),
                }),
            })
        }
    }

    /// Makes `name` resolve to `address` in JIT'd code: for runtime helper functions written in
    /// Rust (`extern "C" fn`s) or data the runtime owns.
    ///
    /// Idempotent: registering a name that was already registered returns `Ok` and keeps the
    /// first address. Call this before adding any module that uses `name`. It is an error if
    /// an added module already defines `name`, or if `address` is 0.
    pub fn define_symbol(&self, name: &str, address: usize) -> Result<(), String> {
        if address == 0 {
            return Err(format!("define_symbol({name:?}): address is null"));
        }
        let cname = c_name(name)?;
        let mut state = lock(&self.state);
        if state.defined.contains_key(name) {
            return Ok(());
        }
        // SAFETY: `state` holds the lock. LLVMOrcAbsoluteSymbols takes over the interned name
        // (but not the pair array, which lives on our stack); JITDylibDefine takes the unit on
        // success and leaves it to us on failure.
        unsafe {
            let mut pair = LLVMOrcCSymbolMapPair {
                Name: LLVMOrcLLJITMangleAndIntern(state.lljit, cname.as_ptr()),
                Sym: LLVMJITEvaluatedSymbol {
                    Address: address as LLVMOrcExecutorAddress,
                    Flags: LLVMJITSymbolFlags {
                        GenericFlags: LLVMJITSymbolGenericFlags::LLVMJITSymbolGenericFlagsExported
                            as u8
                            | LLVMJITSymbolGenericFlags::LLVMJITSymbolGenericFlagsCallable as u8,
                        TargetFlags: 0,
                    },
                },
            };
            let unit = LLVMOrcAbsoluteSymbols(&mut pair, 1);
            if let Some(e) = take_error(LLVMOrcJITDylibDefine(state.main_jd, unit)) {
                LLVMOrcDisposeMaterializationUnit(unit);
                return Err(with_session_errors(format!(
                    "could not define symbol {name:?}: {e}"
                )));
            }
        }
        state.defined.insert(name.to_owned(), address);
        Ok(())
    }

    /// Hands `module` (built in `ctx`) to ORC, compiles it, and returns the addresses of the
    /// exported symbols `names`, in order.
    ///
    /// The module is consumed: ORC owns it from here on (it is freed once compiled). `ctx` is
    /// only borrowed, because `module` borrows it: the caller drops it afterwards (ORC holds its
    /// own reference to the context while it needs one). The context may also be reused for
    /// another module: the whole module is compiled before this returns, even when `names` is
    /// empty.
    ///
    /// The module should already be verified and optimised. Its data layout, if set, must be
    /// the host's (as set from [`host_target_machine`]); an empty one is filled in.
    ///
    /// Errors: `module` is not from `ctx`; a name it defines is already defined (every exported
    /// name must be unique across all modules); a symbol it uses cannot be resolved; a name in
    /// `names` is not defined. After a failure the module's symbols stay unusable.
    pub fn add_module_and_lookup(
        &self,
        ctx: &ModuleContext,
        module: Module<'_>,
        names: &[&str],
    ) -> Result<Vec<usize>, String> {
        let cnames = names
            .iter()
            .map(|n| c_name(n))
            .collect::<Result<Vec<_>, _>>()?;
        // SAFETY: reads the module's owning context.
        let module_ctx = unsafe { LLVMGetModuleContext(module.as_mut_ptr()) };
        // SAFETY: reads the context of our thread-safe context.
        if module_ctx != unsafe { LLVMOrcThreadSafeContextGetContext(ctx.tsc) } {
            return Err(
                "add_module_and_lookup: the module was not built in this ModuleContext".to_owned(),
            );
        }
        // With no names asked for, ORC would compile the module lazily, maybe later on another
        // thread while the caller is building in `ctx` again. Look up one symbol it defines so
        // the whole module is compiled now.
        let forced = if cnames.is_empty() {
            first_defined_symbol(&module)
        } else {
            None
        };

        // SAFETY: the module is alive and belongs to `ctx`'s context. The thread-safe module
        // takes ownership of the module (hence `forget`, so inkwell does not free it too) and a
        // reference to the context.
        let tsm = unsafe { LLVMOrcCreateNewThreadSafeModule(module.as_mut_ptr(), ctx.tsc) };
        std::mem::forget(module);

        let state = lock(&self.state);
        lock(&SESSION_ERRORS).clear();
        // SAFETY: lock held; LLVMOrcLLJITAddLLVMIRModule takes ownership of `tsm` in all cases.
        if let Some(e) =
            unsafe { take_error(LLVMOrcLLJITAddLLVMIRModule(state.lljit, state.main_jd, tsm)) }
        {
            return Err(with_session_errors(format!("ORC rejected the module: {e}")));
        }

        let mut addresses = Vec::with_capacity(cnames.len());
        for (cname, name) in cnames.iter().zip(names) {
            addresses.push(lookup(&state, cname, name)?);
        }
        if let Some(sym) = forced {
            lookup(&state, &sym, &sym.to_string_lossy())?;
        }
        Ok(addresses)
    }
}

impl Jit {
    /// Links an object file (from [`emit_object`]) and looks up the given symbols.
    ///
    /// Emitting the object ourselves lets the caller choose the code generator's effort:
    /// the IR arrives already optimised at O3, so instruction selection at a lower level
    /// loses little and compiles faster than ORC's own O2 pipeline.
    pub fn add_object_and_lookup(
        &self,
        object: &[u8],
        names: &[&str],
    ) -> Result<Vec<usize>, String> {
        let cnames = names
            .iter()
            .map(|n| c_name(n))
            .collect::<Result<Vec<_>, _>>()?;
        // SAFETY: copies `object` into a buffer LLVM owns; ORC takes ownership of it below.
        let buffer = unsafe {
            llvm_sys::core::LLVMCreateMemoryBufferWithMemoryRangeCopy(
                object.as_ptr() as *const std::ffi::c_char,
                object.len(),
                c"oxjit-object".as_ptr(),
            )
        };
        let state = lock(&self.state);
        lock(&SESSION_ERRORS).clear();
        // SAFETY: lock held; ORC takes ownership of `buffer` in all cases.
        if let Some(e) = unsafe {
            take_error(LLVMOrcLLJITAddObjectFile(
                state.lljit,
                state.main_jd,
                buffer,
            ))
        } {
            return Err(with_session_errors(format!("ORC rejected the object: {e}")));
        }
        let mut addresses = Vec::with_capacity(cnames.len());
        for (cname, name) in cnames.iter().zip(names) {
            addresses.push(lookup(&state, cname, name)?);
        }
        Ok(addresses)
    }
}

/// Machine code for an optimised module as an ELF/Mach-O object, generated for the host at
/// `level` (instruction selection and register allocation effort).
pub fn emit_object(module: &Module<'_>, level: OptimizationLevel) -> Result<Vec<u8>, String> {
    with_target_machine(level, |tm| {
        module.set_triple(&tm.get_triple());
        module.set_data_layout(&tm.get_target_data().get_data_layout());
        let buf = tm
            .write_to_memory_buffer(module, FileType::Object)
            .map_err(|e| format!("LLVM could not emit machine code: {e}"))?;
        Ok(buf.as_slice().to_vec())
    })
}

/// Runs `f` with this thread's host target machine for `level`, created on first use.
/// Creating one parses the host's feature string and costs about a millisecond, which is
/// most of the compile time of a small function; a `TargetMachine` cannot be shared
/// between threads, so each thread keeps its own.
pub fn with_target_machine<R>(
    level: OptimizationLevel,
    f: impl FnOnce(&TargetMachine) -> Result<R, String>,
) -> Result<R, String> {
    thread_local! {
        static MACHINES: std::cell::RefCell<Vec<(OptimizationLevel, TargetMachine)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    MACHINES.with(|cell| {
        let mut machines = cell.borrow_mut();
        let index = match machines.iter().position(|(l, _)| *l == level) {
            Some(i) => i,
            None => {
                machines.push((level, target_machine(level)?));
                machines.len() - 1
            }
        };
        f(&machines[index].1)
    })
}

/// Looks up one (unmangled) name in the main JITDylib, compiling whatever defines it.
fn lookup(state: &JitState, cname: &CStr, name: &str) -> Result<usize, String> {
    let mut address: LLVMOrcExecutorAddress = 0;
    // SAFETY: lock held by the caller (we get `&JitState` only through the guard); the name is
    // a valid C string that ORC copies.
    let err = unsafe { LLVMOrcLLJITLookup(state.lljit, &mut address, cname.as_ptr()) };
    // SAFETY: `err` is ours to consume.
    if let Some(e) = unsafe { take_error(err) } {
        return Err(with_session_errors(format!(
            "JIT lookup of {name:?} failed: {e}"
        )));
    }
    usize::try_from(address).map_err(|_| format!("address of {name:?} does not fit in usize"))
}

/// The name of some symbol that `module` defines and exports, if any.
fn first_defined_symbol(module: &Module<'_>) -> Option<CString> {
    let exported = |linkage: Linkage| {
        matches!(
            linkage,
            Linkage::External
                | Linkage::WeakAny
                | Linkage::WeakODR
                | Linkage::LinkOnceAny
                | Linkage::LinkOnceODR
        )
    };
    module
        .get_functions()
        .find(|f| f.count_basic_blocks() > 0 && exported(f.get_linkage()))
        .map(|f| f.get_name().to_owned())
        .or_else(|| {
            module
                .get_globals()
                .find(|g| g.get_initializer().is_some() && exported(g.get_linkage()))
                .map(|g| g.get_name().to_owned())
        })
}

// The public handles must be usable from worker threads.
const _: () = {
    const fn assert_send<T: Send>() {}
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send::<ModuleContext>();
    assert_send_sync::<Jit>();
};
