//! Reductions (`sum`, `mean`, `argmax`, ...) over a whole array or along an axis,
//! and the matrix product.
//!
//! Float sums of contiguous (or 1-d strided) data call the runtime's pairwise summation so
//! results match NumPy's to the bit; other reductions accumulate in order.

use crate::function::FuncGen;
use crate::model::{element_memory_type, scalar_type};
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_builtins::ReduceOp;
use oxjit_ir::{BinOp, CmpOp};
use oxjit_runtime::ErrorKind;
use oxjit_types::{ArrayType, Dtype, Layout, Type};

impl<'c> FuncGen<'c, '_> {
    fn bin(
        &self,
        op: BinOp,
        x: BasicValueEnum<'c>,
        y: BasicValueEnum<'c>,
        d: Dtype,
    ) -> BasicValueEnum<'c> {
        let t = Type::Scalar(d);
        self.binary(op, (x, t.clone()), (y, t.clone()), &t)
    }

    fn zero_of(&self, d: Dtype) -> BasicValueEnum<'c> {
        scalar_type(self.ctx, d).const_zero()
    }

    fn is_nan(&self, x: BasicValueEnum<'c>, d: Dtype) -> IntValue<'c> {
        if d.is_float() {
            let x = x.into_float_value();
            self.builder
                .build_float_compare(FloatPredicate::UNO, x, x, "")
                .unwrap()
        } else {
            self.ctx.bool_type().const_zero()
        }
    }

    /// Sum of `n` elements starting at `base`, `stride` bytes apart, in `acc` dtype.
    fn sum_run(
        &self,
        base: PointerValue<'c>,
        n: IntValue<'c>,
        stride: IntValue<'c>,
        src: Dtype,
        acc: Dtype,
    ) -> BasicValueEnum<'c> {
        if src == acc && (acc == Dtype::F64 || acc == Dtype::F32) {
            let (name, t) = if acc == Dtype::F64 {
                (oxjit_runtime::symbols::SUM_F64, self.ctx.f64_type())
            } else {
                (oxjit_runtime::symbols::SUM_F32, self.ctx.f32_type())
            };
            let ptr = self.ctx.ptr_type(inkwell::AddressSpace::default());
            let i64t = self.ctx.i64_type();
            let f = self.extern_fn(
                name,
                t.fn_type(&[ptr.into(), i64t.into(), i64t.into()], false),
            );
            return self
                .call(f, &[base.into(), n.into(), stride.into()])
                .unwrap();
        }
        if src == acc && acc.is_complex() {
            let (name, part) = if acc == Dtype::C128 {
                (oxjit_runtime::symbols::SUM_C128, Dtype::F64)
            } else {
                (oxjit_runtime::symbols::SUM_C64, Dtype::F32)
            };
            let ptr = self.ctx.ptr_type(inkwell::AddressSpace::default());
            let i64t = self.ctx.i64_type();
            let f = self.extern_fn(
                name,
                self.ctx
                    .void_type()
                    .fn_type(&[ptr.into(), i64t.into(), i64t.into(), ptr.into()], false),
            );
            let pt = scalar_type(self.ctx, part);
            let out = self.alloca(pt.into_float_type().array_type(2).into());
            self.call(f, &[base.into(), n.into(), stride.into(), out.into()]);
            let re = self.builder.build_load(pt, out, "").unwrap();
            let im_ptr = self.byte_offset(out, self.i64(part.itemsize() as i64));
            let im = self.builder.build_load(pt, im_ptr, "").unwrap();
            return self.build_struct(&Type::Scalar(acc), &[re, im]);
        }
        self.fold_run(BinOp::Add, self.zero_of(acc), base, n, stride, src, acc)
    }

    /// `start op x0 op x1 ...` over `n` elements at `base`, `stride` bytes apart, in dtype `acc`.
    #[allow(clippy::too_many_arguments)]
    fn fold_run(
        &self,
        op: BinOp,
        start: BasicValueEnum<'c>,
        base: PointerValue<'c>,
        n: IntValue<'c>,
        stride: IntValue<'c>,
        src: Dtype,
        acc: Dtype,
    ) -> BasicValueEnum<'c> {
        self.accumulate_run(start, base, n, stride, src, &|s, x| {
            self.bin(op, s, self.cast_scalar(x, src, acc), acc)
        })
    }

    /// Threads an accumulator, starting at `start`, through `step(acc, x)` for each of the
    /// `n` elements `x` (dtype `src`) at `base`, `stride` bytes apart, in order.
    fn accumulate_run(
        &self,
        start: BasicValueEnum<'c>,
        base: PointerValue<'c>,
        n: IntValue<'c>,
        stride: IntValue<'c>,
        src: Dtype,
        step: &dyn Fn(BasicValueEnum<'c>, BasicValueEnum<'c>) -> BasicValueEnum<'c>,
    ) -> BasicValueEnum<'c> {
        self.accumulate(start, n, &|acc, i| {
            step(acc, self.element_at(base, i, stride, src))
        })
    }

    /// Element `i` of a run at `base`, `stride` bytes apart.
    fn element_at(
        &self,
        base: PointerValue<'c>,
        i: IntValue<'c>,
        stride: IntValue<'c>,
        src: Dtype,
    ) -> BasicValueEnum<'c> {
        let offset = self.builder.build_int_mul(i, stride, "").unwrap();
        self.load_at(self.byte_offset(base, offset), src)
    }

    /// `s / n` as NumPy's mean divides: a complex sum by Smith's method with the count as
    /// a complex of zero imaginary part (each part times `1/n`, the cross terms zero).
    fn divide_by_count(
        &self,
        s: BasicValueEnum<'c>,
        n: IntValue<'c>,
        d: Dtype,
    ) -> BasicValueEnum<'c> {
        if !d.is_complex() {
            let nf = self.cast_scalar(n.into(), Dtype::I64, d);
            return self.bin(BinOp::Div, s, nf, d);
        }
        let part = d.real_of();
        let one = self.cast_scalar(self.i64(1).into(), Dtype::I64, part);
        let nf = self.cast_scalar(n.into(), Dtype::I64, part);
        let scale = self.bin(BinOp::Div, one, nf, part);
        let zero = self.zero_of(part);
        let (re, im) = (self.field(s, 0), self.field(s, 1));
        let re_num = self.bin(BinOp::Add, re, self.bin(BinOp::Mul, im, zero, part), part);
        let im_num = self.bin(BinOp::Sub, im, self.bin(BinOp::Mul, re, zero, part), part);
        let re = self.bin(BinOp::Mul, re_num, scale, part);
        let im = self.bin(BinOp::Mul, im_num, scale, part);
        self.build_struct(&Type::Scalar(d), &[re, im])
    }

    /// Reduces `n` elements at `base` (stride bytes apart) with `op`.
    fn reduce_run(
        &self,
        op: ReduceOp,
        base: PointerValue<'c>,
        n: IntValue<'c>,
        stride: IntValue<'c>,
        src: Dtype,
        out: Dtype,
    ) -> BasicValueEnum<'c> {
        let b = &self.builder;
        match op {
            ReduceOp::Sum => self.sum_run(base, n, stride, src, out),
            ReduceOp::Mean if out == Dtype::C64 => {
                // NumPy divides a complex64 mean's sum as a Python complex (complex128).
                let s = self.sum_run(base, n, stride, src, out);
                let wide = self.cast_scalar(s, out, Dtype::C128);
                let m = self.divide_by_count(wide, n, Dtype::C128);
                self.cast_scalar(m, Dtype::C128, out)
            }
            ReduceOp::Mean => {
                let s = self.sum_run(base, n, stride, src, out);
                self.divide_by_count(s, n, out)
            }
            ReduceOp::Var | ReduceOp::Std => {
                let md = if src.is_complex() { src } else { out };
                let s = self.sum_run(base, n, stride, src, md);
                let mean = self.divide_by_count(s, n, md);
                let squared_deviation = |x| {
                    let dev = self.bin(BinOp::Sub, self.cast_scalar(x, src, md), mean, md);
                    if md.is_complex() {
                        let re = self.field(dev, 0);
                        let im = self.field(dev, 1);
                        let rr = self.bin(BinOp::Mul, re, re, out);
                        let ii = self.bin(BinOp::Mul, im, im, out);
                        self.bin(BinOp::Add, rr, ii, out)
                    } else {
                        self.bin(BinOp::Mul, dev, dev, out)
                    }
                };
                let acc = if matches!(out, Dtype::F32 | Dtype::F64) {
                    // NumPy squares the deviations into a new array and sums that pairwise:
                    // the same order gives the same bits.
                    let squares = self.alloc_array(out, &[n], Layout::C, false);
                    let data = self.data_ptr(squares);
                    let size = self.i64(out.itemsize() as i64);
                    self.emit_loop(n, &mut |i| {
                        let sq = squared_deviation(self.element_at(base, i, stride, src));
                        let offset = self.builder.build_int_mul(i, size, "").unwrap();
                        self.store_at(self.byte_offset(data, offset), out, sq);
                    });
                    let total = self.sum_run(data, n, size, out, out);
                    let squares_t = Type::Array(ArrayType {
                        dtype: out,
                        ndim: 1,
                        layout: Layout::C,
                        readonly: false,
                    });
                    self.release_temp(squares, &squares_t);
                    total
                } else {
                    self.accumulate_run(self.zero_of(out), base, n, stride, src, &|acc, x| {
                        self.bin(BinOp::Add, acc, squared_deviation(x), out)
                    })
                };
                let nf = self.cast_scalar(n.into(), Dtype::I64, out);
                let var = self.bin(BinOp::Div, acc, nf, out);
                if op == ReduceOp::Std {
                    self.math(oxjit_builtins::MathFn::Sqrt, out, var)
                } else {
                    var
                }
            }
            ReduceOp::Prod => {
                let one = self.cast_scalar(self.i64(1).into(), Dtype::I64, out);
                self.fold_run(BinOp::Mul, one, base, n, stride, src, out)
            }
            ReduceOp::Any | ReduceOp::All => {
                let start = self
                    .ctx
                    .bool_type()
                    .const_int((op == ReduceOp::All) as u64, false);
                self.accumulate_run(start.into(), base, n, stride, src, &|acc, x| {
                    let (acc, x) = (acc.into_int_value(), self.truth(x, &Type::Scalar(src)));
                    let b = &self.builder;
                    if op == ReduceOp::All {
                        b.build_and(acc, x, "")
                    } else {
                        b.build_or(acc, x, "")
                    }
                    .unwrap()
                    .into()
                })
            }
            ReduceOp::Min | ReduceOp::Max if !src.is_complex() => {
                let empty = b
                    .build_int_compare(IntPredicate::EQ, n, self.i64(0), "")
                    .unwrap();
                self.raise_if(empty, ErrorKind::ValueError, NO_IDENTITY);
                // llvm.maximum/minimum propagate NaN exactly as NumPy does, and LLVM
                // vectorises reductions over them.
                let max = op == ReduceOp::Max;
                self.accumulate_run(self.load_at(base, src), base, n, stride, src, &|acc, x| {
                    if src.is_float() {
                        let name = if max { "llvm.maximum" } else { "llvm.minimum" };
                        return self.intrinsic_call(name, src, &[acc, x]);
                    }
                    if src == Dtype::Bool {
                        let (a, c) = (acc.into_int_value(), x.into_int_value());
                        let b = &self.builder;
                        let r = if max {
                            b.build_or(a, c, "")
                        } else {
                            b.build_and(a, c, "")
                        };
                        return r.unwrap().into();
                    }
                    let name = match (max, src.is_signed()) {
                        (true, true) => "llvm.smax",
                        (true, false) => "llvm.umax",
                        (false, true) => "llvm.smin",
                        (false, false) => "llvm.umin",
                    };
                    self.intrinsic_call(name, src, &[acc, x])
                })
            }
            ReduceOp::Min | ReduceOp::Max | ReduceOp::ArgMin | ReduceOp::ArgMax => {
                let empty = b
                    .build_int_compare(IntPredicate::EQ, n, self.i64(0), "")
                    .unwrap();
                let what = no_identity(op).expect("min, max, argmin and argmax have none");
                self.raise_if(empty, ErrorKind::ValueError, what);
                let want_max = matches!(op, ReduceOp::Max | ReduceOp::ArgMax);
                let best = self.alloca(scalar_type(self.ctx, src));
                let best_i = self.alloca(self.ctx.i64_type().into());
                self.builder
                    .build_store(best, self.load_at(base, src))
                    .unwrap();
                self.builder.build_store(best_i, self.i64(0)).unwrap();
                self.emit_loop(n, &mut |i| {
                    let x = self.element_at(base, i, stride, src);
                    let b = &self.builder;
                    let cur = b.build_load(scalar_type(self.ctx, src), best, "").unwrap();
                    // NaN wins and stays (NumPy propagates it; argmax gives its index).
                    let cur_nan = self.is_nan(cur, src);
                    let x_nan = self.is_nan(x, src);
                    let better = self.compare_scalar(
                        if want_max { CmpOp::Gt } else { CmpOp::Lt },
                        x,
                        cur,
                        src,
                    );
                    let b = &self.builder;
                    let take = b
                        .build_and(
                            b.build_not(cur_nan, "").unwrap(),
                            b.build_or(better, x_nan, "").unwrap(),
                            "",
                        )
                        .unwrap();
                    let nb = b.build_select(take, x, cur, "").unwrap();
                    let old_i = b.build_load(self.ctx.i64_type(), best_i, "").unwrap();
                    let ni = b.build_select(take, i.into(), old_i, "").unwrap();
                    b.build_store(best, nb).unwrap();
                    b.build_store(best_i, ni).unwrap();
                });
                match op {
                    ReduceOp::Min | ReduceOp::Max => self
                        .builder
                        .build_load(scalar_type(self.ctx, src), best, "")
                        .unwrap(),
                    _ => self
                        .builder
                        .build_load(self.ctx.i64_type(), best_i, "")
                        .unwrap(),
                }
            }
        }
    }

    /// Normalises an `axis` argument against `ndim` (negative counts from the end).
    fn axis_arg(&self, axis: IntValue<'c>, ndim: u8) -> IntValue<'c> {
        let b = &self.builder;
        let n = self.i64(ndim as i64);
        let neg = b
            .build_int_compare(IntPredicate::SLT, axis, self.i64(0), "")
            .unwrap();
        let axis = b
            .build_select(neg, b.build_int_add(axis, n, "").unwrap(), axis, "")
            .unwrap()
            .into_int_value();
        let bad = b.build_int_compare(IntPredicate::UGE, axis, n, "").unwrap();
        self.raise_if(
            bad,
            ErrorKind::AxisError,
            "axis is out of bounds for the array's dimensions",
        );
        axis
    }

    /// Picks `xs[axis]` for a run-time axis.
    fn pick(&self, xs: &[IntValue<'c>], axis: IntValue<'c>) -> IntValue<'c> {
        let mut out = xs[0];
        for (d, &x) in xs.iter().enumerate().skip(1) {
            let is = self
                .builder
                .build_int_compare(IntPredicate::EQ, axis, self.i64(d as i64), "")
                .unwrap();
            out = self
                .builder
                .build_select(is, x, out, "")
                .unwrap()
                .into_int_value();
        }
        out
    }

    pub fn reduce(
        &self,
        op: ReduceOp,
        arr: BasicValueEnum<'c>,
        a: &ArrayType,
        axis: Option<IntValue<'c>>,
        rt: &Type,
    ) -> BasicValueEnum<'c> {
        let out = match rt {
            Type::Scalar(d) => *d,
            Type::Array(r) => r.dtype,
            _ => unreachable!(),
        };
        let src = a.dtype;
        let Some(axis) = axis.filter(|_| a.ndim > 1) else {
            if let Some(axis) = axis {
                self.axis_arg(axis, a.ndim);
            }
            // Whole array: contiguous data (or 1-d) is one run; otherwise visit in order.
            let contiguous = self.is_c_contiguous(arr, a);
            let n = self.field(arr, 2).into_int_value();
            let run_bb = self.ctx.append_basic_block(self.func, "red.run");
            let walk_bb = self.ctx.append_basic_block(self.func, "red.walk");
            let done = self.ctx.append_basic_block(self.func, "red.done");
            let one_d = self.ctx.bool_type().const_int((a.ndim <= 1) as u64, false);
            let direct = self.builder.build_or(contiguous, one_d, "").unwrap();
            self.builder
                .build_conditional_branch(direct, run_bb, walk_bb)
                .unwrap();
            self.builder.position_at_end(run_bb);
            let stride = if a.ndim == 1 {
                self.byte_strides_pub(arr, a)[0]
            } else {
                self.i64(src.itemsize() as i64)
            };
            let r1 = self.reduce_run(op, self.data_ptr(arr), n, stride, src, out);
            let end1 = self.builder.get_insert_block().unwrap();
            self.builder.build_unconditional_branch(done).unwrap();
            self.builder.position_at_end(walk_bb);
            let copy = self.copy_array(arr, a, src);
            let r2 = self.reduce_run(
                op,
                self.data_ptr(copy),
                n,
                self.i64(src.itemsize() as i64),
                src,
                out,
            );
            self.release_temp(
                copy,
                &Type::Array(ArrayType {
                    layout: Layout::C,
                    ..*a
                }),
            );
            let end2 = self.builder.get_insert_block().unwrap();
            self.builder.build_unconditional_branch(done).unwrap();
            self.builder.position_at_end(done);
            let phi = self.builder.build_phi(r1.get_type(), "").unwrap();
            phi.add_incoming(&[(&r1, end1), (&r2, end2)]);
            return phi.as_basic_value();
        };
        // Along an axis: one run per position of the other axes.
        let axis = self.axis_arg(axis, a.ndim);
        let shape = self.dims(arr, a.ndim);
        let strides = self.byte_strides_pub(arr, a);
        let len = self.pick(&shape, axis);
        let step = self.pick(&strides, axis);
        // An empty reduced axis has no minimum even when there are no runs (shape (0, 0)).
        if let Some(what) = no_identity(op) {
            let empty = self
                .builder
                .build_int_compare(IntPredicate::EQ, len, self.i64(0), "")
                .unwrap();
            self.raise_if(empty, ErrorKind::ValueError, what);
        }
        // Output shape: the input's without `axis` (shape[d] for d < axis, shape[d+1] after).
        let b = &self.builder;
        let out_shape: Vec<IntValue> = (0..a.ndim as usize - 1)
            .map(|d| {
                let before = b
                    .build_int_compare(IntPredicate::SLT, self.i64(d as i64), axis, "")
                    .unwrap();
                b.build_select(before, shape[d], shape[d + 1], "")
                    .unwrap()
                    .into_int_value()
            })
            .collect();
        let out_strides_in: Vec<IntValue> = (0..a.ndim as usize - 1)
            .map(|d| {
                let before = b
                    .build_int_compare(IntPredicate::SLT, self.i64(d as i64), axis, "")
                    .unwrap();
                b.build_select(before, strides[d], strides[d + 1], "")
                    .unwrap()
                    .into_int_value()
            })
            .collect();
        let result = self.alloc_array(out, &out_shape, Layout::C, false);
        let rtype = ArrayType {
            dtype: out,
            ndim: a.ndim - 1,
            layout: Layout::C,
            readonly: false,
        };
        let out_strides = self.byte_strides_pub(result, &rtype);
        self.nested(
            crate::loops::LoopHint::Hot,
            0,
            &out_shape,
            &out_strides,
            &[out_strides_in],
            self.data_ptr(result),
            vec![self.data_ptr(arr)],
            &mut |dst, srcs| {
                let r = self.reduce_run(op, srcs[0], len, step, src, out);
                self.store_at(dst, out, r);
            },
        );
        result
    }

    /// `a @ b` for 1-d and 2-d operands (a plain triple loop, i-k-j order).
    pub fn matmul(
        &self,
        x: BasicValueEnum<'c>,
        xt: &ArrayType,
        y: BasicValueEnum<'c>,
        yt: &ArrayType,
        rt: &Type,
    ) -> BasicValueEnum<'c> {
        let d = match rt {
            Type::Scalar(d) => *d,
            Type::Array(a) => a.dtype,
            _ => unreachable!(),
        };
        let b = &self.builder;
        let (m, kx) = if xt.ndim == 2 {
            (Some(self.shape(x, 0)), self.shape(x, 1))
        } else {
            (None, self.shape(x, 0))
        };
        let (ky, n) = if yt.ndim == 2 {
            (self.shape(y, 0), Some(self.shape(y, 1)))
        } else {
            (self.shape(y, 0), None)
        };
        let bad = b.build_int_compare(IntPredicate::NE, kx, ky, "").unwrap();
        self.raise_if(
            bad,
            ErrorKind::ValueError,
            "matmul: the operands' inner dimensions do not match",
        );
        let xs = self.byte_strides_pub(x, xt);
        let ys = self.byte_strides_pub(y, yt);
        let at = |p: PointerValue<'c>, idx: &[IntValue<'c>], st: &[IntValue<'c>], dt: Dtype| {
            let mut off = self.i64(0);
            for (i, s) in idx.iter().zip(st) {
                off = self
                    .builder
                    .build_int_add(off, self.builder.build_int_mul(*i, *s, "").unwrap(), "")
                    .unwrap();
            }
            self.cast_scalar(self.load_at(self.byte_offset(p, off), dt), dt, d)
        };
        let (xp, yp) = (self.data_ptr(x), self.data_ptr(y));
        // Boolean matmul is NumPy's "any of (x and y)": summing i1 products would wrap.
        let (mul, add) = if d == Dtype::Bool {
            (BinOp::BitAnd, BinOp::BitOr)
        } else {
            (BinOp::Mul, BinOp::Add)
        };
        let out_shape: Vec<IntValue> = m.into_iter().chain(n).collect();
        if out_shape.is_empty() {
            let acc = self.alloca(scalar_type(self.ctx, d));
            self.builder.build_store(acc, self.zero_of(d)).unwrap();
            self.emit_loop(kx, &mut |k| {
                let p = self.bin(
                    mul,
                    at(xp, &[k], &xs, xt.dtype),
                    at(yp, &[k], &ys, yt.dtype),
                    d,
                );
                let s = self
                    .builder
                    .build_load(scalar_type(self.ctx, d), acc, "")
                    .unwrap();
                self.builder
                    .build_store(acc, self.bin(add, s, p, d))
                    .unwrap();
            });
            return self
                .builder
                .build_load(scalar_type(self.ctx, d), acc, "")
                .unwrap();
        }
        let out = self.alloc_array(d, &out_shape, Layout::C, true);
        let op = self.data_ptr(out);
        let rows = m.unwrap_or(self.i64(1));
        let cols = n.unwrap_or(self.i64(1));
        self.emit_loop(rows, &mut |i| {
            self.emit_loop(kx, &mut |k| {
                let xik = if xt.ndim == 2 {
                    at(xp, &[i, k], &xs, xt.dtype)
                } else {
                    at(xp, &[k], &xs, xt.dtype)
                };
                self.emit_loop(cols, &mut |j| {
                    let ykj = if yt.ndim == 2 {
                        at(yp, &[k, j], &ys, yt.dtype)
                    } else {
                        at(yp, &[k], &ys, yt.dtype)
                    };
                    let b = &self.builder;
                    let flat = b
                        .build_int_add(b.build_int_mul(i, cols, "").unwrap(), j, "")
                        .unwrap();
                    let q = unsafe {
                        b.build_in_bounds_gep(element_memory_type(self.ctx, d), op, &[flat], "")
                    }
                    .unwrap();
                    let cur = self.load_at(q, d);
                    let prod = self.bin(mul, xik, ykj, d);
                    self.store_at(q, d, self.bin(add, cur, prod, d));
                });
            });
        });
        out
    }
}

const NO_IDENTITY: &str = "zero-size array to reduction operation which has no identity";

/// The error an empty reduction raises, for reductions with no identity.
fn no_identity(op: ReduceOp) -> Option<&'static str> {
    match op {
        ReduceOp::Min | ReduceOp::Max => Some(NO_IDENTITY),
        ReduceOp::ArgMin | ReduceOp::ArgMax => {
            Some("attempt to get argmin/argmax of an empty sequence")
        }
        _ => None,
    }
}
