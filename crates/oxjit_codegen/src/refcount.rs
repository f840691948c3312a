//! Reference counting of managed values (arrays, lists, tuples of them).
//!
//! Protocol: every managed SSA value owns one reference. Producers hand out owned
//! references (allocations start at one; views, tuple items and arguments take a new
//! one); each value gives its reference back where [`crate::liveness`] says it dies: after
//! its last use, on the edge that leaves the region where it is live, at `return`, and on
//! every error exit. A jump argument that dies on its edge hands its reference to the
//! block parameter instead of an incref/decref pair.

use crate::function::FuncGen;
use inkwell::values::{
    AsValueRef, BasicValue, BasicValueEnum, InstructionOpcode, InstructionValue, PointerValue,
};
use inkwell::AddressSpace;
use oxjit_ir::Value;
use oxjit_types::{TupleType, Type};

const INCREF: &str = "oxjit_rt_incref";
const DECREF: &str = "oxjit_rt_decref";

impl<'c> FuncGen<'c, '_> {
    /// Calls the runtime's `incref` / `decref` on a memory block. The runtime skips null
    /// blocks (arrays from NumPy have none), so no branch is emitted here: fewer blocks
    /// compile faster, and count operations never sit in hot loops. A decref right after
    /// an incref of the same block cancels it (the count was at least one throughout).
    fn meminfo_op(&self, name: &str, mi: PointerValue<'c>) {
        if name == DECREF && self.cancel_trailing_incref(mi) {
            return;
        }
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let f = self.extern_fn(name, self.ctx.void_type().fn_type(&[ptr.into()], false));
        self.call(f, &[mi.into()]);
    }

    /// Removes the current block's last instruction when it is `incref(mi)`.
    fn cancel_trailing_incref(&self, mi: PointerValue<'c>) -> bool {
        let Some(mut last) = self
            .builder
            .get_insert_block()
            .and_then(|b| b.get_last_instruction())
        else {
            return false;
        };
        // The decref's own read of the block pointer may sit after the incref.
        if mi.as_instruction_value() == Some(last) {
            match last.get_previous_instruction() {
                Some(prev) => last = prev,
                None => return false,
            }
        }
        if last.get_opcode() != InstructionOpcode::Call || last.get_num_operands() != 2 {
            return false;
        }
        let callee_is_incref =
            last.get_operand(1)
                .and_then(|op| op.value())
                .is_some_and(|callee| {
                    callee.is_pointer_value()
                        && callee.into_pointer_value().get_name().to_bytes() == INCREF.as_bytes()
                });
        let same_block = last
            .get_operand(0)
            .and_then(|op| op.value())
            .is_some_and(|arg| same_field(arg, BasicValueEnum::PointerValue(mi)));
        if callee_is_incref && same_block {
            last.erase_from_basic_block();
            return true;
        }
        false
    }

    fn each_meminfo(&self, v: BasicValueEnum<'c>, t: &Type, f: &mut dyn FnMut(PointerValue<'c>)) {
        match t {
            Type::Array(_) | Type::Unicode => f(self.field(v, 0).into_pointer_value()),
            Type::List(_)
            | Type::Dict(_)
            | Type::DictView(..)
            | Type::CaughtException
            | Type::Generator(_) => f(v.into_pointer_value()),
            Type::Tuple(TupleType { items, .. }) | Type::Zip(items) => {
                for (i, it) in items.iter().enumerate() {
                    if it.is_managed() {
                        self.each_meminfo(self.field(v, i as u32), it, f);
                    }
                }
            }
            // A None holds a zeroed value: its null memory block is skipped.
            Type::Enumerate(inner) | Type::Optional(inner) => {
                self.each_meminfo(self.field(v, 1), inner, f)
            }
            _ => {}
        }
    }

    /// Takes a new reference to a memory block (a no-op for null).
    pub fn meminfo_incref(&self, mi: BasicValueEnum<'c>) {
        self.meminfo_op(INCREF, mi.into_pointer_value());
    }

    /// Takes a new reference to everything `v` holds.
    pub fn incref(&self, v: BasicValueEnum<'c>, t: &Type) {
        if t.is_managed() {
            self.each_meminfo(v, t, &mut |mi| self.meminfo_op(INCREF, mi));
        }
    }

    /// Gives back the reference `v` holds.
    pub fn decref(&self, v: BasicValueEnum<'c>, t: &Type) {
        if t.is_managed() {
            self.each_meminfo(v, t, &mut |mi| self.meminfo_op(DECREF, mi));
        }
    }

    pub fn decref_value(&self, v: Value) {
        if self.borrowed.contains(&v) {
            return;
        }
        if let Some(t) = &self.tf.types[v] {
            self.decref(self.val(v), t);
        }
    }

    /// Releases every reference the function holds right now: called on error exits,
    /// where every live value dies at once.
    pub fn release_all(&self) {
        for v in self.live.borrow().iter() {
            self.decref_value(*v);
        }
        self.release_in_flight();
    }

    /// Releases the references the instruction being emitted holds (its temporaries and
    /// the leaves of deferred expressions): on an error exit, with the live values
    /// released or handed to an exception handler.
    pub fn release_in_flight(&self) {
        for (v, t) in self.temps.borrow().iter() {
            self.decref(*v, t);
        }
        // Expressions deferred into a later instruction hold their leaves alive.
        for d in self.deferred.borrow().values() {
            for (v, t) in &d.held {
                self.decref(*v, t);
            }
        }
    }

    /// Marks an owned value made inside the current instruction, so error exits before the
    /// instruction finishes release it too.
    pub fn hold_temp(&self, v: BasicValueEnum<'c>, t: &Type) {
        if t.is_managed() {
            self.temps.borrow_mut().push((v, t.clone()));
        }
    }

    /// Gives back a temporary's reference before the instruction ends (it no longer
    /// needs releasing on an error exit).
    pub fn release_temp(&self, v: BasicValueEnum<'c>, t: &Type) {
        self.forget_temp(v);
        self.decref(v, t);
    }

    /// Stops tracking one hold of `v` as a temporary (its reference has moved elsewhere).
    pub fn forget_temp(&self, v: BasicValueEnum<'c>) {
        let mut temps = self.temps.borrow_mut();
        if let Some(k) = temps.iter().position(|(x, _)| *x == v) {
            temps.remove(k);
        }
    }

    pub fn drop_temps(&self) {
        self.temps.borrow_mut().clear();
    }
}

/// Values that hold no reference of their own because something else provably keeps their
/// memory alive for their whole life: the function's arguments (the caller keeps them),
/// and views (`A[j]`, `row[i+1:]`, `a.T`) that die in their block, do not escape through a
/// jump, and whose base is still alive at their last use or is an argument's memory
/// (see [`in_argument_memory`]). This removes the count traffic
/// of the views hot loops make, e.g. the row slices of an LU update.
pub fn borrowed_values(
    tf: &oxjit_infer::TypedFunction,
    lv: &crate::liveness::Liveness,
    in_arguments: &std::collections::HashSet<Value>,
) -> std::collections::HashSet<Value> {
    use oxjit_ir::Op;
    let func = &tf.func;
    let managed = |v: Value| tf.types[v].as_ref().is_some_and(|t| t.is_managed());
    let mut out = std::collections::HashSet::new();
    for (_, data) in func.insts.iter() {
        if let (Op::Arg(_), Some(r)) = (&data.op, data.result) {
            if managed(r) {
                out.insert(r);
            }
        }
    }
    for b in func.reverse_postorder() {
        let last = &lv.last_use[&b];
        let live_out = &lv.live_out[&b];
        let term = func.terminator(b);
        for &inst in &func.blocks[b].insts {
            let data = &func.insts[inst];
            let Some(r) = data.result else { continue };
            if tf.types[r].as_ref().is_none_or(|t| t.array().is_none()) {
                continue;
            }
            // (An array index makes a new array of its own: not a view.)
            let base = match &data.op {
                Op::GetItem(obj, _) | Op::IterGet(obj, _)
                    if tf.types[*obj].as_ref().is_some_and(|t| t.array().is_some())
                        && !makes_new_array(tf, inst) =>
                {
                    *obj
                }
                Op::GetAttr(obj, name) if name == "T" => *obj,
                _ => continue,
            };
            if live_out.contains(&r) {
                continue;
            }
            let escapes = func.edges(b).iter().any(|(_, args)| args.contains(&r))
                || term.is_some_and(|t| matches!(func.insts[t].op, Op::Return(v) if v == r));
            if escapes {
                continue;
            }
            let r_last = last.get(&r).copied().unwrap_or(0);
            let base_alive =
                live_out.contains(&base) || last.get(&base).is_some_and(|&p| p >= r_last);
            if base_alive || in_arguments.contains(&r) {
                out.insert(r);
            }
        }
    }
    out
}

/// Whether a subscript makes a new array (an array index, resolved to a library body)
/// rather than a view of its operand.
fn makes_new_array(tf: &oxjit_infer::TypedFunction, inst: oxjit_ir::Inst) -> bool {
    matches!(tf.resolved[inst], oxjit_infer::Resolved::Library { .. })
}

/// Arrays whose elements live in an argument's buffer: the arguments themselves and views
/// of them (`A[j]`, `A[j][i+1:]`, `A.T`). SSA values are never reassigned, so the caller
/// keeps that memory alive for the whole call, and an elementwise expression reading them
/// needs to hold no reference while it waits for its user.
pub fn in_argument_memory(tf: &oxjit_infer::TypedFunction) -> std::collections::HashSet<Value> {
    use oxjit_ir::Op;
    let func = &tf.func;
    let is_array = |v: Value| tf.types[v].as_ref().is_some_and(|t| t.array().is_some());
    let mut out = std::collections::HashSet::new();
    for b in func.reverse_postorder() {
        for &inst in &func.blocks[b].insts {
            let data = &func.insts[inst];
            let Some(r) = data.result else { continue };
            if !is_array(r) {
                continue;
            }
            let rooted = match &data.op {
                Op::Arg(_) => true,
                Op::GetItem(obj, _) | Op::IterGet(obj, _) => {
                    is_array(*obj) && out.contains(obj) && !makes_new_array(tf, inst)
                }
                Op::GetAttr(obj, name) => name == "T" && out.contains(obj),
                _ => false,
            };
            if rooted {
                out.insert(r);
            }
        }
    }
    out
}

/// Whether two values are the same, or the same field read twice from one aggregate (an
/// array's memory block is extracted from its header afresh at every use).
fn same_field<'c>(a: BasicValueEnum<'c>, b: BasicValueEnum<'c>) -> bool {
    use llvm_sys::core::{LLVMGetIndices, LLVMGetNumIndices};
    if a == b {
        return true;
    }
    let (Some(x), Some(y)) = (a.as_instruction_value(), b.as_instruction_value()) else {
        return false;
    };
    let extract = InstructionOpcode::ExtractValue;
    if x.get_opcode() != extract || y.get_opcode() != extract {
        return false;
    }
    let aggregate = |i: InstructionValue<'c>| i.get_operand(0).and_then(|o| o.value());
    // SAFETY: both are live extractvalue instructions; LLVM owns the index arrays it
    // returns for as long as the instructions exist.
    let indices = |i: InstructionValue<'c>| unsafe {
        let n = LLVMGetNumIndices(i.as_value_ref()) as usize;
        std::slice::from_raw_parts(LLVMGetIndices(i.as_value_ref()), n).to_vec()
    };
    aggregate(x).is_some() && aggregate(x) == aggregate(y) && indices(x) == indices(y)
}
