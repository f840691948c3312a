//! Where each reference-counted value dies.
//!
//! Every SSA value of a managed type (arrays, lists, tuples holding them) owns one
//! reference from its definition to its death. Liveness over the SSA graph says where
//! that is: after its last use in a block it does not outlive, or on an edge into a block
//! that does not need it. Values merely read inside a loop are live through it, so hot
//! loops carry no reference-count traffic.

use oxjit_infer::TypedFunction;
use oxjit_ir::{Block, Inst, Value};
use std::collections::{HashMap, HashSet};

pub struct Liveness {
    pub live_in: HashMap<Block, HashSet<Value>>,
    pub live_out: HashMap<Block, HashSet<Value>>,
    /// For each block, the position (index in the block) of the last use of each value.
    pub last_use: HashMap<Block, HashMap<Value, usize>>,
}

fn managed(tf: &TypedFunction, v: Value) -> bool {
    tf.types[v].as_ref().is_some_and(|t| t.is_managed())
}

/// Managed values an instruction reads (jump arguments included; a terminator also
/// reads its block's exception-edge arguments, which must live as long as the block).
pub fn managed_uses(tf: &TypedFunction, block: Block, inst: Inst) -> Vec<Value> {
    uses_where(tf, block, inst, &|v| managed(tf, v))
}

/// The values `keep` selects that an instruction reads, as [`managed_uses`] counts them.
fn uses_where(
    tf: &TypedFunction,
    block: Block,
    inst: Inst,
    keep: &dyn Fn(Value) -> bool,
) -> Vec<Value> {
    let mut out = Vec::new();
    let mut add = |v: Value| {
        if keep(v) && !out.contains(&v) {
            out.push(v);
        }
    };
    let op = &tf.func.insts[inst].op;
    op.for_each_arg(&mut add);
    if op.is_terminator() {
        tf.func.unwind_args(block).iter().for_each(|&v| add(v));
    }
    out
}

pub fn compute(tf: &TypedFunction, order: &[Block]) -> Liveness {
    compute_where(tf, order, &|v| managed(tf, v))
}

/// Liveness of the values `keep` selects (a generator needs every value with run-time
/// data that lives across a yield).
pub fn compute_where(
    tf: &TypedFunction,
    order: &[Block],
    keep: &dyn Fn(Value) -> bool,
) -> Liveness {
    let func = &tf.func;
    let mut uses: HashMap<Block, HashSet<Value>> = HashMap::new();
    let mut defs: HashMap<Block, HashSet<Value>> = HashMap::new();
    let mut last_use: HashMap<Block, HashMap<Value, usize>> = HashMap::new();
    for &b in order {
        let mut u = HashSet::new();
        let mut d: HashSet<Value> = func.blocks[b].params.iter().copied().collect();
        let mut last = HashMap::new();
        for (pos, &inst) in func.blocks[b].insts.iter().enumerate() {
            for v in uses_where(tf, b, inst, keep) {
                if !d.contains(&v) {
                    u.insert(v);
                }
                last.insert(v, pos);
            }
            if let Some(r) = func.insts[inst].result {
                d.insert(r);
            }
        }
        uses.insert(b, u);
        defs.insert(b, d);
        last_use.insert(b, last);
    }
    let mut live_in: HashMap<Block, HashSet<Value>> =
        order.iter().map(|&b| (b, HashSet::new())).collect();
    let mut live_out: HashMap<Block, HashSet<Value>> = live_in.clone();
    loop {
        let mut changed = false;
        for &b in order.iter().rev() {
            let mut out = HashSet::new();
            for (succ, _) in func.edges(b) {
                if let Some(s) = live_in.get(&succ) {
                    out.extend(s.iter().copied());
                }
            }
            let mut inn: HashSet<Value> = out.difference(&defs[&b]).copied().collect();
            inn.extend(uses[&b].iter().copied());
            if out != live_out[&b] || inn != live_in[&b] {
                live_out.insert(b, out);
                live_in.insert(b, inn);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    Liveness {
        live_in,
        live_out,
        last_use,
    }
}
