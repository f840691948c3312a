//! Library calls resolved by inference: each [`Intrinsic`] becomes an LLVM intrinsic, a
//! libm call, a runtime helper, or a few instructions.

use crate::function::{FuncGen, Typed};
use crate::model::{scalar_type, value_type};
use inkwell::types::BasicType;
use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::{AddressSpace, FloatPredicate, IntPredicate};
use oxjit_builtins::{FloatClass, Intrinsic, MathFn, MathFn2};
use oxjit_ir::{BinOp, CmpOp};
use oxjit_runtime::ErrorKind;
use oxjit_types::{Dtype, Type};

/// The libm name of a function for f64, and for f32 with the `f` suffix.
fn libm(name: &str, d: Dtype) -> String {
    if d == Dtype::F32 {
        format!("{name}f")
    } else {
        name.to_string()
    }
}

impl<'c> FuncGen<'c, '_> {
    fn libm_call(&self, name: &str, d: Dtype, args: &[BasicValueEnum<'c>]) -> BasicValueEnum<'c> {
        let t = scalar_type(self.ctx, d);
        let params: Vec<_> = args.iter().map(|_| t.into()).collect();
        let f = self.extern_fn(&libm(name, d), t.fn_type(&params, false));
        self.call(f, args).unwrap()
    }

    /// A runtime helper `f64 -> f64`, with f32 arguments widened and narrowed.
    fn rt_f64(&self, name: &str, d: Dtype, x: BasicValueEnum<'c>) -> BasicValueEnum<'c> {
        let f64t = self.ctx.f64_type();
        let f = self.extern_fn(name, f64t.fn_type(&[f64t.into()], false));
        let x = self.cast_scalar(x, d, Dtype::F64);
        let r = self.call(f, &[x]).unwrap();
        self.cast_scalar(r, Dtype::F64, d)
    }

    fn float_const(&self, d: Dtype, x: f64) -> BasicValueEnum<'c> {
        scalar_type(self.ctx, d)
            .into_float_type()
            .const_float(x)
            .into()
    }

    pub fn math(&self, f: MathFn, d: Dtype, x: BasicValueEnum<'c>) -> BasicValueEnum<'c> {
        use MathFn::*;
        let llvm = |n: &str| self.intrinsic_call(n, d, &[x]);
        match f {
            Sqrt => llvm("llvm.sqrt"),
            Exp => llvm("llvm.exp"),
            Exp2 => llvm("llvm.exp2"),
            Log => llvm("llvm.log"),
            Log2 => llvm("llvm.log2"),
            Log10 => llvm("llvm.log10"),
            Sin => llvm("llvm.sin"),
            Cos => llvm("llvm.cos"),
            Fabs => llvm("llvm.fabs"),
            Floor => llvm("llvm.floor"),
            Ceil => llvm("llvm.ceil"),
            Trunc => llvm("llvm.trunc"),
            Rint => llvm("llvm.rint"),
            Tan => self.libm_call("tan", d, &[x]),
            Asin => self.libm_call("asin", d, &[x]),
            Acos => self.libm_call("acos", d, &[x]),
            Atan => self.libm_call("atan", d, &[x]),
            Sinh => self.libm_call("sinh", d, &[x]),
            Cosh => self.libm_call("cosh", d, &[x]),
            Tanh => self.libm_call("tanh", d, &[x]),
            Asinh => self.libm_call("asinh", d, &[x]),
            Acosh => self.libm_call("acosh", d, &[x]),
            Atanh => self.libm_call("atanh", d, &[x]),
            Erf => self.libm_call("erf", d, &[x]),
            Erfc => self.libm_call("erfc", d, &[x]),
            Expm1 => self.libm_call("expm1", d, &[x]),
            Log1p => self.libm_call("log1p", d, &[x]),
            Cbrt => self.libm_call("cbrt", d, &[x]),
            Gamma => self.rt_f64("oxjit_rt_gamma", d, x),
            Lgamma => self.rt_f64("oxjit_rt_lgamma", d, x),
            Degrees | Radians => {
                let k = if f == Degrees {
                    180.0 / std::f64::consts::PI
                } else {
                    std::f64::consts::PI / 180.0
                };
                self.builder
                    .build_float_mul(
                        x.into_float_value(),
                        self.float_const(d, k).into_float_value(),
                        "",
                    )
                    .unwrap()
                    .into()
            }
        }
    }

    fn math2(
        &self,
        f: MathFn2,
        d: Dtype,
        x: BasicValueEnum<'c>,
        y: BasicValueEnum<'c>,
    ) -> BasicValueEnum<'c> {
        match f {
            MathFn2::Pow => self.intrinsic_call("llvm.pow", d, &[x, y]),
            MathFn2::Copysign => self.intrinsic_call("llvm.copysign", d, &[x, y]),
            MathFn2::Atan2 => self.libm_call("atan2", d, &[x, y]),
            MathFn2::Hypot => self.libm_call("hypot", d, &[x, y]),
            MathFn2::Fmod => self.libm_call("fmod", d, &[x, y]),
            MathFn2::LogBase => {
                let lx = self.math(MathFn::Log, d, x).into_float_value();
                let lb = self.math(MathFn::Log, d, y).into_float_value();
                // Base 1: Python divides by log(1) == 0.
                let zero = self
                    .builder
                    .build_float_compare(FloatPredicate::OEQ, lb, lb.get_type().const_zero(), "")
                    .unwrap();
                self.raise_if(zero, ErrorKind::ZeroDivisionError, "float division by zero");
                self.builder.build_float_div(lx, lb, "").unwrap().into()
            }
        }
    }

    fn classify(&self, c: FloatClass, x: BasicValueEnum<'c>, d: Dtype) -> IntValue<'c> {
        if d.is_complex() {
            let part = d.real_of();
            let re = self.classify(c, self.field(x, 0), part);
            let im = self.classify(c, self.field(x, 1), part);
            return match c {
                FloatClass::IsFinite => self.builder.build_and(re, im, "").unwrap(),
                _ => self.builder.build_or(re, im, "").unwrap(),
            };
        }
        let x = x.into_float_value();
        let b = &self.builder;
        match c {
            FloatClass::IsNan => b
                .build_float_compare(FloatPredicate::UNO, x, x, "")
                .unwrap(),
            FloatClass::IsInf | FloatClass::IsFinite => {
                let a = self
                    .intrinsic_call("llvm.fabs", d, &[x.into()])
                    .into_float_value();
                let inf = self.float_const(d, f64::INFINITY).into_float_value();
                let p = if c == FloatClass::IsInf {
                    FloatPredicate::OEQ
                } else {
                    FloatPredicate::OLT
                };
                b.build_float_compare(p, a, inf, "").unwrap()
            }
        }
    }

    /// Python's `int(x)` for a float: NaN raises ValueError, infinities OverflowError, and
    /// so do finite values outside the target's range (Python would give a big int; a fixed
    /// width one cannot hold it, and LLVM's conversion would give an undefined value).
    /// The hot path is one ordered range check.
    fn float_to_int_checked(
        &self,
        x: BasicValueEnum<'c>,
        d: Dtype,
        to: Dtype,
    ) -> BasicValueEnum<'c> {
        let (lo, hi) = if to.is_signed() {
            let half = 2f64.powi(to.bits() as i32 - 1);
            (-half, half)
        } else {
            // Above -1.0, truncation toward zero lands at 0 or above.
            (-1.0, 2f64.powi(to.bits() as i32))
        };
        let fx = x.into_float_value();
        let ft = fx.get_type();
        let b = &self.builder;
        let above = if to.is_signed() {
            FloatPredicate::OGE
        } else {
            FloatPredicate::OGT
        };
        let in_range = b
            .build_and(
                b.build_float_compare(above, fx, ft.const_float(lo), "")
                    .unwrap(),
                b.build_float_compare(FloatPredicate::OLT, fx, ft.const_float(hi), "")
                    .unwrap(),
                "",
            )
            .unwrap();
        let bad = self.ctx.append_basic_block(self.func, "int_of_float_bad");
        let ok = self.ctx.append_basic_block(self.func, "int_of_float_ok");
        let out_of_range = self.expect_false(b.build_not(in_range, "").unwrap());
        b.build_conditional_branch(out_of_range, bad, ok).unwrap();
        b.position_at_end(bad);
        let is_nan = self.classify(FloatClass::IsNan, x, d);
        self.raise_if(
            is_nan,
            ErrorKind::ValueError,
            "cannot convert float NaN to integer",
        );
        let is_inf = self.classify(FloatClass::IsInf, x, d);
        self.raise_if(
            is_inf,
            ErrorKind::OverflowError,
            "cannot convert float infinity to integer",
        );
        self.raise(
            ErrorKind::OverflowError,
            &format!("float too large to convert to {}", Type::Scalar(to)),
        );
        self.builder.position_at_end(ok);
        self.cast_scalar(x, d, to)
    }

    fn abs(&self, x: BasicValueEnum<'c>, d: Dtype) -> BasicValueEnum<'c> {
        if d.is_complex() {
            let part = d.real_of();
            return self.libm_call("hypot", part, &[self.field(x, 0), self.field(x, 1)]);
        }
        if d.is_float() {
            return self.intrinsic_call("llvm.fabs", d, &[x]);
        }
        if !d.is_signed() {
            return x;
        }
        let v = x.into_int_value();
        let neg = self
            .builder
            .build_int_compare(IntPredicate::SLT, v, v.get_type().const_zero(), "")
            .unwrap();
        let n = self.builder.build_int_neg(v, "").unwrap();
        self.builder.build_select(neg, n, v, "").unwrap()
    }

    /// Python's `max(a, b)` keeps `a` unless `b` is strictly greater (so NaN handling
    /// follows argument order, as in CPython).
    fn min_max(
        &self,
        max: bool,
        a: BasicValueEnum<'c>,
        b: BasicValueEnum<'c>,
        d: Dtype,
    ) -> BasicValueEnum<'c> {
        let op = if max { CmpOp::Gt } else { CmpOp::Lt };
        let better = self.compare_scalar(op, b, a, d);
        self.builder.build_select(better, b, a, "").unwrap()
    }

    /// Hands one `print` item to the runtime, in the width the runtime takes it.
    pub(crate) fn print_item(&self, v: BasicValueEnum<'c>, t: &Type) {
        use oxjit_runtime::symbols as sym;
        let ctx = self.ctx;
        let void = ctx.void_type();
        let (symbol, params, values): (
            &str,
            Vec<inkwell::types::BasicMetadataTypeEnum<'c>>,
            Vec<BasicValueEnum<'c>>,
        ) = match t {
            Type::Str(text) => {
                let ptr = self.builder.build_global_string_ptr(text, "text").unwrap();
                (
                    sym::PRINT_STR,
                    vec![
                        ctx.ptr_type(AddressSpace::default()).into(),
                        ctx.i64_type().into(),
                    ],
                    vec![
                        ptr.as_pointer_value().into(),
                        self.i64(text.len() as i64).into(),
                    ],
                )
            }
            Type::Scalar(d) => {
                let (symbol, as_dtype) = match d {
                    Dtype::Bool => (sym::PRINT_BOOL, Dtype::I64),
                    Dtype::F32 => (sym::PRINT_F32, Dtype::F32),
                    Dtype::F64 => (sym::PRINT_F64, Dtype::F64),
                    Dtype::C64 => (sym::PRINT_C64, Dtype::C64),
                    Dtype::C128 => (sym::PRINT_C128, Dtype::C128),
                    d if d.is_signed() => (sym::PRINT_I64, Dtype::I64),
                    _ => (sym::PRINT_U64, Dtype::U64),
                };
                let x = self.cast_scalar(v, *d, as_dtype);
                if as_dtype.is_complex() {
                    let part = crate::model::scalar_type(ctx, as_dtype.real_of());
                    (
                        symbol,
                        vec![part.into(), part.into()],
                        vec![self.field(x, 0), self.field(x, 1)],
                    )
                } else {
                    let ty = crate::model::scalar_type(ctx, as_dtype);
                    (symbol, vec![ty.into()], vec![x])
                }
            }
            Type::Unicode => (
                sym::PRINT_UCS4,
                vec![
                    ctx.ptr_type(AddressSpace::default()).into(),
                    ctx.i64_type().into(),
                ],
                vec![self.field(v, 1), self.field(v, 2)],
            ),
            Type::None => return self.print_item(self.unit(t), &Type::Str("None".into())),
            // The value, or None.
            Type::Optional(inner) => {
                let is_value = self.field(v, 0).into_int_value();
                let value_bb = self.ctx.append_basic_block(self.func, "print.value");
                let none_bb = self.ctx.append_basic_block(self.func, "print.none");
                let done = self.ctx.append_basic_block(self.func, "print.done");
                self.builder
                    .build_conditional_branch(is_value, value_bb, none_bb)
                    .unwrap();
                self.builder.position_at_end(value_bb);
                self.print_item(self.field(v, 1), inner);
                self.builder.build_unconditional_branch(done).unwrap();
                self.builder.position_at_end(none_bb);
                self.print_item(self.unit(t), &Type::None);
                self.builder.build_unconditional_branch(done).unwrap();
                self.builder.position_at_end(done);
                return;
            }
            // Its text, printed as a string.
            Type::CaughtException => {
                let text = self.str_primitive(
                    oxjit_builtins::primitives::StrPrim::ExceptionText,
                    &[v],
                    &Type::Unicode,
                );
                self.print_item(text, &Type::Unicode);
                self.release_temp(text, &Type::Unicode);
                return;
            }
            _ => unreachable!("inference types print of numbers and strings only"),
        };
        let f = self.extern_fn(symbol, void.fn_type(&params, false));
        self.call(f, &values);
    }

    /// A call of a runtime function over numbers (`Intrinsic::RuntimeCall`), after the
    /// random generator `state` when there is one (`Intrinsic::RandomCall`).
    fn runtime_call(
        &self,
        symbol: &str,
        state: Option<inkwell::values::PointerValue<'c>>,
        args: &[BasicValueEnum<'c>],
        types: &[Type],
        rt: &Type,
    ) -> BasicValueEnum<'c> {
        let mut params: Vec<inkwell::types::BasicMetadataTypeEnum<'c>> = Vec::new();
        let mut values: Vec<BasicValueEnum<'c>> = Vec::new();
        if let Some(state) = state {
            params.push(state.get_type().into());
            values.push(state.into());
        }
        params.extend(types.iter().map(|t| {
            inkwell::types::BasicMetadataTypeEnum::from(crate::model::value_type(self.ctx, t))
        }));
        values.extend_from_slice(args);
        let f = match rt {
            Type::None => self.extern_fn(symbol, self.ctx.void_type().fn_type(&params, false)),
            t => self.extern_fn(
                symbol,
                crate::model::value_type(self.ctx, t).fn_type(&params, false),
            ),
        };
        self.call(f, &values).unwrap_or_else(|| self.unit(rt))
    }

    /// This thread's random generator, from a call LLVM may hoist and merge: it is
    /// declared to read no memory (the address is the thread's for its whole life).
    fn random_state(&self) -> inkwell::values::PointerValue<'c> {
        use inkwell::attributes::{Attribute, AttributeLoc};
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let name = oxjit_runtime::symbols::RANDOM_STATE;
        let fresh = self.module.get_function(name).is_none();
        let f = self.extern_fn(name, ptr.fn_type(&[], false));
        if fresh {
            for attr in ["nounwind", "willreturn"] {
                let kind = Attribute::get_named_enum_kind_id(attr);
                f.add_attribute(
                    AttributeLoc::Function,
                    self.ctx.create_enum_attribute(kind, 0),
                );
            }
            // memory(none): the effects encoding 0 is "reads and writes nothing".
            let kind = Attribute::get_named_enum_kind_id("memory");
            f.add_attribute(
                AttributeLoc::Function,
                self.ctx.create_enum_attribute(kind, 0),
            );
        }
        self.call(f, &[]).unwrap().into_pointer_value()
    }

    fn cmath_call(&self, symbol: &str, z: BasicValueEnum<'c>) -> BasicValueEnum<'c> {
        let f64t = self.ctx.f64_type();
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let f = self.extern_fn(
            symbol,
            self.ctx
                .void_type()
                .fn_type(&[f64t.into(), f64t.into(), ptr.into()], false),
        );
        let slot = self.alloca(f64t.array_type(2).as_basic_type_enum());
        self.call(f, &[self.field(z, 0), self.field(z, 1), slot.into()]);
        self.load_complex_out(slot)
    }

    /// A library call's arguments in the order its parameters are listed, each converted
    /// to the parameter's type.
    pub fn call_arguments(
        &self,
        typed: &oxjit_builtins::Typed,
        ops: &[Typed<'c>],
        kwargs: &[Typed<'c>],
    ) -> Vec<BasicValueEnum<'c>> {
        let ordered: Vec<Typed<'c>> = if typed.sources.is_empty() {
            ops.to_vec()
        } else {
            typed
                .sources
                .iter()
                .map(|s| match s {
                    oxjit_builtins::Slot::Positional(i) => ops[*i].clone(),
                    oxjit_builtins::Slot::Keyword(i) => kwargs[*i].clone(),
                    oxjit_builtins::Slot::Dtype(d) => {
                        let t = Type::DtypeValue(*d);
                        (value_type(self.ctx, &t).const_zero(), t)
                    }
                    oxjit_builtins::Slot::Int(i) => (self.i64(*i).into(), Type::I64),
                    oxjit_builtins::Slot::Bool(b) => (
                        self.ctx.bool_type().const_int(*b as u64, false).into(),
                        Type::BOOL,
                    ),
                    oxjit_builtins::Slot::Body(body) => {
                        let t = oxjit_builtins::body_value_type(*body);
                        (value_type(self.ctx, &t).const_zero(), t)
                    }
                    oxjit_builtins::Slot::Float(x) => {
                        (self.ctx.f64_type().const_float(*x).into(), Type::F64)
                    }
                    oxjit_builtins::Slot::AllPositional => {
                        let items: Vec<Type> = ops.iter().map(|(_, t)| t.clone()).collect();
                        let vals: Vec<BasicValueEnum<'c>> = ops.iter().map(|(v, _)| *v).collect();
                        let t = Type::tuple(items);
                        (self.build_struct(&t, &vals), t)
                    }
                })
                .collect()
        };
        ordered
            .iter()
            .zip(&typed.args)
            .map(|((v, t), want)| self.convert(*v, t, want))
            .collect()
    }

    pub fn intrinsic(
        &self,
        typed: &oxjit_builtins::Typed,
        ops: &[Typed<'c>],
        kwargs: &[Typed<'c>],
    ) -> BasicValueEnum<'c> {
        let rt = &typed.result;
        let args = self.call_arguments(typed, ops, kwargs);
        let arg_dtype = |i: usize| typed.args[i].scalar().unwrap();
        let b = &self.builder;
        match &typed.intrinsic {
            Intrinsic::Math(f) => self.math(*f, arg_dtype(0), args[0]),
            Intrinsic::Math2(f) => self.math2(*f, arg_dtype(0), args[0], args[1]),
            Intrinsic::Classify(c) => self.classify(*c, args[0], arg_dtype(0)).into(),
            Intrinsic::FloatToIntRound(f) => {
                let d = arg_dtype(0);
                let r = self.math(*f, d, args[0]);
                self.float_to_int_checked(r, d, Dtype::I64)
            }
            Intrinsic::Cmath(f) => {
                let r = self.cmath_call(f.symbol(), args[0]);
                self.cast_scalar(r, Dtype::C128, rt.scalar().unwrap_or(Dtype::C128))
            }
            Intrinsic::Rect => {
                // The runtime handles CPython's special values (infinite r, zero phi...).
                let parts = self.build_struct(rt, &[args[0], args[1]]);
                self.cmath_call(oxjit_runtime::symbols::CRECT, parts)
            }
            Intrinsic::Frexp => {
                let f64t = self.ctx.f64_type();
                let i32t = self.ctx.i32_type();
                let ptr = self.ctx.ptr_type(AddressSpace::default());
                let f = self.extern_fn(
                    "oxjit_rt_frexp",
                    f64t.fn_type(&[f64t.into(), ptr.into()], false),
                );
                let slot = self.alloca(i32t.into());
                let m = self.call(f, &[args[0], slot.into()]).unwrap();
                let e = self.builder.build_load(i32t, slot, "").unwrap();
                let e = self.cast_scalar(e, Dtype::I32, Dtype::I64);
                self.build_struct(rt, &[m, e])
            }
            Intrinsic::Ldexp => {
                let f64t = self.ctx.f64_type();
                let i32t = self.ctx.i32_type();
                let f = self.extern_fn(
                    "oxjit_rt_ldexp",
                    f64t.fn_type(&[f64t.into(), i32t.into()], false),
                );
                let e = self.cast_scalar(args[1], Dtype::I64, Dtype::I32);
                self.call(f, &[args[0], e]).unwrap()
            }
            Intrinsic::Abs => self.abs(args[0], arg_dtype(0)),
            Intrinsic::MinMax { max } => {
                let d = rt.scalar().unwrap();
                args.iter()
                    .copied()
                    .reduce(|acc, x| self.min_max(*max, acc, x, d))
                    .unwrap()
            }
            Intrinsic::Len => self.iter_len(args[0], &typed.args[0]).into(),
            Intrinsic::Cast => match (args.first(), rt) {
                (None, _) => crate::model::value_type(self.ctx, rt).const_zero(),
                (Some(_), _) if matches!(typed.args[0], Type::Str(_)) => {
                    let Type::Str(text) = &typed.args[0] else {
                        unreachable!()
                    };
                    let x = oxjit_builtins::python::parse_python_float(text)
                        .expect("typing accepted the string");
                    self.ctx.f64_type().const_float(x).into()
                }
                (Some(&x), Type::Scalar(to)) => {
                    let from = arg_dtype(0);
                    if from.is_float() && to.is_integer() {
                        self.float_to_int_checked(x, from, *to)
                    } else {
                        self.cast_scalar(x, from, *to)
                    }
                }
                (Some(&x), _) => x,
            },
            Intrinsic::Truth => self.truth(args[0], &typed.args[0]).into(),
            Intrinsic::MakeComplex => self.build_struct(rt, &[args[0], args[1]]),
            Intrinsic::Print => {
                for (v, t) in args.iter().zip(&typed.args) {
                    self.print_item(*v, t);
                }
                let end = self.extern_fn(
                    oxjit_runtime::symbols::PRINT_END,
                    self.ctx.void_type().fn_type(&[], false),
                );
                self.call(end, &[]);
                self.unit(rt)
            }
            Intrinsic::Round { ndigits } => {
                let d = arg_dtype(0);
                if !ndigits {
                    let r = self.math(MathFn::Rint, d, args[0]);
                    return self.float_to_int_checked(r, d, Dtype::I64);
                }
                if d.is_integer() {
                    let i64t = self.ctx.i64_type();
                    let f = self.extern_fn(
                        oxjit_runtime::symbols::ROUND_INT,
                        i64t.fn_type(&[i64t.into(), i64t.into()], false),
                    );
                    return self.call(f, &[args[0], args[1]]).unwrap();
                }
                // round(x, n) rounds the exact decimal value, as CPython does.
                let f64t = self.ctx.f64_type();
                let f = self.extern_fn(
                    "oxjit_rt_round_ndigits",
                    f64t.fn_type(&[f64t.into(), self.ctx.i64_type().into()], false),
                );
                let x = self.cast_scalar(args[0], d, Dtype::F64);
                let r = self.call(f, &[x, args[1]]).unwrap();
                self.cast_scalar(r, Dtype::F64, d)
            }
            Intrinsic::Range => {
                let (start, stop, step) = match args.as_slice() {
                    [stop] => (self.i64(0), stop.into_int_value(), self.i64(1)),
                    [start, stop] => (start.into_int_value(), stop.into_int_value(), self.i64(1)),
                    [start, stop, step] => {
                        let step = step.into_int_value();
                        let zero = b
                            .build_int_compare(IntPredicate::EQ, step, self.i64(0), "")
                            .unwrap();
                        self.raise_if(
                            zero,
                            ErrorKind::ValueError,
                            "range() arg 3 must not be zero",
                        );
                        (start.into_int_value(), stop.into_int_value(), step)
                    }
                    _ => unreachable!(),
                };
                self.build_struct(&Type::Range, &[start.into(), stop.into(), step.into()])
            }
            Intrinsic::Enumerate => {
                self.incref(args[0], &typed.args[0]);
                let start = args.get(1).copied().unwrap_or(self.i64(0).into());
                self.build_struct(rt, &[start, args[0]])
            }
            Intrinsic::Zip | Intrinsic::MakeTuple => {
                let z = self.build_struct(rt, &args);
                self.incref(z, rt);
                z
            }
            Intrinsic::Pow => {
                let t = typed.args[0].clone();
                self.binary(BinOp::Pow, (args[0], t.clone()), (args[1], t), rt)
            }
            Intrinsic::Conjugate => {
                let d = rt.scalar().unwrap();
                if d.is_complex() {
                    let im = b
                        .build_float_neg(self.field(args[0], 1).into_float_value(), "")
                        .unwrap();
                    self.build_struct(rt, &[self.field(args[0], 0), im.into()])
                } else {
                    args[0]
                }
            }
            Intrinsic::Exception | Intrinsic::NoOpContext | Intrinsic::CompileTimeValue => {
                self.unit(rt)
            }
            Intrinsic::Alloc(_)
            | Intrinsic::AllocLike(_)
            | Intrinsic::Copy
            | Intrinsic::Contiguous
            | Intrinsic::FromSequence
            | Intrinsic::Reshape => self.array_creation(typed, &args),
            Intrinsic::RunSum => {
                let v = *typed.args[0].array().unwrap();
                self.run_sum(args[0], &v, rt.scalar().unwrap())
            }
            Intrinsic::RuntimeCall(symbol) => {
                self.runtime_call(symbol, None, &args, &typed.args, rt)
            }
            Intrinsic::RandomCall(symbol) => {
                let state = self.random_state();
                self.runtime_call(symbol, Some(state), &args, &typed.args, rt)
            }
            Intrinsic::Extreme { max } => self.extreme(*max, args[0], args[1], arg_dtype(0)),
            Intrinsic::AlongAxis { kernel } => self.along_axis(*kernel, typed, &args),
            Intrinsic::Where => {
                let c = self.truth(args[0], &typed.args[0]);
                b.build_select(c, args[1], args[2], "").unwrap()
            }
            Intrinsic::List(op) => self.list_method(*op, &args, &typed.args, rt),
            Intrinsic::Dict(op) => self.dict_method(*op, &args, &typed.args, rt),
            Intrinsic::Str(op) => self.str_primitive(*op, &args, rt),
            Intrinsic::Elementwise(_) => unreachable!("elementwise calls are built as kernels"),
            Intrinsic::Body(_) => unreachable!("inference resolves bodies as library calls"),
            Intrinsic::CCall(address) => self.c_call(*address, &args, &typed.args, rt),
            Intrinsic::Transpose => self.getattr(args[0], &typed.args[0], "T", rt),
            Intrinsic::MemoryOrder => self.memory_order(args[0], typed.args[0].array().unwrap()),
        }
    }
}
