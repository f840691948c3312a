//! Dicts in compiled code: a reference-counted block holding the runtime's hash table
//! (`oxjit_runtime::dict`). Keys and values cross to the runtime through stack slots in
//! their memory layout; keys are normalised first (`-0.0` stored as `0.0`, padding
//! zeroed) because the runtime compares and hashes their bytes. Lookups return a pointer
//! to the stored value, which is loaded at once (the next change may move it).

use crate::function::{from_memory, to_memory, FuncGen, Typed};
use crate::model::memory_type;
use inkwell::types::BasicType;
use inkwell::values::{BasicValue, BasicValueEnum, IntValue, PointerValue};
use inkwell::AddressSpace;
use oxjit_builtins::dict::DictOp;
use oxjit_runtime::dict::{entry_value_offset, DICT_LEN_OFFSET, ENTRY_KEY_OFFSET};
use oxjit_runtime::{symbols, ErrorKind};
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

    /// Raises `KeyError(key)` when `missing`.
    fn key_error_if(&self, missing: IntValue<'c>, key: BasicValueEnum<'c>, key_type: &Type) {
        let fail = self.ctx.append_basic_block(self.func, "keyerror");
        let cont = self.ctx.append_basic_block(self.func, "found");
        let expect = self.expect_false(missing);
        self.builder
            .build_conditional_branch(expect, fail, cont)
            .unwrap();
        self.builder.position_at_end(fail);
        if key_type.scalar().is_some() || *key_type == Type::Unicode {
            self.print_item(key, key_type);
            self.raise_with_items(ErrorKind::KeyError, "");
        } else {
            self.raise(ErrorKind::KeyError, "key not found");
        }
        self.builder.position_at_end(cont);
    }

    /// `d[key]` (a new reference); KeyError when missing.
    pub fn dict_getitem(
        &self,
        dict: BasicValueEnum<'c>,
        d: &DictType,
        key: BasicValueEnum<'c>,
    ) -> BasicValueEnum<'c> {
        let p = self.dict_find(dict, d, key);
        self.key_error_if(self.is_null(p), key, &d.key);
        let v = self.load_as(&d.value, p);
        self.incref(v, &d.value);
        v
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

    /// Entry `k` of a loop over a dict; leaves with the runtime's RuntimeError when the
    /// dict changed size since the loop started.
    fn dict_entry(&self, dict: BasicValueEnum<'c>, k: IntValue<'c>) -> PointerValue<'c> {
        let e = self
            .dict_rt(
                symbols::DICT_ENTRY,
                Some(self.ptr_type().into()),
                &[dict, k.into()],
            )
            .unwrap()
            .into_pointer_value();
        let failed = self
            .builder
            .build_int_z_extend(self.is_null(e), self.ctx.i32_type(), "")
            .unwrap();
        self.check_status(failed);
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
            DictView::Items => self.make_struct(&d.view_item(view), &[key, value]),
        };
        self.incref(item, &d.view_item(view));
        item
    }

    fn make_struct(&self, t: &Type, fields: &[BasicValueEnum<'c>]) -> BasicValueEnum<'c> {
        let st = crate::model::value_type(self.ctx, t).into_struct_type();
        let mut agg = st.get_undef().as_basic_value_enum();
        for (i, f) in fields.iter().enumerate() {
            agg = self
                .builder
                .build_insert_value(agg.into_struct_value(), *f, i as u32, "")
                .unwrap()
                .as_basic_value_enum();
        }
        agg
    }

    /// A dict method; `args[0]` is the dict, the rest converted to `types`.
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
            DictOp::Get => {
                let p = self.dict_find(dict, d, args[1]);
                let found = self.builder.build_is_not_null(p, "").unwrap();
                let result = match args.get(2) {
                    Some(&default) => self.load_or(p, found, &d.value, default, rt),
                    None => {
                        let zero = crate::model::value_type(self.ctx, &d.value).const_zero();
                        let v = self.load_or(p, found, &d.value, zero, &d.value);
                        self.make_struct(&Type::optional_pair(&d.value), &[found.into(), v])
                    }
                };
                self.incref(result, rt);
                result
            }
            DictOp::SetDefault => {
                let p = self.dict_find(dict, d, args[1]);
                let slot = self.alloca(self.ptr_type().into());
                self.builder.build_store(slot, p).unwrap();
                self.if_then(self.is_null(p), || {
                    let stored = self.dict_insert(dict, d, args[1], args[2]);
                    self.builder.build_store(slot, stored).unwrap();
                });
                let p = self
                    .builder
                    .build_load(self.ptr_type(), slot, "")
                    .unwrap()
                    .into_pointer_value();
                let v = self.load_as(&d.value, p);
                self.incref(v, &d.value);
                v
            }
            DictOp::Pop | DictOp::DelItem => self.dict_pop(op, dict, d, args, rt),
            DictOp::PopItem => {
                let key_slot = self.alloca(memory_type(self.ctx, &d.key));
                let value_slot = self.alloca(memory_type(self.ctx, &d.value));
                let taken = self.dict_rt_found(
                    symbols::DICT_POPITEM,
                    &[dict, key_slot.into(), value_slot.into()],
                );
                let empty = self.builder.build_not(taken, "").unwrap();
                self.raise_if(empty, ErrorKind::KeyError, "popitem(): dictionary is empty");
                let key = self.load_as(&d.key, key_slot);
                let value = self.load_as(&d.value, value_slot);
                self.make_struct(rt, &[key, value])
            }
            DictOp::Update => {
                let Type::Dict(other) = &types[1] else {
                    unreachable!("typing admits dict.update(dict)")
                };
                let n = self.dict_len(args[1]);
                self.emit_loop(n, &mut |k| {
                    let (key, value) = self.dict_entry_pair(args[1], other, k);
                    let key = self.convert(key, &other.key, &d.key);
                    let value = self.convert(value, &other.value, &d.value);
                    self.dict_insert(dict, d, key, value);
                });
                self.unit(rt)
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

    /// The value at `p` when `found`, else `default` (both borrowed), as type `rt`.
    fn load_or(
        &self,
        p: PointerValue<'c>,
        found: IntValue<'c>,
        value_type: &Type,
        default: BasicValueEnum<'c>,
        rt: &Type,
    ) -> BasicValueEnum<'c> {
        let zero = self.value_slot(
            value_type,
            crate::model::value_type(self.ctx, value_type).const_zero(),
        );
        let at = self
            .builder
            .build_select(found, p, zero, "")
            .unwrap()
            .into_pointer_value();
        let stored = self.convert(self.load_as(value_type, at), value_type, rt);
        self.builder
            .build_select(found, stored, default, "")
            .unwrap()
    }

    /// `d.pop(k[, default])` and `del d[k]`.
    fn dict_pop(
        &self,
        op: DictOp,
        dict: BasicValueEnum<'c>,
        d: &DictType,
        args: &[BasicValueEnum<'c>],
        rt: &Type,
    ) -> BasicValueEnum<'c> {
        let key_slot = self.key_slot(&d.key, args[1]);
        let out = if op == DictOp::Pop {
            self.alloca(memory_type(self.ctx, &d.value))
        } else {
            self.ptr_type().const_null()
        };
        let found = self.dict_rt_found(symbols::DICT_REMOVE, &[dict, key_slot.into(), out.into()]);
        let missing = self.builder.build_not(found, "").unwrap();
        match (op, args.get(2)) {
            (DictOp::DelItem, _) => {
                self.key_error_if(missing, args[1], &d.key);
                self.unit(rt)
            }
            (_, None) => {
                self.key_error_if(missing, args[1], &d.key);
                self.load_as(&d.value, out)
            }
            (_, Some(&default)) => {
                // The popped value is owned already; a default taken instead needs a
                // reference of its own.
                let zeroed = crate::model::value_type(self.ctx, &d.value).const_zero();
                let stored = self.value_slot(&d.value, zeroed);
                let at = self
                    .builder
                    .build_select(found, out, stored, "")
                    .unwrap()
                    .into_pointer_value();
                let popped = self.convert(self.load_as(&d.value, at), &d.value, rt);
                self.if_then(missing, || self.incref(default, rt));
                self.builder
                    .build_select(found, popped, default, "")
                    .unwrap()
            }
        }
    }

    /// Runs `body` when `cond` holds; code continues after it.
    pub(crate) fn if_then(&self, cond: IntValue<'c>, body: impl FnOnce()) {
        let then = self.ctx.append_basic_block(self.func, "then");
        let cont = self.ctx.append_basic_block(self.func, "endif");
        self.builder
            .build_conditional_branch(cond, then, cont)
            .unwrap();
        self.builder.position_at_end(then);
        body();
        self.builder.build_unconditional_branch(cont).unwrap();
        self.builder.position_at_end(cont);
    }
}
