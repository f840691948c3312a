//! Array-making library calls: `np.empty/zeros/ones/full(_like)`, `arange`, `linspace`,
//! `eye`, copies, `ascontiguousarray`, `reshape`/`ravel`, `np.array(nested sequence)`.

use crate::elementwise::Node;
use crate::function::FuncGen;
use crate::model::element_memory_type;
use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use oxjit_builtins::Fill;
use oxjit_runtime::ErrorKind;
use oxjit_types::{ArrayType, Dtype, Layout, Type};

impl<'c> FuncGen<'c, '_> {
    /// The dimensions a shape argument (an int or a tuple of ints) gives.
    fn shape_arg(&self, v: BasicValueEnum<'c>, t: &Type) -> Vec<IntValue<'c>> {
        match t {
            Type::Tuple(items) => items
                .iter()
                .enumerate()
                .map(|(i, it)| {
                    self.cast_scalar(self.field(v, i as u32), it.scalar().unwrap(), Dtype::I64)
                        .into_int_value()
                })
                .collect(),
            Type::Scalar(d) => vec![self.cast_scalar(v, *d, Dtype::I64).into_int_value()],
            _ => unreachable!("inference checked the shape"),
        }
    }

    fn fill_flat(&self, arr: BasicValueEnum<'c>, dtype: Dtype, value: BasicValueEnum<'c>) {
        let n = self.field(arr, 2).into_int_value();
        let data = self.data_ptr(arr);
        self.emit_loop(n, &mut |i| {
            let p = unsafe {
                self.builder.build_in_bounds_gep(
                    element_memory_type(self.ctx, dtype),
                    data,
                    &[i],
                    "",
                )
            }
            .unwrap();
            self.store_at(p, dtype, value);
        });
    }

    fn one_of(&self, d: Dtype) -> BasicValueEnum<'c> {
        self.cast_scalar(self.i64(1).into(), Dtype::I64, d)
    }

    pub fn alloc_filled(
        &self,
        rt: &ArrayType,
        shape: &[IntValue<'c>],
        fill: Fill,
        value: Option<BasicValueEnum<'c>>,
    ) -> BasicValueEnum<'c> {
        let out = self.alloc_array(rt.dtype, shape, rt.layout, fill == Fill::Zeros);
        match fill {
            Fill::Ones => self.fill_flat(out, rt.dtype, self.one_of(rt.dtype)),
            Fill::Value => self.fill_flat(out, rt.dtype, value.unwrap()),
            _ => {}
        }
        out
    }

    /// A C-contiguous copy of `src` with the result's dtype.
    pub fn copy_array(
        &self,
        src: BasicValueEnum<'c>,
        st: &ArrayType,
        dtype: Dtype,
    ) -> BasicValueEnum<'c> {
        let shape = self.dims(src, st.ndim);
        let out = self.alloc_array(dtype, &shape, Layout::C, false);
        let out_t = ArrayType {
            dtype,
            ndim: st.ndim,
            layout: Layout::C,
            readonly: false,
        };
        self.eval_into(&Node::Leaf(src, *st), out, &out_t, false);
        out
    }

    /// The same memory seen as a C-contiguous array of `shape` (the source must be
    /// C-contiguous). Takes a new reference to the source's memory.
    fn reheader(
        &self,
        src: BasicValueEnum<'c>,
        dtype: Dtype,
        shape: &[IntValue<'c>],
    ) -> BasicValueEnum<'c> {
        let strides = self.contiguous_strides(shape, dtype.itemsize() as i64, Layout::C);
        self.make_view(src, shape.len() as u8, self.data_ptr(src), shape, &strides)
    }

    /// `src` if it is C-contiguous (a new reference), else a copy; viewed with `shape`.
    fn contiguous_as(
        &self,
        src: BasicValueEnum<'c>,
        st: &ArrayType,
        shape: Option<Vec<IntValue<'c>>>,
    ) -> BasicValueEnum<'c> {
        let ok = self.is_c_contiguous(src, st);
        let shape = shape.unwrap_or_else(|| self.dims(src, st.ndim));
        self.view_or_copy(src, st, &shape, ok, || self.reheader(src, st.dtype, &shape))
    }

    /// `view()`, built where `can_view` holds, else a C-ordered copy of `src` with `shape`
    /// (both new references).
    fn view_or_copy(
        &self,
        src: BasicValueEnum<'c>,
        st: &ArrayType,
        shape: &[IntValue<'c>],
        can_view: IntValue<'c>,
        view: impl FnOnce() -> BasicValueEnum<'c>,
    ) -> BasicValueEnum<'c> {
        let view_bb = self.ctx.append_basic_block(self.func, "view");
        let copy_bb = self.ctx.append_basic_block(self.func, "copy");
        let done = self.ctx.append_basic_block(self.func, "viewed");
        self.builder
            .build_conditional_branch(can_view, view_bb, copy_bb)
            .unwrap();
        self.builder.position_at_end(view_bb);
        let viewed = view();
        let view_end = self.builder.get_insert_block().unwrap();
        self.builder.build_unconditional_branch(done).unwrap();
        self.builder.position_at_end(copy_bb);
        let copy = self.copy_array(src, st, st.dtype);
        let copied = self.reheader(copy, st.dtype, shape);
        self.release_temp(
            copy,
            &Type::Array(ArrayType {
                layout: Layout::C,
                ..*st
            }),
        );
        let copy_end = self.builder.get_insert_block().unwrap();
        self.builder.build_unconditional_branch(done).unwrap();
        self.builder.position_at_end(done);
        let phi = self.builder.build_phi(viewed.get_type(), "").unwrap();
        phi.add_incoming(&[(&viewed, view_end), (&copied, copy_end)]);
        phi.as_basic_value()
    }

    /// `reshape` of an array that may not be C-contiguous: a view when its strides allow
    /// one (as NumPy gives, so writes reach the original), else a C-ordered copy.
    fn reshape_strided(
        &self,
        src: BasicValueEnum<'c>,
        st: &ArrayType,
        shape: &[IntValue<'c>],
    ) -> BasicValueEnum<'c> {
        let i64t = self.ctx.i64_type();
        let stack = |values: &[IntValue<'c>]| {
            let arr = self.alloca(i64t.array_type(values.len().max(1) as u32).into());
            for (k, v) in values.iter().enumerate() {
                // SAFETY: `k` is within the array just allocated.
                let p = unsafe {
                    self.builder
                        .build_in_bounds_gep(i64t, arr, &[self.i64(k as i64)], "")
                }
                .unwrap();
                self.builder.build_store(p, *v).unwrap();
            }
            arr
        };
        let old_shape = stack(&self.dims(src, st.ndim));
        let old_strides = stack(&self.byte_strides_pub(src, st));
        let new_shape = stack(shape);
        // Written by the runtime.
        let new_strides = self.alloca(i64t.array_type(shape.len().max(1) as u32).into());
        let ptr = self.ctx.ptr_type(inkwell::AddressSpace::default());
        let f = self.extern_fn(
            oxjit_runtime::symbols::RESHAPE_STRIDES,
            self.ctx.i8_type().fn_type(
                &[
                    i64t.into(),
                    ptr.into(),
                    ptr.into(),
                    i64t.into(),
                    ptr.into(),
                    ptr.into(),
                    i64t.into(),
                ],
                false,
            ),
        );
        let found = self
            .call(
                f,
                &[
                    self.i64(st.ndim as i64).into(),
                    old_shape.into(),
                    old_strides.into(),
                    self.i64(shape.len() as i64).into(),
                    new_shape.into(),
                    new_strides.into(),
                    self.i64(st.dtype.itemsize() as i64).into(),
                ],
            )
            .unwrap()
            .into_int_value();
        let found = self
            .builder
            .build_int_compare(IntPredicate::NE, found, self.ctx.i8_type().const_zero(), "")
            .unwrap();
        self.view_or_copy(src, st, shape, found, || {
            let strides: Vec<IntValue<'c>> = (0..shape.len())
                .map(|k| {
                    // SAFETY: `k` is within the strides array.
                    let p = unsafe {
                        self.builder.build_in_bounds_gep(
                            i64t,
                            new_strides,
                            &[self.i64(k as i64)],
                            "",
                        )
                    }
                    .unwrap();
                    self.builder
                        .build_load(i64t, p, "")
                        .unwrap()
                        .into_int_value()
                })
                .collect();
            self.make_view(src, shape.len() as u8, self.data_ptr(src), shape, &strides)
        })
    }

    pub fn array_creation(
        &self,
        typed: &oxjit_builtins::Typed,
        args: &[BasicValueEnum<'c>],
    ) -> BasicValueEnum<'c> {
        use oxjit_builtins::Intrinsic as I;
        let rt = *typed.result.array().expect("creation returns an array");
        match &typed.intrinsic {
            I::Alloc(fill) => {
                let shape = self.shape_arg(args[0], &typed.args[0]);
                self.alloc_filled(&rt, &shape, *fill, args.get(1).copied())
            }
            I::AllocLike(fill) => {
                let src_t = typed.args[0].array().unwrap();
                let shape = self.dims(args[0], src_t.ndim);
                self.alloc_filled(&rt, &shape, *fill, args.get(1).copied())
            }
            I::Copy => {
                let st = *typed.args[0].array().unwrap();
                let copy = self.copy_array(args[0], &st, rt.dtype);
                if rt.ndim == st.ndim {
                    return copy;
                }
                // flatten: the copy seen as one dimension.
                let n = self.field(copy, 2).into_int_value();
                let flat = self.reheader(copy, rt.dtype, &[n]);
                let ct = Type::Array(ArrayType {
                    layout: Layout::C,
                    dtype: rt.dtype,
                    ..st
                });
                self.release_temp(copy, &ct);
                flat
            }
            I::Contiguous => {
                let st = *typed.args[0].array().unwrap();
                let shape = if rt.ndim != st.ndim {
                    Some(vec![self.field(args[0], 2).into_int_value()])
                } else {
                    None
                };
                self.contiguous_as(args[0], &st, shape)
            }
            I::Reshape => {
                let st = *typed.args[0].array().unwrap();
                let mut shape: Vec<IntValue> = if typed.args.len() == 2 {
                    self.shape_arg(args[1], &typed.args[1])
                } else {
                    args[1..].iter().map(|v| v.into_int_value()).collect()
                };
                let total = self.field(args[0], 2).into_int_value();
                // One dimension may be -1: whatever makes the sizes match.
                let mut known = self.i64(1);
                let mut unknowns = self.i64(0);
                for &d in &shape {
                    let b = &self.builder;
                    let is_unknown = b
                        .build_int_compare(IntPredicate::EQ, d, self.i64(-1), "")
                        .unwrap();
                    known = b
                        .build_select(
                            is_unknown,
                            known,
                            b.build_int_mul(known, d, "").unwrap(),
                            "",
                        )
                        .unwrap()
                        .into_int_value();
                    unknowns = b
                        .build_int_add(
                            unknowns,
                            b.build_int_z_extend(is_unknown, self.ctx.i64_type(), "")
                                .unwrap(),
                            "",
                        )
                        .unwrap();
                }
                let b = &self.builder;
                let safe_known = b
                    .build_select(
                        b.build_int_compare(IntPredicate::EQ, known, self.i64(0), "")
                            .unwrap(),
                        self.i64(1),
                        known,
                        "",
                    )
                    .unwrap()
                    .into_int_value();
                let inferred = b.build_int_signed_div(total, safe_known, "").unwrap();
                for d in shape.iter_mut() {
                    let is_unknown = b
                        .build_int_compare(IntPredicate::EQ, *d, self.i64(-1), "")
                        .unwrap();
                    *d = b
                        .build_select(is_unknown, inferred, *d, "")
                        .unwrap()
                        .into_int_value();
                }
                let product = self.product(&shape);
                let b = &self.builder;
                let mismatch = b
                    .build_int_compare(IntPredicate::NE, product, total, "")
                    .unwrap();
                let too_many = b
                    .build_int_compare(IntPredicate::SGT, unknowns, self.i64(1), "")
                    .unwrap();
                let bad = b.build_or(mismatch, too_many, "").unwrap();
                self.raise_if(
                    bad,
                    ErrorKind::ValueError,
                    "cannot reshape array into the requested shape",
                );
                if st.layout == Layout::C {
                    self.contiguous_as(args[0], &st, Some(shape))
                } else {
                    self.reshape_strided(args[0], &st, &shape)
                }
            }
            I::FromSequence => self.array_from_sequence(args[0], &typed.args[0], &rt),
            _ => unreachable!("not a creation intrinsic"),
        }
    }

    /// Dimensions of a (nested) sequence; checks that nested lists are rectangular.
    fn sequence_shape(
        &self,
        v: BasicValueEnum<'c>,
        t: &Type,
        out: &mut Vec<IntValue<'c>>,
        depth: usize,
    ) {
        let (n, first) = match t {
            Type::Tuple(items) => (
                self.i64(items.len() as i64),
                items.first().map(|it| (self.field(v, 0), it.clone())),
            ),
            Type::List(elem) => {
                let n = self.list_len(v);
                // An empty list contributes zeros below it.
                (
                    n,
                    Some((self.list_get(v, elem, self.i64(0), false), (**elem).clone())),
                )
            }
            _ => return,
        };
        if out.len() == depth {
            out.push(n);
        }
        if let Some((fv, ft)) = first {
            if !matches!(ft, Type::Scalar(_)) {
                self.sequence_shape(fv, &ft, out, depth + 1);
            }
        }
    }

    fn array_from_sequence(
        &self,
        v: BasicValueEnum<'c>,
        t: &Type,
        rt: &ArrayType,
    ) -> BasicValueEnum<'c> {
        let mut shape = Vec::new();
        self.sequence_shape(v, t, &mut shape, 0);
        let out = self.alloc_array(rt.dtype, &shape, Layout::C, false);
        let counter = self.alloca(self.ctx.i64_type().into());
        self.builder.build_store(counter, self.i64(0)).unwrap();
        self.write_sequence(v, t, out, rt.dtype, counter, &shape, 0);
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn write_sequence(
        &self,
        v: BasicValueEnum<'c>,
        t: &Type,
        out: BasicValueEnum<'c>,
        dtype: Dtype,
        counter: inkwell::values::PointerValue<'c>,
        shape: &[IntValue<'c>],
        depth: usize,
    ) {
        let item = |x: BasicValueEnum<'c>, xt: &Type| match xt {
            Type::Scalar(d) => {
                let k = self
                    .builder
                    .build_load(self.ctx.i64_type(), counter, "")
                    .unwrap()
                    .into_int_value();
                let x = self.cast_scalar(x, *d, dtype);
                let p = unsafe {
                    self.builder.build_in_bounds_gep(
                        element_memory_type(self.ctx, dtype),
                        self.data_ptr(out),
                        &[k],
                        "",
                    )
                }
                .unwrap();
                self.store_at(p, dtype, x);
                let k1 = self.builder.build_int_add(k, self.i64(1), "").unwrap();
                self.builder.build_store(counter, k1).unwrap();
            }
            other => self.write_sequence(x, other, out, dtype, counter, shape, depth + 1),
        };
        match t {
            Type::Tuple(items) => {
                if depth < shape.len() {
                    let bad = self
                        .builder
                        .build_int_compare(
                            IntPredicate::NE,
                            self.i64(items.len() as i64),
                            shape[depth],
                            "",
                        )
                        .unwrap();
                    self.raise_if(bad, ErrorKind::ValueError, "setting an array element with a sequence: the nested sequences have different lengths");
                }
                for (i, it) in items.iter().enumerate() {
                    item(self.field(v, i as u32), it);
                }
            }
            Type::List(elem) => {
                let n = self.list_len(v);
                if depth < shape.len() {
                    let bad = self
                        .builder
                        .build_int_compare(IntPredicate::NE, n, shape[depth], "")
                        .unwrap();
                    self.raise_if(bad, ErrorKind::ValueError, "setting an array element with a sequence: the nested sequences have different lengths");
                }
                self.emit_loop(n, &mut |i| {
                    let x = self.list_get(v, elem, i, false);
                    item(x, elem);
                });
            }
            // `np.array(5.0)`: a 0-d array of one number.
            Type::Scalar(_) => item(v, t),
            _ => {}
        }
    }
}
