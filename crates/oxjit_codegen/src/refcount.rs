//! Reference counting of managed values (arrays, lists, tuples of them).
//!
//! Protocol: every managed SSA value owns one reference. Producers hand out owned
//! references (allocations start at one; views, tuple items and arguments take a new
//! one); each value gives its reference back where [`crate::liveness`] says it dies: after
//! its last use, on the edge that leaves the region where it is live, at `return`, and on
//! every error exit. A jump argument that dies on its edge hands its reference to the
//! block parameter instead of an incref/decref pair.

use crate::function::FuncGen;
use inkwell::values::{BasicValueEnum, PointerValue};
use inkwell::AddressSpace;
use oxjit_ir::Value;
use oxjit_types::Type;

impl<'c> FuncGen<'c, '_> {
    fn meminfo_op(&self, name: &str, mi: PointerValue<'c>) {
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let f = self.extern_fn(name, self.ctx.void_type().fn_type(&[ptr.into()], false));
        // Arrays from NumPy have no memory block of ours: skip the call for them.
        let is_null = self.builder.build_is_null(mi, "").unwrap();
        let call_bb = self.ctx.append_basic_block(self.func, "rc");
        let done = self.ctx.append_basic_block(self.func, "rc.done");
        self.builder
            .build_conditional_branch(is_null, done, call_bb)
            .unwrap();
        self.builder.position_at_end(call_bb);
        self.call(f, &[mi.into()]);
        self.builder.build_unconditional_branch(done).unwrap();
        self.builder.position_at_end(done);
    }

    fn each_meminfo(&self, v: BasicValueEnum<'c>, t: &Type, f: &mut dyn FnMut(PointerValue<'c>)) {
        match t {
            Type::Array(_) => f(self.field(v, 0).into_pointer_value()),
            Type::List(_) => f(v.into_pointer_value()),
            Type::Tuple(items) | Type::Zip(items) => {
                for (i, it) in items.iter().enumerate() {
                    if it.is_managed() {
                        self.each_meminfo(self.field(v, i as u32), it, f);
                    }
                }
            }
            Type::Enumerate(inner) => self.each_meminfo(self.field(v, 1), inner, f),
            _ => {}
        }
    }

    /// Takes a new reference to a memory block (a no-op for null).
    pub fn meminfo_incref(&self, mi: BasicValueEnum<'c>) {
        self.meminfo_op("oxjit_rt_incref", mi.into_pointer_value());
    }

    /// Takes a new reference to everything `v` holds.
    pub fn incref(&self, v: BasicValueEnum<'c>, t: &Type) {
        if t.is_managed() {
            self.each_meminfo(v, t, &mut |mi| self.meminfo_op("oxjit_rt_incref", mi));
        }
    }

    /// Gives back the reference `v` holds.
    pub fn decref(&self, v: BasicValueEnum<'c>, t: &Type) {
        if t.is_managed() {
            self.each_meminfo(v, t, &mut |mi| self.meminfo_op("oxjit_rt_decref", mi));
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
        for (v, t) in self.temps.borrow().iter() {
            self.decref(*v, t);
        }
    }

    /// Marks an owned value made inside the current instruction, so error exits before the
    /// instruction finishes release it too.
    pub fn hold_temp(&self, v: BasicValueEnum<'c>, t: &Type) {
        if t.is_managed() {
            self.temps.borrow_mut().push((v, t.clone()));
        }
    }

    pub fn drop_temps(&self) {
        self.temps.borrow_mut().clear();
    }
}

/// Values that hold no reference of their own because something else provably keeps their
/// memory alive for their whole life: the function's arguments (the caller keeps them),
/// and views (`A[j]`, `row[i+1:]`, `a.T`) that die in their block, do not escape through a
/// jump, and whose base is still alive at their last use. This removes the count traffic
/// of the views hot loops make, e.g. the row slices of an LU update.
pub fn borrowed_values(
    tf: &oxjit_infer::TypedFunction,
    lv: &crate::liveness::Liveness,
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
            let base = match &data.op {
                Op::GetItem(obj, _) | Op::IterGet(obj, _)
                    if tf.types[*obj].as_ref().is_some_and(|t| t.array().is_some()) =>
                {
                    *obj
                }
                Op::GetAttr(obj, name) if name == "T" => *obj,
                _ => continue,
            };
            if live_out.contains(&r) {
                continue;
            }
            let escapes = term.is_some_and(|t| {
                func.insts[t]
                    .op
                    .successors()
                    .iter()
                    .any(|(_, args)| args.contains(&r))
                    || matches!(func.insts[t].op, Op::Return(v) if v == r)
            });
            if escapes {
                continue;
            }
            let r_last = last.get(&r).copied().unwrap_or(0);
            let base_alive =
                live_out.contains(&base) || last.get(&base).is_some_and(|&p| p >= r_last);
            if base_alive {
                out.insert(r);
            }
        }
    }
    out
}
