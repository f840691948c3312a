//! What the parallel stage did with a loop, in words, for `parallel_diagnostics`.

use crate::find::{prange_callable_of, PrangeLoop};
use oxjit_infer::{ParallelLoop, Reduction, TypedFunction};
use oxjit_ir::Op;

/// One loop's paragraph: where it is, how it runs, its reductions, and the `prange`
/// loops nested in it (which run serially inside each chunk).
pub fn describe(tf: &TypedFunction, lp: &PrangeLoop, region: &ParallelLoop) -> String {
    let func = &tf.func;
    let line = |inst| func.source.line_number(func.insts[inst].span);
    let mut out = format!(
        "{}: the prange loop at line {} runs in parallel: its iterations are cut into \
         chunks by the trip count alone and spread over the worker pool",
        func.name,
        line(lp.bound_check)
    );
    let carried = &func.blocks[lp.header].params[1..];
    if region.reductions.is_empty() {
        out.push_str("\n  no reductions");
    }
    for (&v, (kind, t)) in carried.iter().zip(&region.reductions) {
        let name = func.value_names[v].as_deref().unwrap_or("(unnamed)");
        out.push_str(&format!(
            "\n  reduction '{name}' ({t}): {}, partial results combined in chunk order",
            operator(*kind)
        ));
    }
    for &b in &lp.blocks[1..] {
        for &inst in &func.blocks[b].insts {
            if let Op::IterLen(it, _) = func.insts[inst].op {
                if prange_callable_of(tf, it).is_some() {
                    out.push_str(&format!(
                        "\n  the prange loop at line {} inside it runs serially in each chunk",
                        line(inst)
                    ));
                }
            }
        }
    }
    out
}

fn operator(kind: Reduction) -> &'static str {
    match kind {
        Reduction::Sum => "+= / -=",
        Reduction::Product => "*= / /=",
        Reduction::BitAnd => "&=",
        Reduction::BitOr => "|=",
        Reduction::BitXor => "^=",
        Reduction::Min => "min()",
        Reduction::Max => "max()",
        Reduction::Maximum => "np.maximum",
        Reduction::Minimum => "np.minimum",
        Reduction::Or => "or",
        Reduction::And => "and",
    }
}
