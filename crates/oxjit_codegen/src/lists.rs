//! Lists in compiled code: a reference-counted block (`oxjit_runtime::list`) holding the
//! items by value. Reads reload the item pointer each time, since `append` may move it.
//! Methods that move items (`insert`, `pop`, `extend`, ...) call the runtime; searches
//! (`index`, `count`, `remove`, `in`) are loops here, comparing with the `==` of
//! compiled code.

use crate::function::{FuncGen, Typed};
use crate::model::memory_type;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_builtins::list::ListOp;
use oxjit_ir::CmpOp;
use oxjit_runtime::list::{LIST_ITEMS_OFFSET, LIST_LEN_OFFSET};
use oxjit_runtime::{symbols, ErrorKind};
use oxjit_types::layout::size_align;
use oxjit_types::Type;

impl<'c> FuncGen<'c, '_> {
    /// The list header (`MemInfo.data`).
    fn list_header(&self, list: BasicValueEnum<'c>) -> PointerValue<'c> {
        self.meminfo_data(list.into_pointer_value())
    }

    pub fn list_len(&self, list: BasicValueEnum<'c>) -> IntValue<'c> {
        let h = self.byte_offset(self.list_header(list), self.i64(LIST_LEN_OFFSET as i64));
        self.builder
            .build_load(self.ctx.i64_type(), h, "len")
            .unwrap()
            .into_int_value()
    }

    fn list_item_ptr(
        &self,
        list: BasicValueEnum<'c>,
        elem: &Type,
        k: IntValue<'c>,
        check: bool,
    ) -> PointerValue<'c> {
        let k = if check {
            self.list_index_in_range(k, self.list_len(list), "list index")
        } else {
            k
        };
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let h = self.list_header(list);
        let items_slot = self.byte_offset(h, self.i64(LIST_ITEMS_OFFSET as i64));
        let items = self
            .builder
            .build_load(ptr, items_slot, "items")
            .unwrap()
            .into_pointer_value();
        unsafe {
            self.builder
                .build_in_bounds_gep(memory_type(self.ctx, elem), items, &[k], "")
        }
        .unwrap()
    }

    /// Item `k` (a borrowed value; the caller takes its own reference if it keeps it).
    pub fn list_get(
        &self,
        list: BasicValueEnum<'c>,
        elem: &Type,
        k: IntValue<'c>,
        check: bool,
    ) -> BasicValueEnum<'c> {
        let p = self.list_item_ptr(list, elem, k, check);
        let v = self
            .builder
            .build_load(memory_type(self.ctx, elem), p, "")
            .unwrap();
        crate::function::from_memory(self.ctx, &self.builder, elem, v)
    }

    pub fn list_set(
        &self,
        list: BasicValueEnum<'c>,
        elem: &Type,
        k: IntValue<'c>,
        v: BasicValueEnum<'c>,
    ) {
        let p = self.list_item_ptr(list, elem, k, true);
        if elem.is_managed() {
            let old = self
                .builder
                .build_load(memory_type(self.ctx, elem), p, "")
                .unwrap();
            self.incref(v, elem);
            self.decref(old, elem);
        }
        let m = crate::function::to_memory(self.ctx, &self.builder, elem, v);
        self.builder.build_store(p, m).unwrap();
    }

    /// `[a, b, c]`: a new list owning its items.
    pub fn list_literal(&self, rt: &Type, items: &[Typed<'c>]) -> BasicValueEnum<'c> {
        let Type::List(elem) = rt else { unreachable!() };
        let list = self.list_new(elem, self.i64(items.len() as i64));
        for (k, (v, t)) in items.iter().enumerate() {
            let v = self.convert(*v, t, elem);
            let p = self.list_item_ptr(list, elem, self.i64(k as i64), false);
            self.incref(v, elem);
            let m = crate::function::to_memory(self.ctx, &self.builder, elem, v);
            self.builder.build_store(p, m).unwrap();
        }
        list
    }

    pub fn list_new(&self, elem: &Type, n: IntValue<'c>) -> BasicValueEnum<'c> {
        let i64t = self.ctx.i64_type();
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let f = self.extern_fn(
            symbols::LIST_NEW,
            ptr.fn_type(&[i64t.into(), i64t.into(), i64t.into()], false),
        );
        let itemsize = size_align(elem).0 as i64;
        // Items that own memory blocks (arrays, lists) start with one: the list releases them.
        // (Each of these starts with its memory block.)
        let managed = matches!(
            elem,
            Type::Array(_) | Type::List(_) | Type::Dict(_) | Type::Unicode
        ) as i64;
        let list = self
            .call(
                f,
                &[
                    self.i64(itemsize).into(),
                    n.into(),
                    self.i64(managed).into(),
                ],
            )
            .unwrap();
        self.hold_temp(list, &Type::List(Box::new(elem.clone())));
        list
    }

    pub fn list_append(&self, list: BasicValueEnum<'c>, elem: &Type, v: BasicValueEnum<'c>) {
        let slot = self.item_slot(elem, v);
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let f = self.extern_fn(
            symbols::LIST_APPEND,
            self.ctx
                .void_type()
                .fn_type(&[ptr.into(), ptr.into()], false),
        );
        self.call(f, &[list, slot.into()]);
    }

    /// `v` in memory layout in a stack slot, with a new reference for the list to keep.
    fn item_slot(&self, elem: &Type, v: BasicValueEnum<'c>) -> PointerValue<'c> {
        let m = crate::function::to_memory(self.ctx, &self.builder, elem, v);
        let slot = self.alloca(m.get_type());
        self.builder.build_store(slot, m).unwrap();
        self.incref(v, elem);
        slot
    }

    /// Calls a runtime list function returning nothing.
    fn list_rt(&self, name: &str, args: &[BasicValueEnum<'c>]) {
        let params: Vec<_> = args.iter().map(|a| a.get_type().into()).collect();
        let f = self.extern_fn(name, self.ctx.void_type().fn_type(&params, false));
        self.call(f, args);
    }

    /// A list method call; `args[0]` is the list, the rest are converted to `types`.
    pub fn list_method(
        &self,
        op: ListOp,
        args: &[BasicValueEnum<'c>],
        types: &[Type],
        rt: &Type,
    ) -> BasicValueEnum<'c> {
        let Type::List(elem) = &types[0] else {
            unreachable!("list methods take a list")
        };
        let list = args[0];
        match op {
            ListOp::Append => self.list_append(list, elem, args[1]),
            ListOp::Insert => {
                let slot = self.item_slot(elem, args[2]);
                self.list_rt(symbols::LIST_INSERT, &[list, args[1], slot.into()]);
            }
            ListOp::Pop => {
                let n = self.list_len(list);
                let b = &self.builder;
                let empty = b
                    .build_int_compare(IntPredicate::EQ, n, self.i64(0), "")
                    .unwrap();
                self.raise_if(empty, ErrorKind::IndexError, "pop from empty list");
                let k = match args.get(1) {
                    Some(k) => self.list_index_in_range(k.into_int_value(), n, "pop index"),
                    None => b.build_int_sub(n, self.i64(1), "").unwrap(),
                };
                return self.list_take(list, elem, k);
            }
            ListOp::Extend => self.list_extend(list, elem, (args[1], types[1].clone())),
            ListOp::Clear => self.list_rt(symbols::LIST_CLEAR, &[list]),
            ListOp::Reverse => self.list_rt(symbols::LIST_REVERSE, &[list]),
            ListOp::DelItem => {
                let n = self.list_len(list);
                let k =
                    self.list_index_in_range(args[1].into_int_value(), n, "list assignment index");
                let item = self.list_take(list, elem, k);
                self.decref(item, elem);
            }
            ListOp::Copy => {
                let ptr = self.ctx.ptr_type(AddressSpace::default());
                let f = self.extern_fn(symbols::LIST_COPY, ptr.fn_type(&[ptr.into()], false));
                return self.call(f, &[list]).unwrap();
            }
        }
        self.unit(rt)
    }

    /// Appends every item of a list or tuple, converted to the list's item type.
    pub fn list_extend(&self, list: BasicValueEnum<'c>, elem: &Type, items: Typed<'c>) {
        match &items.1 {
            Type::List(other) if **other == *elem => {
                self.list_rt(symbols::LIST_EXTEND, &[list, items.0]);
            }
            Type::List(other) => {
                let n = self.list_len(items.0);
                self.emit_loop(n, &mut |i| {
                    let v = self.list_get(items.0, other, i, false);
                    self.list_append(list, elem, self.convert(v, other, elem));
                });
            }
            Type::Tuple(ts) => {
                for (i, t) in ts.iter().enumerate() {
                    let v = self.field(items.0, i as u32);
                    self.list_append(list, elem, self.convert(v, t, elem));
                }
            }
            t => unreachable!("typing admits extending a list with {t}"),
        }
    }

    /// `k` counted from the end when negative; IndexError `"{what} out of range"` unless
    /// it then lies in `0..n`.
    fn list_index_in_range(&self, k: IntValue<'c>, n: IntValue<'c>, what: &str) -> IntValue<'c> {
        let b = &self.builder;
        let neg = b
            .build_int_compare(IntPredicate::SLT, k, self.i64(0), "")
            .unwrap();
        let k = b
            .build_select(neg, b.build_int_add(k, n, "").unwrap(), k, "")
            .unwrap()
            .into_int_value();
        let oob = b.build_int_compare(IntPredicate::UGE, k, n, "").unwrap();
        self.raise_if(oob, ErrorKind::IndexError, &format!("{what} out of range"));
        k
    }

    /// Removes item `k` (in range) and returns it, owning the list's former reference.
    fn list_take(
        &self,
        list: BasicValueEnum<'c>,
        elem: &Type,
        k: IntValue<'c>,
    ) -> BasicValueEnum<'c> {
        let mt = memory_type(self.ctx, elem);
        let slot = self.alloca(mt);
        self.list_rt(symbols::LIST_POP, &[list, k.into(), slot.into()]);
        let m = self.builder.build_load(mt, slot, "").unwrap();
        crate::function::from_memory(self.ctx, &self.builder, elem, m)
    }

    /// The index of the first item equal to `x`, or -1.
    pub fn list_find(
        &self,
        list: BasicValueEnum<'c>,
        elem: &Type,
        x: BasicValueEnum<'c>,
        xt: &Type,
    ) -> IntValue<'c> {
        let n = self.list_len(list);
        let b = &self.builder;
        let i64t = self.ctx.i64_type();
        let entry = b.get_insert_block().unwrap();
        let head = self.ctx.append_basic_block(self.func, "find");
        let body = self.ctx.append_basic_block(self.func, "find.body");
        let done = self.ctx.append_basic_block(self.func, "find.done");
        b.build_unconditional_branch(head).unwrap();
        b.position_at_end(head);
        let i = b.build_phi(i64t, "i").unwrap();
        i.add_incoming(&[(&self.i64(0), entry)]);
        let iv = i.as_basic_value().into_int_value();
        let more = b.build_int_compare(IntPredicate::SLT, iv, n, "").unwrap();
        b.build_conditional_branch(more, body, done).unwrap();
        b.position_at_end(body);
        let item = self.list_get(list, elem, iv, false);
        let eq = self.compare(CmpOp::Eq, (item, elem.clone()), (x, xt.clone()));
        let b = &self.builder;
        let next = b.build_int_add(iv, self.i64(1), "").unwrap();
        let body_end = b.get_insert_block().unwrap();
        i.add_incoming(&[(&next, body_end)]);
        b.build_conditional_branch(eq, done, head).unwrap();
        b.position_at_end(done);
        let k = b.build_phi(i64t, "found").unwrap();
        k.add_incoming(&[(&self.i64(-1), head), (&iv, body_end)]);
        k.as_basic_value().into_int_value()
    }
}
