//! A `prange` loop's call (`Resolved::Parallel`, made by `oxjit_parallel`): the values
//! its body reads go into an environment struct, a small trampoline calls the chunk
//! function from the runtime's `oxjit_rt_parallel_for` for each chunk, and the chunks'
//! partial reduction results are combined here, in chunk order, after the pool is done.

use crate::function::{FuncGen, Typed};
use crate::model::value_type;
use inkwell::builder::Builder;
use inkwell::module::Linkage;
use inkwell::types::{BasicMetadataTypeEnum, BasicType, BasicTypeEnum, StructType};
use inkwell::values::{
    BasicMetadataValueEnum, BasicValue, BasicValueEnum, FunctionValue, IntValue, PointerValue,
};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_infer::{ParallelLoop, Reduction};
use oxjit_ir::{BinOp, CmpOp, Value};
use oxjit_runtime::symbols::{PARALLEL_FOR, PARALLEL_FREE};
use oxjit_types::{Dtype, Type};

/// The chunks' partial results the runtime handed back.
struct Partials<'c, 'r> {
    region: &'r ParallelLoop,
    /// `count` structs of type `ty`, `size` bytes each.
    buffer: BasicValueEnum<'c>,
    count: IntValue<'c>,
    ty: BasicTypeEnum<'c>,
    size: IntValue<'c>,
}

impl<'c> FuncGen<'c, '_> {
    /// Runs the loop's chunks on the pool; the tuple of the reductions' results.
    pub(crate) fn parallel_loop(
        &self,
        region: &ParallelLoop,
        args: &[Value],
        rt: &Type,
    ) -> BasicValueEnum<'c> {
        let ctx = self.ctx;
        let i64t = ctx.i64_type();
        let (chunk, chunk_ret) = self.unit_function(region.chunk_id, &region.chunk_args);
        let inits: Vec<Typed<'c>> = args[region.live_ins + 1..]
            .iter()
            .zip(&region.reductions)
            .map(|(v, (_, t))| {
                let (x, xt) = self.operand(*v);
                (self.convert(x, &xt, t), t.clone())
            })
            .collect();
        let mut fields: Vec<BasicValueEnum<'c>> = args[..region.live_ins]
            .iter()
            .map(|v| self.val(*v))
            .collect();
        // An array reduction's chunks start from an array like the one it updates.
        fields.extend(
            region
                .reductions
                .iter()
                .zip(&inits)
                .map(|((r, t), init)| match t {
                    Type::Array(_) => init.0,
                    _ => self.reduction_identity(*r, t),
                }),
        );
        let (env, env_ty) = self.environment(&fields);
        let partial_ty = value_type(ctx, &chunk_ret);
        let has_partials = !region.reductions.is_empty();
        let body = self.chunk_trampoline(chunk, partial_ty, env_ty, has_partials);
        let partial_size = if has_partials {
            partial_ty.size_of().unwrap()
        } else {
            i64t.const_zero()
        };
        let (status, partials, count) =
            self.run_chunks(body, env, self.val(args[region.live_ins]), partial_size);
        let results = Partials {
            region,
            buffer: partials,
            count,
            ty: partial_ty,
            size: partial_size,
        };
        self.leave_if_failed(status, &results);
        if !has_partials {
            return self.unit(rt);
        }
        let values = self.combine_partials(&results, inits);
        self.free_partials(&results);
        // The result owns its arrays, as every call's result does.
        for ((_, t), v) in region.reductions.iter().zip(&values) {
            self.incref(*v, t);
        }
        self.build_struct(rt, &values)
    }

    /// Calls the runtime to run `body` over the chunks of `0..n` with the environment
    /// `env`; its status, and the partial results' buffer and count.
    pub(crate) fn run_chunks(
        &self,
        body: FunctionValue<'c>,
        env: PointerValue<'c>,
        n: BasicValueEnum<'c>,
        partial_size: IntValue<'c>,
    ) -> (IntValue<'c>, BasicValueEnum<'c>, IntValue<'c>) {
        let ctx = self.ctx;
        let ptr = ctx.ptr_type(AddressSpace::default());
        let i64t = ctx.i64_type();
        let out_ty = ctx.struct_type(&[ptr.into(), i64t.into()], false);
        let out = self.alloca(out_ty.into());
        let run = self.extern_fn(
            PARALLEL_FOR,
            ctx.i32_type().fn_type(
                &[ptr.into(), ptr.into(), i64t.into(), i64t.into(), ptr.into()],
                false,
            ),
        );
        let fn_ptr = body.as_global_value().as_pointer_value();
        let run_args = [
            fn_ptr.into(),
            env.into(),
            n,
            partial_size.into(),
            out.into(),
        ];
        let status = self.call(run, &run_args).unwrap().into_int_value();
        let b = &self.builder;
        let partials = b.build_struct_gep(out_ty, out, 0, "").unwrap();
        let partials = b.build_load(ptr, partials, "partials").unwrap();
        let count = b.build_struct_gep(out_ty, out, 1, "").unwrap();
        let count = b.build_load(i64t, count, "chunks").unwrap();
        (status, partials, count.into_int_value())
    }

    /// On a failed loop, releases the arrays the finished chunks made, frees the
    /// buffer and leaves the function with the error.
    fn leave_if_failed(&self, status: IntValue<'c>, partials: &Partials<'c, '_>) {
        let ctx = self.ctx;
        let b = &self.builder;
        let failed = b
            .build_int_compare(IntPredicate::NE, status, ctx.i32_type().const_zero(), "")
            .unwrap();
        let fail = ctx.append_basic_block(self.func, "parallel.failed");
        let ok = ctx.append_basic_block(self.func, "parallel.ok");
        let expect = self.expect_false(failed);
        b.build_conditional_branch(expect, fail, ok).unwrap();
        b.position_at_end(fail);
        let reductions = &partials.region.reductions;
        if reductions.iter().any(|(_, t)| t.is_managed()) {
            self.for_each_chunk(partials.count, Vec::new(), |c, _| {
                // A chunk that did not finish left its slot zeroed: no arrays to release.
                let partial = self.load_partial(partials, c);
                for (j, (_, t)) in reductions.iter().enumerate() {
                    self.decref(self.field(partial, j as u32), t);
                }
                Vec::new()
            });
        }
        if !reductions.is_empty() {
            self.free_partials(partials);
        }
        self.leave_with_exception(status);
        self.builder.position_at_end(ok);
    }

    /// Frees the buffer of partial results the runtime made.
    fn free_partials(&self, partials: &Partials<'c, '_>) {
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let i64t = self.ctx.i64_type();
        let free = self.extern_fn(
            PARALLEL_FREE,
            self.ctx
                .void_type()
                .fn_type(&[ptr.into(), i64t.into(), i64t.into()], false),
        );
        let args = [partials.buffer, partials.count.into(), partials.size.into()];
        self.call(free, &args);
    }

    /// Chunk `c`'s partial results (a struct of the reductions' types).
    fn load_partial(&self, partials: &Partials<'c, '_>, c: IntValue<'c>) -> BasicValueEnum<'c> {
        let b = &self.builder;
        let base = partials.buffer.into_pointer_value();
        // SAFETY: `c < count`, and the runtime made `count` partial results.
        let at = unsafe { b.build_in_bounds_gep(partials.ty, base, &[c], "") }.unwrap();
        b.build_load(partials.ty, at, "partial").unwrap()
    }

    /// A loop over chunks `0..count` carrying values (`first` to start with; `step(c,
    /// carried)` gives the next); returns their final values.
    fn for_each_chunk(
        &self,
        count: IntValue<'c>,
        first: Vec<BasicValueEnum<'c>>,
        step: impl FnOnce(IntValue<'c>, &[BasicValueEnum<'c>]) -> Vec<BasicValueEnum<'c>>,
    ) -> Vec<BasicValueEnum<'c>> {
        let ctx = self.ctx;
        let b = &self.builder;
        let i64t = ctx.i64_type();
        let before = b.get_insert_block().unwrap();
        let head = ctx.append_basic_block(self.func, "chunks");
        let body = ctx.append_basic_block(self.func, "chunks.each");
        let done = ctx.append_basic_block(self.func, "chunks.done");
        b.build_unconditional_branch(head).unwrap();
        b.position_at_end(head);
        let c = b.build_phi(i64t, "c").unwrap();
        c.add_incoming(&[(&i64t.const_zero(), before)]);
        let phis: Vec<_> = first
            .iter()
            .map(|v| {
                let phi = b.build_phi(v.get_type(), "acc").unwrap();
                phi.add_incoming(&[(v as &dyn BasicValue, before)]);
                phi
            })
            .collect();
        let ci = c.as_basic_value().into_int_value();
        let more = b
            .build_int_compare(IntPredicate::SLT, ci, count, "")
            .unwrap();
        b.build_conditional_branch(more, body, done).unwrap();
        b.position_at_end(body);
        let carried: Vec<BasicValueEnum<'c>> = phis.iter().map(|p| p.as_basic_value()).collect();
        let next = step(ci, &carried);
        let b = &self.builder;
        let c_next = b.build_int_add(ci, i64t.const_int(1, false), "").unwrap();
        let from = b.get_insert_block().unwrap();
        c.add_incoming(&[(&c_next, from)]);
        for (phi, v) in phis.iter().zip(&next) {
            phi.add_incoming(&[(v as &dyn BasicValue, from)]);
        }
        b.build_unconditional_branch(head).unwrap();
        b.position_at_end(done);
        carried
    }

    /// `acc = combine(acc, partial[c])` for each chunk `c` in order, per reduction; an
    /// array reduction's partial array is added into the array (by its combining
    /// function) and released.
    fn combine_partials(
        &self,
        partials: &Partials<'c, '_>,
        inits: Vec<Typed<'c>>,
    ) -> Vec<BasicValueEnum<'c>> {
        let region = partials.region;
        let first = inits.iter().map(|(v, _)| *v).collect();
        self.for_each_chunk(partials.count, first, |c, accs| {
            let partial = self.load_partial(partials, c);
            let mut next = Vec::new();
            for (j, ((kind, t), acc)) in region.reductions.iter().zip(accs).enumerate() {
                let part = self.field(partial, j as u32);
                match region.combiners[j] {
                    Some(id) => {
                        let types = [t.clone(), t.clone()];
                        self.call_unit(id, &types, vec![*acc, part], &Type::None);
                        self.decref(part, t);
                        next.push(*acc);
                    }
                    None => next.push(self.combine(*kind, (*acc, t.clone()), (part, t.clone()))),
                }
            }
            next
        })
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
            Reduction::Maximum | Reduction::Minimum => {
                let d = t.scalar().expect("NumPy's extremes are of reals");
                return self.extreme(kind == Reduction::Maximum, acc.0, part.0, d);
            }
            // `acc or part`, `acc and part`, as Python computes them.
            Reduction::Or | Reduction::And => {
                let truthy = self.truth(acc.0, &t);
                let (if_true, if_false) = match kind {
                    Reduction::Or => (acc.0, part.0),
                    _ => (part.0, acc.0),
                };
                return self
                    .builder
                    .build_select(truthy, if_true, if_false, "")
                    .unwrap();
            }
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
            Reduction::Sum | Reduction::BitOr | Reduction::BitXor | Reduction::Or => {
                ty.const_zero()
            }
            Reduction::Product | Reduction::And => self.convert(self.i64(1).into(), &Type::I64, t),
            Reduction::BitAnd => all_ones(),
            Reduction::Min | Reduction::Minimum if d.is_float() => float(f64::INFINITY),
            Reduction::Max | Reduction::Maximum if d.is_float() => float(f64::NEG_INFINITY),
            Reduction::Min | Reduction::Minimum if signed_int => int(u64::MAX >> (65 - d.bits())),
            Reduction::Min | Reduction::Minimum => all_ones(),
            Reduction::Max | Reduction::Maximum if signed_int => int(1 << (d.bits() - 1)),
            Reduction::Max | Reduction::Maximum => ty.const_zero(),
        }
    }

    /// Stores `fields` in a struct on the stack: the environment a chunk body reads.
    pub(crate) fn environment(
        &self,
        fields: &[BasicValueEnum<'c>],
    ) -> (PointerValue<'c>, StructType<'c>) {
        let types: Vec<BasicTypeEnum> = fields.iter().map(|v| v.get_type()).collect();
        let env_ty = self.ctx.struct_type(&types, false);
        let env = self.alloca(env_ty.into());
        for (i, f) in fields.iter().enumerate() {
            let p = self
                .builder
                .build_struct_gep(env_ty, env, i as u32, "")
                .unwrap();
            self.builder.build_store(p, *f).unwrap();
        }
        (env, env_ty)
    }

    /// A new internal chunk body `i32 name(ptr env, i64 lo, i64 hi, ptr partial)` (the
    /// runtime's `ChunkBody`), and a builder at the start of its entry block.
    pub(crate) fn declare_chunk_body(&self, name: &str) -> (FunctionValue<'c>, Builder<'c>) {
        let ctx = self.ctx;
        let ptr = ctx.ptr_type(AddressSpace::default());
        let i64t = ctx.i64_type();
        let params: [BasicMetadataTypeEnum; 4] = [ptr.into(), i64t.into(), i64t.into(), ptr.into()];
        let f = self.module.add_function(
            name,
            ctx.i32_type().fn_type(&params, false),
            Some(Linkage::Internal),
        );
        let b = ctx.create_builder();
        b.position_at_end(ctx.append_basic_block(f, "entry"));
        (f, b)
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
        let name = format!("{}.chunks", chunk.get_name().to_string_lossy());
        let (f, b) = self.declare_chunk_body(&name);
        let param = |i: u32| f.get_nth_param(i).unwrap();
        let slot = b.build_alloca(partial_ty, "result").unwrap();
        let mut call_args: Vec<BasicMetadataValueEnum> = vec![slot.into()];
        let env = param(0).into_pointer_value();
        call_args.extend(
            load_fields(&b, env_ty, env)
                .into_iter()
                .map(BasicMetadataValueEnum::from),
        );
        call_args.push(param(1).into());
        call_args.push(param(2).into());
        let status = b
            .build_call(chunk, &call_args, "status")
            .unwrap()
            .try_as_basic_value()
            .basic()
            .unwrap();
        if has_partials {
            // Only a chunk that finished has results to hand over.
            let ok = b
                .build_int_compare(
                    IntPredicate::EQ,
                    status.into_int_value(),
                    ctx.i32_type().const_zero(),
                    "",
                )
                .unwrap();
            let store = ctx.append_basic_block(f, "store");
            let done = ctx.append_basic_block(f, "done");
            b.build_conditional_branch(ok, store, done).unwrap();
            b.position_at_end(store);
            let v = b.build_load(partial_ty, slot, "").unwrap();
            b.build_store(param(3).into_pointer_value(), v).unwrap();
            b.build_unconditional_branch(done).unwrap();
            b.position_at_end(done);
        }
        b.build_return(Some(&status)).unwrap();
        f
    }
}

/// Every field of the struct `env_ty` at `env`, loaded by `b`.
pub(crate) fn load_fields<'c>(
    b: &Builder<'c>,
    env_ty: StructType<'c>,
    env: PointerValue<'c>,
) -> Vec<BasicValueEnum<'c>> {
    env_ty
        .get_field_types()
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let p = b.build_struct_gep(env_ty, env, i as u32, "").unwrap();
            b.build_load(*t, p, "").unwrap()
        })
        .collect()
}
