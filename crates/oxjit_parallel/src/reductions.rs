//! Which variables a `prange` loop carries from one iteration to the next, and whether
//! each is a reduction (Numba's rule: a variable only ever updated by one operator with
//! its own previous value, `s += x`, `s = min(s, x)`, `s = s or x`, or an array updated in place,
//! `y += row`), which chunks can compute separately and combine. Anything else carried
//! would race, and is a TypingError.

use crate::find::PrangeLoop;
use oxjit_diagnostics::Diagnostic;
use oxjit_infer::{Reduction, TypedFunction};
use oxjit_ir::{BinOp, Inst, Op, Value};
use oxjit_types::{Callable, Type};
use std::collections::{HashMap, HashSet};

/// Uses of each value inside the loop: the instructions reading it.
fn users(tf: &TypedFunction, lp: &PrangeLoop) -> HashMap<Value, Vec<Inst>> {
    let mut out: HashMap<Value, Vec<Inst>> = HashMap::new();
    for &b in &lp.blocks {
        for &inst in &tf.func.blocks[b].insts {
            tf.func.insts[inst].op.for_each_arg(|v| {
                let list = out.entry(v).or_default();
                if !list.contains(&inst) {
                    list.push(inst);
                }
            });
        }
    }
    out
}

/// The reduction each carried variable (the header's parameters after `k`) is, in order.
pub fn reductions(tf: &TypedFunction, lp: &PrangeLoop) -> Result<Vec<Reduction>, Diagnostic> {
    let users = users(tf, lp);
    let params = &tf.func.blocks[lp.header].params;
    params[1..]
        .iter()
        .enumerate()
        .map(|(j, &r)| {
            Classifier {
                tf,
                lp,
                users: &users,
            }
            .classify(r, j + 1)
        })
        .collect()
}

struct Classifier<'a> {
    tf: &'a TypedFunction,
    lp: &'a PrangeLoop,
    users: &'a HashMap<Value, Vec<Inst>>,
}

impl Classifier<'_> {
    fn name(&self, r: Value) -> String {
        match self.tf.func.value_names[r].as_deref() {
            Some(n) if !n.starts_with('$') => format!("'{n}'"),
            _ => "a variable".to_string(),
        }
    }

    fn error(&self, inst: Inst, message: String) -> Diagnostic {
        Diagnostic::typing(message).at(&self.tf.func.source, self.tf.func.insts[inst].span)
    }

    /// The reduction `r` (the header's parameter `position`) is, following every value
    /// derived from it through the body.
    fn classify(&self, r: Value, position: usize) -> Result<Reduction, Diagnostic> {
        let func = &self.tf.func;
        let name = self.name(r);
        let loop_span = self.lp.bound_check;
        let is_array = match self.tf.types[r].as_ref() {
            Some(Type::Scalar(_)) => false,
            Some(Type::Array(_)) => true,
            Some(t) => {
                return Err(self.error(
                    loop_span,
                    format!(
                        "{name} ({t}) is changed in every iteration of the prange loop; \
                         only numbers and arrays can be reductions of a prange loop"
                    ),
                ))
            }
            None => return Err(Diagnostic::internal("untyped loop-carried value")),
        };
        let mut derived: HashSet<Value> = HashSet::from([r]);
        let mut work = vec![r];
        let mut kind: Option<(Reduction, Inst)> = None;
        // Parameters joining `s or y` / `s and y`: their other incoming value is `y`.
        let mut joins: HashSet<Value> = HashSet::new();
        while let Some(v) = work.pop() {
            for &inst in self.users.get(&v).map(Vec::as_slice).unwrap_or(&[]) {
                if func.insts[inst].op.is_terminator() {
                    self.follow_edges(inst, v, position, &mut derived, &mut work, &name)?;
                    continue;
                }
                let (k, result) = self.update_of(inst, v, is_array, &derived, &name)?;
                if matches!(k, Reduction::Or | Reduction::And) {
                    joins.insert(result);
                }
                match kind {
                    Some((seen, first)) if seen != k => {
                        return Err(self.error(
                            inst,
                            format!(
                                "{name} is updated with two different operators in the prange \
                                 loop (also at line {}): a reduction uses one",
                                func.source.line_number(func.insts[first].span)
                            ),
                        ))
                    }
                    _ => kind = Some((k, inst)),
                }
                let same_kind = self.tf.types[result]
                    .as_ref()
                    .is_some_and(|t| t.scalar().is_some() != is_array);
                if !same_kind {
                    return Err(self.error(
                        inst,
                        format!("{name} changes between a number and an array in the prange loop"),
                    ));
                }
                if derived.insert(result) {
                    work.push(result);
                }
            }
        }
        self.check_every_path_updates(position, &derived, &joins, &name)?;
        Ok(kind.map(|(k, _)| k).unwrap_or(Reduction::Sum))
    }

    /// The reduction instruction `inst` applies to `v` (a value derived from the
    /// variable), and the value it makes; an error for any other use of `v`.
    fn update_of(
        &self,
        inst: Inst,
        v: Value,
        is_array: bool,
        derived: &HashSet<Value>,
        name: &str,
    ) -> Result<(Reduction, Value), Diagnostic> {
        let data = &self.tf.func.insts[inst];
        let result = data.result.expect("only terminators have no result");
        let kind = match &data.op {
            // An array is updated in place (`y += row`): the chunks then add into arrays
            // of their own, and those into `y`.
            Op::InplaceBinary(op, a, _) if is_array => match (*a == v, binary_reduction(*op, true))
            {
                (true, Some(k @ (Reduction::Sum | Reduction::Product))) => k,
                _ => return Err(self.array_update_error(inst, name)),
            },
            _ if is_array => return Err(self.array_update_error(inst, name)),
            Op::Binary(op, a, b) | Op::InplaceBinary(op, a, b) => {
                let other = if *a == v { *b } else { *a };
                if *a == *b || derived.contains(&other) {
                    return Err(self.read_error(inst, name));
                }
                binary_reduction(*op, *a == v).ok_or_else(|| {
                    self.error(
                        inst,
                        format!(
                            "{name} is updated with `{}` in the prange loop, which is not a \
                             reduction operator (+, -, *, /, &, |, ^, and, or, min, max): \
                             running the iterations in parallel would race",
                            op.symbol()
                        ),
                    )
                })?
            }
            Op::Call {
                func: f,
                args,
                kwargs,
                star: None,
            } if kwargs.is_empty() && args.len() == 2 => {
                let other = if args[0] == v { args[1] } else { args[0] };
                match self.min_or_max(*f) {
                    Some(k) if !derived.contains(&other) => k,
                    _ => return Err(self.read_error(inst, name)),
                }
            }
            // `s or y` / `s and y`: the truth of `s` decides a branch that passes `s`
            // itself on one side.
            Op::Truth(_) => match self.short_circuit(result, v) {
                Some((k, joined)) => return Ok((k, joined)),
                None => return Err(self.read_error(inst, name)),
            },
            _ => return Err(self.read_error(inst, name)),
        };
        Ok((kind, result))
    }

    /// `t = truth(s)` used only by `branch t, J(s), E()` (`s or ...`: the parameter of
    /// `J` it feeds) or `branch t, E(), J(s)` (`s and ...`).
    fn short_circuit(&self, t: Value, s: Value) -> Option<(Reduction, Value)> {
        let func = &self.tf.func;
        let [user] = self.users.get(&t)?.as_slice() else {
            return None;
        };
        let Op::Branch {
            cond,
            then_block,
            then_args,
            else_block,
            else_args,
        } = &func.insts[*user].op
        else {
            return None;
        };
        let at = |args: &[Value]| args.iter().position(|a| *a == s);
        match (*cond == t, at(then_args), at(else_args)) {
            (true, Some(i), None) => Some((Reduction::Or, func.blocks[*then_block].params[i])),
            (true, None, Some(i)) => Some((Reduction::And, func.blocks[*else_block].params[i])),
            _ => None,
        }
    }

    fn read_error(&self, inst: Inst, name: &str) -> Diagnostic {
        self.error(
            inst,
            format!(
                "the prange loop reads {name}, which it also updates, for something other than \
                 updating it: each thread has only its own part of a reduction"
            ),
        )
        .with_help("compute the reduction in the loop and use its value after the loop")
    }

    fn array_update_error(&self, inst: Inst, name: &str) -> Diagnostic {
        self.error(
            inst,
            format!(
                "{name}, an array carried between iterations of the prange loop, may only be \
                 updated in place with `+=`, `-=`, `*=` or `/=` (an array reduction)"
            ),
        )
    }

    /// `builtins.min`/`max`, or NumPy's `minimum`/`maximum` of reals (a NaN wins; the
    /// library's own reductions), called through `f`.
    fn min_or_max(&self, f: Value) -> Option<Reduction> {
        let Some(Type::Function(Callable::Builtin(name))) = self.tf.types[f].as_ref() else {
            return None;
        };
        Some(match name.as_str() {
            "builtins.min" => Reduction::Min,
            "builtins.max" => Reduction::Max,
            "primitives.minimum" => Reduction::Minimum,
            "primitives.maximum" => Reduction::Maximum,
            _ => return None,
        })
    }

    /// A derived value passed along a branch: into a block parameter of the body (which
    /// joins updated and not-updated paths), or back to the header in its own place.
    fn follow_edges(
        &self,
        term: Inst,
        v: Value,
        position: usize,
        derived: &mut HashSet<Value>,
        work: &mut Vec<Value>,
        name: &str,
    ) -> Result<(), Diagnostic> {
        let func = &self.tf.func;
        if let Op::Branch { cond, .. } = &func.insts[term].op {
            if *cond == v {
                return Err(self.read_error(term, name));
            }
        }
        for (target, args) in func.insts[term].op.successors() {
            for (i, a) in args.iter().enumerate() {
                if *a != v {
                    continue;
                }
                if target == self.lp.header {
                    if i != position {
                        return Err(self.read_error(term, name));
                    }
                    continue;
                }
                let p = func.blocks[target].params[i];
                if derived.insert(p) {
                    work.push(p);
                }
            }
        }
        Ok(())
    }

    /// Every value reaching a derived block parameter, and the header through the back
    /// edges, is derived from the variable: otherwise some path assigns it afresh
    /// (`last = i`), and the value after the loop would be that of whichever iteration
    /// ran last.
    fn check_every_path_updates(
        &self,
        position: usize,
        derived: &HashSet<Value>,
        joins: &HashSet<Value>,
        name: &str,
    ) -> Result<(), Diagnostic> {
        let func = &self.tf.func;
        for &b in &self.lp.blocks {
            let Some(term) = func.terminator(b) else {
                continue;
            };
            for (target, args) in func.insts[term].op.successors() {
                if !self.lp.contains(target) {
                    continue;
                }
                for (i, a) in args.iter().enumerate() {
                    let p = func.blocks[target].params[i];
                    let reaches = if target == self.lp.header {
                        i == position
                    } else {
                        derived.contains(&p)
                    };
                    if reaches && !derived.contains(a) && !joins.contains(&p) {
                        return Err(self
                            .error(
                                term,
                                format!(
                                    "{name} is assigned in the prange loop and its value is used \
                                     after the loop or in the next iteration: iterations run in \
                                     parallel, so there is no last one to take it from"
                                ),
                            )
                            .with_help(
                                "assign it after the loop, or make it a reduction (s += ..., \
                                 s = min(s, ...))",
                            ));
                    }
                }
            }
        }
        Ok(())
    }
}

/// The reduction `s op x` is (`s_on_left`: the variable is the left operand).
fn binary_reduction(op: BinOp, s_on_left: bool) -> Option<Reduction> {
    Some(match op {
        BinOp::Add => Reduction::Sum,
        BinOp::Sub if s_on_left => Reduction::Sum,
        BinOp::Mul => Reduction::Product,
        BinOp::Div if s_on_left => Reduction::Product,
        BinOp::BitAnd => Reduction::BitAnd,
        BinOp::BitOr => Reduction::BitOr,
        BinOp::BitXor => Reduction::BitXor,
        _ => return None,
    })
}
