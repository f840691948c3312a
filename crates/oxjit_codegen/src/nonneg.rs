//! Which integer values are provably non-negative, so indexing with them needs no
//! wrap-around `select`. That select is what keeps LLVM from vectorising loops like
//! `A[j, k] -= f * A[i, k]` (Numba's LU loop stays scalar for this reason).
//!
//! The analysis computes a lower bound for integer values: literals, lengths and shapes
//! (>= 0), loop counters (>= 0), items of `range(start, stop[, step])` with a positive
//! constant step (>= the start's bound), and sums, differences with constants, and
//! products of bounded values. Block parameters take the smallest bound any incoming
//! edge brings (an optimistic fixpoint, so loop-carried counters qualify).

use oxjit_builtins::Intrinsic;
use oxjit_infer::{Resolved, TypedFunction};
use oxjit_ir::{BinOp, Const, Op, Value, ValueDef};
use oxjit_types::{GlobalValue, Type};
use std::collections::{HashMap, HashSet};

/// Bounds are clamped to this range so sums cannot overflow.
const LIMIT: i64 = 1 << 40;

pub fn nonneg_values(tf: &TypedFunction) -> HashSet<Value> {
    lower_bounds(tf)
        .into_iter()
        .filter(|(_, lb)| *lb >= 0)
        .map(|(v, _)| v)
        .collect()
}

fn lower_bounds(tf: &TypedFunction) -> HashMap<Value, i64> {
    let func = &tf.func;
    let is_int = |v: Value| tf.types[v].as_ref().is_some_and(|t| t.is_integer());
    // Optimistic start: integer block parameters are unbounded-above "anything >= LIMIT",
    // lowered as edges bring smaller bounds.
    let mut bounds: HashMap<Value, i64> = func
        .values
        .iter()
        .filter(|(v, def)| matches!(def, ValueDef::Param(..)) && is_int(*v))
        .map(|(v, _)| (v, LIMIT))
        .collect();
    let order = func.reverse_postorder();
    for _ in 0..50 {
        let mut next: HashMap<Value, i64> = HashMap::new();
        for &b in &order {
            for &inst in &func.blocks[b].insts {
                let data = &func.insts[inst];
                if let Some(r) = data.result {
                    if is_int(r) {
                        if let Some(lb) = bound_of(tf, &data.op, &tf.resolved[inst], &bounds) {
                            next.insert(r, lb.clamp(-LIMIT, LIMIT));
                        }
                    }
                }
            }
        }
        // Parameters: the smallest bound over incoming edges (none if any is unbounded).
        let mut params: HashMap<Value, Option<i64>> = HashMap::new();
        for &b in &order {
            for (succ, args) in func.edges(b) {
                for (i, a) in args.iter().enumerate() {
                    let p = func.blocks[succ].params[i];
                    if !is_int(p) {
                        continue;
                    }
                    let incoming = next.get(a).or(bounds.get(a)).copied();
                    let slot = params.entry(p).or_insert(Some(LIMIT));
                    *slot = match (*slot, incoming) {
                        (Some(x), Some(y)) => Some(x.min(y)),
                        _ => None,
                    };
                }
            }
        }
        for (p, lb) in params {
            if let Some(lb) = lb {
                next.insert(p, lb);
            }
        }
        if next == bounds {
            break;
        }
        bounds = next;
    }
    bounds
}

fn const_int(tf: &TypedFunction, v: Value) -> Option<i64> {
    match tf.func.def_op(v)? {
        Op::Const(Const::Int(i)) => Some(*i),
        _ => None,
    }
}

fn bound_of(
    tf: &TypedFunction,
    op: &Op,
    resolved: &Resolved,
    bounds: &HashMap<Value, i64>,
) -> Option<i64> {
    let func = &tf.func;
    let lb = |v: &Value| bounds.get(v).copied();
    match op {
        Op::Const(Const::Int(i)) => Some(*i),
        Op::Const(Const::Bool(_)) => Some(0),
        Op::Global(_) => match resolved {
            Resolved::Const(GlobalValue::Int(i)) => Some(*i),
            _ => None,
        },
        Op::IterLen(..) => Some(0),
        Op::Binary(BinOp::Add, a, b) | Op::InplaceBinary(BinOp::Add, a, b) => Some(lb(a)? + lb(b)?),
        Op::Binary(BinOp::Sub, a, b) | Op::InplaceBinary(BinOp::Sub, a, b) => {
            Some(lb(a)? - const_int(tf, *b)?)
        }
        Op::Binary(BinOp::Mul, a, b) if lb(a)? >= 0 && lb(b)? >= 0 => Some(lb(a)? * lb(b)?),
        Op::Binary(BinOp::FloorDiv | BinOp::Mod, a, b) if lb(a)? >= 0 && lb(b)? >= 1 => Some(0),
        Op::GetItem(obj, _) | Op::Unpack { tuple: obj, .. } => {
            matches!(func.def_op(*obj), Some(Op::GetAttr(_, n)) if n == "shape").then_some(0)
        }
        Op::Call { .. } => {
            matches!(resolved, Resolved::Builtin(t) if t.intrinsic == Intrinsic::Len).then_some(0)
        }
        Op::GetAttr(_, name) => {
            matches!(name.as_str(), "size" | "ndim" | "itemsize" | "nbytes").then_some(0)
        }
        // `range(...)`, or `oxjit.prange(...)`, a method of the module.
        Op::IterGet(it, _) => match func.def_op(*it) {
            Some(Op::Call { args, .. } | Op::MethodCall { args, .. })
                if tf.types[*it] == Some(Type::Range) =>
            {
                match args.len() {
                    1 => Some(0),
                    2 => lb(&args[0]),
                    _ => {
                        let step = const_int(tf, args[2])?;
                        (step > 0).then(|| lb(&args[0])).flatten()
                    }
                }
            }
            _ => None,
        },
        _ => None,
    }
}
