//! Elementwise array expressions: operators, ufuncs and casts over broadcast arrays.
//!
//! An expression like `a * b + c * np.sin(a)` is built as one [`Node`] tree: every
//! intermediate result used only by the next operation is not materialised, so the
//! whole expression becomes a single loop writing one output array. The loop has two
//! versions: a flat loop over contiguous operands of the output's shape (which LLVM
//! vectorises), and a nested loop with per-operand strides (0 on broadcast axes).
//! Writing into an existing array (`a[1:] += a[:-1]`, `x[i, :] = expr`) first checks
//! whether an operand overlaps the destination in a way that would let the loop read
//! what it already wrote, and then evaluates into a temporary, as NumPy does.

use crate::function::FuncGen;
use crate::loops::LoopHint;
use crate::model::element_memory_type;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_builtins::Intrinsic;
use oxjit_ir::{BinOp, CmpOp, UnaryOp};
use oxjit_runtime::ErrorKind;
use oxjit_types::{ArrayType, Dtype, Layout, Type};

/// One elementwise expression.
#[derive(Clone)]
pub enum Node<'c> {
    Scalar(BasicValueEnum<'c>, Dtype),
    Leaf(BasicValueEnum<'c>, ArrayType),
    Binary(BinOp, Box<Node<'c>>, Box<Node<'c>>, Dtype),
    Compare(CmpOp, Box<Node<'c>>, Box<Node<'c>>),
    Unary(UnaryOp, Box<Node<'c>>, Dtype),
    Call(Intrinsic, Vec<Node<'c>>, Vec<Type>, Dtype),
}

impl<'c> Node<'c> {
    pub fn dtype(&self) -> Dtype {
        match self {
            Node::Scalar(_, d) | Node::Binary(.., d) | Node::Unary(.., d) | Node::Call(.., d) => *d,
            Node::Leaf(_, a) => a.dtype,
            Node::Compare(..) => Dtype::Bool,
        }
    }

    /// A node for an operand value: an array leaf or a broadcast scalar.
    pub fn operand(v: BasicValueEnum<'c>, t: &Type) -> Node<'c> {
        match t {
            Type::Array(a) => Node::Leaf(v, *a),
            Type::Scalar(d) => Node::Scalar(v, *d),
            _ => unreachable!("inference only types numbers and arrays as elementwise operands"),
        }
    }

    /// Whether evaluating the node calls a scalar math library function (`np.sin`,
    /// `np.exp`, ...). LLVM has no vector versions of them here, so a vectorised loop
    /// would call them one lane at a time after shuffling each lane out.
    fn calls_library(&self) -> bool {
        use oxjit_builtins::MathFn;
        match self {
            Node::Scalar(..) | Node::Leaf(..) => false,
            Node::Binary(_, x, y, _) | Node::Compare(_, x, y) => {
                x.calls_library() || y.calls_library()
            }
            Node::Unary(_, x, _) => x.calls_library(),
            Node::Call(intrinsic, xs, _, _) => {
                let inline = matches!(
                    intrinsic,
                    Intrinsic::Math(
                        MathFn::Sqrt
                            | MathFn::Fabs
                            | MathFn::Floor
                            | MathFn::Ceil
                            | MathFn::Trunc
                            | MathFn::Rint
                            | MathFn::Degrees
                            | MathFn::Radians
                    ) | Intrinsic::Abs
                        // A Python body is inlined into the loop before vectorising.
                        | Intrinsic::Body(_)
                        | Intrinsic::MinMax { .. }
                        | Intrinsic::Cast
                        | Intrinsic::Truth
                        | Intrinsic::Classify(_)
                );
                !inline || xs.iter().any(Node::calls_library)
            }
        }
    }

    /// Every value the node reads (array headers and broadcast scalars), in a fixed order.
    pub(crate) fn captures(&self, out: &mut Vec<BasicValueEnum<'c>>) {
        match self {
            Node::Scalar(v, _) | Node::Leaf(v, _) => out.push(*v),
            Node::Binary(_, x, y, _) | Node::Compare(_, x, y) => {
                x.captures(out);
                y.captures(out);
            }
            Node::Unary(_, x, _) => x.captures(out),
            Node::Call(_, xs, _, _) => xs.iter().for_each(|x| x.captures(out)),
        }
    }

    /// The same node reading `values` (in [`Self::captures`]' order) instead.
    pub(crate) fn with_captures(
        &self,
        values: &mut impl Iterator<Item = BasicValueEnum<'c>>,
    ) -> Node<'c> {
        let mut next = || values.next().expect("one value per capture");
        match self {
            Node::Scalar(_, d) => Node::Scalar(next(), *d),
            Node::Leaf(_, a) => Node::Leaf(next(), *a),
            Node::Binary(op, x, y, d) => {
                let x = x.with_captures(values);
                Node::Binary(*op, Box::new(x), Box::new(y.with_captures(values)), *d)
            }
            Node::Compare(op, x, y) => {
                let x = x.with_captures(values);
                Node::Compare(*op, Box::new(x), Box::new(y.with_captures(values)))
            }
            Node::Unary(op, x, d) => Node::Unary(*op, Box::new(x.with_captures(values)), *d),
            Node::Call(f, xs, ts, d) => Node::Call(
                f.clone(),
                xs.iter().map(|x| x.with_captures(values)).collect(),
                ts.clone(),
                *d,
            ),
        }
    }

    pub(crate) fn leaves(&self, out: &mut Vec<(BasicValueEnum<'c>, ArrayType)>) {
        match self {
            Node::Scalar(..) => {}
            Node::Leaf(v, a) => out.push((*v, *a)),
            Node::Binary(_, x, y, _) | Node::Compare(_, x, y) => {
                x.leaves(out);
                y.leaves(out);
            }
            Node::Unary(_, x, _) => x.leaves(out),
            Node::Call(_, xs, _, _) => xs.iter().for_each(|x| x.leaves(out)),
        }
    }
}

impl<'c> FuncGen<'c, '_> {
    /// The value of `node` at one position, given each leaf's element there (in the
    /// order [`Node::leaves`] lists them).
    fn eval(
        &self,
        node: &Node<'c>,
        loaded: &[BasicValueEnum<'c>],
        next: &mut usize,
    ) -> BasicValueEnum<'c> {
        match node {
            Node::Scalar(v, _) => *v,
            Node::Leaf(..) => {
                *next += 1;
                loaded[*next - 1]
            }
            Node::Binary(op, x, y, d) => {
                let (xt, yt) = (x.dtype(), y.dtype());
                let xv = self.eval(x, loaded, next);
                let yv = self.eval(y, loaded, next);
                let computed = match op {
                    BinOp::Div if !d.is_float() && !d.is_complex() => Dtype::F64,
                    _ => *d,
                };
                self.binary(
                    *op,
                    (xv, Type::Scalar(xt)),
                    (yv, Type::Scalar(yt)),
                    &Type::Scalar(computed),
                )
            }
            Node::Compare(op, x, y) => {
                let (xt, yt) = (x.dtype(), y.dtype());
                let xv = self.eval(x, loaded, next);
                let yv = self.eval(y, loaded, next);
                self.compare(*op, (xv, Type::Scalar(xt)), (yv, Type::Scalar(yt)))
                    .into()
            }
            Node::Unary(op, x, d) => {
                let xt = x.dtype();
                let v = self.eval(x, loaded, next);
                let v = self.cast_scalar(v, xt, *d);
                match op {
                    UnaryOp::Neg => self.negate(v, *d),
                    UnaryOp::Pos => v,
                    UnaryOp::Invert | UnaryOp::Not => self
                        .builder
                        .build_not(v.into_int_value(), "")
                        .unwrap()
                        .into(),
                }
            }
            Node::Call(intrinsic, xs, targets, d) => {
                let ops: Vec<(BasicValueEnum, Type)> = xs
                    .iter()
                    .map(|x| (self.eval(x, loaded, next), Type::Scalar(x.dtype())))
                    .collect();
                let typed = oxjit_builtins::Typed::new(
                    Type::Scalar(*d),
                    targets.clone(),
                    intrinsic.clone(),
                );
                if let Intrinsic::Body(body) = intrinsic {
                    // A ufunc whose scalar kernel is a Python body: call it per element.
                    let id = oxjit_builtins::pylib::id_of(*body).expect("inference checked it");
                    let vals = self.call_arguments(&typed, &ops, &[]);
                    return self.call_unit(id, targets, vals, &Type::Scalar(*d));
                }
                self.intrinsic(&typed, &ops, &[])
            }
        }
    }

    /// The shape every operand broadcasts to, for an output of `ndim` dimensions; raises
    /// ValueError when operands do not fit.
    pub fn broadcast_shape(
        &self,
        leaves: &[(BasicValueEnum<'c>, ArrayType)],
        ndim: u8,
    ) -> Vec<IntValue<'c>> {
        let b = &self.builder;
        let r = ndim as usize;
        let mut out = vec![self.i64(1); r];
        for (v, a) in leaves {
            let n = a.ndim as usize;
            for k in 0..n {
                let s = self.shape(*v, k as u32);
                let d = k + r - n;
                let not_one = b
                    .build_int_compare(IntPredicate::NE, s, self.i64(1), "")
                    .unwrap();
                out[d] = b
                    .build_select(not_one, s, out[d], "")
                    .unwrap()
                    .into_int_value();
            }
        }
        self.check_broadcast(leaves, &out);
        out
    }

    fn check_broadcast(&self, leaves: &[(BasicValueEnum<'c>, ArrayType)], shape: &[IntValue<'c>]) {
        let r = shape.len();
        let mut bad = self.ctx.bool_type().const_zero();
        for (v, a) in leaves {
            let n = a.ndim as usize;
            if n > r {
                bad = self.ctx.bool_type().const_int(1, false);
                continue;
            }
            for k in 0..n {
                let b = &self.builder;
                let s = self.shape(*v, k as u32);
                let d = k + r - n;
                let one = b
                    .build_int_compare(IntPredicate::EQ, s, self.i64(1), "")
                    .unwrap();
                let same = b
                    .build_int_compare(IntPredicate::EQ, s, shape[d], "")
                    .unwrap();
                let fine = b.build_or(one, same, "").unwrap();
                bad = b.build_or(bad, b.build_not(fine, "").unwrap(), "").unwrap();
            }
        }
        self.raise_if(
            bad,
            ErrorKind::ValueError,
            "operands could not be broadcast together",
        );
    }

    /// Evaluates `node` into a new C-contiguous array of type `rt`.
    pub fn materialize(&self, node: &Node<'c>, rt: &ArrayType) -> BasicValueEnum<'c> {
        let mut leaves = Vec::new();
        node.leaves(&mut leaves);
        let shape = self.broadcast_shape(&leaves, rt.ndim);
        let out = self.alloc_array(rt.dtype, &shape, Layout::C, false);
        let out_t = ArrayType {
            layout: Layout::C,
            ..*rt
        };
        self.eval_into(node, out, &out_t, false);
        out
    }

    /// Writes `node` (broadcast to `dest`'s shape, cast to its dtype) into `dest`.
    pub fn eval_into(
        &self,
        node: &Node<'c>,
        dest: BasicValueEnum<'c>,
        dt: &ArrayType,
        check_overlap: bool,
    ) {
        let mut leaves = Vec::new();
        node.leaves(&mut leaves);
        let shape = self.dims(dest, dt.ndim);
        self.check_broadcast(&leaves, &shape);
        if check_overlap && !leaves.is_empty() {
            let overlap = self.any_unsafe_overlap(dest, dt, &leaves);
            let via_temp = self.ctx.append_basic_block(self.func, "ew.temp");
            let direct = self.ctx.append_basic_block(self.func, "ew.direct");
            let done = self.ctx.append_basic_block(self.func, "ew.done");
            self.builder
                .build_conditional_branch(overlap, via_temp, direct)
                .unwrap();
            self.builder.position_at_end(via_temp);
            let temp_t = ArrayType {
                layout: Layout::C,
                dtype: node.dtype(),
                ndim: dt.ndim,
                readonly: false,
            };
            let temp = self.alloc_array(temp_t.dtype, &shape, Layout::C, false);
            self.eval_loops(node, &leaves, temp, &temp_t, LoopHint::Cold);
            let copy = Node::Leaf(temp, temp_t);
            let mut copy_leaves = Vec::new();
            copy.leaves(&mut copy_leaves);
            self.eval_loops(&copy, &copy_leaves, dest, dt, LoopHint::Cold);
            self.release_temp(temp, &Type::Array(temp_t));
            self.builder.build_unconditional_branch(done).unwrap();
            self.builder.position_at_end(direct);
            self.eval_loops(node, &leaves, dest, dt, LoopHint::Hot);
            self.builder.build_unconditional_branch(done).unwrap();
            self.builder.position_at_end(done);
        } else {
            self.eval_loops(node, &leaves, dest, dt, LoopHint::Hot);
        }
    }

    /// Byte range `[lo, hi)` an array's elements occupy.
    fn extent(
        &self,
        v: BasicValueEnum<'c>,
        a: &ArrayType,
    ) -> (IntValue<'c>, IntValue<'c>, IntValue<'c>) {
        let b = &self.builder;
        let base = b
            .build_ptr_to_int(self.data_ptr(v), self.ctx.i64_type(), "")
            .unwrap();
        let shape = self.dims(v, a.ndim);
        let strides = self.byte_strides_pub(v, a);
        let mut lo = base;
        let mut hi = base;
        let mut empty = self.ctx.bool_type().const_zero();
        for d in 0..a.ndim as usize {
            let last = b.build_int_sub(shape[d], self.i64(1), "").unwrap();
            let span = b.build_int_mul(last, strides[d], "").unwrap();
            let neg = b
                .build_int_compare(IntPredicate::SLT, span, self.i64(0), "")
                .unwrap();
            let lo_add = b
                .build_select(neg, span, self.i64(0), "")
                .unwrap()
                .into_int_value();
            let hi_add = b
                .build_select(neg, self.i64(0), span, "")
                .unwrap()
                .into_int_value();
            lo = b.build_int_add(lo, lo_add, "").unwrap();
            hi = b.build_int_add(hi, hi_add, "").unwrap();
            let zero = b
                .build_int_compare(IntPredicate::EQ, shape[d], self.i64(0), "")
                .unwrap();
            empty = b.build_or(empty, zero, "").unwrap();
        }
        let hi = b
            .build_int_add(hi, self.i64(a.dtype.itemsize() as i64), "")
            .unwrap();
        (lo, hi, empty)
    }

    /// True when some operand shares memory with `dest` other than element-for-element
    /// (reading the same position it writes is safe; anything else needs a temporary).
    fn any_unsafe_overlap(
        &self,
        dest: BasicValueEnum<'c>,
        dt: &ArrayType,
        leaves: &[(BasicValueEnum<'c>, ArrayType)],
    ) -> IntValue<'c> {
        let (dlo, dhi, dempty) = self.extent(dest, dt);
        let mut any = self.ctx.bool_type().const_zero();
        for (v, a) in leaves {
            let b = &self.builder;
            let (lo, hi, empty) = self.extent(*v, a);
            let disjoint = b
                .build_or(
                    b.build_int_compare(IntPredicate::SLE, hi, dlo, "").unwrap(),
                    b.build_int_compare(IntPredicate::SLE, dhi, lo, "").unwrap(),
                    "",
                )
                .unwrap();
            let disjoint = b
                .build_or(disjoint, b.build_or(empty, dempty, "").unwrap(), "")
                .unwrap();
            let identical = if a.ndim == dt.ndim && a.dtype.itemsize() == dt.dtype.itemsize() {
                let mut same = b
                    .build_int_compare(
                        IntPredicate::EQ,
                        b.build_ptr_to_int(self.data_ptr(*v), self.ctx.i64_type(), "")
                            .unwrap(),
                        b.build_ptr_to_int(self.data_ptr(dest), self.ctx.i64_type(), "")
                            .unwrap(),
                        "",
                    )
                    .unwrap();
                let (ss, ds) = (
                    self.byte_strides_pub(*v, a),
                    self.byte_strides_pub(dest, dt),
                );
                for d in 0..a.ndim as usize {
                    let b = &self.builder;
                    let eq_shape = b
                        .build_int_compare(
                            IntPredicate::EQ,
                            self.shape(*v, d as u32),
                            self.shape(dest, d as u32),
                            "",
                        )
                        .unwrap();
                    let eq_stride = b
                        .build_int_compare(IntPredicate::EQ, ss[d], ds[d], "")
                        .unwrap();
                    same = b
                        .build_and(same, b.build_and(eq_shape, eq_stride, "").unwrap(), "")
                        .unwrap();
                }
                same
            } else {
                self.ctx.bool_type().const_zero()
            };
            let b = &self.builder;
            let safe = b.build_or(disjoint, identical, "").unwrap();
            any = b.build_or(any, b.build_not(safe, "").unwrap(), "").unwrap();
        }
        any
    }

    /// The flat loop over elements `start..start + n` of C-contiguous operands of the
    /// destination's shape.
    pub(crate) fn flat_loop(
        &self,
        node: &Node<'c>,
        leaves: &[(BasicValueEnum<'c>, ArrayType)],
        dest: BasicValueEnum<'c>,
        dt: &ArrayType,
        start: IntValue<'c>,
        n: IntValue<'c>,
    ) {
        let dest_data = self.data_ptr(dest);
        // Scalar library calls dominate such loops; vectorising the arithmetic around
        // them gained 2-3% (array_expr) for a quarter more compile time.
        let flat_hint = if node.calls_library() {
            LoopHint::Cold
        } else {
            LoopHint::Hot
        };
        self.emit_loop_hinted(n, flat_hint, &mut |i| {
            let i = self.builder.build_int_add(start, i, "").unwrap();
            let loaded: Vec<BasicValueEnum> = leaves
                .iter()
                .map(|(v, a)| self.load_flat(*v, a.dtype, i))
                .collect();
            let x = self.eval(node, &loaded, &mut 0);
            let x = self.cast_scalar(x, node.dtype(), dt.dtype);
            let p = unsafe {
                self.builder.build_in_bounds_gep(
                    element_memory_type(self.ctx, dt.dtype),
                    dest_data,
                    &[i],
                    "",
                )
            }
            .unwrap();
            self.store_at(p, dt.dtype, x);
        });
    }

    /// The loops themselves: flat when everything is contiguous with the same shape,
    /// nested with broadcast strides otherwise. A `Cold` nest (the copy through a
    /// temporary, taken only when operands overlap) has only the nested version, left
    /// scalar. Callers have ruled out harmful overlap between `dest` and the leaves, so
    /// the element accesses carry that as alias metadata.
    fn eval_loops(
        &self,
        node: &Node<'c>,
        leaves: &[(BasicValueEnum<'c>, ArrayType)],
        dest: BasicValueEnum<'c>,
        dt: &ArrayType,
        hint: LoopHint,
    ) {
        let outer_alias = self.element_alias.replace(Some(self.new_element_alias()));
        let r = dt.ndim as usize;
        let shape = self.dims(dest, dt.ndim);
        let b = &self.builder;
        let mut flat_ok = if hint == LoopHint::Cold {
            self.ctx.bool_type().const_zero()
        } else {
            self.is_c_contiguous(dest, dt)
        };
        for (v, a) in leaves {
            if flat_ok.get_zero_extended_constant() == Some(0) {
                break;
            }
            if a.ndim as usize != r {
                flat_ok = self.ctx.bool_type().const_zero();
                break;
            }
            flat_ok = b
                .build_and(flat_ok, self.is_c_contiguous(*v, a), "")
                .unwrap();
            for (d, &dim) in shape.iter().enumerate() {
                let eq = b
                    .build_int_compare(IntPredicate::EQ, self.shape(*v, d as u32), dim, "")
                    .unwrap();
                flat_ok = b.build_and(flat_ok, eq, "").unwrap();
            }
        }
        let flat = self.ctx.append_basic_block(self.func, "ew.flat");
        let strided = self.ctx.append_basic_block(self.func, "ew.strided");
        let done = self.ctx.append_basic_block(self.func, "ew.end");
        let flat_known = flat_ok.get_zero_extended_constant();
        match flat_known {
            Some(1) => self.builder.build_unconditional_branch(flat).unwrap(),
            Some(_) => self.builder.build_unconditional_branch(strided).unwrap(),
            None => self
                .builder
                .build_conditional_branch(flat_ok, flat, strided)
                .unwrap(),
        };
        // Flat version.
        self.builder.position_at_end(flat);
        if flat_known != Some(0) && matches!(node, Node::Leaf(_, a) if a.dtype == dt.dtype) {
            // A plain copy between contiguous buffers: memcpy (the buffers are disjoint or,
            // for `a[:] = a`, the same, as memcpy allows).
            let (src, _) = leaves[0];
            let bytes = self
                .builder
                .build_int_mul(
                    self.product(&shape),
                    self.i64(dt.dtype.itemsize() as i64),
                    "",
                )
                .unwrap();
            self.builder
                .build_memcpy(self.data_ptr(dest), 1, self.data_ptr(src), 1, bytes)
                .unwrap();
        } else if flat_known != Some(0) {
            let n = self.product(&shape);
            if self.options.parallel {
                self.flat_loop_maybe_parallel(node, leaves, dest, dt, n);
            } else {
                self.flat_loop(node, leaves, dest, dt, self.i64(0), n);
            }
        }
        self.builder.build_unconditional_branch(done).unwrap();
        // Strided version.
        self.builder.position_at_end(strided);
        if flat_known != Some(1) {
            let dest_strides = self.byte_strides_pub(dest, dt);
            let leaf_strides: Vec<Vec<IntValue>> = leaves
                .iter()
                .map(|(v, a)| {
                    let n = a.ndim as usize;
                    let st = self.byte_strides_pub(*v, a);
                    (0..r)
                        .map(|d| {
                            if d < r - n {
                                return self.i64(0);
                            }
                            let k = d - (r - n);
                            let b = &self.builder;
                            let one = b
                                .build_int_compare(
                                    IntPredicate::EQ,
                                    self.shape(*v, k as u32),
                                    self.i64(1),
                                    "",
                                )
                                .unwrap();
                            b.build_select(one, self.i64(0), st[k], "")
                                .unwrap()
                                .into_int_value()
                        })
                        .collect()
                })
                .collect();
            let dest_base = self.data_ptr(dest);
            let leaf_bases: Vec<PointerValue> =
                leaves.iter().map(|(v, _)| self.data_ptr(*v)).collect();
            // A 1-d strided loop only runs when some operand is not unit-stride (the flat
            // version covers the rest): vector code would gain little there.
            let strided_hint = if hint == LoopHint::Cold || r == 1 || node.calls_library() {
                LoopHint::Cold
            } else {
                LoopHint::NoUnroll
            };
            self.nested(
                strided_hint,
                0,
                &shape,
                &dest_strides,
                &leaf_strides,
                dest_base,
                leaf_bases,
                &mut |dst, srcs| {
                    let loaded: Vec<BasicValueEnum> = srcs
                        .iter()
                        .zip(leaves)
                        .map(|(p, (_, a))| self.load_at(*p, a.dtype))
                        .collect();
                    let x = self.eval(node, &loaded, &mut 0);
                    let x = self.cast_scalar(x, node.dtype(), dt.dtype);
                    self.store_at(dst, dt.dtype, x);
                },
            );
        }
        self.builder.build_unconditional_branch(done).unwrap();
        self.builder.position_at_end(done);
        self.element_alias.set(outer_alias);
    }

    /// Nested loops over `shape`, advancing each pointer by its stride per axis.
    #[allow(clippy::too_many_arguments)]
    pub fn nested(
        &self,
        hint: LoopHint,
        d: usize,
        shape: &[IntValue<'c>],
        dest_strides: &[IntValue<'c>],
        leaf_strides: &[Vec<IntValue<'c>>],
        dest: PointerValue<'c>,
        leaves: Vec<PointerValue<'c>>,
        f: &mut dyn FnMut(PointerValue<'c>, &[PointerValue<'c>]),
    ) {
        if d == shape.len() {
            f(dest, &leaves);
            return;
        }
        self.emit_loop_hinted(shape[d], hint, &mut |i| {
            let b = &self.builder;
            let dst = self.byte_offset(dest, b.build_int_mul(i, dest_strides[d], "").unwrap());
            let srcs: Vec<PointerValue> = leaves
                .iter()
                .zip(leaf_strides)
                .map(|(p, st)| {
                    self.byte_offset(*p, self.builder.build_int_mul(i, st[d], "").unwrap())
                })
                .collect();
            self.nested(hint, d + 1, shape, dest_strides, leaf_strides, dst, srcs, f);
        });
    }
}

impl<'c> FuncGen<'c, '_> {
    /// The elementwise node for an operand: a deferred expression's tree (taking over
    /// the references it holds, as temporaries until the caller releases them with
    /// [`Self::release_held`]), or the value itself as a leaf.
    pub fn node_of(&self, v: oxjit_ir::Value) -> (Node<'c>, Vec<(BasicValueEnum<'c>, Type)>) {
        let deferred = self.deferred.borrow_mut().remove(&v);
        if let Some(d) = deferred {
            for (h, t) in &d.held {
                self.hold_temp(*h, t);
            }
            return (d.node, d.held);
        }
        (Node::operand(self.val(v), self.ty(v)), Vec::new())
    }

    /// Whether the only use of `r` is an elementwise operation in the same block that
    /// can absorb it.
    fn absorbed_by_user(&self, r: oxjit_ir::Value, here: oxjit_ir::Inst) -> bool {
        let Some(&(1, user)) = self.uses.get(&r) else {
            return false;
        };
        let block_of = |i: oxjit_ir::Inst| {
            self.tf
                .func
                .blocks
                .iter()
                .find(|(_, data)| data.insts.contains(&i))
                .map(|(b, _)| b)
        };
        let Some(block) = block_of(here) else {
            return false;
        };
        if block_of(user) != Some(block) {
            return false;
        }
        // Deferred, the expression reads its arrays when its user runs: nothing in
        // between may write to an array (`b = np.abs(a); a -= 1; a |= b` reads the
        // old `a`).
        let insts = &self.tf.func.blocks[block].insts;
        let from = insts.iter().position(|&i| i == here);
        let to = insts.iter().position(|&i| i == user);
        let (Some(from), Some(to)) = (from, to) else {
            return false;
        };
        let writes = insts[from + 1..to]
            .iter()
            .any(|&i| self.may_write_arrays(i));
        if writes {
            return false;
        }
        let is_array = |v: Option<oxjit_ir::Value>| {
            v.and_then(|v| self.tf.types[v].as_ref())
                .is_some_and(|t| t.array().is_some())
        };
        let data = &self.tf.func.insts[user];
        match &data.op {
            oxjit_ir::Op::Binary(op, ..) => *op != BinOp::MatMul && is_array(data.result),
            oxjit_ir::Op::Unary(..) | oxjit_ir::Op::Compare(..) => is_array(data.result),
            oxjit_ir::Op::InplaceBinary(_, target, value) => {
                *value == r && *target != r && is_array(data.result)
            }
            oxjit_ir::Op::SetItem {
                value,
                target,
                index,
            } => *value == r && *target != r && *index != r && is_array(Some(*target)),
            oxjit_ir::Op::Call { .. } | oxjit_ir::Op::MethodCall { .. } => matches!(
                &self.tf.resolved[user],
                oxjit_infer::Resolved::Builtin(t) if matches!(t.intrinsic, Intrinsic::Elementwise(_))
            ),
            _ => false,
        }
    }

    /// Whether instruction `i` may write into an array: an in-place update or store into
    /// one, or a call given something that holds arrays (other than an elementwise
    /// function, which makes a new array).
    fn may_write_arrays(&self, i: oxjit_ir::Inst) -> bool {
        let holds_memory =
            |v: oxjit_ir::Value| self.tf.types[v].as_ref().is_some_and(|t| t.is_managed());
        let op = &self.tf.func.insts[i].op;
        match op {
            oxjit_ir::Op::InplaceBinary(_, target, _) | oxjit_ir::Op::SetItem { target, .. } => {
                holds_memory(*target)
            }
            oxjit_ir::Op::Call { .. } | oxjit_ir::Op::MethodCall { .. } => {
                let elementwise = matches!(
                    &self.tf.resolved[i],
                    oxjit_infer::Resolved::Builtin(t) if matches!(t.intrinsic, Intrinsic::Elementwise(_))
                );
                let mut given_memory = false;
                op.for_each_arg(|v| given_memory |= holds_memory(v));
                given_memory && !elementwise
            }
            _ => false,
        }
    }

    /// NumPy 2 (NEP 50) computes `int8_array + 300` in int8 and refuses the Python int
    /// that int8 cannot hold: OverflowError, checked once, before the loop. Only a
    /// Python number is ever narrowed to the operation's dtype (a NumPy scalar promotes
    /// it), so a scalar operand whose every value fits needs no check.
    pub fn check_python_ints_fit(&self, operands: &[&Node<'c>], d: Dtype) {
        if !d.is_integer() {
            return;
        }
        for node in operands {
            let Node::Scalar(v, sd) = node else { continue };
            if !sd.is_integer() || fits_every_value(*sd, d) {
                continue;
            }
            let b = &self.builder;
            let v = v.into_int_value();
            let i64t = self.ctx.i64_type();
            let wide = if sd.is_signed() {
                b.build_int_s_extend_or_bit_cast(v, i64t, "").unwrap()
            } else {
                b.build_int_z_extend_or_bit_cast(v, i64t, "").unwrap()
            };
            let bits = d.bits();
            let (lo, hi): (i64, Option<i64>) = if d.is_signed() {
                (i64::MIN >> (64 - bits), Some(i64::MAX >> (64 - bits)))
            } else if bits < 64 {
                (0, Some((1i64 << bits) - 1))
            } else {
                (0, None) // every non-negative int64 fits in uint64
            };
            let (lo_p, hi_p) = if sd.is_signed() {
                (IntPredicate::SLT, IntPredicate::SGT)
            } else {
                (IntPredicate::ULT, IntPredicate::UGT)
            };
            let mut bad = b.build_int_compare(lo_p, wide, self.i64(lo), "").unwrap();
            if let Some(hi) = hi {
                let above = b.build_int_compare(hi_p, wide, self.i64(hi), "").unwrap();
                bad = b.build_or(bad, above, "").unwrap();
            }
            self.raise_if(
                bad,
                ErrorKind::OverflowError,
                &format!("Python integer out of bounds for {}", Type::Scalar(d)),
            );
        }
    }

    /// Copies `src` into `dest`, which must have exactly its shape (ValueError otherwise,
    /// as NumPy's in-place matrix product says; no broadcasting).
    pub fn copy_same_shape(
        &self,
        src: BasicValueEnum<'c>,
        st: &ArrayType,
        dest: BasicValueEnum<'c>,
        dt: &ArrayType,
    ) {
        for (s, d) in self
            .dims(src, st.ndim)
            .into_iter()
            .zip(self.dims(dest, dt.ndim))
        {
            let differ = self
                .builder
                .build_int_compare(IntPredicate::NE, s, d, "")
                .unwrap();
            self.raise_if(
                differ,
                ErrorKind::ValueError,
                "matmul: the product's shape differs from the in-place target's",
            );
        }
        self.with_numpy_semantics(true, || {
            self.eval_into(&Node::Leaf(src, *st), dest, dt, false)
        });
    }

    /// Gives back the references [`Self::node_of`] handed over, once the loop has run.
    pub fn release_held(&self, held: Vec<(BasicValueEnum<'c>, Type)>) {
        for (v, t) in held {
            self.release_temp(v, &t);
        }
    }

    /// Completes an elementwise instruction: defers it into its user, or runs the loop.
    pub fn finish_elementwise(
        &mut self,
        inst: oxjit_ir::Inst,
        node: Node<'c>,
        mut held: Vec<(BasicValueEnum<'c>, Type)>,
    ) -> oxjit_diagnostics::DResult<()> {
        let r = self.tf.func.insts[inst]
            .result
            .expect("elementwise ops have a result");
        if let Type::Scalar(d) = *self.ty(r) {
            // Of 0-d operands: computed into a 0-d array, whose element is the result.
            let rt = ArrayType {
                dtype: d,
                ndim: 0,
                layout: oxjit_types::Layout::C,
                readonly: false,
            };
            let out = self.with_numpy_semantics(true, || self.materialize(&node, &rt));
            self.release_held(held);
            let element = self.load_at(self.data_ptr(out), d);
            self.decref(out, &Type::Array(rt));
            self.set_value(r, element);
            return Ok(());
        }
        if self.absorbed_by_user(r, inst) {
            // The references taken over from operands move on into this deferral.
            for (v, _) in &held {
                self.forget_temp(*v);
            }
            // Keep the leaves alive until the user's loop has run.
            let mut leaves = Vec::new();
            node.leaves(&mut leaves);
            for (v, a) in leaves {
                if self.in_argument_memory(v) {
                    continue; // the caller keeps that memory alive for the whole call
                }
                let t = Type::Array(a);
                self.incref(v, &t);
                held.push((v, t));
            }
            self.deferred_values.borrow_mut().insert(r);
            self.deferred
                .borrow_mut()
                .insert(r, crate::function::Deferred { node, held });
            return Ok(());
        }
        let rt = *self.ty(r).array().unwrap();
        let out = self.with_numpy_semantics(true, || self.materialize(&node, &rt));
        self.release_held(held);
        self.set_value(r, out);
        Ok(())
    }
}

/// The dtype an elementwise operation computes its elements in: its array result's, or
/// the NumPy scalar's it gives for 0-d operands.
pub fn element_dtype(result: &Type) -> Dtype {
    match result {
        Type::Array(a) => a.dtype,
        Type::Scalar(d) => *d,
        t => unreachable!("elementwise result of type {t}"),
    }
}

/// Whether every value of integer dtype `from` is a value of integer dtype `to`.
fn fits_every_value(from: Dtype, to: Dtype) -> bool {
    match (from.is_signed(), to.is_signed()) {
        (true, true) | (false, false) => to.bits() >= from.bits(),
        (false, true) => to.bits() > from.bits(),
        (true, false) => false,
    }
}
