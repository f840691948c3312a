//! Whole-array expressions on all cores (`parallel=True`): a fused elementwise loop over
//! contiguous operands with enough elements runs its flat loop in chunks on the worker
//! pool, through the same runtime entry as `prange` loops. Smaller arrays stay serial:
//! waking the pool costs tens of microseconds.

use crate::elementwise::Node;
use crate::function::FuncGen;
use crate::lower::load_fields;
use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use oxjit_types::ArrayType;

/// Elements below which an array expression runs serially.
pub const PARALLEL_MIN_ELEMENTS: i64 = 1 << 16;

impl<'c> FuncGen<'c, '_> {
    /// The flat loop of `dest = node`, over the pool when it has enough elements.
    pub(crate) fn flat_loop_maybe_parallel(
        &self,
        node: &Node<'c>,
        leaves: &[(BasicValueEnum<'c>, ArrayType)],
        dest: BasicValueEnum<'c>,
        dt: &ArrayType,
        n: IntValue<'c>,
    ) {
        let ctx = self.ctx;
        let big = self
            .builder
            .build_int_compare(IntPredicate::SGE, n, self.i64(PARALLEL_MIN_ELEMENTS), "")
            .unwrap();
        let pooled = ctx.append_basic_block(self.func, "ew.pool");
        let serial = ctx.append_basic_block(self.func, "ew.serial");
        let joined = ctx.append_basic_block(self.func, "ew.joined");
        self.builder
            .build_conditional_branch(big, pooled, serial)
            .unwrap();
        self.builder.position_at_end(serial);
        self.flat_loop(node, leaves, dest, dt, self.i64(0), n);
        self.builder.build_unconditional_branch(joined).unwrap();
        self.builder.position_at_end(pooled);
        self.flat_loop_on_pool(node, dest, dt, n);
        self.builder.build_unconditional_branch(joined).unwrap();
        self.builder.position_at_end(joined);
    }

    /// Runs the flat loop in chunks: the destination and every value the expression
    /// reads go into an environment struct that the outlined chunk body unpacks.
    fn flat_loop_on_pool(
        &self,
        node: &Node<'c>,
        dest: BasicValueEnum<'c>,
        dt: &ArrayType,
        n: IntValue<'c>,
    ) {
        let ctx = self.ctx;
        let mut captured = vec![dest];
        node.captures(&mut captured);
        let (env, env_ty) = self.environment(&captured);
        let name = format!("{}.elementwise", self.func.get_name().to_string_lossy());
        let (body, builder) = self.declare_chunk_body(&name);
        let mut sub = self.outlined(body);
        sub.builder = builder;
        let env_in = body.get_nth_param(0).unwrap().into_pointer_value();
        let mut loaded = load_fields(&sub.builder, env_ty, env_in).into_iter();
        let dest_in = loaded.next().expect("the destination comes first");
        let node_in = node.with_captures(&mut loaded);
        let mut leaves_in = Vec::new();
        node_in.leaves(&mut leaves_in);
        let lo = body.get_nth_param(1).unwrap().into_int_value();
        let hi = body.get_nth_param(2).unwrap().into_int_value();
        let count = sub.builder.build_int_sub(hi, lo, "").unwrap();
        sub.with_numpy_semantics(self.numpy_semantics.get(), || {
            sub.element_alias.set(Some(sub.new_element_alias()));
            sub.flat_loop(&node_in, &leaves_in, dest_in, dt, lo, count);
        });
        sub.builder
            .build_return(Some(&ctx.i32_type().const_zero()))
            .unwrap();
        self.alias_scopes.set(sub.alias_scopes.get());
        // No partial results: the runtime made no buffer to free.
        let no_results = ctx.i64_type().const_zero();
        let (status, _, _) = self.run_chunks(body, env, n.into(), no_results);
        self.check_status(status);
    }
}
