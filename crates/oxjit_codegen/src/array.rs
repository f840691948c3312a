//! Arrays: attributes, element addressing, views from partial indexing, and the items a
//! `for` loop visits for each iterable type.
//!
//! Addressing uses the layout the type promises: for C arrays the offset is computed from
//! the shape in elements (`(i*n1 + j)*n2 + k`), which LLVM's scalar evolution understands,
//! so inner loops vectorise with a runtime alias check; only `A` arrays use byte strides.

use crate::function::{FuncGen, Typed};
use crate::model::element_memory_type;
use inkwell::types::BasicType;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_ir::{Op, Value};
use oxjit_runtime::array::{FIELD_DATA, FIELD_SHAPE, FIELD_STRIDES};
use oxjit_types::{ArrayType, Dtype, Layout, Type};

impl<'c> FuncGen<'c, '_> {
    pub fn shape(&self, arr: BasicValueEnum<'c>, axis: u32) -> IntValue<'c> {
        let dims = self.field(arr, FIELD_SHAPE);
        self.builder
            .build_extract_value(dims.into_array_value(), axis, "")
            .unwrap()
            .into_int_value()
    }

    fn stride(&self, arr: BasicValueEnum<'c>, axis: u32) -> IntValue<'c> {
        let dims = self.field(arr, FIELD_STRIDES);
        self.builder
            .build_extract_value(dims.into_array_value(), axis, "")
            .unwrap()
            .into_int_value()
    }

    fn mul_nsw(&self, a: IntValue<'c>, b: IntValue<'c>) -> IntValue<'c> {
        self.builder.build_int_nsw_mul(a, b, "").unwrap()
    }

    fn add_nsw(&self, a: IntValue<'c>, b: IntValue<'c>) -> IntValue<'c> {
        self.builder.build_int_nsw_add(a, b, "").unwrap()
    }

    /// The index values of a subscript, each as int64 with whether it is known >= 0.
    fn indices(&self, index: Value) -> Vec<(IntValue<'c>, bool)> {
        let one = |v: Value| {
            let (x, t) = self.operand(v);
            let x = self
                .cast_scalar(x, t.scalar().unwrap(), Dtype::I64)
                .into_int_value();
            (
                x,
                self.nonneg.contains(&v) || t.scalar() == Some(Dtype::Bool),
            )
        };
        if let Some(Op::MakeTuple(items)) = self.tf.func.def_op(index) {
            return items.iter().map(|&v| one(v)).collect();
        }
        match self.ty(index).clone() {
            Type::Tuple(items) => {
                let tv = self.val(index);
                items
                    .iter()
                    .enumerate()
                    .map(|(i, t)| {
                        let x = self.field(tv, i as u32);
                        let x = self.cast_scalar(x, t.scalar().unwrap(), Dtype::I64);
                        (x.into_int_value(), false)
                    })
                    .collect()
            }
            _ => vec![one(index)],
        }
    }

    /// Wraps a negative index (and checks bounds when asked).
    fn normalize_index(
        &self,
        given: IntValue<'c>,
        nonneg: bool,
        dim: IntValue<'c>,
        axis: usize,
    ) -> IntValue<'c> {
        let b = &self.builder;
        let idx = if nonneg {
            given
        } else {
            let neg = b
                .build_int_compare(IntPredicate::SLT, given, self.i64(0), "")
                .unwrap();
            let wrapped = b.build_int_add(given, dim, "").unwrap();
            b.build_select(neg, wrapped, given, "")
                .unwrap()
                .into_int_value()
        };
        if self.options.boundscheck {
            let bad = b
                .build_int_compare(IntPredicate::UGE, idx, dim, "")
                .unwrap();
            let fail = self.ctx.append_basic_block(self.func, "oob");
            let cont = self.ctx.append_basic_block(self.func, "inbounds");
            b.build_conditional_branch(bad, fail, cont).unwrap();
            b.position_at_end(fail);
            let i64t = self.ctx.i64_type();
            let f = self.extern_fn(
                "oxjit_rt_raise_index",
                self.ctx
                    .void_type()
                    .fn_type(&[i64t.into(), i64t.into(), i64t.into()], false),
            );
            self.call(f, &[given.into(), self.i64(axis as i64).into(), dim.into()]);
            self.return_error();
            self.builder.position_at_end(cont);
        }
        idx
    }

    /// Pointer to the element (or sub-array start) at the leading `idx.len()` indices.
    fn element_ptr(
        &self,
        arr: BasicValueEnum<'c>,
        a: &ArrayType,
        idx: &[(IntValue<'c>, bool)],
    ) -> PointerValue<'c> {
        let ndim = a.ndim as usize;
        let idx: Vec<IntValue> = idx
            .iter()
            .enumerate()
            .map(|(axis, &(i, nn))| self.normalize_index(i, nn, self.shape(arr, axis as u32), axis))
            .collect();
        let data = self.field(arr, FIELD_DATA).into_pointer_value();
        let elem = element_memory_type(self.ctx, a.dtype);
        if idx.is_empty() {
            // `a[()]`: the 0-d array's element, or the whole array.
            return data;
        }
        match a.layout {
            Layout::C => {
                // Horner form over all axes, with zeros for the axes not indexed.
                let mut off = idx[0];
                for axis in 1..ndim {
                    let n = self.shape(arr, axis as u32);
                    off = self.mul_nsw(off, n);
                    if let Some(&i) = idx.get(axis) {
                        off = self.add_nsw(off, i);
                    }
                }
                unsafe { self.builder.build_in_bounds_gep(elem, data, &[off], "") }.unwrap()
            }
            Layout::F => {
                let mut off = *idx.last().unwrap();
                for axis in (0..idx.len() - 1).rev() {
                    let n = self.shape(arr, axis as u32);
                    off = self.mul_nsw(off, n);
                    off = self.add_nsw(off, idx[axis]);
                }
                unsafe { self.builder.build_in_bounds_gep(elem, data, &[off], "") }.unwrap()
            }
            Layout::A => {
                let mut off = self.i64(0);
                for (axis, &i) in idx.iter().enumerate() {
                    let s = self.stride(arr, axis as u32);
                    off = self.add_nsw(off, self.mul_nsw(i, s));
                }
                let i8t = self.ctx.i8_type();
                unsafe { self.builder.build_in_bounds_gep(i8t, data, &[off], "") }.unwrap()
            }
        }
    }

    /// Strides in bytes of every axis (for other modules).
    pub fn byte_strides_pub(&self, arr: BasicValueEnum<'c>, a: &ArrayType) -> Vec<IntValue<'c>> {
        self.byte_strides(arr, a)
    }

    /// Strides in bytes of every axis, computed from the shape for contiguous layouts.
    fn byte_strides(&self, arr: BasicValueEnum<'c>, a: &ArrayType) -> Vec<IntValue<'c>> {
        let ndim = a.ndim as u32;
        let item = self.i64(a.dtype.itemsize() as i64);
        match a.layout {
            Layout::A => (0..ndim).map(|i| self.stride(arr, i)).collect(),
            Layout::C => {
                let mut out = vec![item; ndim as usize];
                for axis in (0..ndim.saturating_sub(1)).rev() {
                    out[axis as usize] =
                        self.mul_nsw(out[axis as usize + 1], self.shape(arr, axis + 1));
                }
                out
            }
            Layout::F => {
                let mut out = vec![item; ndim as usize];
                for axis in 1..ndim {
                    out[axis as usize] =
                        self.mul_nsw(out[axis as usize - 1], self.shape(arr, axis - 1));
                }
                out
            }
        }
    }

    /// The view of `arr` with its axes sorted by decreasing stride magnitude, equal ones
    /// keeping their order (a stable bubble sort of the static number of axes, as
    /// selects).
    pub fn memory_order(&self, arr: BasicValueEnum<'c>, a: &ArrayType) -> BasicValueEnum<'c> {
        let b = &self.builder;
        let mut strides = self.byte_strides(arr, a);
        let mut shape: Vec<IntValue> = (0..a.ndim as u32).map(|i| self.shape(arr, i)).collect();
        let magnitude = |s: IntValue<'c>| {
            let negated = b.build_int_neg(s, "").unwrap();
            let negative = b
                .build_int_compare(IntPredicate::SLT, s, self.i64(0), "")
                .unwrap();
            b.build_select(negative, negated, s, "")
                .unwrap()
                .into_int_value()
        };
        let n = a.ndim as usize;
        for pass in 0..n.saturating_sub(1) {
            for j in 0..n - 1 - pass {
                let swap = b
                    .build_int_compare(
                        IntPredicate::SLT,
                        magnitude(strides[j]),
                        magnitude(strides[j + 1]),
                        "",
                    )
                    .unwrap();
                for v in [&mut strides, &mut shape] {
                    let (x, y) = (v[j], v[j + 1]);
                    v[j] = b.build_select(swap, y, x, "").unwrap().into_int_value();
                    v[j + 1] = b.build_select(swap, x, y, "").unwrap().into_int_value();
                }
            }
        }
        let data = self.field(arr, FIELD_DATA).into_pointer_value();
        self.make_view(arr, a.ndim, data, &shape, &strides)
    }

    /// An array header for a view of `base` with the given data pointer, shape and
    /// strides; it takes a reference to the base's memory unless the view is borrowed.
    pub fn make_view(
        &self,
        base: BasicValueEnum<'c>,
        ndim: u8,
        data: PointerValue<'c>,
        shape: &[IntValue<'c>],
        strides: &[IntValue<'c>],
    ) -> BasicValueEnum<'c> {
        let itemsize = self.field(base, 3).into_int_value();
        self.make_view_of(base, ndim, data, shape, strides, itemsize)
    }

    /// [`Self::make_view`] with elements of another size (`z.real` of a complex array).
    pub fn make_view_of(
        &self,
        base: BasicValueEnum<'c>,
        ndim: u8,
        data: PointerValue<'c>,
        shape: &[IntValue<'c>],
        strides: &[IntValue<'c>],
        itemsize: IntValue<'c>,
    ) -> BasicValueEnum<'c> {
        let nitems = self.product(shape);
        let v = self.header(
            ndim,
            self.field(base, 0),
            self.field(base, 1),
            nitems,
            itemsize,
            data.into(),
            shape,
            strides,
        );
        // A view keeps its base's memory alive.
        if !self.result_borrowed.get() {
            self.meminfo_incref(self.field(base, 0));
        }
        v
    }

    fn load_element(&self, p: PointerValue<'c>, d: Dtype) -> BasicValueEnum<'c> {
        let v = self
            .builder
            .build_load(element_memory_type(self.ctx, d), p, "")
            .unwrap();
        crate::function::from_memory(self.ctx, &self.builder, &Type::Scalar(d), v)
    }

    /// `a[idx]` with integer indices: an element, or a view when fewer indices than axes.
    fn index_array(
        &self,
        arr: BasicValueEnum<'c>,
        a: &ArrayType,
        idx: &[(IntValue<'c>, bool)],
    ) -> BasicValueEnum<'c> {
        let p = self.element_ptr(arr, a, idx);
        if idx.len() == a.ndim as usize {
            return self.load_element(p, a.dtype);
        }
        let strides = self.byte_strides(arr, a);
        let rest: Vec<u32> = (idx.len() as u32..a.ndim as u32).collect();
        let shape: Vec<IntValue> = rest.iter().map(|&i| self.shape(arr, i)).collect();
        let strides: Vec<IntValue> = rest.iter().map(|&i| strides[i as usize]).collect();
        self.make_view(arr, rest.len() as u8, p, &shape, &strides)
    }

    pub fn getitem(&self, obj: Typed<'c>, index: Value, rt: &Type) -> BasicValueEnum<'c> {
        let (v, t) = obj;
        match &t {
            Type::Array(a) if self.is_view_index(index) => {
                let out = *rt.array().expect("a subscript with slices gives an array");
                self.view(v, a, index, &out)
            }
            Type::Array(a) => {
                let idx = self.indices(index);
                self.index_array(v, a, &idx)
            }
            Type::List(elem) => {
                let (k, kt) = self.operand(index);
                let k = self
                    .cast_scalar(k, kt.scalar().unwrap(), Dtype::I64)
                    .into_int_value();
                let item = self.list_get(v, elem, k, true);
                self.incref(item, elem);
                item
            }
            Type::Tuple(items) if matches!(self.ty(index), Type::Slice { .. }) => {
                let positions =
                    oxjit_infer::tuple_slice(&self.tf.func, &self.tf.resolved, index, items.len())
                        .expect("inference checked the slice is constant");
                let fields: Vec<BasicValueEnum> = positions
                    .into_iter()
                    .map(|i| self.field(v, i as u32))
                    .collect();
                let out = self.build_struct(rt, &fields);
                self.incref(out, rt);
                out
            }
            Type::Tuple(items) => {
                // The item is a value of its own: it takes a reference (the tuple keeps
                // its one).
                let item = match self.const_index(index) {
                    Some(i) => {
                        let len = items.len() as i64;
                        let i = if i < 0 { i + len } else { i };
                        self.field(v, i as u32)
                    }
                    None => {
                        let (k, kt) = self.operand(index);
                        let k = self
                            .cast_scalar(k, kt.scalar().unwrap(), Dtype::I64)
                            .into_int_value();
                        self.dynamic_tuple_get(v, items.len(), rt, k, true)
                    }
                };
                self.incref(item, rt);
                item
            }
            _ => unreachable!("inference rejects indexing {t}"),
        }
    }

    fn indices_count(&self, index: Value) -> usize {
        match self.ty(index) {
            Type::Tuple(items) => items.len(),
            _ => 1,
        }
    }

    fn const_index(&self, v: Value) -> Option<i64> {
        self.tf.constant_int(v)
    }

    /// Element `k` of a homogeneous tuple by spilling it to the stack. With `wrap`, `k` is
    /// a Python index: negative counts from the end, and outside the tuple is IndexError.
    fn dynamic_tuple_get(
        &self,
        tup: BasicValueEnum<'c>,
        len: usize,
        elem: &Type,
        k: IntValue<'c>,
        wrap: bool,
    ) -> BasicValueEnum<'c> {
        let b = &self.builder;
        let k = if wrap {
            let neg = b
                .build_int_compare(IntPredicate::SLT, k, self.i64(0), "")
                .unwrap();
            let w = b.build_int_add(k, self.i64(len as i64), "").unwrap();
            let k = b.build_select(neg, w, k, "").unwrap().into_int_value();
            let outside = b
                .build_int_compare(IntPredicate::UGE, k, self.i64(len as i64), "")
                .unwrap();
            self.raise_if(
                outside,
                oxjit_runtime::ErrorKind::IndexError,
                "tuple index out of range",
            );
            k
        } else {
            k
        };
        let b = &self.builder;
        let et = crate::model::value_type(self.ctx, elem);
        let arr_t = et.array_type(len as u32);
        let slot = self.alloca(tup.get_type());
        b.build_store(slot, tup).unwrap();
        let p = unsafe { b.build_in_bounds_gep(arr_t, slot, &[self.i64(0), k], "") }.unwrap();
        b.build_load(et, p, "").unwrap()
    }

    pub fn setitem(&self, target: Typed<'c>, index: Value, value_v: Value) {
        let (arr, t) = target;
        if let Type::Dict(d) = &t {
            let (k, kt) = self.operand(index);
            let (v, vt) = self.operand(value_v);
            let key = self.convert(k, &kt, &d.key);
            self.dict_setitem(arr, d, key, self.convert(v, &vt, &d.value));
            return;
        }
        if let Type::List(elem) = &t {
            let (k, kt) = self.operand(index);
            let k = self
                .cast_scalar(k, kt.scalar().unwrap(), Dtype::I64)
                .into_int_value();
            let (v, vt) = self.operand(value_v);
            let v = self.convert(v, &vt, elem);
            self.list_set(arr, elem, k, v);
            return;
        }
        let Type::Array(a) = &t else { unreachable!() };
        let whole = !self.is_view_index(index) && self.indices_count(index) == a.ndim as usize;
        if !whole
            || self.ty(value_v).array().is_some()
            || self.deferred_values.borrow().contains(&value_v)
        {
            self.assign_through_view(arr, a, index, value_v);
            return;
        }
        let value = self.operand(value_v);
        let idx = self.indices(index);
        let p = self.element_ptr(arr, a, &idx);
        let (v, vt) = value;
        let v = self.convert(v, &vt, &Type::Scalar(a.dtype));
        let v = crate::function::to_memory(self.ctx, &self.builder, &Type::Scalar(a.dtype), v);
        self.builder.build_store(p, v).unwrap();
    }

    pub fn getattr(
        &self,
        v: BasicValueEnum<'c>,
        t: &Type,
        name: &str,
        rt: &Type,
    ) -> BasicValueEnum<'c> {
        match (t, name) {
            (Type::Tuple(tuple), name) if tuple.field_index(name).is_some() => {
                // A namedtuple's field: its item, with the reference a tuple item read takes.
                let i = tuple.field_index(name).expect("checked above");
                let item = self.field(v, i as u32);
                self.incref(item, rt);
                item
            }
            (Type::Array(a), "shape") => {
                let dims: Vec<BasicValueEnum> = (0..a.ndim as u32)
                    .map(|i| self.shape(v, i).into())
                    .collect();
                self.build_struct(rt, &dims)
            }
            (Type::Array(a), "strides") => {
                let s: Vec<BasicValueEnum> = self
                    .byte_strides(v, a)
                    .into_iter()
                    .map(Into::into)
                    .collect();
                self.build_struct(rt, &s)
            }
            (Type::Array(a), "ndim") => self.i64(a.ndim as i64).into(),
            (Type::Array(a), "itemsize") => self.i64(a.dtype.itemsize() as i64).into(),
            (Type::Array(a), "size" | "nbytes") => {
                let mut n = self.array_size(v, a.ndim);
                if name == "nbytes" {
                    n = self
                        .builder
                        .build_int_mul(n, self.i64(a.dtype.itemsize() as i64), "")
                        .unwrap();
                }
                n.into()
            }
            (Type::Array(a), "T") => {
                let strides = self.byte_strides(v, a);
                let shape: Vec<IntValue> =
                    (0..a.ndim as u32).rev().map(|i| self.shape(v, i)).collect();
                let strides: Vec<IntValue> = strides.into_iter().rev().collect();
                let data = self.field(v, FIELD_DATA).into_pointer_value();
                self.make_view(v, a.ndim, data, &shape, &strides)
            }
            (Type::Array(a), "real" | "imag") if a.dtype.is_complex() => {
                let part = a.dtype.real_of().itemsize() as i64;
                let offset = if name == "imag" { part } else { 0 };
                let data = self.byte_offset(self.data_ptr(v), self.i64(offset));
                let shape = self.dims(v, a.ndim);
                let strides = self.byte_strides(v, a);
                self.make_view_of(v, a.ndim, data, &shape, &strides, self.i64(part))
            }
            (Type::Array(a), "real" | "ctypes") => {
                let shape = self.dims(v, a.ndim);
                let strides = self.byte_strides(v, a);
                self.make_view(v, a.ndim, self.data_ptr(v), &shape, &strides)
            }
            (Type::Array(a), "imag") => {
                let shape = self.dims(v, a.ndim);
                self.alloc_array(a.dtype, &shape, Layout::C, true)
            }
            (Type::Scalar(d), "real") if d.is_complex() => self.field(v, 0),
            (Type::Scalar(d), "imag") if d.is_complex() => self.field(v, 1),
            (Type::Scalar(_), "real") => v,
            (Type::Scalar(d), "imag") => crate::model::scalar_type(self.ctx, *d).const_zero(),
            (Type::DtypeValue(d), "itemsize") => self.i64(d.itemsize() as i64).into(),
            (Type::Range, "start") => self.field(v, 0),
            (Type::Range, "stop") => self.field(v, 1),
            (Type::Range, "step") => self.field(v, 2),
            (Type::Array(_) | Type::Scalar(_), _) | (_, _) => self.unit(rt),
        }
    }

    /// How many values `start, start+step, ...` lie before `stop` (Python's `len(range())`
    /// and a slice's length). The distance is computed unsigned: it fits in 64 bits even
    /// when `stop - start` does not fit in int64.
    pub fn steps_between(
        &self,
        start: IntValue<'c>,
        stop: IntValue<'c>,
        step: IntValue<'c>,
    ) -> IntValue<'c> {
        let b = &self.builder;
        let pos = b
            .build_int_compare(IntPredicate::SGT, step, self.i64(0), "")
            .unwrap();
        let lo = b
            .build_select(pos, start, stop, "")
            .unwrap()
            .into_int_value();
        let hi = b
            .build_select(pos, stop, start, "")
            .unwrap()
            .into_int_value();
        let nonempty = b.build_int_compare(IntPredicate::SLT, lo, hi, "").unwrap();
        let dist = b.build_int_sub(hi, lo, "").unwrap();
        let mag = b
            .build_select(pos, step, b.build_int_neg(step, "").unwrap(), "")
            .unwrap()
            .into_int_value();
        let last = b
            .build_int_unsigned_div(b.build_int_sub(dist, self.i64(1), "").unwrap(), mag, "")
            .unwrap();
        let n = b.build_int_add(last, self.i64(1), "").unwrap();
        b.build_select(nonempty, n, self.i64(0), "")
            .unwrap()
            .into_int_value()
    }

    /// How many items a `for` loop over `t` visits.
    pub fn iter_len(&self, v: BasicValueEnum<'c>, t: &Type) -> IntValue<'c> {
        let b = &self.builder;
        match t {
            Type::Range => self.steps_between(
                self.field(v, 0).into_int_value(),
                self.field(v, 1).into_int_value(),
                self.field(v, 2).into_int_value(),
            ),
            Type::Array(_) => self.shape(v, 0),
            Type::List(_) => self.list_len(v),
            Type::Dict(_) | Type::DictView(..) => self.dict_len(v),
            Type::Unicode => self.str_len(v),
            Type::Str(text) => self.i64(text.chars().count() as i64),
            Type::Tuple(items) => self.i64(items.len() as i64),
            Type::Enumerate(inner) => self.iter_len(self.field(v, 1), inner),
            Type::Zip(items) => {
                let mut n: Option<IntValue> = None;
                for (i, it) in items.iter().enumerate() {
                    let m = self.iter_len(self.field(v, i as u32), it);
                    n = Some(match n {
                        None => m,
                        Some(n) => {
                            let lt = b.build_int_compare(IntPredicate::SLT, m, n, "").unwrap();
                            b.build_select(lt, m, n, "").unwrap().into_int_value()
                        }
                    });
                }
                n.unwrap()
            }
            _ => unreachable!("inference rejects iterating {t}"),
        }
    }

    /// Item `k` (0 <= k < len) of an iterable.
    pub fn iter_get(&self, it: Typed<'c>, k: IntValue<'c>) -> BasicValueEnum<'c> {
        let (v, t) = it;
        let b = &self.builder;
        match &t {
            Type::Range => {
                let start = self.field(v, 0).into_int_value();
                let step = self.field(v, 2).into_int_value();
                self.add_nsw(start, b.build_int_nsw_mul(k, step, "").unwrap())
                    .into()
            }
            Type::Array(a) => self.index_array(v, a, &[(k, true)]),
            Type::List(elem) => {
                let item = self.list_get(v, elem, k, false);
                self.incref(item, elem);
                item
            }
            Type::Dict(d) => self.dict_iter_get(v, d, oxjit_types::DictView::Keys, k),
            Type::DictView(view, d) => self.dict_iter_get(v, d, *view, k),
            Type::Unicode => self.str_char(v, k),
            Type::Str(text) => self.str_char(self.str_constant(text), k),
            Type::Tuple(items) => {
                let elem = items[0].clone();
                let item = self.dynamic_tuple_get(v, items.len(), &elem, k, false);
                self.incref(item, &elem);
                item
            }
            Type::Enumerate(inner) => {
                let item = self.iter_get((self.field(v, 1), (**inner).clone()), k);
                let item_t = oxjit_infer::item_type(inner).unwrap();
                let index = b
                    .build_int_add(k, self.field(v, 0).into_int_value(), "")
                    .unwrap();
                self.build_struct(&Type::tuple(vec![Type::I64, item_t]), &[index.into(), item])
            }
            Type::Zip(items) => {
                let vals: Vec<BasicValueEnum> = items
                    .iter()
                    .enumerate()
                    .map(|(i, it)| self.iter_get((self.field(v, i as u32), it.clone()), k))
                    .collect();
                let ts: Vec<Type> = items
                    .iter()
                    .map(|t| oxjit_infer::item_type(t).unwrap())
                    .collect();
                self.build_struct(&Type::tuple(ts), &vals)
            }
            _ => unreachable!(),
        }
    }
}
