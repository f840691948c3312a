//! A `prange` loop's call (`Resolved::Parallel`, made by `oxjit_parallel`): the values
//! its body reads go into an environment struct, a small trampoline calls the chunk
//! function from the runtime's `oxjit_rt_parallel_for` for each chunk, and the chunks'
//! partial reduction results are combined here, in chunk order, after the pool is done.

use crate::function::{FuncGen, Typed};
use crate::model::value_type;
use inkwell::module::Linkage;
use inkwell::types::{BasicMetadataTypeEnum, BasicType, BasicTypeEnum, StructType};
use inkwell::values::{BasicMetadataValueEnum, BasicValue, BasicValueEnum, FunctionValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_infer::{ParallelLoop, Reduction};
use oxjit_ir::{BinOp, CmpOp, Value};
use oxjit_runtime::symbols::{PARALLEL_FOR, PARALLEL_FREE};
use oxjit_types::{Dtype, Type};

impl<'c> FuncGen<'c, '_> {
    /// Runs the loop's chunks on the pool; the tuple of the reductions' results.
    pub(crate) fn parallel_loop(
        &self,
        region: &ParallelLoop,
        args: &[Value],
        rt: &Type,
    ) -> BasicValueEnum<'c> {
        let ctx = self.ctx;
        let ptr = ctx.ptr_type(AddressSpace::default());
        let i64t = ctx.i64_type();
        let (chunk, chunk_ret) = self.unit_function(region.chunk_id, &region.chunk_args);
        let env_args = &region.chunk_args[..region.chunk_args.len() - 2];
        let env_fields: Vec<BasicTypeEnum> = env_args.iter().map(|t| value_type(ctx, t)).collect();
        let env_ty = ctx.struct_type(&env_fields, false);
        let env = self.alloca(env_ty.into());
        let mut fields: Vec<BasicValueEnum<'c>> = args[..region.live_ins]
            .iter()
            .map(|v| self.val(*v))
            .collect();
        fields.extend(
            region
                .reductions
                .iter()
                .map(|(r, t)| self.reduction_identity(*r, t)),
        );
        for (i, f) in fields.into_iter().enumerate() {
            let p = self
                .builder
                .build_struct_gep(env_ty, env, i as u32, "")
                .unwrap();
            self.builder.build_store(p, f).unwrap();
        }
        let partial_ty = value_type(ctx, &chunk_ret);
        let has_partials = !region.reductions.is_empty();
        let body = self.chunk_trampoline(chunk, partial_ty, env_ty, has_partials);
        let partial_size = if has_partials {
            partial_ty.size_of().unwrap()
        } else {
            i64t.const_zero()
        };
        let out_ty = ctx.struct_type(&[ptr.into(), i64t.into()], false);
        let out = self.alloca(out_ty.into());
        let run = self.extern_fn(
            PARALLEL_FOR,
            ctx.i32_type().fn_type(
                &[ptr.into(), ptr.into(), i64t.into(), i64t.into(), ptr.into()],
                false,
            ),
        );
        let n = self.val(args[region.live_ins]);
        let status = self
            .call(
                run,
                &[
                    body.as_global_value().as_pointer_value().into(),
                    env.into(),
                    n,
                    partial_size.into(),
                    out.into(),
                ],
            )
            .unwrap()
            .into_int_value();
        self.check_status(status);
        if !has_partials {
            return self.unit(rt);
        }
        let inits: Vec<Typed<'c>> = args[region.live_ins + 1..]
            .iter()
            .zip(&region.reductions)
            .map(|(v, (_, t))| {
                let (x, xt) = self.operand(*v);
                (self.convert(x, &xt, t), t.clone())
            })
            .collect();
        let b = &self.builder;
        let partials = b.build_struct_gep(out_ty, out, 0, "").unwrap();
        let partials = b.build_load(ptr, partials, "partials").unwrap();
        let count = b.build_struct_gep(out_ty, out, 1, "").unwrap();
        let count = b
            .build_load(i64t, count, "chunks")
            .unwrap()
            .into_int_value();
        let results = self.combine_partials(region, inits, partials, count, partial_ty);
        let free = self.extern_fn(
            PARALLEL_FREE,
            ctx.void_type()
                .fn_type(&[ptr.into(), i64t.into(), i64t.into()], false),
        );
        self.call(free, &[partials, count.into(), partial_size.into()]);
        self.build_struct(rt, &results)
    }

    /// `acc = combine(acc, partial[c])` for each chunk `c` in order, per reduction.
    fn combine_partials(
        &self,
        region: &ParallelLoop,
        inits: Vec<Typed<'c>>,
        partials: BasicValueEnum<'c>,
        count: inkwell::values::IntValue<'c>,
        partial_ty: BasicTypeEnum<'c>,
    ) -> Vec<BasicValueEnum<'c>> {
        let ctx = self.ctx;
        let b = &self.builder;
        let i64t = ctx.i64_type();
        let before = b.get_insert_block().unwrap();
        let head = ctx.append_basic_block(self.func, "combine");
        let step = ctx.append_basic_block(self.func, "combine.chunk");
        let done = ctx.append_basic_block(self.func, "combine.done");
        b.build_unconditional_branch(head).unwrap();
        b.position_at_end(head);
        let c = b.build_phi(i64t, "c").unwrap();
        c.add_incoming(&[(&i64t.const_zero(), before)]);
        let accs: Vec<_> = inits
            .iter()
            .map(|(v, _)| {
                let phi = b.build_phi(v.get_type(), "acc").unwrap();
                phi.add_incoming(&[(v, before)]);
                phi
            })
            .collect();
        let ci = c.as_basic_value().into_int_value();
        let more = b
            .build_int_compare(IntPredicate::SLT, ci, count, "")
            .unwrap();
        b.build_conditional_branch(more, step, done).unwrap();
        b.position_at_end(step);
        // SAFETY: `c < count`, and the runtime made `count` partial results.
        let at =
            unsafe { b.build_in_bounds_gep(partial_ty, partials.into_pointer_value(), &[ci], "") }
                .unwrap();
        let partial = b.build_load(partial_ty, at, "partial").unwrap();
        let mut next = Vec::new();
        for (j, ((kind, t), acc)) in region.reductions.iter().zip(&accs).enumerate() {
            let part = self.field(partial, j as u32);
            let acc = (acc.as_basic_value(), t.clone());
            next.push(self.combine(*kind, acc, (part, t.clone())));
        }
        let c_next = b.build_int_add(ci, i64t.const_int(1, false), "").unwrap();
        let from = b.get_insert_block().unwrap();
        c.add_incoming(&[(&c_next, from)]);
        for (phi, v) in accs.iter().zip(&next) {
            phi.add_incoming(&[(v as &dyn BasicValue, from)]);
        }
        b.build_unconditional_branch(head).unwrap();
        b.position_at_end(done);
        accs.iter().map(|p| p.as_basic_value()).collect()
    }

    /// Two partial results of a reduction, combined.
    fn combine(&self, kind: Reduction, acc: Typed<'c>, part: Typed<'c>) -> BasicValueEnum<'c> {
        let t = acc.1.clone();
        let op = match kind {
            Reduction::Sum => BinOp::Add,
            Reduction::Product => BinOp::Mul,
            Reduction::BitAnd => BinOp::BitAnd,
            Reduction::BitOr => BinOp::BitOr,
            Reduction::BitXor => BinOp::BitXor,
            // `min(acc, part)` as Python computes it: `part` only when strictly smaller.
            Reduction::Min | Reduction::Max => {
                let cmp = if kind == Reduction::Min {
                    CmpOp::Lt
                } else {
                    CmpOp::Gt
                };
                let take = self.compare(cmp, part.clone(), acc.clone());
                return self.builder.build_select(take, part.0, acc.0, "").unwrap();
            }
        };
        self.binary(op, acc, part, &t)
    }

    /// What each chunk's partial result of a reduction starts from.
    fn reduction_identity(&self, kind: Reduction, t: &Type) -> BasicValueEnum<'c> {
        let ty = value_type(self.ctx, t);
        let Type::Scalar(d) = t else {
            unreachable!("reductions are numbers")
        };
        let d = *d;
        let int =
            |bits: u64| -> BasicValueEnum<'c> { ty.into_int_type().const_int(bits, false).into() };
        let all_ones = || int(u64::MAX);
        let float = |x: f64| -> BasicValueEnum<'c> { ty.into_float_type().const_float(x).into() };
        let signed_int = d != Dtype::Bool && d.is_integer() && d.is_signed();
        match kind {
            Reduction::Sum | Reduction::BitOr | Reduction::BitXor => ty.const_zero(),
            Reduction::Product => self.convert(self.i64(1).into(), &Type::I64, t),
            Reduction::BitAnd => all_ones(),
            Reduction::Min if d.is_float() => float(f64::INFINITY),
            Reduction::Max if d.is_float() => float(f64::NEG_INFINITY),
            Reduction::Min if signed_int => int(u64::MAX >> (65 - d.bits())),
            Reduction::Min => all_ones(),
            Reduction::Max if signed_int => int(1 << (d.bits() - 1)),
            Reduction::Max => ty.const_zero(),
        }
    }

    /// `i32 body(ptr env, i64 lo, i64 hi, ptr partial)`: unpacks the environment and
    /// calls the chunk function, storing its result at `partial`.
    fn chunk_trampoline(
        &self,
        chunk: FunctionValue<'c>,
        partial_ty: BasicTypeEnum<'c>,
        env_ty: StructType<'c>,
        has_partials: bool,
    ) -> FunctionValue<'c> {
        let ctx = self.ctx;
        let ptr = ctx.ptr_type(AddressSpace::default());
        let i64t = ctx.i64_type();
        let params: [BasicMetadataTypeEnum; 4] = [ptr.into(), i64t.into(), i64t.into(), ptr.into()];
        let name = format!("{}.chunks", chunk.get_name().to_string_lossy());
        let f = self.module.add_function(
            &name,
            ctx.i32_type().fn_type(&params, false),
            Some(Linkage::Internal),
        );
        let b = ctx.create_builder();
        b.position_at_end(ctx.append_basic_block(f, "entry"));
        let param = |i: u32| f.get_nth_param(i).unwrap();
        let slot = b.build_alloca(partial_ty, "result").unwrap();
        let mut call_args: Vec<BasicMetadataValueEnum> = vec![slot.into()];
        for (i, ft) in env_ty.get_field_types().iter().enumerate() {
            let p = b
                .build_struct_gep(env_ty, param(0).into_pointer_value(), i as u32, "")
                .unwrap();
            call_args.push(b.build_load(*ft, p, "").unwrap().into());
        }
        call_args.push(param(1).into());
        call_args.push(param(2).into());
        let status = b
            .build_call(chunk, &call_args, "status")
            .unwrap()
            .try_as_basic_value()
            .basic()
            .unwrap();
        if has_partials {
            let v = b.build_load(partial_ty, slot, "").unwrap();
            b.build_store(param(3).into_pointer_value(), v).unwrap();
        }
        b.build_return(Some(&status)).unwrap();
        f
    }
}
