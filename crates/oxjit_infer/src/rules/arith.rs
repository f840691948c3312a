//! The types of arithmetic, comparisons and truth tests.

use super::{compare_ok, Infer, Rule};
use crate::Resolved;
use oxjit_ir::{BinOp, CmpOp, Inst, Op, UnaryOp};
use oxjit_types::{Dtype, GlobalValue, Type};

impl Infer<'_> {
    pub(super) fn rule_arithmetic(&mut self, inst: Inst) -> Rule {
        let op = &self.func.insts[inst].op;
        Ok(Some(match op {
            Op::Binary(op, a, b) => {
                let (Some(ta), Some(tb)) = (self.t(*a), self.t(*b)) else {
                    return Ok(None);
                };
                let (ta, tb) = (ta.clone(), tb.clone());
                if let Some(t) = self.tuple_repeat(inst, *op, (*a, &ta), (*b, &tb))? {
                    return Ok(Some(t));
                }
                self.binary(inst, *op, *a, *b, &ta, &tb)?
            }
            Op::InplaceBinary(op, a, b) => {
                let (Some(ta), Some(tb)) = (self.t(*a), self.t(*b)) else {
                    return Ok(None);
                };
                match ta {
                    Type::Array(target) if *op == BinOp::MatMul => {
                        let target = *target;
                        let (ta, tb) = (ta.clone(), tb.clone());
                        self.inplace_matmul(inst, target, &ta, &tb)?
                    }
                    // `l += m` extends `l` in place (a tuple or a list of items it can hold).
                    Type::List(elem) if *op == BinOp::Add => {
                        if !oxjit_builtins::list::extendable(elem, tb) {
                            return Err(
                                self.err(inst, format!("cannot extend {ta} with {tb} in place"))
                            );
                        }
                        ta.clone()
                    }
                    Type::Array(target) => {
                        let target = *target;
                        let computed = crate::arrays::inplace(*op, &target, tb, self.is_weak(*b))
                            .map_err(|m| self.err(inst, m))?;
                        self.resolved[inst] = Resolved::ComputedIn(computed);
                        Type::Array(target)
                    }
                    _ => {
                        let (ta, tb) = (ta.clone(), tb.clone());
                        self.binary(inst, *op, *a, *b, &ta, &tb)?
                    }
                }
            }
            Op::Unary(op, a) => {
                let Some(t) = self.t(*a) else { return Ok(None) };
                match (op, t) {
                    (UnaryOp::Neg | UnaryOp::Pos | UnaryOp::Invert, Type::Array(a)) => {
                        crate::arrays::unary(*op, a).map_err(|m| self.err(inst, m))?
                    }
                    (UnaryOp::Not, _) => {
                        self.truth_ok(inst, *a)?;
                        Type::BOOL
                    }
                    (UnaryOp::Neg | UnaryOp::Pos, Type::Scalar(Dtype::Bool)) => Type::I64,
                    (UnaryOp::Neg | UnaryOp::Pos, Type::Scalar(d)) => Type::Scalar(*d),
                    (UnaryOp::Invert, Type::Scalar(Dtype::Bool)) => Type::I64,
                    (UnaryOp::Invert, Type::Scalar(d)) if d.is_integer() => Type::Scalar(*d),
                    _ => {
                        return Err(self.err(
                            inst,
                            format!("bad operand type for unary {}: {t}", op.symbol()),
                        ))
                    }
                }
            }
            Op::Compare(op, a, b) => {
                let (Some(ta), Some(tb)) = (self.t(*a), self.t(*b)) else {
                    return Ok(None);
                };
                // `x is None` asks about the object, whatever it is (an array too).
                let about_none = *ta == Type::None || *tb == Type::None;
                if matches!(op, CmpOp::Is | CmpOp::IsNot) && about_none {
                    return Ok(Some(Type::BOOL));
                }
                // A value that may be None equals None when it is, and a number when it
                // holds one equal to it.
                let optional = matches!(ta, Type::Optional(_)) || matches!(tb, Type::Optional(_));
                if matches!(op, CmpOp::Eq | CmpOp::Ne) && optional {
                    let inner = |t: &Type| match t {
                        Type::Optional(i) => (**i).clone(),
                        t => t.clone(),
                    };
                    let comparable = |t: &Type| matches!(t, Type::Scalar(_) | Type::None);
                    if !(comparable(&inner(ta)) && comparable(&inner(tb))) {
                        return Err(self.err(
                            inst,
                            format!("{ta} {} {tb} is not supported in compiled code (numbers that may be None are)", op.symbol()),
                        ));
                    }
                    return Ok(Some(Type::BOOL));
                }
                if let Some(value) = super::literal_strings::compare(*op, ta, tb) {
                    self.resolved[inst] = Resolved::Const(GlobalValue::Bool(value));
                    return Ok(Some(Type::BOOL));
                }
                let symbol = op.symbol();
                if let Some(typed) = oxjit_builtins::python::strings::operator(symbol, ta, tb) {
                    let typed = typed.map_err(|no| self.no_match(inst, no))?;
                    return self.resolve_library_now(inst, typed).map(Some);
                }
                let (ta, tb) = (ta.clone(), tb.clone());
                if let Some(d) = self.python_float_compared_in(*op, *a, *b, &ta, &tb) {
                    self.resolved[inst] = Resolved::ComputedIn(d);
                }
                if ta.array().is_some() || tb.array().is_some() {
                    return crate::arrays::compare(
                        *op,
                        &ta,
                        &tb,
                        self.is_weak(*a) && self.is_weak(*b),
                    )
                    .map(Some)
                    .map_err(|m| self.err(inst, m));
                }
                let (ta, tb) = (&ta, &tb);
                compare_ok(*op, ta, tb).map_err(|msg| {
                    self.err(inst, msg).with_note(format!(
                        "operand types: {} {} {}",
                        self.describe(*a),
                        op.symbol(),
                        self.describe(*b)
                    ))
                })?;
                Type::BOOL
            }
            Op::Truth(a) => {
                if self.t(*a).is_none() {
                    return Ok(None);
                }
                self.truth_ok(inst, *a)?;
                Type::BOOL
            }
            op => unreachable!("rule_arithmetic of {op:?}"),
        }))
    }

    /// `t * n` and `n * t` for a tuple `t`: the items `n` times over, for an `n` known
    /// when compiling (the length of a tuple is part of its type).
    fn tuple_repeat(
        &self,
        inst: Inst,
        op: BinOp,
        a: (oxjit_ir::Value, &Type),
        b: (oxjit_ir::Value, &Type),
    ) -> Rule {
        let (((_, Type::Tuple(items)), (n, tn)) | ((n, tn), (_, Type::Tuple(items)))) = (a, b)
        else {
            return Ok(None);
        };
        if op != BinOp::Mul || !tn.is_index() {
            return Ok(None);
        }
        let Some(count) = self.const_int(n) else {
            return Err(self
                .err(
                    inst,
                    format!(
                        "cannot repeat {} a number of times known only at run time",
                        Type::Tuple(items.clone())
                    ),
                )
                .with_note(
                    "a tuple's length is part of its type: repeat it a constant number of times",
                ));
        };
        let count = count.max(0) as usize;
        let repeated: Vec<Type> = (0..count).flat_map(|_| items.iter().cloned()).collect();
        Ok(Some(Type::tuple(repeated)))
    }

    /// Where a Python float meets a float32 or complex64 (scalar or array) in a
    /// comparison: the single-precision dtype NumPy compares in (NEP 50 converts the
    /// Python float first, so `np.float32(0.1) == 0.1`). `None` where the operands'
    /// own promotion is right (Python ints compare by value in NumPy too).
    fn python_float_compared_in(
        &self,
        op: CmpOp,
        a: oxjit_ir::Value,
        b: oxjit_ir::Value,
        ta: &Type,
        tb: &Type,
    ) -> Option<Dtype> {
        if matches!(op, CmpOp::Is | CmpOp::IsNot | CmpOp::In | CmpOp::NotIn) {
            return None;
        }
        let dtype = |t: &Type| t.scalar().or_else(|| t.array().map(|x| x.dtype));
        let single = |d: Dtype| matches!(d, Dtype::F32 | Dtype::C64);
        let python_float = |v: oxjit_ir::Value, t: &Type| {
            matches!(t, Type::Scalar(Dtype::F64 | Dtype::C128)) && self.is_weak(v)
        };
        let (da, db) = (dtype(ta)?, dtype(tb)?);
        let narrowed = |strong: Dtype, weak: Dtype| {
            let d = oxjit_types::promote_weak(strong, weak);
            single(d).then_some(d)
        };
        if single(da) && python_float(b, tb) && !python_float(a, ta) {
            narrowed(da, db)
        } else if single(db) && python_float(a, ta) && !python_float(b, tb) {
            narrowed(db, da)
        } else {
            None
        }
    }
}
