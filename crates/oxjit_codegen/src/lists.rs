//! Lists in compiled code: a reference-counted block (`oxjit_runtime::list`) holding the
//! items by value. Reads reload the item pointer each time, since `append` may move it.

use crate::function::{FuncGen, Typed};
use crate::model::memory_type;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_runtime::list::{LIST_ITEMS_OFFSET, LIST_LEN_OFFSET};
use oxjit_runtime::ErrorKind;
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
        let n = self.list_len(list);
        let b = &self.builder;
        let k = if check {
            let neg = b
                .build_int_compare(IntPredicate::SLT, k, self.i64(0), "")
                .unwrap();
            let k = b
                .build_select(neg, b.build_int_add(k, n, "").unwrap(), k, "")
                .unwrap()
                .into_int_value();
            let oob = b.build_int_compare(IntPredicate::UGE, k, n, "").unwrap();
            self.raise_if(oob, ErrorKind::IndexError, "list index out of range");
            k
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
            "oxjit_rt_list_new",
            ptr.fn_type(&[i64t.into(), i64t.into(), i64t.into()], false),
        );
        let itemsize = size_align(elem).0 as i64;
        // Items that own memory blocks (arrays, lists) start with one: the list releases them.
        let managed = matches!(elem, Type::Array(_) | Type::List(_)) as i64;
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
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let f = self.extern_fn(
            "oxjit_rt_list_append",
            self.ctx
                .void_type()
                .fn_type(&[ptr.into(), ptr.into()], false),
        );
        let m = crate::function::to_memory(self.ctx, &self.builder, elem, v);
        let slot = self.alloca(m.get_type());
        self.builder.build_store(slot, m).unwrap();
        self.incref(v, elem);
        self.call(f, &[list, slot.into()]);
    }
}
