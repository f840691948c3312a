//! Reading and writing parts of values: attributes, items, tuples, iteration.

use crate::function::FuncGen;
use inkwell::values::BasicValueEnum;
use inkwell::IntPredicate;
use oxjit_diagnostics::DResult;
use oxjit_infer::Resolved;
use oxjit_ir::{Inst, Op};
use oxjit_runtime::ErrorKind;
use oxjit_types::Type;

impl<'c> FuncGen<'c, '_> {
    /// Emits `GetAttr`, `GetItem`, `SetItem`, `MakeTuple`, `Unpack`, `IterLen`, `IterGet`, `EnterContext`; the result value, or `None` when there is none to record.
    pub(crate) fn lower_access(&mut self, inst: Inst) -> DResult<Option<BasicValueEnum<'c>>> {
        let data = &self.tf.func.insts[inst];
        let resolved = &self.tf.resolved[inst];
        let rt = data.result.and_then(|r| self.tf.types[r].clone());
        let value: BasicValueEnum<'c> = match &data.op {
            Op::GetAttr(obj, _) if matches!(resolved, Resolved::Jitted { .. }) => {
                // An attribute given with `overload_attribute`: a call of its implementation.
                let Resolved::Jitted { id, args, .. } = resolved else {
                    unreachable!()
                };
                let (v, vt) = self.operand(*obj);
                let v = self.convert(v, &vt, &args[0]);
                self.call_unit(*id, args, vec![v], rt.as_ref().unwrap())
            }
            Op::GetAttr(obj, _) if matches!(resolved, Resolved::Library { .. }) => {
                // An attribute computed by a library body (`a.flat`).
                let ops = [self.operand(*obj)];
                self.library_operator(resolved, &ops)
            }
            Op::GetAttr(obj, name) => {
                let (v, t) = self.operand(*obj);
                self.getattr(v, &t, name, rt.as_ref().unwrap())
            }
            Op::GetItem(obj, index) if matches!(resolved, Resolved::Library { .. }) => {
                // An array index: a new array from the indexing body.
                let ops = [self.operand(*obj), self.operand(*index)];
                self.library_operator(resolved, &ops)
            }
            Op::GetItem(obj, index) => {
                let obj = self.operand(*obj);
                self.getitem(obj, *index, rt.as_ref().unwrap())
            }
            Op::SetItem {
                target,
                index,
                value,
            } if matches!(resolved, Resolved::Library { .. }) => {
                // An array index: the assigning body.
                let ops = [
                    self.operand(*target),
                    self.operand(*index),
                    self.operand(*value),
                ];
                self.library_operator(resolved, &ops);
                self.unit(&Type::None)
            }
            Op::SetItem {
                target,
                index,
                value,
            } => {
                let target = self.operand(*target);
                self.setitem(target, *index, *value);
                self.unit(&Type::None)
            }
            Op::MakeTuple(items) => {
                let vals: Vec<BasicValueEnum> = items.iter().map(|v| self.val(*v)).collect();
                let t = self.build_struct(rt.as_ref().unwrap(), &vals);
                self.incref(t, rt.as_ref().unwrap());
                t
            }
            Op::Unpack {
                tuple,
                index,
                count,
            } if !matches!(self.ty(*tuple), Type::Tuple(_)) => {
                let it = self.operand(*tuple);
                // Python checks the length before it assigns any target; every target
                // checks (LLVM folds the repeats), so none depends on another being kept.
                let n = self.iter_len(it.0, &it.1);
                let b = &self.builder;
                let expected = self.i64(*count as i64);
                let more = b
                    .build_int_compare(IntPredicate::SGT, n, expected, "")
                    .unwrap();
                let fewer = b
                    .build_int_compare(IntPredicate::SLT, n, expected, "")
                    .unwrap();
                self.raise_if(
                    more,
                    ErrorKind::ValueError,
                    &format!("too many values to unpack (expected {count})"),
                );
                self.raise_if(
                    fewer,
                    ErrorKind::ValueError,
                    &format!("not enough values to unpack (expected {count})"),
                );
                self.iter_get(it, self.i64(*index as i64))
            }
            Op::Unpack { tuple, index, .. } => {
                let item = self.field(self.val(*tuple), *index);
                self.incref(item, rt.as_ref().unwrap());
                item
            }
            Op::UnpackRest {
                tuple,
                start,
                after,
            } => {
                let (v, t) = self.operand(*tuple);
                let Type::Tuple(items) = t else {
                    unreachable!("a starred target comes from a tuple")
                };
                let end = items.len() as u32 - after;
                let rest: Vec<_> = (*start..end)
                    .map(|i| (self.field(v, i), items[i as usize].clone()))
                    .collect();
                self.list_literal(rt.as_ref().unwrap(), &rest)
            }
            Op::IterLen(it, k) => {
                self.dict_loop.set(Some((*k, 0)));
                let (v, t) = self.operand(*it);
                match t {
                    // A dict must keep its size while a loop runs over it.
                    Type::Dict(_) | Type::DictView(..) => {
                        self.dict_loop_len(v, self.val(*k).into_int_value()).into()
                    }
                    Type::Generator(_) => {
                        self.generator_next(v, self.val(*k).into_int_value()).into()
                    }
                    _ => self.iter_len(v, &t).into(),
                }
            }
            Op::IterGet(it, _) if matches!(self.ty(*it), Type::Generator(_)) => {
                let Type::Generator(item) = self.ty(*it).clone() else {
                    unreachable!()
                };
                self.generator_item(self.val(*it), &item)
            }
            Op::IterGet(it, k) => {
                self.dict_loop.set(Some((*k, 0)));
                let it = self.operand(*it);
                let k = self.val(*k).into_int_value();
                self.iter_get(it, k)
            }
            Op::EnterContext(_) => self.unit(&Type::None),
            op => unreachable!("lower_access of {op:?}"),
        };
        Ok(Some(value))
    }
}
