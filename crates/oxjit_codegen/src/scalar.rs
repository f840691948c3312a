//! Scalar arithmetic with Python's semantics: floor division and modulo round toward
//! negative infinity, division by zero raises ZeroDivisionError, int64 wraps around.

use crate::function::{FuncGen, Typed};
use crate::model::scalar_type;
use inkwell::types::BasicType;
use inkwell::values::BasicValue;
use inkwell::values::{BasicValueEnum, FloatValue, IntValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_ir::{BinOp, CmpOp};
use oxjit_runtime::ErrorKind;
use oxjit_types::{Dtype, Kind, Type};

impl<'c> FuncGen<'c, '_> {
    /// Converts a scalar between dtypes (NumPy's casting: wrap-around for ints, round
    /// toward zero for float → int).
    pub fn cast_scalar(&self, v: BasicValueEnum<'c>, from: Dtype, to: Dtype) -> BasicValueEnum<'c> {
        if from == to {
            return v;
        }
        let b = &self.builder;
        let target = scalar_type(self.ctx, to);
        match (from.kind(), to.kind()) {
            (_, Kind::Bool) => self.truth(v, &Type::Scalar(from)).into(),
            (Kind::Bool | Kind::Unsigned, Kind::Signed | Kind::Unsigned) => {
                let v = v.into_int_value();
                let t = target.into_int_type();
                if from.bits() < to.bits() {
                    b.build_int_z_extend(v, t, "").unwrap().into()
                } else {
                    b.build_int_truncate_or_bit_cast(v, t, "").unwrap().into()
                }
            }
            (Kind::Signed, Kind::Signed | Kind::Unsigned) => {
                let v = v.into_int_value();
                let t = target.into_int_type();
                if from.bits() < to.bits() {
                    b.build_int_s_extend(v, t, "").unwrap().into()
                } else {
                    b.build_int_truncate_or_bit_cast(v, t, "").unwrap().into()
                }
            }
            (Kind::Bool | Kind::Unsigned, Kind::Float) => b
                .build_unsigned_int_to_float(v.into_int_value(), target.into_float_type(), "")
                .unwrap()
                .into(),
            (Kind::Signed, Kind::Float) => b
                .build_signed_int_to_float(v.into_int_value(), target.into_float_type(), "")
                .unwrap()
                .into(),
            (Kind::Float, Kind::Float) => b
                .build_float_cast(v.into_float_value(), target.into_float_type(), "")
                .unwrap()
                .into(),
            (Kind::Float, Kind::Signed) => self.freeze(
                b.build_float_to_signed_int(v.into_float_value(), target.into_int_type(), "")
                    .unwrap()
                    .into(),
            ),
            (Kind::Float, Kind::Unsigned) => self.freeze(
                b.build_float_to_unsigned_int(v.into_float_value(), target.into_int_type(), "")
                    .unwrap()
                    .into(),
            ),
            (Kind::Complex, Kind::Complex) => {
                let part = Dtype::real_of(to);
                let re = self.cast_scalar(self.field(v, 0), from.real_of(), part);
                let im = self.cast_scalar(self.field(v, 1), from.real_of(), part);
                self.build_struct(&Type::Scalar(to), &[re, im])
            }
            (_, Kind::Complex) => {
                let part = to.real_of();
                let re = self.cast_scalar(v, from, part);
                let im = scalar_type(self.ctx, part).const_zero();
                self.build_struct(&Type::Scalar(to), &[re, im])
            }
            (Kind::Complex, _) => self.cast_scalar(self.field(v, 0), from.real_of(), to),
        }
    }

    /// Pins a possibly-poison value to one arbitrary value. A float outside the integer
    /// type's range converts to poison in LLVM, which optimisations may turn into anything
    /// downstream; frozen, it is whatever the CPU's conversion gives (on x86 the same
    /// "integer indefinite" NumPy's casts produce).
    fn freeze(&self, v: BasicValueEnum<'c>) -> BasicValueEnum<'c> {
        use inkwell::values::AsValueRef;
        // SAFETY: the builder is positioned in a block of this function and `v` belongs to
        // the same context; LLVMBuildFreeze returns a value of `v`'s type.
        unsafe {
            let frozen = llvm_sys::core::LLVMBuildFreeze(
                self.builder.as_mut_ptr(),
                v.as_value_ref(),
                c"".as_ptr(),
            );
            BasicValueEnum::new(frozen)
        }
    }

    pub fn negate(&self, v: BasicValueEnum<'c>, d: Dtype) -> BasicValueEnum<'c> {
        let b = &self.builder;
        match d.kind() {
            Kind::Float => b.build_float_neg(v.into_float_value(), "").unwrap().into(),
            Kind::Complex => {
                let re = b
                    .build_float_neg(self.field(v, 0).into_float_value(), "")
                    .unwrap();
                let im = b
                    .build_float_neg(self.field(v, 1).into_float_value(), "")
                    .unwrap();
                self.build_struct(&Type::Scalar(d), &[re.into(), im.into()])
            }
            _ => b.build_int_neg(v.into_int_value(), "").unwrap().into(),
        }
    }

    pub fn compare_scalar(
        &self,
        op: CmpOp,
        a: BasicValueEnum<'c>,
        b: BasicValueEnum<'c>,
        d: Dtype,
    ) -> IntValue<'c> {
        let bl = &self.builder;
        match d.kind() {
            Kind::Float => {
                let p = match op {
                    CmpOp::Eq => FloatPredicate::OEQ,
                    CmpOp::Ne => FloatPredicate::UNE,
                    CmpOp::Lt => FloatPredicate::OLT,
                    CmpOp::Le => FloatPredicate::OLE,
                    CmpOp::Gt => FloatPredicate::OGT,
                    _ => FloatPredicate::OGE,
                };
                bl.build_float_compare(p, a.into_float_value(), b.into_float_value(), "")
                    .unwrap()
            }
            Kind::Complex => {
                let part = Dtype::real_of(d);
                let (ar, ai, br, bi) = (
                    self.field(a, 0),
                    self.field(a, 1),
                    self.field(b, 0),
                    self.field(b, 1),
                );
                let re_eq = self.compare_scalar(CmpOp::Eq, ar, br, part);
                let im_eq = self.compare_scalar(CmpOp::Eq, ai, bi, part);
                match op {
                    CmpOp::Eq => bl.build_and(re_eq, im_eq, "").unwrap(),
                    CmpOp::Ne => bl
                        .build_not(bl.build_and(re_eq, im_eq, "").unwrap(), "")
                        .unwrap(),
                    // NumPy orders complex numbers by real part, then imaginary part; a
                    // NaN imaginary part makes the real parts' order not count.
                    _ => {
                        let im_cmp = self.compare_scalar(op, ai, bi, part);
                        let strict = match op {
                            CmpOp::Le => CmpOp::Lt,
                            CmpOp::Ge => CmpOp::Gt,
                            other => other,
                        };
                        let re_strict = self.compare_scalar(strict, ar, br, part);
                        let im_ordered = bl
                            .build_float_compare(
                                FloatPredicate::ORD,
                                ai.into_float_value(),
                                bi.into_float_value(),
                                "",
                            )
                            .unwrap();
                        let re_strict = bl.build_and(re_strict, im_ordered, "").unwrap();
                        let tie = bl.build_and(re_eq, im_cmp, "").unwrap();
                        bl.build_or(re_strict, tie, "").unwrap()
                    }
                }
            }
            kind => {
                let signed = kind == Kind::Signed;
                let p = match (op, signed) {
                    (CmpOp::Eq, _) => IntPredicate::EQ,
                    (CmpOp::Ne, _) => IntPredicate::NE,
                    (CmpOp::Lt, true) => IntPredicate::SLT,
                    (CmpOp::Le, true) => IntPredicate::SLE,
                    (CmpOp::Gt, true) => IntPredicate::SGT,
                    (_, true) => IntPredicate::SGE,
                    (CmpOp::Lt, false) => IntPredicate::ULT,
                    (CmpOp::Le, false) => IntPredicate::ULE,
                    (CmpOp::Gt, false) => IntPredicate::UGT,
                    (_, false) => IntPredicate::UGE,
                };
                bl.build_int_compare(p, a.into_int_value(), b.into_int_value(), "")
                    .unwrap()
            }
        }
    }

    fn fast(&self, v: BasicValueEnum<'c>) -> BasicValueEnum<'c> {
        if self.options.fastmath {
            if let Some(i) = v.as_instruction_value() {
                let _ = i.set_fast_math_flags(inkwell::values::FastMathFlags::all());
            }
        }
        v
    }

    fn is_zero_float(&self, v: FloatValue<'c>) -> IntValue<'c> {
        self.builder
            .build_float_compare(FloatPredicate::OEQ, v, v.get_type().const_zero(), "")
            .unwrap()
    }

    fn is_zero_int(&self, v: IntValue<'c>) -> IntValue<'c> {
        self.builder
            .build_int_compare(IntPredicate::EQ, v, v.get_type().const_zero(), "")
            .unwrap()
    }

    /// `a op b` for scalars and tuples; `rt` is the result type inference chose.
    pub fn binary(&self, op: BinOp, a: Typed<'c>, b: Typed<'c>, rt: &Type) -> BasicValueEnum<'c> {
        // `t * n`: the result type has the items `n` times over.
        if let ((t, Type::Tuple(items)), (_, Type::Scalar(_)))
        | ((_, Type::Scalar(_)), (t, Type::Tuple(items))) = (&a, &b)
        {
            let Type::Tuple(out) = rt else {
                unreachable!("a repeated tuple is a tuple")
            };
            let fields: Vec<BasicValueEnum> = (0..out.len())
                .map(|i| self.field(*t, (i % items.len().max(1)) as u32))
                .collect();
            let r = self.build_struct(rt, &fields);
            self.incref(r, rt);
            return r;
        }
        if let (Type::Tuple(_), Type::Tuple(xs)) = (&a.1, &b.1) {
            let Type::Tuple(ys) = &a.1 else {
                unreachable!()
            };
            let mut fields: Vec<BasicValueEnum> =
                (0..ys.len()).map(|i| self.field(a.0, i as u32)).collect();
            fields.extend((0..xs.len()).map(|i| self.field(b.0, i as u32)));
            // The new tuple holds references of its own to what both hold.
            let r = self.build_struct(rt, &fields);
            self.incref(r, rt);
            return r;
        }
        let d = rt.scalar().expect("scalar arithmetic");
        // Operands are computed in the result dtype (bitwise ops on bools stay i1).
        let av = self.convert(a.0, &a.1, rt);
        let bv = self.convert(b.0, &b.1, rt);
        match d.kind() {
            Kind::Float => self.float_binary(op, av.into_float_value(), bv.into_float_value(), d),
            Kind::Complex => self.complex_binary(op, av, bv, d),
            _ => self.int_binary(op, av.into_int_value(), bv.into_int_value(), d),
        }
    }

    fn float_binary(
        &self,
        op: BinOp,
        a: FloatValue<'c>,
        b: FloatValue<'c>,
        d: Dtype,
    ) -> BasicValueEnum<'c> {
        let bl = &self.builder;
        let python_errors = !self.options.error_model_numpy && !self.numpy_semantics.get();
        let v: BasicValueEnum = match op {
            BinOp::Add => bl.build_float_add(a, b, "").unwrap().into(),
            BinOp::Sub => bl.build_float_sub(a, b, "").unwrap().into(),
            BinOp::Mul => bl.build_float_mul(a, b, "").unwrap().into(),
            BinOp::Div => {
                if python_errors {
                    self.raise_if(
                        self.is_zero_float(b),
                        ErrorKind::ZeroDivisionError,
                        "float division by zero",
                    );
                }
                self.builder.build_float_div(a, b, "").unwrap().into()
            }
            BinOp::FloorDiv | BinOp::Mod => {
                if python_errors {
                    let msg = if op == BinOp::Mod {
                        "float modulo"
                    } else {
                        "float floor division by zero"
                    };
                    self.raise_if(self.is_zero_float(b), ErrorKind::ZeroDivisionError, msg);
                }
                let f64t = self.ctx.f64_type();
                let name = if op == BinOp::Mod {
                    "oxjit_rt_fmod_py"
                } else {
                    "oxjit_rt_floordiv_f64"
                };
                let f = self.extern_fn(name, f64t.fn_type(&[f64t.into(), f64t.into()], false));
                let a64 = self.cast_scalar(a.into(), d, Dtype::F64);
                let b64 = self.cast_scalar(b.into(), d, Dtype::F64);
                let r = self.call(f, &[a64, b64]).unwrap();
                let r = if op == BinOp::FloorDiv && !python_errors {
                    // NumPy: x // 0 is x / 0 (inf, -inf or nan).
                    let zero = self.is_zero_float(b64.into_float_value());
                    let q = self
                        .builder
                        .build_float_div(a64.into_float_value(), b64.into_float_value(), "")
                        .unwrap();
                    self.builder.build_select(zero, q.into(), r, "").unwrap()
                } else {
                    r
                };
                return self.cast_scalar(r, Dtype::F64, d);
            }
            BinOp::Pow => {
                if python_errors {
                    // 0.0 ** negative raises in Python, but 0.0 ** -inf is inf.
                    let zero_base = self.is_zero_float(a);
                    let neg_exp = self
                        .builder
                        .build_float_compare(FloatPredicate::OLT, b, b.get_type().const_zero(), "")
                        .unwrap();
                    let finite_exp = self
                        .builder
                        .build_float_compare(
                            FloatPredicate::ONE,
                            b,
                            b.get_type().const_float(f64::NEG_INFINITY),
                            "",
                        )
                        .unwrap();
                    let neg_exp = self.builder.build_and(neg_exp, finite_exp, "").unwrap();
                    let bad = self.builder.build_and(zero_base, neg_exp, "").unwrap();
                    self.raise_if(
                        bad,
                        ErrorKind::ZeroDivisionError,
                        "0.0 cannot be raised to a negative power",
                    );
                }
                self.intrinsic_call("llvm.pow", d, &[a.into(), b.into()])
            }
            _ => unreachable!("inference rejects {op:?} on floats"),
        };
        self.fast(v)
    }

    /// Calls an overloaded LLVM intrinsic on float arguments of dtype `d`.
    pub fn intrinsic_call(
        &self,
        name: &str,
        d: Dtype,
        args: &[BasicValueEnum<'c>],
    ) -> BasicValueEnum<'c> {
        let t = scalar_type(self.ctx, d);
        let f = inkwell::intrinsics::Intrinsic::find(name)
            .unwrap_or_else(|| panic!("no intrinsic {name}"))
            .get_declaration(self.module, &[t.as_basic_type_enum()])
            .unwrap();
        let v = self.call(f, args).unwrap();
        self.fast(v)
    }

    fn int_binary(
        &self,
        op: BinOp,
        a: IntValue<'c>,
        b: IntValue<'c>,
        d: Dtype,
    ) -> BasicValueEnum<'c> {
        let bl = &self.builder;
        let signed = d.is_signed();
        let ty = a.get_type();
        match op {
            // NumPy's bool arithmetic (Python's bools compute in int64): + is or, * is and.
            BinOp::Add if d == Dtype::Bool => bl.build_or(a, b, "").unwrap().into(),
            BinOp::Mul if d == Dtype::Bool => bl.build_and(a, b, "").unwrap().into(),
            BinOp::Add => bl.build_int_add(a, b, "").unwrap().into(),
            BinOp::Sub => bl.build_int_sub(a, b, "").unwrap().into(),
            BinOp::Mul => bl.build_int_mul(a, b, "").unwrap().into(),
            BinOp::BitAnd => bl.build_and(a, b, "").unwrap().into(),
            BinOp::BitOr => bl.build_or(a, b, "").unwrap().into(),
            BinOp::BitXor => bl.build_xor(a, b, "").unwrap().into(),
            BinOp::LShift | BinOp::RShift => {
                // Python refuses a negative count; NumPy shifts everything out (the
                // unsigned comparison below takes it as too far).
                if signed && !self.numpy_semantics.get() {
                    let neg = bl
                        .build_int_compare(IntPredicate::SLT, b, ty.const_zero(), "")
                        .unwrap();
                    self.raise_if(neg, ErrorKind::ValueError, "negative shift count");
                }
                let bl = &self.builder;
                let bits = ty.const_int(d.bits() as u64, false);
                let too_far = bl
                    .build_int_compare(IntPredicate::UGE, b, bits, "")
                    .unwrap();
                let safe = bl
                    .build_select(too_far, ty.const_zero(), b, "")
                    .unwrap()
                    .into_int_value();
                if op == BinOp::LShift {
                    let r = bl.build_left_shift(a, safe, "").unwrap();
                    bl.build_select(too_far, ty.const_zero(), r, "").unwrap()
                } else {
                    let r = bl.build_right_shift(a, safe, signed, "").unwrap();
                    // Shifting everything out leaves the sign (Python's arithmetic shift).
                    let fill = if signed {
                        bl.build_right_shift(a, ty.const_int(d.bits() as u64 - 1, false), true, "")
                            .unwrap()
                    } else {
                        ty.const_zero()
                    };
                    bl.build_select(too_far, fill, r, "").unwrap()
                }
            }
            BinOp::FloorDiv | BinOp::Mod
                if self.numpy_semantics.get() || self.options.error_model_numpy =>
            {
                // NumPy: an integer divided by zero gives 0 (with a warning), no exception.
                let zero = self.is_zero_int(b);
                let bl = &self.builder;
                let safe = bl
                    .build_select(zero, ty.const_int(1, false), b, "")
                    .unwrap()
                    .into_int_value();
                let r = self.floor_divmod(a, safe, signed, op == BinOp::Mod);
                self.builder
                    .build_select(zero, ty.const_zero(), r, "")
                    .unwrap()
            }
            BinOp::FloorDiv | BinOp::Mod => {
                let msg = if op == BinOp::Mod {
                    "integer modulo by zero"
                } else {
                    "integer division or modulo by zero"
                };
                self.raise_if(self.is_zero_int(b), ErrorKind::ZeroDivisionError, msg);
                self.floor_divmod(a, b, signed, op == BinOp::Mod).into()
            }
            BinOp::Div => unreachable!("true division of ints is computed in float64"),
            BinOp::Pow if !signed => {
                // Unsigned exponents are never negative (2**63 and above included).
                let i64t = self.ctx.i64_type();
                let f = self.extern_fn(
                    oxjit_runtime::symbols::POW_U64,
                    i64t.fn_type(&[i64t.into(), i64t.into()], false),
                );
                let a64 = self.cast_scalar(a.into(), d, Dtype::U64);
                let b64 = self.cast_scalar(b.into(), d, Dtype::U64);
                let r = self.call(f, &[a64, b64]).unwrap();
                self.cast_scalar(r, Dtype::U64, d)
            }
            BinOp::Pow => {
                if self.numpy_semantics.get() {
                    // NumPy refuses any negative exponent, zero base or not.
                    let neg = self
                        .builder
                        .build_int_compare(IntPredicate::SLT, b, ty.const_zero(), "")
                        .unwrap();
                    self.raise_if(
                        neg,
                        ErrorKind::ValueError,
                        "Integers to negative integer powers are not allowed.",
                    );
                }
                let i64t = self.ctx.i64_type();
                let ptr = self.ctx.ptr_type(inkwell::AddressSpace::default());
                let f = self.extern_fn(
                    oxjit_runtime::symbols::POW_I64,
                    self.ctx
                        .i32_type()
                        .fn_type(&[i64t.into(), i64t.into(), ptr.into()], false),
                );
                let a64 = self.cast_scalar(a.into(), d, Dtype::I64);
                let b64 = self.cast_scalar(b.into(), d, Dtype::I64);
                let slot = self.alloca(i64t.into());
                let status = self
                    .call(f, &[a64, b64, slot.into()])
                    .unwrap()
                    .into_int_value();
                self.check_status(status);
                let r = self.builder.build_load(i64t, slot, "").unwrap();
                self.cast_scalar(r, Dtype::I64, d)
            }
            BinOp::MatMul => unreachable!(),
        }
    }

    /// Python's `//` or `%` on ints whose divisor is known non-zero.
    pub fn floor_divmod(
        &self,
        a: IntValue<'c>,
        b: IntValue<'c>,
        signed: bool,
        want_mod: bool,
    ) -> IntValue<'c> {
        let bl = &self.builder;
        let ty = a.get_type();
        if !signed {
            return if want_mod {
                bl.build_int_unsigned_rem(a, b, "").unwrap()
            } else {
                bl.build_int_unsigned_div(a, b, "").unwrap()
            };
        }
        // MIN // -1 overflows the hardware division; Python's answer wraps to MIN, and the
        // remainder is 0. Dividing by 1 instead and negating gives exactly that.
        let minus_one = bl
            .build_int_compare(IntPredicate::EQ, b, ty.const_all_ones(), "")
            .unwrap();
        let safe_b = bl
            .build_select(minus_one, ty.const_int(1, false), b, "")
            .unwrap()
            .into_int_value();
        let q = bl.build_int_signed_div(a, safe_b, "").unwrap();
        let r = bl.build_int_signed_rem(a, safe_b, "").unwrap();
        // Adjust toward negative infinity when the remainder's sign differs from b's.
        let r_nonzero = bl
            .build_int_compare(IntPredicate::NE, r, ty.const_zero(), "")
            .unwrap();
        let r_neg = bl
            .build_int_compare(IntPredicate::SLT, r, ty.const_zero(), "")
            .unwrap();
        let b_neg = bl
            .build_int_compare(IntPredicate::SLT, b, ty.const_zero(), "")
            .unwrap();
        let differ = bl.build_xor(r_neg, b_neg, "").unwrap();
        let adjust = bl.build_and(r_nonzero, differ, "").unwrap();
        if want_mod {
            let fixed = bl.build_int_add(r, b, "").unwrap();
            let r = bl
                .build_select(adjust, fixed, r, "")
                .unwrap()
                .into_int_value();
            bl.build_select(minus_one, ty.const_zero(), r, "")
                .unwrap()
                .into_int_value()
        } else {
            let fixed = bl.build_int_sub(q, ty.const_int(1, false), "").unwrap();
            let q = bl
                .build_select(adjust, fixed, q, "")
                .unwrap()
                .into_int_value();
            let neg = bl.build_int_neg(a, "").unwrap();
            bl.build_select(minus_one, neg, q, "")
                .unwrap()
                .into_int_value()
        }
    }

    fn complex_binary(
        &self,
        op: BinOp,
        a: BasicValueEnum<'c>,
        b: BasicValueEnum<'c>,
        d: Dtype,
    ) -> BasicValueEnum<'c> {
        let bl = &self.builder;
        let t = Type::Scalar(d);
        let parts = |v: BasicValueEnum<'c>| {
            (
                self.field(v, 0).into_float_value(),
                self.field(v, 1).into_float_value(),
            )
        };
        let (ar, ai) = parts(a);
        let (br, bi) = parts(b);
        match op {
            BinOp::Add | BinOp::Sub => {
                let f = |x, y| {
                    if op == BinOp::Add {
                        bl.build_float_add(x, y, "").unwrap()
                    } else {
                        bl.build_float_sub(x, y, "").unwrap()
                    }
                };
                self.build_struct(&t, &[f(ar, br).into(), f(ai, bi).into()])
            }
            BinOp::Mul => {
                let rr = bl.build_float_mul(ar, br, "").unwrap();
                let ii = bl.build_float_mul(ai, bi, "").unwrap();
                let ri = bl.build_float_mul(ar, bi, "").unwrap();
                let ir = bl.build_float_mul(ai, br, "").unwrap();
                let re = bl.build_float_sub(rr, ii, "").unwrap();
                let im = bl.build_float_add(ri, ir, "").unwrap();
                self.build_struct(&t, &[re.into(), im.into()])
            }
            BinOp::Pow if self.numpy_semantics.get() => {
                // NumPy's power never raises: infinities and NaNs come out as they fall.
                self.complex_runtime_binary(oxjit_runtime::symbols::NUMPY_CPOW, a, b, d, false)
            }
            BinOp::Div if self.numpy_semantics.get() => {
                // NumPy gives inf/nan where Python raises: x / 0 divides each part by zero.
                let f64t = self.ctx.f64_type();
                let a128 = self.cast_scalar(a, d, Dtype::C128);
                let b128 = self.cast_scalar(b, d, Dtype::C128);
                let zero_of = |v: BasicValueEnum<'c>| {
                    let re = self.is_zero_float(self.field(v, 0).into_float_value());
                    let im = self.is_zero_float(self.field(v, 1).into_float_value());
                    self.builder.build_and(re, im, "").unwrap()
                };
                let special = zero_of(b128);
                let special_bb = self.ctx.append_basic_block(self.func, "c.special");
                let call_bb = self.ctx.append_basic_block(self.func, "c.call");
                let done = self.ctx.append_basic_block(self.func, "c.done");
                self.builder
                    .build_conditional_branch(special, special_bb, call_bb)
                    .unwrap();
                self.builder.position_at_end(special_bb);
                let bl = &self.builder;
                let z = f64t.const_zero();
                let re = bl
                    .build_float_div(self.field(a128, 0).into_float_value(), z, "")
                    .unwrap();
                let im = bl
                    .build_float_div(self.field(a128, 1).into_float_value(), z, "")
                    .unwrap();
                let sv = self.build_struct(&Type::C128, &[re.into(), im.into()]);
                let special_end = self.builder.get_insert_block().unwrap();
                self.builder.build_unconditional_branch(done).unwrap();
                self.builder.position_at_end(call_bb);
                let cv = self.with_numpy_semantics(false, || {
                    self.complex_binary(op, a128, b128, Dtype::C128)
                });
                let call_end = self.builder.get_insert_block().unwrap();
                self.builder.build_unconditional_branch(done).unwrap();
                self.builder.position_at_end(done);
                let phi = self.builder.build_phi(sv.get_type(), "").unwrap();
                phi.add_incoming(&[(&sv, special_end), (&cv, call_end)]);
                self.cast_scalar(phi.as_basic_value(), Dtype::C128, d)
            }
            BinOp::Div | BinOp::Pow => {
                let name = if op == BinOp::Div {
                    "oxjit_rt_cdiv"
                } else {
                    "oxjit_rt_cpow"
                };
                self.complex_runtime_binary(name, a, b, d, true)
            }
            _ => unreachable!("inference rejects {op:?} on complex"),
        }
    }

    /// `a op b` of complex numbers (of dtype `d`) by the runtime function `symbol`, which
    /// takes both as complex128 parts and writes the result through a pointer; a
    /// `checked` one returns a status (the error it raised leaves the function).
    fn complex_runtime_binary(
        &self,
        symbol: &str,
        a: BasicValueEnum<'c>,
        b: BasicValueEnum<'c>,
        d: Dtype,
        checked: bool,
    ) -> BasicValueEnum<'c> {
        let f64t = self.ctx.f64_type();
        let ptr = self.ctx.ptr_type(inkwell::AddressSpace::default());
        let params = [
            f64t.into(),
            f64t.into(),
            f64t.into(),
            f64t.into(),
            ptr.into(),
        ];
        let fn_type = if checked {
            self.ctx.i32_type().fn_type(&params, false)
        } else {
            self.ctx.void_type().fn_type(&params, false)
        };
        let f = self.extern_fn(symbol, fn_type);
        let a = self.cast_scalar(a, d, Dtype::C128);
        let b = self.cast_scalar(b, d, Dtype::C128);
        let slot = self.alloca(f64t.array_type(2).into());
        let args = [
            self.field(a, 0),
            self.field(a, 1),
            self.field(b, 0),
            self.field(b, 1),
            slot.into(),
        ];
        let status = self.call(f, &args);
        if checked {
            self.check_status(status.unwrap().into_int_value());
        }
        self.cast_scalar(self.load_complex_out(slot), Dtype::C128, d)
    }

    /// Reads a `[2 x double]` written by a runtime helper as a complex128.
    pub fn load_complex_out(&self, slot: inkwell::values::PointerValue<'c>) -> BasicValueEnum<'c> {
        let f64t = self.ctx.f64_type();
        let arr = self
            .builder
            .build_load(f64t.array_type(2), slot, "")
            .unwrap();
        let re = self
            .builder
            .build_extract_value(arr.into_array_value(), 0, "")
            .unwrap();
        let im = self
            .builder
            .build_extract_value(arr.into_array_value(), 1, "")
            .unwrap();
        self.build_struct(&Type::C128, &[re, im])
    }
}
