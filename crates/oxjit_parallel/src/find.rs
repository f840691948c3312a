//! Finding `prange` loops in a typed function, and the blocks each one spans.
//!
//! The front end gives every `for` loop one shape: a preheader jumps to the header
//! `H(k, carried...)`, which computes `n = iterlen it`, compares `k < n` and branches to
//! the body or the exit; the body's last block adds one to `k` and jumps back to `H`.
//! A loop is a `prange` loop when `it` is made by a call of `oxjit.prange`.

use oxjit_diagnostics::{DResult, Diagnostic};
use oxjit_infer::TypedFunction;
use oxjit_ir::{Block, CmpOp, Inst, Op, Value, ValueDef};
use oxjit_types::{Callable, Type};
use std::collections::HashSet;

/// The qualified name the builtins registry gives `prange`.
pub const PRANGE: &str = "oxjit.prange";

/// One `prange` loop of a function.
pub struct PrangeLoop {
    pub header: Block,
    /// The only block outside the loop that jumps to the header.
    pub preheader: Block,
    /// The header's branch out of the loop: its target and arguments.
    pub exit: Block,
    pub exit_args: Vec<Value>,
    /// The iteration number `k` (the header's parameter the bound check reads).
    pub index: Value,
    /// `k < n`, the bound check.
    pub bound_check: Inst,
    /// The `range` state `it` being iterated, the call that made it, and the `prange`
    /// callable that call called.
    pub iterable: Value,
    pub range_call: Inst,
    pub callable: Value,
    /// `n = iterlen it`.
    pub trip_count: Inst,
    /// The header, then every block of the body, in reverse post-order.
    pub blocks: Vec<Block>,
}

impl PrangeLoop {
    pub fn contains(&self, b: Block) -> bool {
        self.blocks.contains(&b)
    }
}

/// The outermost `prange` loops of `tf` (a `prange` nested in another runs serially
/// inside it), or a TypingError for one that cannot run in parallel (`break`, `return`).
pub fn prange_loops(tf: &TypedFunction) -> DResult<Vec<PrangeLoop>> {
    let func = &tf.func;
    let order = func.reverse_postorder();
    let preds = func.predecessors();
    let mut found: Vec<PrangeLoop> = Vec::new();
    for &h in &order {
        if found.iter().any(|l| l.contains(h)) {
            continue; // inside an outer prange loop: runs serially there
        }
        let Some(shape) = header_shape(tf, h) else {
            continue;
        };
        let (index, bound_check, trip_count, iterable, body, exit, exit_args) = shape;
        let Some(callable) = prange_callable_of(tf, iterable) else {
            continue;
        };
        let ValueDef::Inst(range_call) = func.values[iterable] else {
            unreachable!("a call makes the prange")
        };
        let inside = reachable_without(func, body, h);
        let span = func.insts[bound_check].span;
        // `break` jumps past the header to code after the loop.
        let after = reachable_without(func, exit, h);
        if inside.iter().any(|b| after.contains(b)) {
            return Err(Diagnostic::typing(
                "a prange loop cannot be left with `break`: its iterations run in any order",
            )
            .at(&func.source, span)
            .with_help("use range() for a loop that stops early"));
        }
        if let Some(ret) = inside.iter().find_map(|&b| {
            func.terminator(b)
                .filter(|&t| matches!(func.insts[t].op, Op::Return(_)))
        }) {
            return Err(Diagnostic::typing(
                "a prange loop cannot `return` from its body: its iterations run in any order",
            )
            .at(&func.source, func.insts[ret].span)
            .with_help("use range() for a loop that stops early"));
        }
        let outside: Vec<Block> = preds[h]
            .iter()
            .copied()
            .filter(|p| !inside.contains(p))
            .collect();
        let [preheader] = outside.as_slice() else {
            continue; // not the front end's shape: left serial
        };
        let enters = func
            .terminator(*preheader)
            .is_some_and(|t| matches!(func.insts[t].op, Op::Jump(target, _) if target == h));
        if !enters {
            continue;
        }
        let blocks: Vec<Block> = order
            .iter()
            .copied()
            .filter(|b| *b == h || inside.contains(b))
            .collect();
        // Inside a `try`, the loop's blocks share the preheader's handler; one of their
        // own means a `try` in the body, whose handlers the chunks would not have.
        let handler = |b: Block| func.blocks[b].unwind.as_ref().map(|(h, _)| *h);
        if let Some(&b) = blocks.iter().find(|&&b| handler(b) != handler(*preheader)) {
            let at = func.blocks[b]
                .insts
                .first()
                .map_or(span, |&i| func.insts[i].span);
            return Err(Diagnostic::typing(
                "a prange loop's body cannot contain `try`: its handlers would not run in parallel chunks",
            )
            .at(&func.source, at)
            .with_help("put the try statement around the loop, or use range()"));
        }
        found.push(PrangeLoop {
            header: h,
            preheader: *preheader,
            exit,
            exit_args,
            index,
            bound_check,
            iterable,
            range_call,
            callable,
            trip_count,
            blocks,
        });
    }
    Ok(found)
}

type HeaderShape = (Value, Inst, Inst, Value, Block, Block, Vec<Value>);

/// `H(k, ...): n = iterlen it; c = k < n; branch c, body(), exit(...)`, read off `h`.
fn header_shape(tf: &TypedFunction, h: Block) -> Option<HeaderShape> {
    let func = &tf.func;
    let insts = &func.blocks[h].insts;
    let [.., len, cmp, br] = insts.as_slice() else {
        return None;
    };
    let Op::IterLen(it, _) = func.insts[*len].op else {
        return None;
    };
    let n = func.insts[*len].result?;
    let Op::Compare(CmpOp::Lt, k, bound) = func.insts[*cmp].op else {
        return None;
    };
    let c = func.insts[*cmp].result?;
    let Op::Branch {
        cond,
        then_block,
        then_args,
        else_block,
        else_args,
    } = &func.insts[*br].op
    else {
        return None;
    };
    let shaped = bound == n
        && *cond == c
        && then_args.is_empty()
        && func.blocks[h].params.first() == Some(&k);
    shaped.then(|| {
        (
            k,
            *cmp,
            *len,
            it,
            *then_block,
            *else_block,
            else_args.clone(),
        )
    })
}

/// The `prange` callable when `it` is the result of calling it: `prange(n)`, or
/// `oxjit.prange(n)` (then the module stands for it: calls ignore their callee value).
pub fn prange_callable_of(tf: &TypedFunction, it: Value) -> Option<Value> {
    match tf.func.def_op(it)? {
        Op::Call { func: f, .. } => {
            let is_prange = matches!(
                tf.types[*f].as_ref(),
                Some(Type::Function(Callable::Builtin(name))) if name == PRANGE
            );
            is_prange.then_some(*f)
        }
        Op::MethodCall { obj, name, .. } => {
            let module = PRANGE.strip_suffix(".prange")?;
            let is_prange = name == "prange"
                && matches!(tf.types[*obj].as_ref(), Some(Type::Module(m)) if m == module);
            is_prange.then_some(*obj)
        }
        _ => None,
    }
}

/// Blocks reachable from `start` by paths that do not pass through `stop`.
fn reachable_without(func: &oxjit_ir::Function, start: Block, stop: Block) -> HashSet<Block> {
    let mut seen = HashSet::from([start]);
    let mut work = vec![start];
    while let Some(b) = work.pop() {
        let Some(t) = func.terminator(b) else {
            continue;
        };
        for (s, _) in func.insts[t].op.successors() {
            if s != stop && seen.insert(s) {
                work.push(s);
            }
        }
    }
    seen
}
