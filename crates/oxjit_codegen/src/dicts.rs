//! Dicts in compiled code: a reference-counted block holding the runtime's hash table
//! (`oxjit_runtime::dict`). Keys and values cross to the runtime through stack slots in
//! their memory layout; keys are normalised first (`-0.0` stored as `0.0`, padding
//! zeroed) because the runtime compares and hashes their bytes. Lookups return a pointer
//! to the stored value, which is loaded at once (the next change may move it).

use crate::function::{from_memory, to_memory, FuncGen, Typed};
use crate::model::memory_type;
use inkwell::types::BasicType;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_builtins::dict::DictOp;
use oxjit_runtime::dict::{entry_value_offset, DICT_LEN_OFFSET, ENTRY_KEY_OFFSET};
use oxjit_runtime::symbols;
use oxjit_types::layout::{field_offsets, managed_words, size_align};
use oxjit_types::{DictType, DictView, TupleType, Type};

impl<'c> FuncGen<'c, '_> {
    fn ptr_type(&self) -> inkwell::types::PointerType<'c> {
        self.ctx.ptr_type(AddressSpace::default())
    }

    /// Calls a runtime dict function with pointer and i64 arguments.
    fn dict_rt(
        &self,
        name: &str,
        ret: Option<inkwell::types::BasicTypeEnum<'c>>,
        args: &[BasicValueEnum<'c>],
    ) -> Option<BasicValueEnum<'c>> {
        let params: Vec<_> = args.iter().map(|a| a.get_type().into()).collect();
        let fty = match ret {
            Some(r) => r.fn_type(&params, false),
            None => self.ctx.void_type().fn_type(&params, false),
        };
        self.call(self.extern_fn(name, fty), args)
    }

    /// Calls a runtime dict function returning a non-zero `i32` when it found what it
    /// looked for.
    fn dict_rt_found(&self, name: &str, args: &[BasicValueEnum<'c>]) -> IntValue<'c> {
        let status = self
            .dict_rt(name, Some(self.ctx.i32_type().into()), args)
            .unwrap()
            .into_int_value();
        let zero = status.get_type().const_zero();
        self.builder
            .build_int_compare(inkwell::IntPredicate::NE, status, zero, "")
            .unwrap()
    }

    /// A new empty dict (owned, held until the instruction ends).
    pub fn dict_new(&self, d: &DictType) -> BasicValueEnum<'c> {
        let word_mask = |t: &Type| {
            let mask = managed_words(t).expect("typing admits values up to 64 words");
            self.i64(mask as i64).into()
        };
        let args = [
            self.i64(size_align(&d.key).0 as i64).into(),
            self.i64(size_align(&d.value).0 as i64).into(),
            word_mask(&d.key),
            word_mask(&d.value),
            self.i64(oxjit_builtins::dict::key_kind(&d.key)).into(),
        ];
        let dict = self
            .dict_rt(symbols::DICT_NEW, Some(self.ptr_type().into()), &args)
            .unwrap();
        self.hold_temp(dict, &Type::Dict(Box::new(d.clone())));
        dict
    }

    /// `{k1: v1, k2: v2}` (`items` alternate keys and values) and `dict()`.
    pub fn dict_literal(&self, rt: &Type, items: &[Typed<'c>]) -> BasicValueEnum<'c> {
        let Type::Dict(d) = rt else { unreachable!() };
        let dict = self.dict_new(d);
        for pair in items.chunks(2) {
            let key = self.convert(pair[0].0, &pair[0].1, &d.key);
            let value = self.convert(pair[1].0, &pair[1].1, &d.value);
            self.dict_insert(dict, d, key, value);
        }
        dict
    }

    pub fn dict_len(&self, dict: BasicValueEnum<'c>) -> IntValue<'c> {
        let header = self.meminfo_data(dict.into_pointer_value());
        let p = self.byte_offset(header, self.i64(DICT_LEN_OFFSET as i64));
        self.builder
            .build_load(self.ctx.i64_type(), p, "len")
            .unwrap()
            .into_int_value()
    }

    /// `key` (of the dict's key type) in a zeroed stack slot, normalised.
    fn key_slot(&self, key_type: &Type, key: BasicValueEnum<'c>) -> PointerValue<'c> {
        let mt = memory_type(self.ctx, key_type);
        let slot = self.alloca(mt);
        let size = size_align(key_type).0 as u64;
        self.builder
            .build_memset(
                slot,
                8,
                self.ctx.i8_type().const_zero(),
                self.ctx.i64_type().const_int(size, false),
            )
            .unwrap();
        self.store_key(slot, key_type, key);
        slot
    }

    /// Stores a key field by field, so padding stays zero, with `+ 0.0` on every float
    /// (which turns `-0.0` into `0.0` and leaves every other value alone).
    fn store_key(&self, at: PointerValue<'c>, t: &Type, v: BasicValueEnum<'c>) {
        match t {
            Type::Tuple(TupleType { items, .. }) => {
                for (i, (item, offset)) in items.iter().zip(field_offsets(items)).enumerate() {
                    let p = self.byte_offset(at, self.i64(offset as i64));
                    self.store_key(p, item, self.field(v, i as u32));
                }
            }
            Type::Scalar(d) if d.is_complex() => {
                let part = Type::Scalar(d.real_of());
                let half = size_align(&part).0 as i64;
                self.store_key(at, &part, self.field(v, 0));
                self.store_key(
                    self.byte_offset(at, self.i64(half)),
                    &part,
                    self.field(v, 1),
                );
            }
            Type::Scalar(d) if d.is_float() => {
                let x = v.into_float_value();
                let sum = self
                    .builder
                    .build_float_add(x, x.get_type().const_zero(), "")
                    .unwrap();
                self.builder.build_store(at, sum).unwrap();
            }
            _ => {
                let m = to_memory(self.ctx, &self.builder, t, v);
                self.builder.build_store(at, m).unwrap();
            }
        }
    }

    fn value_slot(&self, t: &Type, v: BasicValueEnum<'c>) -> PointerValue<'c> {
        let m = to_memory(self.ctx, &self.builder, t, v);
        let slot = self.alloca(m.get_type());
        self.builder.build_store(slot, m).unwrap();
        slot
    }

    /// Loads a value of type `t` from `p` (borrowed).
    fn load_as(&self, t: &Type, p: PointerValue<'c>) -> BasicValueEnum<'c> {
        let m = self
            .builder
            .build_load(memory_type(self.ctx, t), p, "")
            .unwrap();
        from_memory(self.ctx, &self.builder, t, m)
    }

    /// A pointer to the value stored under `key`, or null.
    fn dict_find(
        &self,
        dict: BasicValueEnum<'c>,
        d: &DictType,
        key: BasicValueEnum<'c>,
    ) -> PointerValue<'c> {
        let slot = self.key_slot(&d.key, key);
        self.dict_rt(
            symbols::DICT_FIND,
            Some(self.ptr_type().into()),
            &[dict, slot.into()],
        )
        .unwrap()
        .into_pointer_value()
    }

    /// Stores `key -> value` (the dict takes references of its own); returns a pointer to
    /// the stored value.
    fn dict_insert(
        &self,
        dict: BasicValueEnum<'c>,
        d: &DictType,
        key: BasicValueEnum<'c>,
        value: BasicValueEnum<'c>,
    ) -> PointerValue<'c> {
        let key_slot = self.key_slot(&d.key, key);
        let value_slot = self.value_slot(&d.value, value);
        self.dict_rt(
            symbols::DICT_INSERT,
            Some(self.ptr_type().into()),
            &[dict, key_slot.into(), value_slot.into()],
        )
        .unwrap()
        .into_pointer_value()
    }

    fn is_null(&self, p: PointerValue<'c>) -> IntValue<'c> {
        self.builder.build_is_null(p, "").unwrap()
    }

    pub fn dict_setitem(
        &self,
        dict: BasicValueEnum<'c>,
        d: &DictType,
        key: BasicValueEnum<'c>,
        value: BasicValueEnum<'c>,
    ) {
        self.dict_insert(dict, d, key, value);
    }

    pub fn dict_contains(
        &self,
        dict: BasicValueEnum<'c>,
        d: &DictType,
        key: BasicValueEnum<'c>,
    ) -> IntValue<'c> {
        let p = self.dict_find(dict, d, key);
        self.builder.build_is_not_null(p, "").unwrap()
    }

    /// Where the loop being emitted keeps its place in the next dict it walks (see
    /// `oxjit_runtime::dict::DictLoop`): one slot per loop counter and per dict the loop
    /// walks (`zip(d, e)` walks two), in a generator's state when the function is one.
    fn dict_loop_state(&self) -> PointerValue<'c> {
        let (counter, nth) = self
            .dict_loop
            .get()
            .expect("a dict loop is emitted inside iterlen or iterget");
        self.dict_loop.set(Some((counter, nth + 1)));
        if let Some(p) = self.generator_dict_loop(counter, nth) {
            return p;
        }
        *self
            .dict_loop_slots
            .borrow_mut()
            .entry((counter, nth))
            .or_insert_with(|| self.alloca(crate::generator::dict_loop_type(self.ctx).into()))
    }

    /// How many entries a loop over a dict visits, asked before position `k`; leaves with
    /// the runtime's RuntimeError when the dict changed size since the loop started.
    pub fn dict_loop_len(&self, dict: BasicValueEnum<'c>, k: IntValue<'c>) -> IntValue<'c> {
        let state = self.dict_loop_state();
        let n = self
            .dict_rt(
                symbols::DICT_LOOP_LEN,
                Some(self.ctx.i64_type().into()),
                &[dict, k.into(), state.into()],
            )
            .unwrap()
            .into_int_value();
        let failed = self
            .builder
            .build_int_compare(IntPredicate::SLT, n, self.i64(0), "")
            .unwrap();
        self.leave_on_failure(failed);
        n
    }

    /// Entry `k` of a loop over a dict; leaves with the runtime's RuntimeError when the
    /// dict changed size since the loop started.
    fn dict_entry(&self, dict: BasicValueEnum<'c>, k: IntValue<'c>) -> PointerValue<'c> {
        let state = self.dict_loop_state();
        let e = self
            .dict_rt(
                symbols::DICT_ENTRY,
                Some(self.ptr_type().into()),
                &[dict, k.into(), state.into()],
            )
            .unwrap()
            .into_pointer_value();
        self.leave_on_failure(self.is_null(e));
        e
    }

    /// The key and value (borrowed) of entry `k` of a loop over the dict.
    fn dict_entry_pair(
        &self,
        dict: BasicValueEnum<'c>,
        d: &DictType,
        k: IntValue<'c>,
    ) -> (BasicValueEnum<'c>, BasicValueEnum<'c>) {
        let e = self.dict_entry(dict, k);
        let key_at = self.byte_offset(e, self.i64(ENTRY_KEY_OFFSET as i64));
        let value_offset = entry_value_offset(size_align(&d.key).0) as i64;
        let value_at = self.byte_offset(e, self.i64(value_offset));
        (
            self.load_as(&d.key, key_at),
            self.load_as(&d.value, value_at),
        )
    }

    /// Item `k` of a loop over a dict or a view of it (a new reference).
    pub fn dict_iter_get(
        &self,
        dict: BasicValueEnum<'c>,
        d: &DictType,
        view: DictView,
        k: IntValue<'c>,
    ) -> BasicValueEnum<'c> {
        let (key, value) = self.dict_entry_pair(dict, d, k);
        let item = match view {
            DictView::Keys => key,
            DictView::Values => value,
            DictView::Items => self.build_struct(&d.view_item(view), &[key, value]),
        };
        self.incref(item, &d.view_item(view));
        item
    }

    /// A dict primitive or method; `args[0]` is the dict, the rest converted to `types`.
    pub fn dict_method(
        &self,
        op: DictOp,
        args: &[BasicValueEnum<'c>],
        types: &[Type],
        rt: &Type,
    ) -> BasicValueEnum<'c> {
        if let (DictOp::Empty, Type::Dict(d)) = (op, rt) {
            return self.dict_new(d);
        }
        let Type::Dict(d) = &types[0] else {
            unreachable!("dict methods take a dict")
        };
        let dict = args[0];
        match op {
            // `(found, value)`: a new reference to the value, or a zeroed one.
            DictOp::Lookup => {
                let p = self.dict_find(dict, d, args[1]);
                let found = self.builder.build_is_not_null(p, "").unwrap();
                let value = self.load_or_zero(&d.value, p, found);
                self.incref(value, &d.value);
                self.build_struct(rt, &[found.into(), value])
            }
            // `(found, value)`, the value moved out of the dict.
            DictOp::Take => {
                let key_slot = self.key_slot(&d.key, args[1]);
                let out = self.zeroed_slot(&d.value);
                let found =
                    self.dict_rt_found(symbols::DICT_REMOVE, &[dict, key_slot.into(), out.into()]);
                let value = self.load_as(&d.value, out);
                self.build_struct(rt, &[found.into(), value])
            }
            // `(found, key, value)` of the newest entry, moved out of the dict.
            DictOp::TakeLast => {
                let key_slot = self.zeroed_slot(&d.key);
                let value_slot = self.zeroed_slot(&d.value);
                let found = self.dict_rt_found(
                    symbols::DICT_POPITEM,
                    &[dict, key_slot.into(), value_slot.into()],
                );
                let key = self.load_as(&d.key, key_slot);
                let value = self.load_as(&d.value, value_slot);
                self.build_struct(rt, &[found.into(), key, value])
            }
            DictOp::Clear => {
                self.dict_rt(symbols::DICT_CLEAR, None, &[dict]);
                self.unit(rt)
            }
            DictOp::Copy => self
                .dict_rt(symbols::DICT_COPY, Some(self.ptr_type().into()), &[dict])
                .unwrap(),
            DictOp::View(_) => {
                self.incref(dict, &types[0]);
                dict
            }
            DictOp::Empty => unreachable!("handled before the receiver is read"),
        }
    }

    /// A stack slot for a value of type `t`, zeroed (so a value never written there
    /// holds no references).
    fn zeroed_slot(&self, t: &Type) -> PointerValue<'c> {
        let zero = crate::model::value_type(self.ctx, t).const_zero();
        self.value_slot(t, zero)
    }

    /// The value at `p` when `found`, else a zeroed value (borrowed either way).
    fn load_or_zero(
        &self,
        t: &Type,
        p: PointerValue<'c>,
        found: IntValue<'c>,
    ) -> BasicValueEnum<'c> {
        let at = self
            .builder
            .build_select(found, p, self.zeroed_slot(t), "")
            .unwrap()
            .into_pointer_value();
        self.load_as(t, at)
    }
}
