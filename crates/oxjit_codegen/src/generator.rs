//! Generator functions. A unit whose function yields becomes three LLVM functions:
//!
//! * the unit's own function *creates* the generator: a memory block holding the state
//!   (`oxjit_runtime::generator`), with the arguments stored in it, at index 0;
//! * `resume(state) -> status` is the function's body. It starts by switching on the
//!   state's index: 0 enters the body, `k` goes on after the `k`-th yield, -1 is done.
//!   A `yield` stores the value in the state, records where to go on, and returns 0;
//!   the end of the body returns 2, an exception 1 (both leave the index at -1).
//!   Every value live across a yield has a field of the state: stored where it is
//!   defined, loaded where it is used, so the body is ordinary SSA code around that;
//! * `drop(state)` releases what the state holds where it is suspended, when the block
//!   is freed before the end.
//!
//! A loop over a generator in compiled code calls `resume` through the state for each
//! item (`iterlen`) and takes the item from the state (`iterget`).

use crate::function::{from_memory, to_memory};
use crate::function::{FuncGen, ModuleGen};
use crate::model::{memory_type, value_type};
use inkwell::basic_block::BasicBlock;
use inkwell::module::Linkage;
use inkwell::types::{BasicTypeEnum, StructType};
use inkwell::values::{BasicValueEnum, FunctionValue, IntValue, PointerValue};
use inkwell::AddressSpace;
use oxjit_diagnostics::{DResult, Diagnostic};
use oxjit_infer::TypedFunction;
use oxjit_ir::{Block, Inst, Op, Value};
use oxjit_types::Type;
use std::collections::{HashMap, HashSet};

const RESUME_FIELD: u32 = 0;
const DROP_FIELD: u32 = 1;
const INDEX_FIELD: u32 = 2;
const CURRENT_FIELD: u32 = 3;
const FIRST_ARG_FIELD: u32 = 4;

/// Where a loop keeps its place in a dict (`oxjit_runtime::dict::DictLoop`).
pub(crate) fn dict_loop_type(ctx: &inkwell::context::Context) -> StructType<'_> {
    let i64t = ctx.i64_type().into();
    ctx.struct_type(&[i64t, i64t], false)
}

/// How many dicts a loop over a value of type `t` walks.
fn dicts_walked(t: &Type) -> u32 {
    match t {
        Type::Dict(_) | Type::DictView(..) => 1,
        Type::Enumerate(inner) => dicts_walked(inner),
        Type::Zip(items) => items.iter().map(dicts_walked).sum(),
        _ => 0,
    }
}

/// How the resume function reaches the state.
pub(crate) struct Frame<'c> {
    pub state: PointerValue<'c>,
    pub layout: StructType<'c>,
    /// The state field of each value live across a yield.
    pub slots: HashMap<Value, u32>,
    /// The block each yield goes on at, in order (index `k` goes on at `resumes[k - 1]`).
    pub resumes: Vec<Block>,
    pub item: Type,
    /// The state field where each (loop counter, dict) keeps its place: a loop over a
    /// dict may run across a yield.
    pub dict_loops: HashMap<(Value, u32), u32>,
}

/// The blocks yields go on at, and the values live at any of them (those with run-time
/// data: compile-time values are constants everywhere).
fn live_across_yields(tf: &TypedFunction) -> (Vec<Block>, Vec<Value>) {
    let func = &tf.func;
    let order = func.reverse_postorder();
    let has_data = |v: Value| tf.types[v].as_ref().is_some_and(|t| !t.is_compile_time());
    let live_in = crate::liveness::compute_where(tf, &order, &has_data).live_in;
    let resumes: Vec<Block> = order
        .iter()
        .filter_map(|&b| match func.terminator(b).map(|t| &func.insts[t].op) {
            Some(Op::Yield { resume, .. }) => Some(*resume),
            _ => None,
        })
        .collect();
    let mut slots: Vec<Value> = resumes
        .iter()
        .flat_map(|r| live_in[r].iter().copied())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    slots.sort();
    (resumes, slots)
}

impl<'c> ModuleGen<'c, '_, '_> {
    /// Emits generator unit `index`: its create, resume and drop functions.
    pub(crate) fn emit_generator(&mut self, index: usize) -> DResult<()> {
        let unit = &self.input.units[index];
        let tf = unit.typed;
        let Type::Generator(item) = &tf.ret else {
            return Err(Diagnostic::internal("a generator unit returns a generator"));
        };
        let (resumes, slot_values) = live_across_yields(tf);
        // Whether such a variable holds a value is a flag of its own, not kept in the state.
        let unassigned = crate::function::maybe_unassigned(tf);
        if let Some(v) = slot_values.iter().find(|v| unassigned.contains(v)) {
            let name = tf.func.value_names[*v].clone().unwrap_or_default();
            return Err(Diagnostic::typing(format!(
                "variable '{name}' may be unassigned where the generator resumes"
            ))
            .at(&tf.func.source, tf.func.value_span(*v))
            .with_help("assign it on every path before the yield"));
        }
        let ctx = self.ctx;
        let ptr = ctx.ptr_type(AddressSpace::default());
        let mut fields: Vec<BasicTypeEnum> = vec![
            ptr.into(),
            ptr.into(),
            ctx.i64_type().into(),
            memory_type(ctx, item),
        ];
        fields.extend(tf.arg_types.iter().map(|t| value_type(ctx, t)));
        let mut slots = HashMap::new();
        for &v in &slot_values {
            slots.insert(v, fields.len() as u32);
            fields.push(value_type(ctx, tf.ty(v)));
        }
        let mut dict_loops = HashMap::new();
        for (_, data) in tf.func.insts.iter() {
            if let Op::IterGet(it, k) = &data.op {
                for nth in 0..dicts_walked(tf.ty(*it)) {
                    dict_loops.entry((*k, nth)).or_insert_with(|| {
                        fields.push(dict_loop_type(ctx).into());
                        fields.len() as u32 - 1
                    });
                }
            }
        }
        let layout = ctx.struct_type(&fields, false);
        let resume_fn = self.module.add_function(
            &format!("{}_resume", unit.symbol),
            ctx.i32_type().fn_type(&[ptr.into()], false),
            Some(Linkage::Internal),
        );
        let drop_fn = self.module.add_function(
            &format!("{}_drop", unit.symbol),
            ctx.void_type().fn_type(&[ptr.into()], false),
            Some(Linkage::Internal),
        );
        let frame = Frame {
            state: resume_fn.get_nth_param(0).unwrap().into_pointer_value(),
            layout,
            slots,
            resumes,
            item: (**item).clone(),
            dict_loops,
        };
        self.emit_create(index, layout, resume_fn, drop_fn);
        let mut body = self.func_gen(index, resume_fn);
        body.generator = Some(frame);
        body.emit()?;
        body.emit_drop(drop_fn);
        Ok(())
    }

    /// The unit's own function: a new state holding the arguments, at index 0.
    fn emit_create(
        &self,
        index: usize,
        layout: StructType<'c>,
        resume_fn: FunctionValue<'c>,
        drop_fn: FunctionValue<'c>,
    ) {
        let fg = self.func_gen(index, self.fns[index]);
        let ctx = self.ctx;
        let b = &fg.builder;
        let entry = ctx.append_basic_block(fg.func, "create");
        b.position_at_end(entry);
        let args = fg.read_args();
        let ptr = ctx.ptr_type(AddressSpace::default());
        let i64t = ctx.i64_type();
        let new = fg.extern_fn(
            oxjit_runtime::symbols::GENERATOR_NEW,
            ptr.fn_type(&[i64t.into()], false),
        );
        let size = layout.size_of().unwrap();
        let block = fg.call(new, &[size.into()]).unwrap().into_pointer_value();
        // A null block means the allocation failed (MemoryError is recorded).
        let failed = b.build_is_null(block, "").unwrap();
        let fail = ctx.append_basic_block(fg.func, "failed");
        let made = ctx.append_basic_block(fg.func, "made");
        b.build_conditional_branch(failed, fail, made).unwrap();
        b.position_at_end(fail);
        b.build_return(Some(&ctx.i32_type().const_int(1, false)))
            .unwrap();
        b.position_at_end(made);
        let data = fg.call(
            fg.extern_fn(
                oxjit_runtime::symbols::MEMINFO_DATA,
                ptr.fn_type(&[ptr.into()], false),
            ),
            &[block.into()],
        );
        let state = data.unwrap().into_pointer_value();
        let field = |i: u32| b.build_struct_gep(layout, state, i, "").unwrap();
        let resume = resume_fn.as_global_value().as_pointer_value();
        b.build_store(field(RESUME_FIELD), resume).unwrap();
        let drop = drop_fn.as_global_value().as_pointer_value();
        b.build_store(field(DROP_FIELD), drop).unwrap();
        for (i, (x, t)) in args.iter().zip(&fg.tf.arg_types).enumerate() {
            // The state holds its own reference to what it keeps.
            fg.incref(*x, t);
            b.build_store(field(FIRST_ARG_FIELD + i as u32), *x)
                .unwrap();
        }
        let out = fg.func.get_nth_param(0).unwrap().into_pointer_value();
        b.build_store(out, block).unwrap();
        b.build_return(Some(&ctx.i32_type().const_zero())).unwrap();
    }
}

impl<'c> FuncGen<'c, '_> {
    fn state_field(&self, g: &Frame<'c>, field: u32) -> PointerValue<'c> {
        self.builder
            .build_struct_gep(g.layout, g.state, field, "")
            .unwrap()
    }

    /// A generator's field where a loop keeps its place in a dict.
    pub(crate) fn generator_dict_loop(&self, counter: Value, nth: u32) -> Option<PointerValue<'c>> {
        let g = self.generator.as_ref()?;
        let field = *g.dict_loops.get(&(counter, nth))?;
        Some(self.state_field(g, field))
    }

    /// The arguments, as the state holds them.
    pub(crate) fn generator_args(&self) -> Option<Vec<BasicValueEnum<'c>>> {
        let g = self.generator.as_ref()?;
        let loads = self.tf.arg_types.iter().enumerate().map(|(i, t)| {
            let p = self.state_field(g, FIRST_ARG_FIELD + i as u32);
            self.builder
                .build_load(value_type(self.ctx, t), p, "arg")
                .unwrap()
        });
        Some(loads.collect())
    }

    /// A value live across a yield, loaded from its field where it is used.
    pub(crate) fn slot_load(&self, v: Value) -> Option<BasicValueEnum<'c>> {
        let g = self.generator.as_ref()?;
        let field = *g.slots.get(&v)?;
        let t = value_type(self.ctx, self.tf.ty(v));
        Some(
            self.builder
                .build_load(t, self.state_field(g, field), "")
                .unwrap(),
        )
    }

    /// Stores a value live across a yield into its field, where it is defined.
    pub(crate) fn slot_store(&self, v: Value, x: BasicValueEnum<'c>) {
        let Some(g) = self.generator.as_ref() else {
            return;
        };
        if let Some(&field) = g.slots.get(&v) {
            self.builder
                .build_store(self.state_field(g, field), x)
                .unwrap();
        }
    }

    /// The switch on the state's index that starts the resume function.
    pub(crate) fn emit_dispatch(&self, entry: Block) -> DResult<()> {
        let g = self.generator.as_ref().expect("a generator body");
        let ctx = self.ctx;
        let index_ptr = self.state_field(g, INDEX_FIELD);
        let index = self
            .builder
            .build_load(ctx.i64_type(), index_ptr, "index")
            .unwrap()
            .into_int_value();
        let done = ctx.append_basic_block(self.func, "done");
        let mut cases: Vec<(IntValue<'c>, BasicBlock<'c>)> =
            vec![(self.i64(0), self.blocks[&entry])];
        for (k, r) in g.resumes.iter().enumerate() {
            if !self.tf.func.blocks[*r].params.is_empty() {
                return Err(Diagnostic::internal(
                    "a yield goes on at a block with parameters",
                ));
            }
            cases.push((self.i64(k as i64 + 1), self.blocks[r]));
        }
        self.builder.build_switch(index, done, &cases).unwrap();
        self.builder.position_at_end(done);
        self.builder
            .build_return(Some(&ctx.i32_type().const_int(2, false)))
            .unwrap();
        Ok(())
    }

    /// Marks the generator finished and gives back the arguments it held (at its end, or
    /// when it raised).
    pub(crate) fn finish_generator(&self) {
        let Some(g) = self.generator.as_ref() else {
            return;
        };
        let index = self.state_field(g, INDEX_FIELD);
        self.builder.build_store(index, self.i64(-1)).unwrap();
        self.release_state_args(g);
    }

    fn release_state_args(&self, g: &Frame<'c>) {
        for (i, t) in self.tf.arg_types.iter().enumerate() {
            if t.is_managed() {
                let p = self.state_field(g, FIRST_ARG_FIELD + i as u32);
                let x = self
                    .builder
                    .build_load(value_type(self.ctx, t), p, "")
                    .unwrap();
                self.decref(x, t);
            }
        }
    }

    /// `yield value`: the value goes into the state (the reader takes its reference),
    /// what dies here is released, and the function returns until resumed.
    pub(crate) fn lower_yield(&mut self, inst: Inst) {
        let Op::Yield {
            value,
            resume,
            args,
        } = &self.tf.func.insts[inst].op
        else {
            unreachable!("lower_yield of another op")
        };
        let g = self.generator.as_ref().expect("a generator body");
        let (x, t) = self.operand(*value);
        let x = self.convert(x, &t, &g.item);
        self.incref(x, &g.item);
        let current = self.state_field(g, CURRENT_FIELD);
        let stored = to_memory(self.ctx, &self.builder, &g.item, x);
        self.builder.build_store(current, stored).unwrap();
        let k = g.resumes.iter().position(|r| r == resume).unwrap() as i64 + 1;
        let index = self.state_field(g, INDEX_FIELD);
        self.builder.build_store(index, self.i64(k)).unwrap();
        self.edge(*resume, args);
        self.builder
            .build_return(Some(&self.ctx.i32_type().const_zero()))
            .unwrap();
    }

    /// `drop(state)`: what a generator suspended at each index holds, released.
    pub(crate) fn emit_drop(&self, drop_fn: FunctionValue<'c>) {
        let g = self.generator.as_ref().expect("a generator body");
        let ctx = self.ctx;
        let b = &self.builder;
        let entry = ctx.append_basic_block(drop_fn, "entry");
        let done = ctx.append_basic_block(drop_fn, "done");
        b.position_at_end(done);
        b.build_return(None).unwrap();
        // The same state pointer, as the drop function's parameter.
        let frame = Frame {
            state: drop_fn.get_nth_param(0).unwrap().into_pointer_value(),
            layout: g.layout,
            slots: g.slots.clone(),
            resumes: g.resumes.clone(),
            item: g.item.clone(),
            dict_loops: HashMap::new(),
        };
        let lv = self.liveness.as_ref().expect("liveness of the body");
        let mut cases = Vec::new();
        for k in 0..=frame.resumes.len() {
            let bb = ctx.append_basic_block(drop_fn, "release");
            b.position_at_end(bb);
            self.release_state_args(&frame);
            if k > 0 {
                let mut held: Vec<Value> = lv.live_in[&frame.resumes[k - 1]]
                    .iter()
                    .copied()
                    .filter(|v| !self.borrowed.contains(v))
                    .filter(|v| !matches!(self.tf.func.def_op(*v), Some(Op::Arg(_))))
                    .collect();
                held.sort();
                for v in held {
                    let t = self.tf.ty(v);
                    let p = self.state_field(&frame, frame.slots[&v]);
                    let x = b.build_load(value_type(ctx, t), p, "").unwrap();
                    self.decref(x, t);
                }
            }
            b.build_unconditional_branch(done).unwrap();
            cases.push((self.i64(k as i64), bb));
        }
        b.position_at_end(entry);
        let index = b
            .build_load(ctx.i64_type(), self.state_field(&frame, INDEX_FIELD), "")
            .unwrap()
            .into_int_value();
        b.build_switch(index, done, &cases).unwrap();
    }

    /// `iterlen` of a generator: resumes it; the loop goes on (`position + 1`) while it
    /// yields.
    pub(crate) fn generator_next(
        &self,
        gen: BasicValueEnum<'c>,
        position: IntValue<'c>,
    ) -> IntValue<'c> {
        let ctx = self.ctx;
        let ptr = ctx.ptr_type(AddressSpace::default());
        let state = self.generator_state(gen);
        let resume = self.builder.build_load(ptr, state, "resume").unwrap();
        let fty = ctx.i32_type().fn_type(&[ptr.into()], false);
        let status = self
            .builder
            .build_indirect_call(fty, resume.into_pointer_value(), &[state.into()], "")
            .unwrap()
            .try_as_basic_value()
            .basic()
            .unwrap()
            .into_int_value();
        let failed = self
            .builder
            .build_int_compare(
                inkwell::IntPredicate::EQ,
                status,
                ctx.i32_type().const_int(1, false),
                "",
            )
            .unwrap();
        self.leave_on_failure(failed);
        let yielded = self
            .builder
            .build_int_compare(
                inkwell::IntPredicate::EQ,
                status,
                ctx.i32_type().const_zero(),
                "",
            )
            .unwrap();
        let next = self
            .builder
            .build_int_add(position, self.i64(1), "")
            .unwrap();
        self.builder
            .build_select(yielded, next, position, "")
            .unwrap()
            .into_int_value()
    }

    /// `iterget` of a generator: the item it yielded last (taking its reference).
    pub(crate) fn generator_item(
        &self,
        gen: BasicValueEnum<'c>,
        item: &Type,
    ) -> BasicValueEnum<'c> {
        let state = self.generator_state(gen);
        let offset = self.i64(oxjit_runtime::generator::CURRENT_OFFSET as i64);
        // SAFETY: the item sits at a fixed offset of every generator state.
        let p = unsafe {
            self.builder
                .build_in_bounds_gep(self.ctx.i8_type(), state, &[offset], "current")
        }
        .unwrap();
        let raw = self
            .builder
            .build_load(memory_type(self.ctx, item), p, "")
            .unwrap();
        from_memory(self.ctx, &self.builder, item, raw)
    }

    fn generator_state(&self, gen: BasicValueEnum<'c>) -> PointerValue<'c> {
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let f = self.extern_fn(
            oxjit_runtime::symbols::MEMINFO_DATA,
            ptr.fn_type(&[ptr.into()], false),
        );
        self.call(f, &[gen]).unwrap().into_pointer_value()
    }
}
