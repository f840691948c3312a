//! Loop scaffolding for the array operations codegen writes itself (fills, copies,
//! elementwise kernels, reductions): counted loops and per-array helpers.

use crate::function::FuncGen;
use crate::model::{array_type, element_memory_type};
use inkwell::context::AsContextRef;
use inkwell::values::{
    AsValueRef, BasicValue, BasicValueEnum, InstructionValue, IntValue, PointerValue,
};
use inkwell::IntPredicate;
use oxjit_runtime::array::{FIELD_DATA, FIELD_STRIDES};
use oxjit_runtime::ErrorKind;
use oxjit_types::{ArrayType, Dtype, Layout, Type};

/// What LLVM may do with a loop codegen writes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LoopHint {
    /// Optimise as usual: vectorise, unroll.
    Hot,
    /// A path that runs rarely or cannot profit (strided 1-d fallbacks, copies through a
    /// temporary): neither vectorised nor unrolled, so it costs little machine code and
    /// compile time.
    Cold,
    /// Vectorise but do not unroll (the fallback loops of n-d strided kernels).
    NoUnroll,
}

/// Alias facts for the element accesses of one elementwise loop nest: its stores write
/// memory that none of its loads read at another position (checked at run time, or the
/// destination is fresh). Lets LLVM vectorise without its own overlap checks.
#[derive(Clone, Copy)]
pub struct ElementAlias<'c> {
    scope: inkwell::values::MetadataValue<'c>,
}

impl<'c> FuncGen<'c, '_> {
    /// Threads an accumulator, starting at `start`, through `step(acc, i)` for `i` in
    /// `0..n`, and gives its final value (a stack slot LLVM turns into a register).
    pub fn accumulate(
        &self,
        start: BasicValueEnum<'c>,
        n: IntValue<'c>,
        step: &dyn Fn(BasicValueEnum<'c>, IntValue<'c>) -> BasicValueEnum<'c>,
    ) -> BasicValueEnum<'c> {
        let t = start.get_type();
        let slot = self.alloca(t);
        self.builder.build_store(slot, start).unwrap();
        self.emit_loop(n, &mut |i| {
            let acc = self.builder.build_load(t, slot, "").unwrap();
            self.builder.build_store(slot, step(acc, i)).unwrap();
        });
        self.builder.build_load(t, slot, "").unwrap()
    }

    /// `for i in 0..n { body(i) }`; the builder ends after the loop.
    pub fn emit_loop(&self, n: IntValue<'c>, body: &mut dyn FnMut(IntValue<'c>)) {
        self.emit_loop_hinted(n, LoopHint::Hot, body)
    }

    /// [`Self::emit_loop`] with a hint for LLVM's loop passes.
    pub fn emit_loop_hinted(
        &self,
        n: IntValue<'c>,
        hint: LoopHint,
        body: &mut dyn FnMut(IntValue<'c>),
    ) {
        let pre = self.builder.get_insert_block().unwrap();
        let header = self.ctx.append_basic_block(self.func, "loop");
        let body_bb = self.ctx.append_basic_block(self.func, "loop.body");
        let exit = self.ctx.append_basic_block(self.func, "loop.exit");
        self.builder.build_unconditional_branch(header).unwrap();
        self.builder.position_at_end(header);
        let i = self.builder.build_phi(self.ctx.i64_type(), "i").unwrap();
        i.add_incoming(&[(&self.i64(0), pre)]);
        let iv = i.as_basic_value().into_int_value();
        let more = self
            .builder
            .build_int_compare(IntPredicate::SLT, iv, n, "")
            .unwrap();
        self.builder
            .build_conditional_branch(more, body_bb, exit)
            .unwrap();
        self.builder.position_at_end(body_bb);
        body(iv);
        let next = self.builder.build_int_nsw_add(iv, self.i64(1), "").unwrap();
        let latch = self.builder.get_insert_block().unwrap();
        i.add_incoming(&[(&next, latch)]);
        let back = self.builder.build_unconditional_branch(header).unwrap();
        self.set_loop_hint(back, hint);
        self.builder.position_at_end(exit);
    }

    /// Attaches `!llvm.loop` properties to a loop's back edge. A loop ID must refer to
    /// itself, which inkwell cannot express, so the node is made through the C API.
    fn set_loop_hint(&self, back_edge: InstructionValue<'c>, hint: LoopHint) {
        use llvm_sys::core::*;
        use llvm_sys::debuginfo::{LLVMMetadataReplaceAllUsesWith, LLVMTemporaryMDNode};
        // Each property: its name, and whether it carries an `i1 false` operand.
        const NO_VECTORIZE: (&str, bool) = ("llvm.loop.vectorize.enable", true);
        const NO_UNROLL: (&str, bool) = ("llvm.loop.unroll.disable", false);
        let props: &[(&str, bool)] = match hint {
            LoopHint::Hot => return,
            LoopHint::Cold => &[NO_VECTORIZE, NO_UNROLL],
            LoopHint::NoUnroll => &[NO_UNROLL],
        };
        let ctx = self.ctx.as_ctx_ref();
        // SAFETY: every node is made in this function's context and attached to an
        // instruction of it; the temporary node is replaced (and so freed) before returning.
        unsafe {
            let mut ops = vec![LLVMTemporaryMDNode(ctx, std::ptr::null_mut(), 0)];
            for &(name, with_false) in props {
                let mut prop = vec![LLVMMDStringInContext2(
                    ctx,
                    name.as_ptr().cast(),
                    name.len(),
                )];
                if with_false {
                    let f = LLVMConstInt(LLVMInt1TypeInContext(ctx), 0, 0);
                    prop.push(LLVMValueAsMetadata(f));
                }
                ops.push(LLVMMDNodeInContext2(ctx, prop.as_mut_ptr(), prop.len()));
            }
            let temp = ops[0];
            let id = LLVMMDNodeInContext2(ctx, ops.as_mut_ptr(), ops.len());
            LLVMMetadataReplaceAllUsesWith(temp, id);
            let kind = self.ctx.get_kind_id("llvm.loop");
            LLVMSetMetadata(back_edge.as_value_ref(), kind, LLVMMetadataAsValue(ctx, id));
        }
    }

    /// A fresh alias scope for one elementwise loop nest.
    pub fn new_element_alias(&self) -> ElementAlias<'c> {
        let n = self.alias_scopes.get();
        self.alias_scopes.set(n + 1);
        let name = format!("{}.ew{n}", self.func.get_name().to_string_lossy());
        let domain = self
            .ctx
            .metadata_node(&[self.ctx.metadata_string(&name).into()]);
        let scope = self.ctx.metadata_node(&[
            self.ctx.metadata_string(&format!("{name}.dest")).into(),
            domain.into(),
        ]);
        ElementAlias {
            scope: self.ctx.metadata_node(&[scope.into()]),
        }
    }

    /// Tags an element store or load made under [`Self::element_alias`].
    fn tag_element_access(&self, inst: Option<InstructionValue<'c>>, is_store: bool) {
        let (Some(alias), Some(inst)) = (self.element_alias.get(), inst) else {
            return;
        };
        let kind = if is_store { "alias.scope" } else { "noalias" };
        inst.set_metadata(alias.scope, self.ctx.get_kind_id(kind))
            .expect("scope lists are metadata nodes");
    }

    /// The data pointer a memory block holds (`MemInfo.data`).
    pub fn meminfo_data(&self, mi: PointerValue<'c>) -> PointerValue<'c> {
        let slot = self.byte_offset(
            mi,
            self.i64(oxjit_runtime::memory::MEMINFO_DATA_OFFSET as i64),
        );
        self.builder
            .build_load(
                self.ctx.ptr_type(inkwell::AddressSpace::default()),
                slot,
                "data",
            )
            .unwrap()
            .into_pointer_value()
    }

    pub fn data_ptr(&self, arr: BasicValueEnum<'c>) -> PointerValue<'c> {
        self.field(arr, FIELD_DATA).into_pointer_value()
    }

    /// The number of elements: the product of the dimensions.
    pub fn array_size(&self, arr: BasicValueEnum<'c>, ndim: u8) -> IntValue<'c> {
        self.dims(arr, ndim).into_iter().fold(self.i64(1), |n, d| {
            self.builder.build_int_mul(n, d, "").unwrap()
        })
    }

    pub fn dims(&self, arr: BasicValueEnum<'c>, ndim: u8) -> Vec<IntValue<'c>> {
        (0..ndim as u32).map(|i| self.shape(arr, i)).collect()
    }

    pub fn strides_of(&self, arr: BasicValueEnum<'c>, ndim: u8) -> Vec<IntValue<'c>> {
        let s = self.field(arr, FIELD_STRIDES).into_array_value();
        (0..ndim as u32)
            .map(|i| {
                self.builder
                    .build_extract_value(s, i, "")
                    .unwrap()
                    .into_int_value()
            })
            .collect()
    }

    pub fn product(&self, xs: &[IntValue<'c>]) -> IntValue<'c> {
        xs.iter().fold(self.i64(1), |acc, &x| {
            self.builder.build_int_mul(acc, x, "").unwrap()
        })
    }

    /// A new C- (or F-) contiguous array; its memory block starts with one reference,
    /// held as a temporary until the instruction completes.
    pub fn alloc_array(
        &self,
        dtype: Dtype,
        shape: &[IntValue<'c>],
        layout: Layout,
        zeroed: bool,
    ) -> BasicValueEnum<'c> {
        let b = &self.builder;
        for &d in shape {
            let neg = b
                .build_int_compare(IntPredicate::SLT, d, self.i64(0), "")
                .unwrap();
            self.raise_if(
                neg,
                ErrorKind::ValueError,
                "negative dimensions are not allowed",
            );
        }
        let b = &self.builder;
        let nitems = self.product(shape);
        let item = dtype.itemsize() as i64;
        let nbytes = b.build_int_mul(nitems, self.i64(item), "").unwrap();
        let ptr = self.ctx.ptr_type(inkwell::AddressSpace::default());
        let i64t = self.ctx.i64_type();
        let name = if zeroed {
            "oxjit_rt_meminfo_alloc_zeroed"
        } else {
            "oxjit_rt_meminfo_alloc"
        };
        let f = self.extern_fn(name, ptr.fn_type(&[i64t.into(), i64t.into()], false));
        let mi = self
            .call(f, &[nbytes.into(), self.i64(64).into()])
            .unwrap()
            .into_pointer_value();
        let failed = b.build_is_null(mi, "").unwrap();
        self.raise_if(
            failed,
            ErrorKind::MemoryError,
            "cannot allocate array memory",
        );
        let data: BasicValueEnum = self.meminfo_data(mi).into();
        let ndim = shape.len();
        let strides = self.contiguous_strides(shape, item, layout);
        let v = self.header(
            ndim as u8,
            mi.into(),
            ptr.const_null().into(),
            nitems,
            self.i64(item),
            data,
            shape,
            &strides,
        );
        self.hold_temp(
            v,
            &Type::Array(ArrayType {
                dtype,
                ndim: ndim as u8,
                layout,
                readonly: false,
            }),
        );
        v
    }

    /// Byte strides of a contiguous array of `shape` with `itemsize`-byte elements, in
    /// Fortran order for `Layout::F` and C order otherwise (constants fold to constants).
    pub fn contiguous_strides(
        &self,
        shape: &[IntValue<'c>],
        itemsize: i64,
        layout: Layout,
    ) -> Vec<IntValue<'c>> {
        let b = &self.builder;
        let ndim = shape.len();
        let mut strides = vec![self.i64(itemsize); ndim];
        match layout {
            Layout::F => {
                for d in 1..ndim {
                    strides[d] = b.build_int_mul(strides[d - 1], shape[d - 1], "").unwrap();
                }
            }
            _ => {
                for d in (0..ndim.saturating_sub(1)).rev() {
                    strides[d] = b.build_int_mul(strides[d + 1], shape[d + 1], "").unwrap();
                }
            }
        }
        strides
    }

    /// Assembles an array header value.
    pub fn header(
        &self,
        ndim: u8,
        meminfo: BasicValueEnum<'c>,
        parent: BasicValueEnum<'c>,
        nitems: IntValue<'c>,
        itemsize: IntValue<'c>,
        data: BasicValueEnum<'c>,
        shape: &[IntValue<'c>],
        strides: &[IntValue<'c>],
    ) -> BasicValueEnum<'c> {
        let b = &self.builder;
        let ty = array_type(self.ctx, ndim);
        let dims_ty = self.ctx.i64_type().array_type(ndim as u32);
        let mut sh = dims_ty.get_undef();
        let mut st = dims_ty.get_undef();
        for i in 0..ndim as usize {
            sh = b
                .build_insert_value(sh, shape[i], i as u32, "")
                .unwrap()
                .into_array_value();
            st = b
                .build_insert_value(st, strides[i], i as u32, "")
                .unwrap()
                .into_array_value();
        }
        let fields: [BasicValueEnum; 7] = [
            meminfo,
            parent,
            nitems.into(),
            itemsize.into(),
            data,
            sh.into(),
            st.into(),
        ];
        let mut v = ty.get_undef();
        for (i, f) in fields.iter().enumerate() {
            v = b
                .build_insert_value(v, *f, i as u32, "")
                .unwrap()
                .into_struct_value();
        }
        v.into()
    }

    /// Whether an array's strides are those of a C-contiguous array (dims of 1 ignored).
    pub fn is_c_contiguous(&self, arr: BasicValueEnum<'c>, a: &ArrayType) -> IntValue<'c> {
        if a.layout == Layout::C || a.ndim == 0 {
            return self.ctx.bool_type().const_int(1, false);
        }
        let b = &self.builder;
        let shape = self.dims(arr, a.ndim);
        let strides = self.strides_of(arr, a.ndim);
        let mut ok = self.ctx.bool_type().const_int(1, false);
        let mut expected = self.i64(a.dtype.itemsize() as i64);
        for d in (0..a.ndim as usize).rev() {
            let one = b
                .build_int_compare(IntPredicate::EQ, shape[d], self.i64(1), "")
                .unwrap();
            let same = b
                .build_int_compare(IntPredicate::EQ, strides[d], expected, "")
                .unwrap();
            let fine = b.build_or(one, same, "").unwrap();
            ok = b.build_and(ok, fine, "").unwrap();
            expected = b.build_int_mul(expected, shape[d], "").unwrap();
        }
        ok
    }

    /// Loads element `k` (flat index) of a contiguous array.
    pub fn load_flat(
        &self,
        arr: BasicValueEnum<'c>,
        dtype: Dtype,
        k: IntValue<'c>,
    ) -> BasicValueEnum<'c> {
        let p = unsafe {
            self.builder.build_in_bounds_gep(
                element_memory_type(self.ctx, dtype),
                self.data_ptr(arr),
                &[k],
                "",
            )
        }
        .unwrap();
        self.load_at(p, dtype)
    }

    pub fn load_at(&self, p: PointerValue<'c>, dtype: Dtype) -> BasicValueEnum<'c> {
        let v = self
            .builder
            .build_load(element_memory_type(self.ctx, dtype), p, "")
            .unwrap();
        self.tag_element_access(v.as_instruction_value(), false);
        crate::function::from_memory(self.ctx, &self.builder, &Type::Scalar(dtype), v)
    }

    pub fn store_at(&self, p: PointerValue<'c>, dtype: Dtype, v: BasicValueEnum<'c>) {
        let v = crate::function::to_memory(self.ctx, &self.builder, &Type::Scalar(dtype), v);
        let store = self.builder.build_store(p, v).unwrap();
        self.tag_element_access(Some(store), true);
    }

    /// `base + offset` bytes.
    pub fn byte_offset(&self, base: PointerValue<'c>, offset: IntValue<'c>) -> PointerValue<'c> {
        unsafe {
            self.builder
                .build_in_bounds_gep(self.ctx.i8_type(), base, &[offset], "")
        }
        .unwrap()
    }
}
