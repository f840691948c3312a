//! Subscripts that make views: slices (`a[1:n:2]`), `None`/`np.newaxis`, and integer
//! indices mixed with them; and assignment through such views (`a[i, 1:] = expr`).

use crate::function::{FuncGen, Typed};
use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use oxjit_ir::{Op, Value};
use oxjit_runtime::ErrorKind;
use oxjit_types::{ArrayType, Dtype, Type};

/// One position of a subscript, evaluated.
enum Part<'c> {
    Int(IntValue<'c>),
    Slice(BasicValueEnum<'c>),
    NewAxis,
}

/// Slice flag bits (besides 1 and 2: start, stop omitted): a bound known to be >= 0.
const START_NONNEG: i64 = 4;
const STOP_NONNEG: i64 = 8;

impl<'c> FuncGen<'c, '_> {
    /// `slice(start, stop, step)` with `None` parts flagged, and bounds the analysis in
    /// `crate::nonneg` proved non-negative (`A[j][i+1:]` in a `range` loop) flagged too,
    /// so applying the slice adds no wrap-around select for them.
    pub fn build_slice(&self, parts: &[Typed<'c>], nonneg: [bool; 2]) -> BasicValueEnum<'c> {
        let (lo, hi, step) = match parts {
            [stop] => (None, Some(stop), None),
            [a, b] => (Some(a), Some(b), None),
            [a, b, c] => (Some(a), Some(b), Some(c)),
            _ => (None, None, None),
        };
        let mut flags = 0i64;
        let mut int = |p: Option<&Typed<'c>>, bit: i64, default: i64| match p {
            Some((v, Type::Scalar(d))) => self.cast_scalar(*v, *d, Dtype::I64).into_int_value(),
            _ => {
                flags |= bit;
                self.i64(default)
            }
        };
        let start = int(lo, 1, 0);
        let stop = int(hi, 2, 0);
        let step = int(step, 0, 1);
        flags |= if nonneg[0] { START_NONNEG } else { 0 } | if nonneg[1] { STOP_NONNEG } else { 0 };

        let step = if parts.len() == 3 && matches!(parts[2].1, Type::None) {
            self.i64(1)
        } else {
            step
        };
        self.build_struct(
            &Type::Slice { unit_step: false },
            &[
                start.into(),
                stop.into(),
                step.into(),
                self.i64(flags).into(),
            ],
        )
    }

    /// `(start, step, length)` of a slice applied to an axis of `len` items (Python's
    /// rules for omitted and negative bounds).
    pub(crate) fn adjust_slice(
        &self,
        s: BasicValueEnum<'c>,
        len: IntValue<'c>,
    ) -> (IntValue<'c>, IntValue<'c>, IntValue<'c>) {
        let b = &self.builder;
        let start = self.field(s, 0).into_int_value();
        let stop = self.field(s, 1).into_int_value();
        let step = self.field(s, 2).into_int_value();
        let flags = self.field(s, 3).into_int_value();
        let zero_step = b
            .build_int_compare(IntPredicate::EQ, step, self.i64(0), "")
            .unwrap();
        self.raise_if(
            zero_step,
            ErrorKind::ValueError,
            "slice step cannot be zero",
        );
        let b = &self.builder;
        let pos = b
            .build_int_compare(IntPredicate::SGT, step, self.i64(0), "")
            .unwrap();
        let lower = b
            .build_select(pos, self.i64(0), self.i64(-1), "")
            .unwrap()
            .into_int_value();
        let upper = b
            .build_select(pos, len, b.build_int_sub(len, self.i64(1), "").unwrap(), "")
            .unwrap()
            .into_int_value();
        let clamp = |x: IntValue<'c>, nonneg_bit: i64| {
            let may_wrap = b
                .build_int_compare(
                    IntPredicate::EQ,
                    b.build_and(flags, self.i64(nonneg_bit), "").unwrap(),
                    self.i64(0),
                    "",
                )
                .unwrap();
            let neg = b
                .build_and(
                    may_wrap,
                    b.build_int_compare(IntPredicate::SLT, x, self.i64(0), "")
                        .unwrap(),
                    "",
                )
                .unwrap();
            let x = b
                .build_select(neg, b.build_int_add(x, len, "").unwrap(), x, "")
                .unwrap()
                .into_int_value();
            // A non-negative bound is never below the lowest position (0 or -1).
            let below = b
                .build_and(
                    may_wrap,
                    b.build_int_compare(IntPredicate::SLT, x, lower, "")
                        .unwrap(),
                    "",
                )
                .unwrap();
            let x = b
                .build_select(below, lower, x, "")
                .unwrap()
                .into_int_value();
            let above = b
                .build_int_compare(IntPredicate::SGT, x, upper, "")
                .unwrap();
            b.build_select(above, upper, x, "")
                .unwrap()
                .into_int_value()
        };
        let start_none = b
            .build_int_compare(
                IntPredicate::NE,
                b.build_and(flags, self.i64(1), "").unwrap(),
                self.i64(0),
                "",
            )
            .unwrap();
        let stop_none = b
            .build_int_compare(
                IntPredicate::NE,
                b.build_and(flags, self.i64(2), "").unwrap(),
                self.i64(0),
                "",
            )
            .unwrap();
        let start = b
            .build_select(
                start_none,
                b.build_select(pos, lower, upper, "")
                    .unwrap()
                    .into_int_value(),
                clamp(start, START_NONNEG),
                "",
            )
            .unwrap()
            .into_int_value();
        let stop = b
            .build_select(
                stop_none,
                b.build_select(pos, upper, lower, "")
                    .unwrap()
                    .into_int_value(),
                clamp(stop, STOP_NONNEG),
                "",
            )
            .unwrap()
            .into_int_value();
        let n = self.steps_between(start, stop, step);
        (start, step, n)
    }

    fn parts(&self, index: Value) -> Vec<Part<'c>> {
        let one = |v: BasicValueEnum<'c>, t: &Type| match t {
            Type::Slice { .. } => Part::Slice(v),
            Type::None => Part::NewAxis,
            Type::Scalar(d) => Part::Int(self.cast_scalar(v, *d, Dtype::I64).into_int_value()),
            _ => unreachable!("inference checked the index"),
        };
        if let Some(Op::MakeTuple(items)) = self.tf.func.def_op(index) {
            return items
                .iter()
                .map(|&v| one(self.val(v), self.ty(v)))
                .collect();
        }
        match self.ty(index).clone() {
            Type::Tuple(items) => {
                let tv = self.val(index);
                items
                    .iter()
                    .enumerate()
                    .map(|(i, t)| one(self.field(tv, i as u32), t))
                    .collect()
            }
            t => vec![one(self.val(index), &t)],
        }
    }

    /// Whether a subscript has slices or `None` (so it makes a view).
    pub fn is_view_index(&self, index: Value) -> bool {
        let has = |t: &Type| matches!(t, Type::Slice { .. } | Type::None);
        match self.ty(index) {
            Type::Tuple(items) => items.iter().any(has),
            t => has(t),
        }
    }

    /// The view `a[index]` (an owned reference).
    pub fn view(
        &self,
        arr: BasicValueEnum<'c>,
        a: &ArrayType,
        index: Value,
        out: &ArrayType,
    ) -> BasicValueEnum<'c> {
        let shape = self.dims(arr, a.ndim);
        let strides = self.byte_strides_pub(arr, a);
        let mut off = self.i64(0);
        let mut out_shape = Vec::new();
        let mut out_strides = Vec::new();
        let mut axis = 0usize;
        for part in self.parts(index) {
            let b = &self.builder;
            match part {
                Part::Int(i) => {
                    let neg = b
                        .build_int_compare(IntPredicate::SLT, i, self.i64(0), "")
                        .unwrap();
                    let i = b
                        .build_select(neg, b.build_int_add(i, shape[axis], "").unwrap(), i, "")
                        .unwrap()
                        .into_int_value();
                    let oob = b
                        .build_int_compare(IntPredicate::UGE, i, shape[axis], "")
                        .unwrap();
                    self.raise_if(oob, ErrorKind::IndexError, "index out of bounds");
                    off = self
                        .builder
                        .build_int_add(
                            off,
                            self.builder.build_int_mul(i, strides[axis], "").unwrap(),
                            "",
                        )
                        .unwrap();
                    axis += 1;
                }
                Part::Slice(s) => {
                    let (start, step, n) = self.adjust_slice(s, shape[axis]);
                    let b = &self.builder;
                    off = b
                        .build_int_add(off, b.build_int_mul(start, strides[axis], "").unwrap(), "")
                        .unwrap();
                    out_shape.push(n);
                    out_strides.push(b.build_int_mul(step, strides[axis], "").unwrap());
                    axis += 1;
                }
                Part::NewAxis => {
                    out_shape.push(self.i64(1));
                    out_strides.push(self.i64(0));
                }
            }
        }
        for d in axis..a.ndim as usize {
            out_shape.push(shape[d]);
            out_strides.push(strides[d]);
        }
        let data = self.byte_offset(self.data_ptr(arr), off);
        debug_assert_eq!(out_shape.len(), out.ndim as usize);
        self.make_view(arr, out.ndim, data, &out_shape, &out_strides)
    }

    /// `a[index] = value` where the target is a view or a sub-array: the value (scalar,
    /// array or pending expression) is broadcast into it.
    pub fn assign_through_view(
        &self,
        arr: BasicValueEnum<'c>,
        a: &ArrayType,
        index: Value,
        value: Value,
    ) {
        let target_t = match self.index_result(a, index) {
            Type::Array(t) => t,
            _ => unreachable!(),
        };
        // The target view lives only while this instruction runs, and `arr` (an operand)
        // keeps its memory alive meanwhile: it takes no reference of its own.
        let outer = self.result_borrowed.replace(true);
        let view = if self.is_view_index(index) {
            self.view(arr, a, index, &target_t)
        } else {
            self.getitem((arr, Type::Array(*a)), index, &Type::Array(target_t))
        };
        self.result_borrowed.set(outer);
        let (node, held) = self.node_of(value);
        self.with_numpy_semantics(true, || self.eval_into(&node, view, &target_t, true));
        self.release_held(held);
    }

    /// The type `a[index]` has (the same rule inference applied).
    fn index_result(&self, a: &ArrayType, index: Value) -> Type {
        let n_int = self.parts_kinds(index);
        let (ints, new) = n_int;
        let ndim = a.ndim as usize - ints + new;
        if ndim == 0 {
            Type::Scalar(a.dtype)
        } else {
            Type::Array(ArrayType {
                ndim: ndim as u8,
                layout: oxjit_types::Layout::A,
                ..*a
            })
        }
    }

    fn parts_kinds(&self, index: Value) -> (usize, usize) {
        let count = |t: &Type| match t {
            Type::None => (0, 1),
            Type::Slice { .. } => (0, 0),
            _ => (1, 0),
        };
        match self.ty(index) {
            Type::Tuple(items) => items
                .iter()
                .map(count)
                .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1)),
            t => count(t),
        }
    }
}
