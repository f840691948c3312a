//! Arithmetic, comparisons and truth: on scalars directly, on arrays as fused elementwise loops.

use crate::elementwise::Node;
use crate::function::{FuncGen, Typed};
use inkwell::values::BasicValueEnum;
use oxjit_builtins::{CmathFn, Intrinsic, MathFn};
use oxjit_diagnostics::DResult;
use oxjit_infer::Resolved;
use oxjit_ir::{BinOp, CmpOp, Const, Inst, Op, UnaryOp, Value};
use oxjit_types::{Dtype, Type};

impl<'c> FuncGen<'c, '_> {
    /// Emits `Binary`, `InplaceBinary`, `Unary`, `Compare`, `Truth`; the result value, or `None` when there is none to record.
    pub(crate) fn lower_arithmetic(&mut self, inst: Inst) -> DResult<Option<BasicValueEnum<'c>>> {
        let data = &self.tf.func.insts[inst];
        let resolved = &self.tf.resolved[inst];
        let rt = data.result.and_then(|r| self.tf.types[r].clone());
        // Elementwise over arrays: an array result, or a NumPy scalar of 0-d operands.
        let elementwise = |operands: &[Value]| {
            let number_or_array =
                |v: &Value| matches!(self.ty(*v), Type::Array(_) | Type::Scalar(_));
            rt.as_ref().is_some_and(|t| t.array().is_some())
                || (operands.iter().any(|v| self.ty(*v).array().is_some())
                    && operands.iter().all(number_or_array))
        };
        let value: BasicValueEnum<'c> = match &data.op {
            Op::Binary(_, a, b) | Op::Compare(_, a, b)
                if matches!(resolved, Resolved::Builtin(_) | Resolved::Library { .. }) =>
            {
                let ops = [self.operand(*a), self.operand(*b)];
                self.library_operator(resolved, &ops)
            }
            Op::Binary(op, a, b) if elementwise(&[*a, *b]) => {
                let (na, ha) = self.node_of(*a);
                let (nb, hb) = self.node_of(*b);
                let d = crate::elementwise::element_dtype(rt.as_ref().unwrap());
                self.check_python_ints_fit(&[&na, &nb], d);
                let node = match self.numpy_fast_power(*op, *a, *b, d) {
                    Some(FastPower::Square) => {
                        let x = Box::new(na);
                        Node::Binary(BinOp::Mul, x.clone(), x, d)
                    }
                    Some(FastPower::Function(f)) => {
                        let arg = if d.is_complex() {
                            Type::C128
                        } else {
                            Type::Scalar(d)
                        };
                        Node::Call(f, vec![na], vec![arg], d)
                    }
                    None => Node::Binary(*op, Box::new(na), Box::new(nb), d),
                };
                return self
                    .finish_elementwise(inst, node, [ha, hb].concat())
                    .map(|()| None);
            }
            Op::Binary(oxjit_ir::BinOp::Add, a, b) if matches!(rt, Some(Type::List(_))) => {
                // A copy of `a` (its items converted to the result's type), then `b`'s.
                let Some(Type::List(elem)) = rt.as_ref() else {
                    unreachable!()
                };
                let elem: &Type = elem;
                let out = self.list_new(elem, self.i64(0));
                for v in [*a, *b] {
                    let part = self.operand(v);
                    self.list_extend(out, elem, part);
                }
                out
            }
            Op::Binary(op, a, b) => {
                let (a, b) = (self.operand(*a), self.operand(*b));
                self.check_python_int_operands(&[&a, &b], rt.as_ref().unwrap());
                self.binary(*op, a, b, rt.as_ref().unwrap())
            }
            Op::InplaceBinary(op, target, value) => {
                let rt = rt.as_ref().unwrap();
                match rt {
                    Type::Array(dt) if *op == oxjit_ir::BinOp::MatMul => {
                        let Resolved::Library { typed, .. } = resolved else {
                            unreachable!("inference types every in-place matrix product")
                        };
                        let (tv, _) = self.operand(*target);
                        let ops = [self.operand(*target), self.operand(*value)];
                        let product = self.library_operator(resolved, &ops);
                        // The product is a temporary of this instruction (freed on error).
                        self.hold_temp(product, &typed.result);
                        let pt = *typed.result.array().unwrap();
                        self.copy_same_shape(product, &pt, tv, dt);
                        self.release_temp(product, &typed.result);
                        self.incref(tv, rt);
                        tv
                    }
                    Type::Array(dt) => {
                        let (tv, _) = self.operand(*target);
                        let (nv, held) = self.node_of(*value);
                        // Computed in the dtype inference chose, stored in the target's.
                        let Resolved::ComputedIn(d) = self.tf.resolved[inst] else {
                            unreachable!("inference resolves every in-place array operation")
                        };
                        self.check_python_ints_fit(&[&nv], d);
                        let computed = crate::elementwise::Node::Binary(
                            *op,
                            Box::new(crate::elementwise::Node::Leaf(tv, *dt)),
                            Box::new(nv),
                            d,
                        );
                        self.with_numpy_semantics(true, || self.eval_into(&computed, tv, dt, true));
                        self.release_held(held);
                        self.incref(tv, rt);
                        tv
                    }
                    Type::List(elem) => {
                        let (list, _) = self.operand(*target);
                        let part = self.operand(*value);
                        self.list_extend(list, elem, part);
                        self.incref(list, rt);
                        list
                    }
                    _ => {
                        let (a, b) = (self.operand(*target), self.operand(*value));
                        self.check_python_int_operands(&[&a, &b], rt);
                        self.binary(*op, a, b, rt)
                    }
                }
            }
            Op::Unary(op, a) if elementwise(&[*a]) => {
                let (na, held) = self.node_of(*a);
                let d = crate::elementwise::element_dtype(rt.as_ref().unwrap());
                let node = crate::elementwise::Node::Unary(*op, Box::new(na), d);
                return self.finish_elementwise(inst, node, held).map(|()| None);
            }
            Op::Unary(op, a) => {
                let (v, t) = self.operand(*a);
                let rt = rt.as_ref().unwrap();
                match op {
                    UnaryOp::Not => {
                        let truth = self.truth(v, &t);
                        self.builder.build_not(truth, "").unwrap().into()
                    }
                    UnaryOp::Pos => self.convert(v, &t, rt),
                    UnaryOp::Neg => {
                        let v = self.convert(v, &t, rt);
                        self.negate(v, rt.scalar().unwrap())
                    }
                    UnaryOp::Invert => {
                        let v = self.convert(v, &t, rt).into_int_value();
                        self.builder.build_not(v, "").unwrap().into()
                    }
                }
            }
            Op::Compare(op, a, b)
                if !matches!(op, CmpOp::Is | CmpOp::IsNot | CmpOp::In | CmpOp::NotIn)
                    && elementwise(&[*a, *b]) =>
            {
                let (na, ha) = self.node_of(*a);
                let (nb, hb) = self.node_of(*b);
                let (na, nb) = match resolved {
                    Resolved::ComputedIn(d) => {
                        (self.scalar_node_in(na, *d), self.scalar_node_in(nb, *d))
                    }
                    _ => (na, nb),
                };
                let node = crate::elementwise::Node::Compare(*op, Box::new(na), Box::new(nb));
                return self
                    .finish_elementwise(inst, node, [ha, hb].concat())
                    .map(|()| None);
            }
            Op::Compare(op @ (CmpOp::Eq | CmpOp::Ne), a, b)
                if matches!(self.ty(*a), Type::Optional(_))
                    || matches!(self.ty(*b), Type::Optional(_)) =>
            {
                let (a, b) = (self.operand(*a), self.operand(*b));
                self.optional_equality(*op, a, b).into()
            }
            Op::Compare(op, a, b) => {
                let (mut a, mut b) = (self.operand(*a), self.operand(*b));
                if let Resolved::ComputedIn(d) = resolved {
                    let t = Type::Scalar(*d);
                    a = (self.convert(a.0, &a.1, &t), t.clone());
                    b = (self.convert(b.0, &b.1, &t), t);
                }
                self.compare(*op, a, b).into()
            }
            Op::Truth(a) => {
                let (v, t) = self.operand(*a);
                self.truth(v, &t).into()
            }
            op => unreachable!("lower_arithmetic of {op:?}"),
        };
        Ok(Some(value))
    }
}

impl<'c> FuncGen<'c, '_> {
    /// `a == b` / `a != b` where one or both may be None: equal when both are None, or
    /// both hold numbers that are equal.
    fn optional_equality(
        &self,
        op: CmpOp,
        a: Typed<'c>,
        b: Typed<'c>,
    ) -> inkwell::values::IntValue<'c> {
        let bool_t = self.ctx.bool_type();
        let split = |(v, t): Typed<'c>| match t {
            Type::Optional(inner) => (
                self.field(v, 0).into_int_value(),
                self.field(v, 1),
                (*inner).clone(),
            ),
            Type::None => (bool_t.const_zero(), v, Type::None),
            t => (bool_t.const_int(1, false), v, t),
        };
        let (has_a, va, ta) = split(a);
        let (has_b, vb, tb) = split(b);
        let b_ = &self.builder;
        let both = b_.build_and(has_a, has_b, "").unwrap();
        let neither = b_
            .build_or(has_a, has_b, "")
            .map(|any| b_.build_not(any, "").unwrap())
            .unwrap();
        let values_equal = if ta.scalar().is_some() && tb.scalar().is_some() {
            self.compare(CmpOp::Eq, (va, ta), (vb, tb))
        } else {
            bool_t.const_zero()
        };
        let equal = self
            .builder
            .build_select(both, values_equal, neither, "")
            .unwrap()
            .into_int_value();
        match op {
            CmpOp::Eq => equal,
            _ => self.builder.build_not(equal, "").unwrap(),
        }
    }

    /// A broadcast scalar operand converted to `d` (a Python float compared with a
    /// float32 array is converted first, as NumPy does); array operands stay.
    fn scalar_node_in(
        &self,
        node: crate::elementwise::Node<'c>,
        d: Dtype,
    ) -> crate::elementwise::Node<'c> {
        match node {
            crate::elementwise::Node::Scalar(v, sd) if sd != d => {
                crate::elementwise::Node::Scalar(self.cast_scalar(v, sd, d), d)
            }
            other => other,
        }
    }

    /// A Python int meeting a NumPy integer scalar takes its dtype (NEP 50) and must
    /// fit it (OverflowError, as NumPy raises). Only a Python int can be an int64
    /// operand of a narrower integer result: a NumPy int64 would have widened it.
    fn check_python_int_operands(&self, operands: &[&Typed<'c>], rt: &Type) {
        let Some(d) = rt.scalar().filter(|d| d.is_integer() && *d != Dtype::I64) else {
            return;
        };
        for (v, t) in operands {
            if *t == Type::I64 {
                let node = crate::elementwise::Node::Scalar(*v, Dtype::I64);
                self.check_python_ints_fit(&[&node], d);
            }
        }
    }
}

/// How NumPy raises an array to a Python number it takes a shortcut for.
enum FastPower {
    /// `a ** 2`: np.square(a), a product (for complex numbers too, where a power would
    /// differ at infinities; for bools in int8, as inference typed it).
    Square,
    /// A function of `a`: `a ** 0.5` of floats or complex numbers is np.sqrt(a) (which
    /// keeps -0.0 and gives NaN for -inf, where a power gives 0.0 and inf); `a ** -1` of
    /// complex numbers is np.reciprocal(a) (signs of zeros differ from a quotient's).
    Function(Intrinsic),
}

impl FuncGen<'_, '_> {
    /// NumPy's shortcut for `a ** b` where `a` is an array and `b` a Python int 2 or -1
    /// or float 0.5 written in the source.
    fn numpy_fast_power(&self, op: BinOp, a: Value, b: Value, d: Dtype) -> Option<FastPower> {
        if op != BinOp::Pow || self.ty(a).array().is_none() {
            return None;
        }
        match self.tf.constant_int(b) {
            Some(2) => return Some(FastPower::Square),
            Some(-1) if d.is_complex() => {
                return Some(FastPower::Function(Intrinsic::Cmath(CmathFn::Reciprocal)))
            }
            _ => {}
        }
        match self.tf.func.def_op(b)? {
            Op::Const(Const::Float(x)) if *x == 0.5 && d.is_complex() => {
                Some(FastPower::Function(Intrinsic::Cmath(CmathFn::Sqrt)))
            }
            Op::Const(Const::Float(x)) if *x == 0.5 && d.is_float() => {
                Some(FastPower::Function(Intrinsic::Math(MathFn::Sqrt)))
            }
            _ => None,
        }
    }
}
