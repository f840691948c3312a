//! The walk over a typed function: blocks, block parameters as phis, and each op.

use crate::model::{assemble, extract_path, memory_type, scalar_leaves, value_type};
use crate::nonneg::nonneg_values;
use crate::{entry_symbol, ModuleInput, Options};
use inkwell::basic_block::BasicBlock;
use inkwell::builder::Builder;
use inkwell::context::Context;
use inkwell::module::{Linkage, Module};
use inkwell::types::{BasicMetadataTypeEnum, BasicTypeEnum, FunctionType};
use inkwell::values::{
    BasicMetadataValueEnum, BasicValue, BasicValueEnum, FunctionValue, IntValue, PhiValue,
    PointerValue,
};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_diagnostics::DResult;
use oxjit_infer::{Resolved, TypedFunction};
use oxjit_ir::{Block, CmpOp, Inst, Op, Value};
use oxjit_runtime::ErrorKind;
use oxjit_types::{Dtype, GlobalValue, TupleType, Type};
use std::collections::{HashMap, HashSet};

pub(crate) struct ModuleGen<'c, 'm, 'a> {
    pub(crate) ctx: &'c Context,
    pub(crate) module: &'m Module<'c>,
    pub(crate) input: &'a ModuleInput<'a>,
    pub(crate) fns: Vec<FunctionValue<'c>>,
    /// The root is the host-callable entry itself (see `declare_all`).
    root_is_entry: bool,
}

impl<'c, 'm, 'a> ModuleGen<'c, 'm, 'a> {
    pub fn new(ctx: &'c Context, module: &'m Module<'c>, input: &'a ModuleInput<'a>) -> Self {
        ModuleGen {
            ctx,
            module,
            input,
            fns: Vec::new(),
            root_is_entry: false,
        }
    }

    fn fn_type(&self, tf: &TypedFunction) -> FunctionType<'c> {
        let mut params: Vec<BasicMetadataTypeEnum> =
            vec![self.ctx.ptr_type(AddressSpace::default()).into()];
        params.extend(
            tf.arg_types
                .iter()
                .map(|t| BasicMetadataTypeEnum::from(value_type(self.ctx, t))),
        );
        self.ctx.i32_type().fn_type(&params, false)
    }

    /// Declares every unit. The root is emitted as the host-callable entry itself
    /// (`i32 entry(ptr ret, ptr args)`, arguments and result in memory layout) unless a
    /// unit calls it recursively; then it keeps the internal convention and gets a
    /// separate wrapper (`emit_entry_wrapper`). Emitting the entry directly spares LLVM
    /// inlining the whole root into a wrapper: about a fifth of optimisation time.
    pub fn declare_all(&mut self) {
        self.root_is_entry = !self.root_called();
        for (i, unit) in self.input.units.iter().enumerate() {
            let f = if i == 0 && self.root_is_entry {
                let ptr = self.ctx.ptr_type(AddressSpace::default());
                let fty = self
                    .ctx
                    .i32_type()
                    .fn_type(&[ptr.into(), ptr.into()], false);
                self.module
                    .add_function(&entry_symbol(&unit.symbol), fty, Some(Linkage::External))
            } else {
                self.module.add_function(
                    &unit.symbol,
                    self.fn_type(unit.typed),
                    Some(Linkage::Internal),
                )
            };
            self.fns.push(f);
        }
        if !self.root_is_entry {
            // The wrapper is the root's one outside caller: inline it there without
            // asking the inliner's cost model (see `crate::pipeline`).
            let always = inkwell::attributes::Attribute::get_named_enum_kind_id("alwaysinline");
            self.fns[0].add_attribute(
                inkwell::attributes::AttributeLoc::Function,
                self.ctx.create_enum_attribute(always, 0),
            );
        }
    }

    /// Whether some unit calls the root (recursion).
    fn root_called(&self) -> bool {
        self.input.units.iter().any(|u| {
            u.typed.resolved.iter().any(|(_, r)| match r {
                Resolved::Jitted { id, args, .. } => {
                    self.input.callees.get(&(*id, args.clone())) == Some(&0)
                }
                _ => false,
            })
        })
    }

    /// Whether the root needs a separate entry wrapper.
    pub fn needs_entry_wrapper(&self) -> bool {
        !self.root_is_entry
    }

    pub fn emit_unit(&mut self, index: usize) -> DResult<()> {
        if self.input.units[index].typed.func.is_generator {
            return self.emit_generator(index);
        }
        self.func_gen(index, self.fns[index]).emit()
    }

    /// A generator for unit `index`'s body, emitted into `func`.
    pub(crate) fn func_gen(&self, index: usize, func: FunctionValue<'c>) -> FuncGen<'c, '_> {
        let unit = &self.input.units[index];
        let ret_types = self
            .input
            .units
            .iter()
            .map(|u| u.typed.ret.clone())
            .collect();
        let mut fg = FuncGen::blank(
            self.ctx,
            self.module,
            func,
            unit.typed,
            (&self.input.callees, &self.fns, ret_types),
            self.input.options,
        );
        fg.is_entry = index == 0 && self.root_is_entry && func == self.fns[index];
        fg.nonneg = nonneg_values(unit.typed);
        fg.uses = count_uses(unit.typed);
        fg.numpy_semantics.set(unit.numpy_semantics);
        fg
    }

    /// `i32 sym_entry(ptr ret, ptr args)`: arguments and result in memory layout.
    pub fn emit_entry_wrapper(&mut self, index: usize) {
        let unit = &self.input.units[index];
        let tf = unit.typed;
        let ctx = self.ctx;
        let ptr = ctx.ptr_type(AddressSpace::default());
        let fty = ctx.i32_type().fn_type(&[ptr.into(), ptr.into()], false);
        let f = self
            .module
            .add_function(&entry_symbol(&unit.symbol), fty, Some(Linkage::External));
        let b = ctx.create_builder();
        let bb = ctx.append_basic_block(f, "entry");
        b.position_at_end(bb);
        let ret_ptr = f.get_nth_param(0).unwrap().into_pointer_value();
        let args_ptr = f.get_nth_param(1).unwrap().into_pointer_value();
        let mut call_args: Vec<BasicMetadataValueEnum> = Vec::new();
        let slot = b.build_alloca(value_type(ctx, &tf.ret), "ret").unwrap();
        call_args.push(slot.into());
        for (i, t) in tf.arg_types.iter().enumerate() {
            let idx = ctx.i64_type().const_int(i as u64, false);
            let pp = unsafe { b.build_in_bounds_gep(ptr, args_ptr, &[idx], "argp") }.unwrap();
            let p = b.build_load(ptr, pp, "arg").unwrap().into_pointer_value();
            let mem = b.build_load(memory_type(ctx, t), p, "").unwrap();
            call_args.push(from_memory(ctx, &b, t, mem).into());
        }
        let status = b
            .build_call(self.fns[index], &call_args, "status")
            .unwrap()
            .try_as_basic_value()
            .basic()
            .unwrap()
            .into_int_value();
        let ok = ctx.append_basic_block(f, "ok");
        let fail = ctx.append_basic_block(f, "fail");
        let is_ok = b
            .build_int_compare(IntPredicate::EQ, status, ctx.i32_type().const_zero(), "")
            .unwrap();
        b.build_conditional_branch(is_ok, ok, fail).unwrap();
        b.position_at_end(fail);
        b.build_return(Some(&status)).unwrap();
        b.position_at_end(ok);
        let result = b.build_load(value_type(ctx, &tf.ret), slot, "").unwrap();
        let mem = to_memory(ctx, &b, &tf.ret, result);
        b.build_store(ret_ptr, mem).unwrap();
        b.build_return(Some(&ctx.i32_type().const_zero())).unwrap();
    }
}

/// Block parameters some path reaches without a value (directly from a never-assigned
/// variable, or through another such parameter).
pub(crate) fn maybe_unassigned(tf: &TypedFunction) -> Vec<Value> {
    let func = &tf.func;
    let mut out: HashSet<Value> = HashSet::new();
    loop {
        let before = out.len();
        for b in func.blocks.keys() {
            for (succ, args) in func.edges(b) {
                for (i, a) in args.iter().enumerate() {
                    let p = func.blocks[succ].params[i];
                    // An untyped argument is a parameter no path assigned.
                    let undef = matches!(func.def_op(*a), Some(Op::Undef))
                        || out.contains(a)
                        || tf.types[*a].is_none();
                    if undef && tf.types[p].is_some() {
                        out.insert(p);
                    }
                }
            }
        }
        if out.len() == before {
            let mut v: Vec<Value> = out.into_iter().collect();
            v.sort();
            return v;
        }
    }
}

fn count_uses(tf: &TypedFunction) -> HashMap<Value, (usize, Inst)> {
    let mut out: HashMap<Value, (usize, Inst)> = HashMap::new();
    let mut count = |v: Value, inst: Inst| {
        let e = out.entry(v).or_insert((0, inst));
        e.0 += 1;
        e.1 = inst;
    };
    for (inst, data) in tf.func.insts.iter() {
        data.op.for_each_arg(|v| count(v, inst));
    }
    // A block's exception edge reads its arguments wherever the block may raise.
    for b in tf.func.blocks.keys() {
        if let Some(t) = tf.func.terminator(b) {
            tf.func.unwind_args(b).iter().for_each(|&v| count(v, t));
        }
    }
    out
}

/// Rebuilds struct `v` as a struct of type `out`, field `i` (of type `items[i]`) passed
/// through `convert`.
fn map_fields<'c>(
    b: &Builder<'c>,
    items: &[Type],
    v: BasicValueEnum<'c>,
    out: inkwell::types::StructType<'c>,
    convert: impl Fn(&Type, BasicValueEnum<'c>) -> BasicValueEnum<'c>,
) -> BasicValueEnum<'c> {
    let mut out = out.get_undef();
    for (i, it) in items.iter().enumerate() {
        let f = b
            .build_extract_value(v.into_struct_value(), i as u32, "")
            .unwrap();
        out = b
            .build_insert_value(out, convert(it, f), i as u32, "")
            .unwrap()
            .into_struct_value();
    }
    out.into()
}

/// Converts a value loaded in memory layout to its register form (bytes to `i1`).
pub(crate) fn from_memory<'c>(
    ctx: &'c Context,
    b: &Builder<'c>,
    t: &Type,
    v: BasicValueEnum<'c>,
) -> BasicValueEnum<'c> {
    match t {
        Type::Scalar(Dtype::Bool) => b
            .build_int_compare(
                IntPredicate::NE,
                v.into_int_value(),
                ctx.i8_type().const_zero(),
                "",
            )
            .unwrap()
            .into(),
        Type::Tuple(TupleType { items, .. }) | Type::Zip(items) => {
            let out = value_type(ctx, t).into_struct_type();
            map_fields(b, items, v, out, |it, f| from_memory(ctx, b, it, f))
        }
        Type::Optional(inner) => from_memory(ctx, b, &Type::optional_pair(inner), v),
        _ => v,
    }
}

/// Converts a register value to its memory layout (`i1` to a byte).
pub(crate) fn to_memory<'c>(
    ctx: &'c Context,
    b: &Builder<'c>,
    t: &Type,
    v: BasicValueEnum<'c>,
) -> BasicValueEnum<'c> {
    match t {
        Type::Scalar(Dtype::Bool) => b
            .build_int_z_extend(v.into_int_value(), ctx.i8_type(), "")
            .unwrap()
            .into(),
        Type::Tuple(TupleType { items, .. }) | Type::Zip(items) => {
            let out = memory_type(ctx, t).into_struct_type();
            map_fields(b, items, v, out, |it, f| to_memory(ctx, b, it, f))
        }
        Type::Optional(inner) => to_memory(ctx, b, &Type::optional_pair(inner), v),
        _ => v,
    }
}

pub(crate) struct FuncGen<'c, 'g> {
    pub ctx: &'c Context,
    pub module: &'g Module<'c>,
    pub builder: Builder<'c>,
    pub func: FunctionValue<'c>,
    /// `func` is the host-callable entry: arguments come through a pointer array and the
    /// result is stored in memory layout.
    pub is_entry: bool,
    /// The arguments' values, read once at the top of the function.
    pub args: Vec<BasicValueEnum<'c>>,
    pub tf: &'g TypedFunction,
    values: Vec<Option<BasicValueEnum<'c>>>,
    pub blocks: HashMap<Block, BasicBlock<'c>>,
    phis: HashMap<Value, ParamPhi<'c>>,
    pub nonneg: HashSet<Value>,
    pub options: Options,
    callees: &'g HashMap<(u64, Vec<Type>), usize>,
    fns: &'g [FunctionValue<'c>],
    /// Return type of each unit, for calls between them.
    ret_types: Vec<Type>,
    pub(crate) liveness: Option<crate::liveness::Liveness>,
    /// Managed values holding a reference at the point being emitted.
    pub live: std::cell::RefCell<Vec<Value>>,
    /// Owned values made by the instruction being emitted (released on its error exits).
    pub temps: std::cell::RefCell<Vec<(BasicValueEnum<'c>, Type)>>,
    /// The block being emitted.
    current: Option<Block>,
    /// Elementwise expressions not materialised yet (their only user extends them).
    pub deferred: std::cell::RefCell<HashMap<Value, Deferred<'c>>>,
    /// Every value ever deferred: it has no LLVM value and no reference of its own.
    pub deferred_values: std::cell::RefCell<HashSet<Value>>,
    /// Number of uses of each value, and the instruction of the last one seen.
    pub uses: HashMap<Value, (usize, Inst)>,
    /// Scalar arithmetic inside array kernels follows NumPy (no ZeroDivisionError).
    pub numpy_semantics: std::cell::Cell<bool>,
    /// Managed values that hold no reference of their own (see `refcount::borrowed_values`).
    pub borrowed: HashSet<Value>,
    /// Arrays whose memory the caller keeps alive (arguments and views of them).
    argument_memory: HashSet<Value>,
    /// Whether the instruction being emitted produces a borrowed value.
    pub result_borrowed: std::cell::Cell<bool>,
    /// For block parameters some path leaves unassigned (a variable assigned in only one
    /// branch): a flag saying whether it holds a value, checked where it is read.
    assigned: HashMap<Value, PhiValue<'c>>,
    /// Alias facts for the element loads and stores being emitted (elementwise loops).
    pub element_alias: std::cell::Cell<Option<crate::loops::ElementAlias<'c>>>,
    /// Alias scopes made so far (each gets a distinct name).
    pub alias_scopes: std::cell::Cell<u32>,
    /// In a generator's resume function: how it reaches its state.
    pub(crate) generator: Option<crate::generator::Frame<'c>>,
    /// While an `iterlen` or `iterget` is emitted: its loop counter, and how many dicts
    /// it has walked so far (each keeps its place in a slot of its own).
    pub(crate) dict_loop: std::cell::Cell<Option<(Value, u32)>>,
    /// The place-keeping slot of each (loop counter, dict) walked so far.
    pub(crate) dict_loop_slots: std::cell::RefCell<HashMap<(Value, u32), PointerValue<'c>>>,
}

/// The other functions of the module a function may call: the unit of each callee
/// signature, every unit's LLVM function and return type.
type Callees<'c, 'g> = (
    &'g HashMap<(u64, Vec<Type>), usize>,
    &'g [FunctionValue<'c>],
    Vec<Type>,
);

impl<'c, 'g> FuncGen<'c, 'g> {
    /// A generator for `func` (implementing `tf`) with nothing emitted or analysed yet.
    fn blank(
        ctx: &'c Context,
        module: &'g Module<'c>,
        func: FunctionValue<'c>,
        tf: &'g TypedFunction,
        (callees, fns, ret_types): Callees<'c, 'g>,
        options: Options,
    ) -> FuncGen<'c, 'g> {
        FuncGen {
            ctx,
            module,
            builder: ctx.create_builder(),
            func,
            is_entry: false,
            args: Vec::new(),
            tf,
            values: vec![None; tf.func.values.len()],
            blocks: HashMap::new(),
            phis: HashMap::new(),
            nonneg: HashSet::new(),
            options,
            callees,
            fns,
            ret_types,
            liveness: None,
            live: Default::default(),
            temps: Default::default(),
            current: None,
            deferred: Default::default(),
            deferred_values: Default::default(),
            uses: HashMap::new(),
            numpy_semantics: std::cell::Cell::new(false),
            borrowed: HashSet::new(),
            argument_memory: HashSet::new(),
            result_borrowed: std::cell::Cell::new(false),
            assigned: HashMap::new(),
            element_alias: Default::default(),
            alias_scopes: Default::default(),
            generator: None,
            dict_loop: Default::default(),
            dict_loop_slots: Default::default(),
        }
    }

    /// A generator for `func`, a function outlined from this one (a parallel loop's
    /// chunk body): it shares the module and the typed function being emitted, but
    /// none of its values, blocks or references.
    pub(crate) fn outlined(&self, func: FunctionValue<'c>) -> FuncGen<'c, 'g> {
        let callees = (self.callees, self.fns, self.ret_types.clone());
        let fg = FuncGen::blank(self.ctx, self.module, func, self.tf, callees, self.options);
        fg.numpy_semantics.set(self.numpy_semantics.get());
        fg.alias_scopes.set(self.alias_scopes.get());
        fg
    }
}

/// An elementwise expression waiting for its user, with the references it holds to its
/// leaf arrays.
pub struct Deferred<'c> {
    pub node: crate::elementwise::Node<'c>,
    pub held: Vec<(BasicValueEnum<'c>, Type)>,
}

/// An operand: its LLVM value and oxjit type.
pub(crate) type Typed<'c> = (BasicValueEnum<'c>, Type);

impl<'c> FuncGen<'c, '_> {
    /// Runs `f` with scalar arithmetic following NumPy (`true`: no ZeroDivisionError, C
    /// integer semantics for `//` and `%`) or Python, then restores the mode it found.
    pub fn with_numpy_semantics<R>(&self, numpy: bool, f: impl FnOnce() -> R) -> R {
        let before = self.numpy_semantics.replace(numpy);
        let r = f();
        self.numpy_semantics.set(before);
        r
    }

    /// The arguments, as parameters or (for the entry) loaded through the pointer array.
    pub(crate) fn read_args(&self) -> Vec<BasicValueEnum<'c>> {
        if let Some(args) = self.generator_args() {
            return args;
        }
        let n = self.tf.arg_types.len() as u32;
        if !self.is_entry {
            return (0..n)
                .map(|i| self.func.get_nth_param(i + 1).unwrap())
                .collect();
        }
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let args_ptr = self.func.get_nth_param(1).unwrap().into_pointer_value();
        let b = &self.builder;
        self.tf
            .arg_types
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let idx = self.ctx.i64_type().const_int(i as u64, false);
                // SAFETY: the host passes one pointer per argument.
                let pp = unsafe { b.build_in_bounds_gep(ptr, args_ptr, &[idx], "argp") }.unwrap();
                let p = b.build_load(ptr, pp, "arg").unwrap().into_pointer_value();
                let mem = b.build_load(memory_type(self.ctx, t), p, "").unwrap();
                from_memory(self.ctx, b, t, mem)
            })
            .collect()
    }

    pub(crate) fn emit(&mut self) -> DResult<()> {
        let order = self.tf.func.reverse_postorder();
        // A generator's body starts by switching to where it stopped.
        let dispatch = self
            .generator
            .as_ref()
            .map(|_| self.ctx.append_basic_block(self.func, "dispatch"));
        for &b in &order {
            let bb = self.ctx.append_basic_block(self.func, &b.to_string());
            self.blocks.insert(b, bb);
        }
        self.builder
            .position_at_end(dispatch.unwrap_or(self.blocks[&order[0]]));
        self.args = self.read_args();
        for &b in &order {
            self.builder.position_at_end(self.blocks[&b]);
            let mut split = Vec::new();
            for &p in &self.tf.func.blocks[b].params {
                let Some(t) = &self.tf.types[p] else { continue };
                let ty = value_type(self.ctx, t);
                let phi = if matches!(t, Type::Array(_)) {
                    // One phi per scalar field: LLVM then sees which fields a loop really
                    // carries (`u, v = v, u` swaps two arrays of the same shape) instead
                    // of moving whole headers through registers.
                    let (paths, fields): (Vec<_>, Vec<_>) = scalar_leaves(ty)
                        .into_iter()
                        .map(|(path, fty)| {
                            (path, self.builder.build_phi(fty, &p.to_string()).unwrap())
                        })
                        .unzip();
                    let parts: Vec<BasicValueEnum<'c>> =
                        fields.iter().map(|f| f.as_basic_value()).collect();
                    split.push((p, ty, parts));
                    ParamPhi::Fields(fields, paths)
                } else {
                    let phi = self.builder.build_phi(ty, &p.to_string()).unwrap();
                    self.values[p.index_usize()] = Some(phi.as_basic_value());
                    ParamPhi::Whole(phi)
                };
                self.phis.insert(p, phi);
            }
            // The split parameters' values, built after every phi of the block.
            for (p, ty, parts) in split {
                let whole = assemble(&self.builder, ty, &mut parts.into_iter());
                self.values[p.index_usize()] = Some(whole);
            }
        }
        for p in maybe_unassigned(self.tf) {
            if !self.phis.contains_key(&p) {
                continue;
            }
            let oxjit_ir::ValueDef::Param(block, _) = self.tf.func.values[p] else {
                unreachable!("maybe-unassigned values are block parameters")
            };
            let bb = self.blocks[&block];
            match bb.get_first_instruction() {
                Some(i) => self.builder.position_before(&i),
                None => self.builder.position_at_end(bb),
            }
            let flag = self
                .builder
                .build_phi(self.ctx.bool_type(), "assigned")
                .unwrap();
            self.assigned.insert(p, flag);
        }
        self.liveness = Some(crate::liveness::compute(self.tf, &order));
        self.argument_memory = crate::refcount::in_argument_memory(self.tf);
        self.borrowed = crate::refcount::borrowed_values(
            self.tf,
            self.liveness.as_ref().unwrap(),
            &self.argument_memory,
        );
        if let Some(dispatch) = dispatch {
            self.builder.position_at_end(dispatch);
            self.emit_dispatch(order[0])?;
        }
        for &b in &order {
            self.builder.position_at_end(self.blocks[&b]);
            self.current = Some(b);
            for &p in &self.tf.func.blocks[b].params {
                if let Some(x) = self.values[p.index_usize()] {
                    self.slot_store(p, x);
                }
            }
            self.enter_block(b);
            for (pos, &inst) in self.tf.func.blocks[b].insts.iter().enumerate() {
                self.inst(inst)?;
                self.drop_temps();
                if !self.tf.func.insts[inst].op.is_terminator() {
                    self.after_inst(b, pos, inst);
                }
            }
        }
        Ok(())
    }

    fn is_managed(&self, v: Value) -> bool {
        self.tf.types[v].as_ref().is_some_and(|t| t.is_managed())
    }

    /// Live references at a block's start: what flows in, plus its parameters (which die
    /// at once when nothing reads them).
    fn enter_block(&mut self, b: Block) {
        let lv = self.liveness.as_ref().unwrap();
        let mut live: Vec<Value> = lv.live_in[&b].iter().copied().collect();
        live.sort();
        for &p in &self.tf.func.blocks[b].params {
            if self.is_managed(p) {
                if lv.last_use[&b].contains_key(&p) || lv.live_out[&b].contains(&p) {
                    live.push(p);
                } else {
                    self.decref_value(p);
                }
            }
        }
        *self.live.borrow_mut() = live;
    }

    /// Releases operands whose last use this was, and a result nothing reads.
    fn after_inst(&mut self, b: Block, pos: usize, inst: Inst) {
        let lv = self.liveness.as_ref().unwrap();
        let live_out = &lv.live_out[&b];
        let last = &lv.last_use[&b];
        let deferred = self.deferred_values.borrow();
        for v in crate::liveness::managed_uses(self.tf, b, inst) {
            if deferred.contains(&v) {
                continue;
            }
            if last.get(&v) == Some(&pos) && !live_out.contains(&v) {
                self.decref_value(v);
                self.live.borrow_mut().retain(|x| *x != v);
            }
        }
        if let Some(r) = self.tf.func.insts[inst].result {
            if self.is_managed(r) && !deferred.contains(&r) {
                let used_later = last.get(&r).is_some_and(|&p| p > pos);
                if used_later || live_out.contains(&r) {
                    self.live.borrow_mut().push(r);
                } else {
                    self.decref_value(r);
                }
            }
        }
    }

    /// Values that die on the edge into `target` (live now, not needed there).
    fn dying_on_edge(&self, target: Block) -> Vec<Value> {
        let lv = self.liveness.as_ref().unwrap();
        let needed = &lv.live_in[&target];
        self.live
            .borrow()
            .iter()
            .copied()
            .filter(|v| !needed.contains(v))
            .collect()
    }

    pub fn i64(&self, v: i64) -> IntValue<'c> {
        self.ctx.i64_type().const_int(v as u64, true)
    }

    pub fn ty(&self, v: Value) -> &Type {
        self.tf.ty(v)
    }

    pub fn val(&self, v: Value) -> BasicValueEnum<'c> {
        if let Some(x) = self.slot_load(v) {
            return x;
        }
        self.values[v.index_usize()].unwrap_or_else(|| panic!("{v} used before definition"))
    }

    pub fn operand(&self, v: Value) -> Typed<'c> {
        (self.val(v), self.ty(v).clone())
    }

    fn set(&mut self, v: Value, x: BasicValueEnum<'c>) {
        self.values[v.index_usize()] = Some(x);
        self.slot_store(v, x);
    }

    pub fn set_value(&mut self, v: Value, x: BasicValueEnum<'c>) {
        self.set(v, x);
    }

    /// A value with no run-time data (modules, functions, None).
    pub fn unit(&self, t: &Type) -> BasicValueEnum<'c> {
        value_type(self.ctx, t).const_zero()
    }

    /// Declares (once) an external runtime or libm function.
    pub fn extern_fn(&self, name: &str, ty: FunctionType<'c>) -> FunctionValue<'c> {
        self.module
            .get_function(name)
            .unwrap_or_else(|| self.module.add_function(name, ty, Some(Linkage::External)))
    }

    pub fn call(
        &self,
        f: FunctionValue<'c>,
        args: &[BasicValueEnum<'c>],
    ) -> Option<BasicValueEnum<'c>> {
        let args: Vec<BasicMetadataValueEnum> = args.iter().map(|a| (*a).into()).collect();
        self.builder
            .build_call(f, &args, "")
            .unwrap()
            .try_as_basic_value()
            .basic()
    }

    /// Whether `v` is an array in an argument's memory (see `refcount::in_argument_memory`).
    pub fn in_argument_memory(&self, v: BasicValueEnum<'c>) -> bool {
        self.argument_memory
            .iter()
            .any(|r| self.values[r.index_usize()] == Some(v))
    }

    /// Records a Python exception with the runtime and returns status 1.
    pub fn raise(&self, kind: ErrorKind, msg: &str) {
        self.record(kind, msg);
        self.return_error();
    }

    /// Records a Python exception with the runtime (the caller leaves afterwards).
    pub(crate) fn record(&self, kind: ErrorKind, msg: &str) {
        self.record_via(oxjit_runtime::symbols::RAISE, kind, msg);
    }

    /// Like [`Self::record`], with the items handed to the runtime just before (as for
    /// `print`) as the exception's arguments.
    pub(crate) fn record_with_items(&self, kind: ErrorKind, msg: &str) {
        self.record_via(oxjit_runtime::symbols::RAISE_WITH_ITEMS, kind, msg);
    }

    fn record_via(&self, symbol: &str, kind: ErrorKind, msg: &str) {
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let fty = self.ctx.void_type().fn_type(
            &[
                self.ctx.i32_type().into(),
                ptr.into(),
                self.ctx.i64_type().into(),
            ],
            false,
        );
        let f = self.extern_fn(symbol, fty);
        let text = self.builder.build_global_string_ptr(msg, "msg").unwrap();
        self.call(
            f,
            &[
                self.ctx
                    .i32_type()
                    .const_int(kind.as_i32() as u64, false)
                    .into(),
                text.as_pointer_value().into(),
                self.i64(msg.len() as i64).into(),
            ],
        );
    }

    /// Leaves the function with status 1 (an exception is recorded), releasing every
    /// reference it holds; inside a `try`, goes to the handler instead.
    pub fn return_error(&self) {
        self.leave_with_exception(self.ctx.i32_type().const_int(1, false));
    }

    /// Leaves the code being emitted with the exception the runtime holds: along the
    /// block's exception edge inside a `try` (what the handler needs is handed over,
    /// the rest released), else out of the function with `status`, releasing everything.
    pub fn leave_with_exception(&self, status: IntValue<'c>) {
        let unwind = self
            .current
            .and_then(|b| self.tf.func.blocks[b].unwind.as_ref());
        match unwind {
            Some((handler, args)) => {
                self.release_in_flight();
                self.edge(*handler, args);
                self.builder
                    .build_unconditional_branch(self.blocks[handler])
                    .unwrap();
            }
            None => {
                self.release_all();
                self.finish_generator();
                self.builder.build_return(Some(&status)).unwrap();
            }
        }
    }

    /// Raises `kind(msg)` when `bad` is true; code continues in a fresh block otherwise.
    pub fn raise_if(&self, bad: IntValue<'c>, kind: ErrorKind, msg: &str) {
        let fail = self.ctx.append_basic_block(self.func, "raise");
        let cont = self.ctx.append_basic_block(self.func, "cont");
        let expect = self.expect_false(bad);
        self.builder
            .build_conditional_branch(expect, fail, cont)
            .unwrap();
        self.builder.position_at_end(fail);
        self.raise(kind, msg);
        self.builder.position_at_end(cont);
    }

    /// Marks a condition as unlikely for LLVM's block placement.
    pub(crate) fn expect_false(&self, cond: IntValue<'c>) -> IntValue<'c> {
        let i1 = self.ctx.bool_type();
        let f = inkwell::intrinsics::Intrinsic::find("llvm.expect")
            .unwrap()
            .get_declaration(self.module, &[i1.into()])
            .unwrap();
        self.call(f, &[cond.into(), i1.const_zero().into()])
            .unwrap()
            .into_int_value()
    }

    /// Leaves with the exception the runtime recorded when `failed` (an `i1`) is true.
    pub fn leave_on_failure(&self, failed: IntValue<'c>) {
        let status = self
            .builder
            .build_int_z_extend(failed, self.ctx.i32_type(), "")
            .unwrap();
        self.check_status(status);
    }

    /// Propagates a non-zero status from a call returning one.
    pub fn check_status(&self, status: IntValue<'c>) {
        let bad = self
            .builder
            .build_int_compare(
                IntPredicate::NE,
                status,
                self.ctx.i32_type().const_zero(),
                "",
            )
            .unwrap();
        let fail = self.ctx.append_basic_block(self.func, "propagate");
        let cont = self.ctx.append_basic_block(self.func, "cont");
        let expect = self.expect_false(bad);
        self.builder
            .build_conditional_branch(expect, fail, cont)
            .unwrap();
        self.builder.position_at_end(fail);
        self.leave_with_exception(status);
        self.builder.position_at_end(cont);
    }

    pub fn alloca(&self, t: BasicTypeEnum<'c>) -> PointerValue<'c> {
        // Allocas go in the entry block so LLVM promotes them to registers.
        let entry = self.func.get_first_basic_block().unwrap();
        let b = self.ctx.create_builder();
        match entry.get_first_instruction() {
            Some(i) => b.position_before(&i),
            None => b.position_at_end(entry),
        }
        b.build_alloca(t, "tmp").unwrap()
    }

    pub(crate) fn const_value(&self, g: &GlobalValue, t: &Type) -> BasicValueEnum<'c> {
        match (g, t) {
            (GlobalValue::Int(i), _) => self.i64(*i).into(),
            (GlobalValue::Float(x), Type::Scalar(d)) if *d != Dtype::F64 => {
                let x = self.ctx.f64_type().const_float(*x).into();
                self.cast_scalar(x, Dtype::F64, *d)
            }
            (GlobalValue::Float(x), _) => self.ctx.f64_type().const_float(*x).into(),
            (GlobalValue::Bool(b), _) => self.ctx.bool_type().const_int(*b as u64, false).into(),
            (GlobalValue::Complex(re, im), _) => self.complex_const(*re, *im),
            (GlobalValue::Tuple(items), Type::Tuple(ts)) => {
                let vals: Vec<BasicValueEnum> = items
                    .iter()
                    .zip(ts)
                    .map(|(g, t)| self.const_value(g, t))
                    .collect();
                self.build_struct(t, &vals)
            }
            (
                GlobalValue::Array {
                    dtype,
                    shape,
                    data,
                    object,
                },
                _,
            ) => {
                // A constant header: no memory block to count (the host keeps the copy).
                let ptr = self.ctx.ptr_type(AddressSpace::default());
                let address = |a: usize| self.i64(a as i64).const_to_pointer(ptr);
                let itemsize = dtype.itemsize() as i64;
                let dims: Vec<IntValue> = shape.iter().map(|&n| self.i64(n)).collect();
                let steps = self.contiguous_strides(&dims, itemsize, oxjit_types::Layout::C);
                self.header(
                    shape.len() as u8,
                    ptr.const_null().into(),
                    address(*object).into(),
                    self.i64(shape.iter().product()),
                    self.i64(itemsize),
                    address(*data).into(),
                    &dims,
                    &steps,
                )
            }
            _ => self.unit(t),
        }
    }

    pub fn complex_const(&self, re: f64, im: f64) -> BasicValueEnum<'c> {
        let f = self.ctx.f64_type();
        self.ctx
            .const_struct(&[f.const_float(re).into(), f.const_float(im).into()], false)
            .into()
    }

    /// Builds an aggregate of type `t` from field values.
    pub fn build_struct(&self, t: &Type, fields: &[BasicValueEnum<'c>]) -> BasicValueEnum<'c> {
        let mut agg = value_type(self.ctx, t).into_struct_type().get_undef();
        for (i, f) in fields.iter().enumerate() {
            agg = self
                .builder
                .build_insert_value(agg, *f, i as u32, "")
                .unwrap()
                .into_struct_value();
        }
        agg.into()
    }

    pub fn field(&self, agg: BasicValueEnum<'c>, i: u32) -> BasicValueEnum<'c> {
        self.builder
            .build_extract_value(agg.into_struct_value(), i, "")
            .unwrap()
    }

    /// Converts a value between types that unify (int → float, tuple → wider tuple, ...).
    pub fn convert(&self, v: BasicValueEnum<'c>, from: &Type, to: &Type) -> BasicValueEnum<'c> {
        if from == to {
            return v;
        }
        match (from, to) {
            (Type::Scalar(a), Type::Scalar(b)) => self.cast_scalar(v, *a, *b),
            (
                Type::Tuple(TupleType { items: xs, .. }),
                Type::Tuple(TupleType { items: ys, .. }),
            )
            | (Type::Zip(xs), Type::Zip(ys))
                if xs.len() == ys.len() =>
            {
                let fields: Vec<BasicValueEnum> = xs
                    .iter()
                    .zip(ys)
                    .enumerate()
                    .map(|(i, (x, y))| self.convert(self.field(v, i as u32), x, y))
                    .collect();
                self.build_struct(to, &fields)
            }
            (Type::Array(a), Type::Array(b)) if a.ndim == b.ndim => v,
            (Type::Str(text), Type::Unicode) => self.str_constant(text),
            // Into an optional value: None is `(false, zeroed)`, a value `(true, value)`.
            (Type::None, Type::Optional(_)) => value_type(self.ctx, to).const_zero(),
            (Type::Optional(x), Type::Optional(y)) => {
                let inner = self.convert(self.field(v, 1), x, y);
                self.build_struct(&Type::optional_pair(y), &[self.field(v, 0), inner])
            }
            (_, Type::Optional(inner)) => {
                let value = self.convert(v, from, inner);
                let is_value = self.ctx.bool_type().const_int(1, false).into();
                self.build_struct(&Type::optional_pair(inner), &[is_value, value])
            }
            _ if to.is_compile_time() => self.unit(to),
            _ => panic!("no conversion from {from} to {to}"),
        }
    }

    /// Passes `args` to `target`'s parameters from the current block: each managed
    /// parameter gets its own reference (handed over by an argument that dies here), and
    /// everything else that dies on this edge is released.
    pub(crate) fn edge(&self, target: Block, args: &[Value]) {
        let mut dying = self.dying_on_edge(target);
        let mut incoming = Vec::with_capacity(args.len());
        let mut flags = Vec::new();
        for (i, &a) in args.iter().enumerate() {
            let p = self.tf.func.blocks[target].params[i];
            let Some(phi) = self.phis.get(&p) else {
                continue;
            };
            let pt = self.ty(p);
            let v = match &self.tf.types[a] {
                Some(at) => self.convert(self.val(a), at, pt),
                None => value_type(self.ctx, pt).const_zero(),
            };
            if pt.is_managed() && self.tf.types[a].is_some() {
                // A dying owner hands its reference over; a borrowed value has none to give.
                match dying
                    .iter()
                    .position(|d| *d == a && !self.borrowed.contains(d))
                {
                    Some(k) => {
                        dying.remove(k);
                    }
                    None => self.incref(v, pt),
                }
            }
            incoming.push((phi, v));
            if let Some(flag) = self.assigned.get(&p) {
                let f = match self.assigned.get(&a) {
                    Some(fa) => fa.as_basic_value().into_int_value(),
                    None => self
                        .ctx
                        .bool_type()
                        .const_int(self.tf.types[a].is_some() as u64, false),
                };
                flags.push((*flag, f));
            }
        }
        for v in dying {
            self.decref_value(v);
        }
        let from = self.builder.get_insert_block().unwrap();
        for (phi, v) in incoming {
            match phi {
                ParamPhi::Whole(phi) => phi.add_incoming(&[(&v as &dyn BasicValue, from)]),
                ParamPhi::Fields(fields, paths) => {
                    for (f, path) in fields.iter().zip(paths) {
                        let part = extract_path(&self.builder, v, path);
                        f.add_incoming(&[(&part as &dyn BasicValue, from)]);
                    }
                }
            }
        }
        for (phi, f) in flags {
            phi.add_incoming(&[(&f as &dyn BasicValue, from)]);
        }
    }

    fn inst(&mut self, inst: Inst) -> DResult<()> {
        let data = &self.tf.func.insts[inst];
        self.result_borrowed
            .set(data.result.is_some_and(|r| self.borrowed.contains(&r)));
        if !self.assigned.is_empty() {
            let jump_args: Vec<Value> = data
                .op
                .successors()
                .iter()
                .flat_map(|(_, a)| a.iter().copied())
                .collect();
            let mut reads = Vec::new();
            data.op.for_each_arg(|v| {
                if self.assigned.contains_key(&v) && !jump_args.contains(&v) && !reads.contains(&v)
                {
                    reads.push(v);
                }
            });
            for v in reads {
                let flag = self.assigned[&v].as_basic_value().into_int_value();
                let unset = self.builder.build_not(flag, "").unwrap();
                let name = self.tf.func.value_names[v].clone().unwrap_or_default();
                self.raise_if(
                    unset,
                    ErrorKind::UnboundLocalError,
                    &format!("cannot access local variable '{name}' where it is not associated with a value"),
                );
            }
        }
        // One module per op family (`crate::lower`).
        let value = match &data.op {
            Op::Arg(_) | Op::Const(_) | Op::Undef | Op::Global(_) => self.lower_value(inst)?,
            Op::GetAttr(..) | Op::Compare(..)
                if matches!(self.tf.resolved[inst], Resolved::Const(_)) =>
            {
                self.lower_value(inst)?
            }
            Op::Binary(..)
            | Op::InplaceBinary(..)
            | Op::Unary(..)
            | Op::Compare(..)
            | Op::Truth(_) => self.lower_arithmetic(inst)?,
            Op::Call { .. } | Op::MethodCall { .. } => self.lower_call(inst)?,
            Op::ExceptionMatches(_) | Op::Catch => self.lower_exception_op(inst)?,
            Op::Unwrap(..) => self.lower_unwrap(inst),
            Op::Yield { .. } => {
                self.lower_yield(inst);
                None
            }
            Op::Jump(..)
            | Op::Branch { .. }
            | Op::Return(_)
            | Op::Raise(_)
            | Op::RaiseFrom(..)
            | Op::Resume => self.lower_terminator(inst)?,
            _ => self.lower_access(inst)?,
        };
        if let (Some(r), Some(value)) = (self.tf.func.insts[inst].result, value) {
            self.set(r, value);
        }
        Ok(())
    }

    /// `bool(x)`.
    pub fn truth(&self, v: BasicValueEnum<'c>, t: &Type) -> IntValue<'c> {
        let b = &self.builder;
        match t {
            Type::Scalar(Dtype::Bool) => v.into_int_value(),
            Type::Scalar(d) if d.is_integer() => {
                let v = v.into_int_value();
                b.build_int_compare(IntPredicate::NE, v, v.get_type().const_zero(), "")
                    .unwrap()
            }
            Type::Scalar(d) if d.is_float() => {
                let v = v.into_float_value();
                b.build_float_compare(
                    inkwell::FloatPredicate::UNE,
                    v,
                    v.get_type().const_zero(),
                    "",
                )
                .unwrap()
            }
            Type::Scalar(d) => {
                let re = self.truth(self.field(v, 0), &Type::Scalar(d.real_of()));
                let im = self.truth(self.field(v, 1), &Type::Scalar(d.real_of()));
                b.build_or(re, im, "").unwrap()
            }
            Type::Tuple(items) => self
                .ctx
                .bool_type()
                .const_int(!items.is_empty() as u64, false),
            // None is false; a value is as true as it is.
            Type::Optional(inner) => {
                let is_value = self.field(v, 0).into_int_value();
                let truth = self.truth(self.field(v, 1), inner);
                b.build_and(is_value, truth, "").unwrap()
            }
            Type::Str(s) => self.ctx.bool_type().const_int(!s.is_empty() as u64, false),
            Type::Range | Type::List(_) | Type::Dict(_) | Type::DictView(..) | Type::Unicode => {
                let n = self.iter_len(v, t);
                b.build_int_compare(IntPredicate::SGT, n, self.i64(0), "")
                    .unwrap()
            }
            // NumPy: the one element's truth; ambiguous (ValueError) for any other size.
            Type::Array(a) => {
                let n = self.array_size(v, a.ndim);
                let b = &self.builder;
                let empty = b
                    .build_int_compare(IntPredicate::EQ, n, self.i64(0), "")
                    .unwrap();
                self.raise_if(
                    empty,
                    ErrorKind::ValueError,
                    "The truth value of an empty array is ambiguous. Use `array.size > 0` \
                     to check that an array is not empty.",
                );
                let many = self
                    .builder
                    .build_int_compare(IntPredicate::SGT, n, self.i64(1), "")
                    .unwrap();
                self.raise_if(
                    many,
                    ErrorKind::ValueError,
                    "The truth value of an array with more than one element is ambiguous. \
                     Use a.any() or a.all()",
                );
                let x = self.load_at(self.data_ptr(v), a.dtype);
                self.truth(x, &Type::Scalar(a.dtype))
            }
            Type::None => self.ctx.bool_type().const_zero(),
            // Every other object (functions, modules, dtypes, iterators) is true.
            _ => self.ctx.bool_type().const_int(1, false),
        }
    }

    /// `x in range(start, stop, step)`: between the bounds, a whole number of steps from
    /// `start`. Distances are unsigned, so no subtraction can overflow.
    fn range_contains(&self, r: BasicValueEnum<'c>, x: IntValue<'c>) -> IntValue<'c> {
        let b = &self.builder;
        let start = self.field(r, 0).into_int_value();
        let stop = self.field(r, 1).into_int_value();
        let step = self.field(r, 2).into_int_value();
        let cmp = |p, l, r| b.build_int_compare(p, l, r, "").unwrap();
        let pos = cmp(IntPredicate::SGT, step, self.i64(0));
        let up = b
            .build_and(
                cmp(IntPredicate::SGE, x, start),
                cmp(IntPredicate::SLT, x, stop),
                "",
            )
            .unwrap();
        let down = b
            .build_and(
                cmp(IntPredicate::SLE, x, start),
                cmp(IntPredicate::SGT, x, stop),
                "",
            )
            .unwrap();
        let inside = b.build_select(pos, up, down, "").unwrap().into_int_value();
        let dist = b
            .build_select(
                pos,
                b.build_int_sub(x, start, "").unwrap(),
                b.build_int_sub(start, x, "").unwrap(),
                "",
            )
            .unwrap()
            .into_int_value();
        let mag = b
            .build_select(pos, step, b.build_int_neg(step, "").unwrap(), "")
            .unwrap()
            .into_int_value();
        // `mag` is never 0 (range() refuses a zero step); guard the division anyway.
        let safe_mag = b
            .build_select(
                cmp(IntPredicate::EQ, mag, self.i64(0)),
                self.i64(1),
                mag,
                "",
            )
            .unwrap()
            .into_int_value();
        let rem = b.build_int_unsigned_rem(dist, safe_mag, "").unwrap();
        b.build_and(inside, cmp(IntPredicate::EQ, rem, self.i64(0)), "")
            .unwrap()
    }

    pub fn compare(&self, op: CmpOp, a: Typed<'c>, b: Typed<'c>) -> IntValue<'c> {
        let i1 = self.ctx.bool_type();
        let (av, at) = a;
        let (bv, bt) = b;
        match op {
            CmpOp::Is | CmpOp::IsNot => {
                let same = match (&at, &bt) {
                    (Type::None, Type::None) => i1.const_int(1, false),
                    (Type::Optional(_), Type::None) => self
                        .builder
                        .build_not(self.field(av, 0).into_int_value(), "")
                        .unwrap(),
                    (Type::None, Type::Optional(_)) => self
                        .builder
                        .build_not(self.field(bv, 0).into_int_value(), "")
                        .unwrap(),
                    (Type::None, _) | (_, Type::None) => i1.const_zero(),
                    // True and False are the only bools: `1 is True` is false.
                    (Type::Scalar(x), Type::Scalar(y))
                        if (*x == Dtype::Bool) != (*y == Dtype::Bool) =>
                    {
                        i1.const_zero()
                    }
                    (Type::Scalar(_), Type::Scalar(_)) => {
                        self.compare(CmpOp::Eq, (av, at.clone()), (bv, bt.clone()))
                    }
                    _ => i1.const_int((at == bt) as u64, false),
                };
                if op == CmpOp::IsNot {
                    self.builder.build_not(same, "").unwrap()
                } else {
                    same
                }
            }
            CmpOp::In | CmpOp::NotIn => {
                let any = match &bt {
                    Type::Tuple(items) => {
                        let mut any = i1.const_zero();
                        for (i, it) in items.iter().enumerate() {
                            let e = self.field(bv, i as u32);
                            let eq = self.compare(CmpOp::Eq, (av, at.clone()), (e, it.clone()));
                            any = self.builder.build_or(any, eq, "").unwrap();
                        }
                        any
                    }
                    Type::List(elem) => {
                        let k = self.list_find(bv, elem, av, &at);
                        self.builder
                            .build_int_compare(IntPredicate::SGE, k, self.i64(0), "")
                            .unwrap()
                    }
                    Type::Dict(d) | Type::DictView(oxjit_types::DictView::Keys, d) => {
                        let key = self.convert(av, &at, &d.key);
                        self.dict_contains(bv, d, key)
                    }
                    Type::Range => {
                        let x = self.cast_scalar(av, at.scalar().unwrap(), Dtype::I64);
                        self.range_contains(bv, x.into_int_value())
                    }
                    _ => unreachable!("inference admits `in` on tuples, lists and ranges only"),
                };
                if op == CmpOp::NotIn {
                    self.builder.build_not(any, "").unwrap()
                } else {
                    any
                }
            }
            _ => match (&at, &bt) {
                (Type::Scalar(x), Type::Scalar(y)) => {
                    let d = oxjit_types::promote(*x, *y);
                    let av = self.cast_scalar(av, *x, d);
                    let bv = self.cast_scalar(bv, *y, d);
                    self.compare_scalar(op, av, bv, d)
                }
                (Type::DtypeValue(x), Type::DtypeValue(y)) => {
                    i1.const_int(((x == y) == (op == CmpOp::Eq)) as u64, false)
                }
                (Type::None, Type::None) => i1.const_int((op == CmpOp::Eq) as u64, false),
                // Only None equals None (`x == None` for a number is False).
                (Type::None, _) | (_, Type::None) => i1.const_int((op == CmpOp::Ne) as u64, false),
                (Type::Tuple(xs), Type::Tuple(ys)) if !matches!(op, CmpOp::Eq | CmpOp::Ne) => {
                    // From the last shared position back: where a pair differs it decides,
                    // where it is equal the positions after it do; past them, the lengths.
                    let by_len = match op {
                        CmpOp::Lt => xs.len() < ys.len(),
                        CmpOp::Le => xs.len() <= ys.len(),
                        CmpOp::Gt => xs.len() > ys.len(),
                        _ => xs.len() >= ys.len(),
                    };
                    let mut result = i1.const_int(by_len as u64, false);
                    for (i, (x, y)) in xs.iter().zip(ys).enumerate().rev() {
                        let (xv, yv) = (self.field(av, i as u32), self.field(bv, i as u32));
                        let eq = self.compare(CmpOp::Eq, (xv, x.clone()), (yv, y.clone()));
                        let decided = self.compare(op, (xv, x.clone()), (yv, y.clone()));
                        result = self
                            .builder
                            .build_select(eq, result, decided, "")
                            .unwrap()
                            .into_int_value();
                    }
                    result
                }
                (Type::Tuple(xs), Type::Tuple(ys)) => {
                    let mut all = i1.const_int((xs.len() == ys.len()) as u64, false);
                    if xs.len() == ys.len() {
                        for (i, (x, y)) in xs.iter().zip(ys).enumerate() {
                            let eq = self.compare(
                                CmpOp::Eq,
                                (self.field(av, i as u32), x.clone()),
                                (self.field(bv, i as u32), y.clone()),
                            );
                            all = self.builder.build_and(all, eq, "").unwrap();
                        }
                    }
                    if op == CmpOp::Ne {
                        self.builder.build_not(all, "").unwrap()
                    } else {
                        all
                    }
                }
                _ => unreachable!("inference rejects comparing {at} and {bt}"),
            },
        }
    }

    /// Calls the unit compiled for function `id` specialised for `types` (a jitted callee
    /// or a library body) with converted arguments; its result converted to `rt`.
    /// The LLVM function of jitted function `id` specialised for `types`, and its return
    /// type.
    pub(crate) fn unit_function(&self, id: u64, types: &[Type]) -> (FunctionValue<'c>, Type) {
        let unit = self.callees[&(id, types.to_vec())];
        (self.fns[unit], self.ret_types[unit].clone())
    }

    pub(crate) fn call_unit(
        &self,
        id: u64,
        types: &[Type],
        vals: Vec<BasicValueEnum<'c>>,
        rt: &Type,
    ) -> BasicValueEnum<'c> {
        let (callee, callee_ret) = self.unit_function(id, types);
        let callee_ret = &callee_ret;
        let slot = self.alloca(value_type(self.ctx, callee_ret));
        let mut all = vec![slot.as_basic_value_enum()];
        all.extend(vals);
        let status = self.call(callee, &all).unwrap().into_int_value();
        self.check_status(status);
        let r = self
            .builder
            .build_load(value_type(self.ctx, callee_ret), slot, "")
            .unwrap();
        self.convert(r, callee_ret, rt)
    }
}

/// The runtime's error kind for a Python exception class, and the message to show.
pub(crate) fn exception_kind(name: &str, msg: Option<&str>) -> (ErrorKind, String) {
    // `AxisError` by its bare name is NumPy's, as library bodies raise it.
    let kind = match name {
        "AxisError" => Some(ErrorKind::AxisError),
        _ => ErrorKind::of_builtin(name),
    };
    match kind {
        Some(k) => (k, msg.unwrap_or("").to_string()),
        // Other classes (user-defined ones too) go by the name the host registered them
        // under, and are raised as themselves.
        None => {
            let mut text = name.to_string();
            if let Some(m) = msg {
                text.push(oxjit_runtime::error::REGISTERED_MESSAGE_SEPARATOR);
                text.push_str(m);
            }
            (ErrorKind::Registered, text)
        }
    }
}

/// A block parameter's phi: one for the whole value, or one per scalar field of an array
/// header (see `FuncGen::emit`).
enum ParamPhi<'c> {
    Whole(PhiValue<'c>),
    Fields(Vec<PhiValue<'c>>, Vec<Vec<u32>>),
}
