//! The reduction primitives library bodies build on (`pylib/numpy/reductions.py`):
//! the sum of a run of elements, pairwise for floats so results match NumPy's to the
//! bit, and the application of a compiled kernel to every 1-d run along an axis.

use crate::function::FuncGen;
use crate::model::scalar_type;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_ir::BinOp;
use oxjit_runtime::ErrorKind;
use oxjit_types::{ArrayType, Dtype, Layout, Type};

impl<'c> FuncGen<'c, '_> {
    pub(crate) fn bin(
        &self,
        op: BinOp,
        x: BasicValueEnum<'c>,
        y: BasicValueEnum<'c>,
        d: Dtype,
    ) -> BasicValueEnum<'c> {
        let t = Type::Scalar(d);
        self.binary(op, (x, t.clone()), (y, t.clone()), &t)
    }

    pub(crate) fn zero_of(&self, d: Dtype) -> BasicValueEnum<'c> {
        scalar_type(self.ctx, d).const_zero()
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
            use oxjit_runtime::symbols::{SUM_F32, SUM_F32_POOLED, SUM_F64, SUM_F64_POOLED};
            // Parallel code sums large runs on the worker pool (the same bits).
            let (name, t) = match (acc == Dtype::F64, self.options.parallel) {
                (true, false) => (SUM_F64, self.ctx.f64_type()),
                (true, true) => (SUM_F64_POOLED, self.ctx.f64_type()),
                (false, false) => (SUM_F32, self.ctx.f32_type()),
                (false, true) => (SUM_F32_POOLED, self.ctx.f32_type()),
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

    /// `primitives.maximum/minimum(x, y)`: LLVM's `maximum`/`minimum` propagate NaN as
    /// NumPy's reductions do, and LLVM vectorises reductions over them.
    pub fn extreme(
        &self,
        max: bool,
        x: BasicValueEnum<'c>,
        y: BasicValueEnum<'c>,
        d: Dtype,
    ) -> BasicValueEnum<'c> {
        if d.is_float() {
            let name = if max { "llvm.maximum" } else { "llvm.minimum" };
            return self.intrinsic_call(name, d, &[x, y]);
        }
        if d == Dtype::Bool {
            let (x, y) = (x.into_int_value(), y.into_int_value());
            let b = &self.builder;
            let r = if max {
                b.build_or(x, y, "")
            } else {
                b.build_and(x, y, "")
            };
            return r.unwrap().into();
        }
        let name = match (max, d.is_signed()) {
            (true, true) => "llvm.smax",
            (true, false) => "llvm.umax",
            (false, true) => "llvm.smin",
            (false, false) => "llvm.umin",
        };
        self.intrinsic_call(name, d, &[x, y])
    }

    /// `primitives.sum(v, dtype)` of the 1-d array `v`.
    pub fn run_sum(&self, v: BasicValueEnum<'c>, vt: &ArrayType, acc: Dtype) -> BasicValueEnum<'c> {
        let n = self.shape(v, 0);
        let stride = self.byte_strides_pub(v, vt)[0];
        self.sum_run(self.data_ptr(v), n, stride, vt.dtype, acc)
    }

    /// `primitives.along_axis(kernel, a, axis, dtype, *extra)`: a new array shaped like
    /// `a` without `axis`, each element the kernel's result for the run along `axis`
    /// through that position (a borrowed 1-d view), converted to `dtype`. When the axis
    /// is empty the kernel also runs once on an empty run first (see
    /// `oxjit_builtins::primitives`).
    pub fn along_axis(
        &self,
        kernel: u64,
        typed: &oxjit_builtins::Typed,
        args: &[BasicValueEnum<'c>],
    ) -> BasicValueEnum<'c> {
        let (_, kernel_args) = typed
            .compiled_callee()
            .expect("along_axis calls its kernel");
        let a = *typed.args[1].array().unwrap();
        let out = typed.result.array().unwrap().dtype;
        let arr = args[1];
        let axis = self.axis_arg(args[2].into_int_value(), a.ndim);
        let shape = self.dims(arr, a.ndim);
        let strides = self.byte_strides_pub(arr, &a);
        let len = self.pick(&shape, axis);
        let step = self.pick(&strides, axis);
        // The result's shape, and the input's strides, without `axis`: dimension d is the
        // input's d before the axis and d + 1 after it.
        let without_axis = |xs: &[IntValue<'c>]| -> Vec<IntValue<'c>> {
            (0..a.ndim as usize - 1)
                .map(|d| {
                    let b = &self.builder;
                    let before = b
                        .build_int_compare(IntPredicate::SLT, self.i64(d as i64), axis, "")
                        .unwrap();
                    b.build_select(before, xs[d], xs[d + 1], "")
                        .unwrap()
                        .into_int_value()
                })
                .collect()
        };
        let out_shape = without_axis(&shape);
        let in_strides = without_axis(&strides);
        // The result is a temporary of this instruction: an error exit releases it.
        let result = self.alloc_array(out, &out_shape, Layout::C, false);
        let out_strides = self.byte_strides_pub(result, typed.result.array().unwrap());
        // An empty axis with no runs at all (shape (0, 0)): the kernel still runs once, on
        // an empty run, so that a reduction without an identity raises as NumPy's does.
        // The loop then visits one position, storing into a scratch slot: one call site
        // of the kernel, inlined once.
        let b = &self.builder;
        let no_runs = self.product(&out_shape);
        let no_runs = b
            .build_int_compare(IntPredicate::EQ, no_runs, self.i64(0), "")
            .unwrap();
        let empty = b
            .build_int_compare(IntPredicate::EQ, len, self.i64(0), "")
            .unwrap();
        let once = b.build_and(no_runs, empty, "").unwrap();
        let visit: Vec<IntValue<'c>> = out_shape
            .iter()
            .map(|n| {
                b.build_select(once, self.i64(1), *n, "")
                    .unwrap()
                    .into_int_value()
            })
            .collect();
        let scratch = self.alloca(scalar_type(self.ctx, out));
        let dest = b
            .build_select(once, scratch, self.data_ptr(result), "")
            .unwrap()
            .into_pointer_value();
        self.nested(
            crate::loops::LoopHint::Hot,
            0,
            &visit,
            &out_strides,
            &[in_strides],
            dest,
            vec![self.data_ptr(arr)],
            &mut |dst, srcs| {
                // The kernel borrows the run: the caller holds `a` for the whole call.
                let outer = self.result_borrowed.replace(true);
                let run = self.make_view(arr, 1, srcs[0], &[len], &[step]);
                self.result_borrowed.set(outer);
                let mut vals = vec![run];
                vals.extend_from_slice(&args[3..]);
                let r = self.call_unit(kernel, &kernel_args, vals, &Type::Scalar(out));
                self.store_at(dst, out, r);
            },
        );
        result
    }
}
