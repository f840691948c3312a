//! Typed IR to LLVM.
//!
//! In: [`TypedFunction`]s (an entry function and every jitted function it calls,
//! transitively), an inkwell context, and [`Options`]. Out: an LLVM module holding an
//! external `*_entry` function the host calls (the entry function itself) and one internal
//! function per callee, optimised at O3 for the host CPU by [`optimize`].
//!
//! Calling convention. Every compiled function is `i32 f(ptr ret, args...)`: the status is
//! 0 on success, or 1 after a runtime helper recorded an exception (ZeroDivisionError, ...);
//! the result is written through `ret`. Arrays travel by value as the header struct of
//! `oxjit_runtime::array` (meminfo, parent, nitems, itemsize, data, shape[], strides[]), so
//! shapes, strides and the data pointer are SSA values LLVM can hoist out of loops. The
//! entry `i32 f_entry(ptr ret, ptr args)` takes an array of pointers to arguments in their
//! memory layout (`oxjit_types::layout`) and stores the result in that layout. A recursive
//! entry function keeps the internal convention and gets a wrapper of that shape.
//!
//! Modules: `model` (type → LLVM type), `function` (the op walk), `scalar` (arithmetic with
//! Python semantics), `array` (element addressing), `intrinsics` (library calls),
//! `nonneg` (which indices are provably non-negative, so no wrap-around select is emitted).

mod array;
mod creation;
mod dicts;
mod elementwise;
mod elementwise_parallel;
mod ffi;
mod function;
mod generator;
mod intrinsics;
mod lists;
mod liveness;
mod loops;
mod lower;
mod model;
mod nonneg;
mod reduce;
mod refcount;
mod scalar;
mod strings;
mod views;

use inkwell::context::Context;
use inkwell::module::Module;
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::TargetMachine;
use oxjit_diagnostics::{DResult, Diagnostic};
use oxjit_infer::TypedFunction;
use oxjit_types::Type;
use std::collections::HashMap;

/// Code generation switches (the decorator's options).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Options {
    /// Let LLVM reassociate float arithmetic (vectorises reductions).
    pub fastmath: bool,
    /// Check array indices and raise IndexError.
    pub boundscheck: bool,
    /// NumPy's error model: float division by zero gives inf/nan instead of raising.
    pub error_model_numpy: bool,
    /// Run `prange` loops on the worker pool (the driver's parallel stage).
    pub parallel: bool,
}

/// One function to emit, and the LLVM name it gets.
pub struct Unit<'a> {
    pub typed: &'a TypedFunction,
    pub symbol: String,
    /// Arithmetic follows NumPy's error model whatever the options say (library bodies:
    /// a float divided by zero is inf or nan, as NumPy's own function gives).
    pub numpy_semantics: bool,
}

/// Everything one module holds: `units[0]` is the function the host calls.
pub struct ModuleInput<'a> {
    pub units: Vec<Unit<'a>>,
    /// Which unit implements a call to jitted function `id` with argument types.
    pub callees: HashMap<(u64, Vec<Type>), usize>,
    pub options: Options,
}

/// Name of the host-callable entry of a unit.
pub fn entry_symbol(symbol: &str) -> String {
    format!("{symbol}_entry")
}

/// Emits the module (unoptimised) and verifies it.
pub fn emit_module<'ctx>(ctx: &'ctx Context, input: &ModuleInput<'_>) -> DResult<Module<'ctx>> {
    let module = ctx.create_module(&input.units[0].symbol);
    let mut cg = function::ModuleGen::new(ctx, &module, input);
    cg.declare_all();
    for i in 0..input.units.len() {
        cg.emit_unit(i)?;
    }
    if cg.needs_entry_wrapper() {
        cg.emit_entry_wrapper(0);
    }
    module
        .verify()
        .map_err(|e| Diagnostic::internal(format!("LLVM rejected the generated IR: {e}")))?;
    Ok(module)
}

/// The optimisation pipeline: the part of LLVM's O3 that numeric loops need, run once.
///
/// `default<O3>` runs its function simplification twice (before and after inlining) and
/// adds passes aimed at large C++ programs; on the bench kernels it took 40-80% longer than
/// this list for the same run time (LU n=128, n-body, dot: within 2%). The order is O3's:
/// turn `llvm.expect` hints into branch weights, clean up (SROA, CSE, instcombine), rotate
/// loops and hoist invariants, GVN, then vectorise loops, unroll and clean up again (O3's
/// last instcombine is left out: the bench kernels' machine code was the same without it,
/// but for a few moves in LU's outer loop, and it cost 8% of optimisation time). The
/// SLP vectoriser is left out: 9% of optimisation time, and on the bench kernels it only
/// paired n-body's x/y components, which ran 1% slower than scalar code. So is `indvars`
/// (20% of optimisation time): loop counters are already 64-bit, and the one fact it added
/// that mattered, slice bounds being non-negative, comes from `crate::nonneg`.
/// Unrolling is full unrolling of short constant trip counts only (`for k in range(3)`):
/// runtime and partial unrolling cost 10-15% of compile time (mostly scalar remainder
/// loops of vector code) and gained nothing measurable on the bench kernels.
pub const FUNCTION_PIPELINE: &str = "function(lower-expect,sroa,early-cse<memssa>,instcombine<no-verify-fixpoint>,simplifycfg,\
loop-mssa(loop-rotate,licm<allowspeculation>),simplifycfg,instcombine<no-verify-fixpoint>,gvn,instcombine<no-verify-fixpoint>,\
loop-vectorize,instcombine<no-verify-fixpoint>,loop-unroll<O3;no-partial;no-runtime>,simplifycfg,loop-mssa(licm))";

/// The whole pipeline for a module. A module with no other jitted function needs no
/// cost-model inliner (16% of optimisation time on the bench kernels): at most a recursive
/// root is inlined, once, into its `alwaysinline` entry wrapper. One with callees runs
/// LLVM's inliner over them.
/// `OXJIT_PIPELINE` overrides it (e.g. `default<O3>`).
pub fn pipeline(has_callees: bool) -> String {
    if let Ok(p) = std::env::var("OXJIT_PIPELINE") {
        return p;
    }
    let inline = if has_callees {
        "always-inline,cgscc(inline)"
    } else {
        "always-inline"
    };
    format!("{inline},{FUNCTION_PIPELINE}")
}

/// Runs the optimisation pipeline for the host.
pub fn optimize(module: &Module<'_>, tm: &TargetMachine, has_callees: bool) -> DResult<()> {
    module.set_triple(&tm.get_triple());
    module.set_data_layout(&tm.get_target_data().get_data_layout());
    let pipeline = pipeline(has_callees);
    module
        .run_passes(&pipeline, tm, PassBuilderOptions::create())
        .map_err(|e| Diagnostic::internal(format!("LLVM optimisation failed: {e}")))
}
