//! The parallel stage, between inference and code generation (`parallel=True`).
//!
//! In: a [`TypedFunction`]. Out: the same function with each outermost `prange` loop
//! replaced by one call that runs the loop's iterations in chunks on the worker pool
//! ([`Resolved::Parallel`]), plus one *chunk function* per loop: the loop's body over a
//! range of iteration numbers, returning its reductions' partial results. Or a
//! TypingError where a loop cannot run in parallel safely (`break`, `return`, a variable
//! carried between iterations that is not a reduction).
//!
//! Variables assigned in the body are private to an iteration (SSA gives that for free);
//! arrays and other values read from outside are shared. Reductions (`s += x`,
//! `s = min(s, x)`...) are computed per chunk from the operator's identity and combined
//! in chunk order after the loop, and the chunks depend only on the trip count (see
//! `oxjit_runtime::parallel`), so a float sum gives the same bits whatever the number of
//! threads.
//!
//! Modules: `find` (which loops, and their blocks), `reductions` (what each carried
//! variable is), `outline` (the chunk function and the call replacing the loop), `report`
//! (what became of each loop, in words), `shared` (what iterations may not do to shared
//! lists).

mod find;
mod outline;
mod reductions;
mod report;
mod shared;

pub use find::PRANGE;

use oxjit_diagnostics::DResult;
use oxjit_infer::{ParallelLoop, Reduction, TypedFunction};
use oxjit_types::Type;
use std::sync::atomic::{AtomicU64, Ordering};

/// A function whose `prange` loops run in parallel.
pub struct Parallelized {
    pub function: TypedFunction,
    /// The chunk functions (and array reductions' combining functions), with the ids the
    /// function's [`ParallelLoop`]s call them by.
    pub chunks: Vec<(u64, TypedFunction)>,
    /// What became of each loop, in words (`parallel_diagnostics`).
    pub report: Vec<String>,
}

/// Chunk function ids: apart from the host's function handles (the top bits set).
fn next_chunk_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    (3 << 62) | NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Whether `id` names a chunk function (whose own `prange` loops stay serial).
pub fn is_chunk(id: u64) -> bool {
    id >> 62 == 3
}

/// `tf` with its `prange` loops made parallel, or `None` when it has none.
pub fn parallelize(tf: &TypedFunction) -> DResult<Option<Parallelized>> {
    let mut function = tf.clone();
    let mut chunks = Vec::new();
    let mut report = Vec::new();
    // The combining functions of array reductions (made chunk ids too).
    let mut functions = Vec::new();
    // One loop at a time, each found again in the function as the previous ones left it
    // (a later loop may read an earlier one's reductions).
    while let Some(lp) = find::prange_loops(&function)?.into_iter().next() {
        let tf = &function;
        let reductions = reductions::reductions(tf, &lp)?;
        let live = outline::live_ins(tf, &lp);
        shared::check_shared_lists(tf, &lp.blocks, &live)?;
        let name = format!("{}__prange{}", tf.func.name, chunks.len());
        let chunk = outline::chunk_function(tf, &lp, &live, &reductions, name);
        let id = next_chunk_id();
        let carried = &tf.func.blocks[lp.header].params[1..];
        let reductions: Vec<(Reduction, Type)> = reductions
            .iter()
            .zip(carried)
            .map(|(r, v)| (*r, tf.ty(*v).clone()))
            .collect();
        let mut combiners = Vec::new();
        for (j, (kind, t)) in reductions.iter().enumerate() {
            if !matches!(t, Type::Array(_)) {
                combiners.push(None);
                continue;
            }
            let name = format!("{}__prange{}_combine{j}", tf.func.name, chunks.len());
            let combine = outline::array_combiner(tf, name, *kind, t);
            let combine_id = next_chunk_id();
            combiners.push(Some(combine_id));
            functions.push((combine_id, combine));
        }
        let region = ParallelLoop {
            chunk_id: id,
            chunk_args: chunk.arg_types.clone(),
            live_ins: chunk.arg_types.len() - carried.len() - 2,
            reductions,
            combiners,
        };
        report.push(report::describe(tf, &lp, &region));
        outline::replace_loop(&mut function, &lp, &live, region);
        chunks.push((id, chunk));
    }
    if chunks.is_empty() {
        return Ok(None);
    }
    chunks.extend(functions);
    Ok(Some(Parallelized {
        function,
        chunks,
        report,
    }))
}
