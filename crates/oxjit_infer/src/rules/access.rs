//! The types of attributes, items, tuples, unpacking, iteration and `with`.

use super::{item_type, Infer, Rule};
use crate::Resolved;
use oxjit_builtins::Intrinsic;
use oxjit_ir::{Inst, Op};
use oxjit_types::{Callable, Type};

impl Infer<'_> {
    pub(super) fn rule_access(&mut self, inst: Inst) -> Rule {
        let op = &self.func.insts[inst].op;
        Ok(Some(match op {
            Op::GetAttr(obj, name) => {
                let Some(t) = self.t(*obj).cloned() else {
                    return Ok(None);
                };
                let name = name.clone();
                return match self.getattr(inst, &t, &name) {
                    Ok(r) => Ok(Some(r)),
                    Err(not_builtin) => self.overloaded_attribute(inst, &t, &name, not_builtin),
                };
            }
            Op::GetItem(obj, index) => {
                let (Some(t), Some(it)) = (self.t(*obj).cloned(), self.t(*index).cloned()) else {
                    return Ok(None);
                };
                return self.getitem(inst, &t, &it, *index).map(Some);
            }
            Op::SetItem {
                target,
                index,
                value,
            } => {
                let (Some(t), Some(it), Some(vt)) = (
                    self.t(*target).cloned(),
                    self.t(*index).cloned(),
                    self.t(*value).cloned(),
                ) else {
                    return Ok(None);
                };
                self.setitem(inst, &t, &it, &vt)?;
                Type::None
            }
            Op::MakeTuple(items) => {
                let mut ts = Vec::with_capacity(items.len());
                for v in items {
                    match self.t(*v) {
                        Some(t) => ts.push(t.clone()),
                        None => return Ok(None),
                    }
                }
                Type::tuple(ts)
            }
            Op::Unpack {
                tuple,
                index,
                count,
            } => {
                let Some(t) = self.t(*tuple) else {
                    return Ok(None);
                };
                match t {
                    Type::Tuple(items) if items.len() == *count as usize => {
                        items[*index as usize].clone()
                    }
                    Type::Tuple(items) => {
                        return Err(self.err(
                            inst,
                            format!(
                                "cannot unpack a tuple of {} items into {count} targets",
                                items.len()
                            ),
                        ))
                    }
                    // `x, y, z = a` over an array's first axis, a list or a range; the
                    // length is checked when the code runs.
                    Type::Array(_) | Type::List(_) | Type::Range if item_type(t).is_some() => {
                        item_type(t).unwrap()
                    }
                    _ => {
                        return Err(self.err(
                            inst,
                            format!(
                                "cannot unpack {t} into {count} targets \
                                 (tuples, arrays, lists and ranges unpack)"
                            ),
                        ))
                    }
                }
            }
            Op::UnpackRest {
                tuple,
                start,
                after,
            } => {
                let Some(t) = self.t(*tuple) else {
                    return Ok(None);
                };
                let Type::Tuple(items) = t else {
                    return Err(self.err(
                        inst,
                        format!("starred assignment from {t} is not supported in compiled code (from tuples it is)"),
                    ));
                };
                let (start, after) = (*start as usize, *after as usize);
                if items.len() < start + after {
                    return Err(self.err(
                        inst,
                        format!(
                            "not enough values to unpack (expected at least {}, got {})",
                            start + after,
                            items.len()
                        ),
                    ));
                }
                // Python makes the starred target a list: of one item type here.
                let rest = &items[start..items.len() - after];
                let pool = if rest.is_empty() { &items[..] } else { rest };
                let item = pool
                    .iter()
                    .try_fold(None::<Type>, |acc, t| match acc {
                        None => Some(Some(t.clone())),
                        Some(a) => oxjit_types::unify(&a, t).map(Some),
                    })
                    .ok_or_else(|| {
                        self.err(
                            inst,
                            format!("the starred target would hold items of different types ({t})"),
                        )
                        .with_note("a list in compiled code holds items of one type")
                    })?
                    .unwrap_or(Type::F64);
                Type::List(Box::new(item))
            }
            Op::IterLen(it, _) => {
                let Some(t) = self.t(*it) else {
                    return Ok(None);
                };
                if item_type(t).is_none() {
                    return Err(self.err(inst, format!("{t} is not iterable in compiled code"))
                        .with_note("loops run over range, enumerate, zip, 1-d or n-d arrays and homogeneous tuples"));
                }
                Type::I64
            }
            Op::IterGet(it, _) => {
                let Some(t) = self.t(*it) else {
                    return Ok(None);
                };
                match item_type(t) {
                    Some(item) => item,
                    None => return Err(self.err(inst, format!("{t} is not iterable"))),
                }
            }
            Op::EnterContext(ctx) => {
                let Some(t) = self.t(*ctx) else {
                    return Ok(None);
                };
                // The result of calling np.errstate(...), not the function itself.
                let called = match self.func.values[*ctx] {
                    oxjit_ir::ValueDef::Inst(def) => matches!(
                        &self.resolved[def],
                        Resolved::Builtin(typed) if typed.intrinsic == Intrinsic::NoOpContext
                    ),
                    _ => false,
                };
                match t {
                    Type::Function(Callable::Builtin(n)) if n == "numpy.errstate" && !called => {
                        return Err(self
                            .err(
                                inst,
                                "`with np.errstate:` needs a call: `with np.errstate(...):`",
                            )
                            .with_note("np.errstate itself is not a context manager"))
                    }
                    Type::Function(Callable::Builtin(n)) if n == "numpy.errstate" => Type::None,
                    _ => {
                        return Err(self
                            .err(inst, format!("unsupported context manager: {t}"))
                            .with_note("compiled code supports `with np.errstate(...)` only"))
                    }
                }
            }

            op => unreachable!("rule_access of {op:?}"),
        }))
    }
}
