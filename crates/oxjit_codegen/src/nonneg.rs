//! Which integer values are provably non-negative, so indexing them needs no wrap-around
//! `select`. That select is what keeps LLVM from vectorising loops like `A[j, k] -= f *
//! A[i, k]` (Numba's LU loop stays scalar for this reason).
//!
//! Sources of non-negativity: literals >= 0, lengths and shapes, loop counters, the items
//! of `range(start, stop)` with a non-negative start and a positive constant step, and sums
//! and products of such values. Block parameters are non-negative when every incoming
//! value is (an optimistic fixpoint, so loop-carried counters qualify).

use oxjit_builtins::Intrinsic;
use oxjit_infer::{Resolved, TypedFunction};
use oxjit_ir::{BinOp, Const, Op, Value, ValueDef};
use oxjit_types::{GlobalValue, Type};
use std::collections::HashSet;

pub fn nonneg_values(tf: &TypedFunction) -> HashSet<Value> {
    let func = &tf.func;
    let is_int = |v: Value| tf.types[v].as_ref().is_some_and(|t| t.is_integer());
    // Optimistic start: every integer block parameter.
    let mut set: HashSet<Value> = func
        .values
        .iter()
        .filter(|(v, def)| matches!(def, ValueDef::Param(..)) && is_int(*v))
        .map(|(v, _)| v)
        .collect();
    let order = func.reverse_postorder();
    loop {
        let mut next: HashSet<Value> = HashSet::new();
        for &b in &order {
            for &inst in &func.blocks[b].insts {
                let data = &func.insts[inst];
                if let Some(r) = data.result {
                    if is_int(r) && produces_nonneg(tf, &data.op, &tf.resolved[inst], &set) {
                        next.insert(r);
                    }
                }
            }
        }
        // Parameters: every incoming edge must bring a non-negative value.
        let mut params_ok: HashSet<Value> = set
            .iter()
            .copied()
            .filter(|v| matches!(func.values[*v], ValueDef::Param(..)))
            .collect();
        for &b in &order {
            let Some(t) = func.terminator(b) else {
                continue;
            };
            for (succ, args) in func.insts[t].op.successors() {
                for (i, a) in args.iter().enumerate() {
                    let p = func.blocks[succ].params[i];
                    if !(set.contains(a) || next.contains(a)) {
                        params_ok.remove(&p);
                    }
                }
            }
        }
        next.extend(params_ok);
        if next == set {
            return set;
        }
        set = next;
    }
}

fn produces_nonneg(tf: &TypedFunction, op: &Op, resolved: &Resolved, set: &HashSet<Value>) -> bool {
    let func = &tf.func;
    match op {
        Op::Const(Const::Int(i)) => *i >= 0,
        Op::Const(Const::Bool(_)) => true,
        Op::Global(_) => matches!(resolved, Resolved::Const(GlobalValue::Int(i)) if *i >= 0),
        Op::IterLen(_) => true,
        Op::Binary(BinOp::Add | BinOp::Mul, a, b) => set.contains(a) && set.contains(b),
        Op::Binary(BinOp::FloorDiv | BinOp::Mod, a, b) => set.contains(a) && set.contains(b),
        Op::GetItem(obj, _) | Op::Unpack { tuple: obj, .. } => is_shape(tf, *obj),
        Op::Call { .. } => {
            matches!(resolved, Resolved::Builtin(t) if t.intrinsic == Intrinsic::Len)
        }
        Op::GetAttr(_, name) => matches!(name.as_str(), "size" | "ndim" | "itemsize" | "nbytes"),
        Op::IterGet(it, _) => match func.def_op(*it) {
            Some(Op::Call { args, .. }) if tf.types[*it] == Some(Type::Range) => match args.len() {
                1 => true,
                2 => set.contains(&args[0]),
                _ => {
                    set.contains(&args[0])
                        && matches!(func.def_op(args[2]), Some(Op::Const(Const::Int(s))) if *s > 0)
                }
            },
            Some(Op::Call { .. }) if matches!(tf.types[*it], Some(Type::Enumerate(_))) => false,
            _ => false,
        },
        _ => false,
    }
}

/// Whether `v` is `a.shape` of some array.
fn is_shape(tf: &TypedFunction, v: Value) -> bool {
    matches!(tf.func.def_op(v), Some(Op::GetAttr(_, n)) if n == "shape")
}
