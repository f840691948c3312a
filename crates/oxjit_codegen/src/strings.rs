//! Run-time strings (`Type::Unicode`): `{memory block, code points, length}`, one `u32`
//! per code point, so indexing is a load. A constant's code points are a global and its
//! block is null. What strings do (concatenation, comparison, `split`, `join`, `str(n)`,
//! ...) is written in Python in `pylib/python/strings.py` over the primitives here:
//! allocate, read and write one code point.

use crate::function::FuncGen;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::AddressSpace;
use oxjit_runtime::ErrorKind;
use oxjit_types::Type;

impl<'c> FuncGen<'c, '_> {
    fn string(
        &self,
        block: PointerValue<'c>,
        data: PointerValue<'c>,
        len: IntValue<'c>,
    ) -> BasicValueEnum<'c> {
        self.build_struct(&Type::Unicode, &[block.into(), data.into(), len.into()])
    }

    /// A constant string: its code points in a global, no memory block.
    pub fn str_constant(&self, text: &str) -> BasicValueEnum<'c> {
        let i32t = self.ctx.i32_type();
        let points: Vec<_> = text
            .chars()
            .map(|c| i32t.const_int(c as u64, false))
            .collect();
        let init = i32t.const_array(&points);
        let global = self.module.add_global(init.get_type(), None, "str");
        global.set_initializer(&init);
        global.set_constant(true);
        global.set_linkage(inkwell::module::Linkage::Private);
        global.set_unnamed_addr(true);
        let null = self.ctx.ptr_type(AddressSpace::default()).const_null();
        self.string(
            null,
            global.as_pointer_value(),
            self.i64(points.len() as i64),
        )
    }

    /// A new string of `n` code points, to be written (owned, held until the instruction
    /// ends).
    pub fn str_alloc(&self, n: IntValue<'c>) -> BasicValueEnum<'c> {
        let b = &self.builder;
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let i64t = self.ctx.i64_type();
        let negative = b
            .build_int_compare(inkwell::IntPredicate::SLT, n, self.i64(0), "")
            .unwrap();
        self.raise_if(negative, ErrorKind::ValueError, "negative string length");
        let b = &self.builder;
        let bytes = b.build_int_mul(n, self.i64(4), "").unwrap();
        let f = self.extern_fn(
            oxjit_runtime::symbols::MEMINFO_ALLOC,
            ptr.fn_type(&[i64t.into(), i64t.into()], false),
        );
        let mi = self
            .call(f, &[bytes.into(), self.i64(16).into()])
            .unwrap()
            .into_pointer_value();
        let failed = self.builder.build_is_null(mi, "").unwrap();
        self.raise_if(failed, ErrorKind::MemoryError, "cannot allocate a string");
        let s = self.string(mi, self.meminfo_data(mi), n);
        self.hold_temp(s, &Type::Unicode);
        s
    }

    pub fn str_len(&self, s: BasicValueEnum<'c>) -> IntValue<'c> {
        self.field(s, 2).into_int_value()
    }

    fn code_point_ptr(&self, s: BasicValueEnum<'c>, i: IntValue<'c>) -> PointerValue<'c> {
        let data = self.field(s, 1).into_pointer_value();
        unsafe {
            self.builder
                .build_in_bounds_gep(self.ctx.i32_type(), data, &[i], "")
        }
        .unwrap()
    }

    /// Code point `i` (in range) as an int64.
    pub fn str_get(&self, s: BasicValueEnum<'c>, i: IntValue<'c>) -> IntValue<'c> {
        let p = self.code_point_ptr(s, i);
        let c = self
            .builder
            .build_load(self.ctx.i32_type(), p, "")
            .unwrap()
            .into_int_value();
        self.builder
            .build_int_z_extend(c, self.ctx.i64_type(), "")
            .unwrap()
    }

    /// Writes code point `i` (in range) of a string being made.
    pub fn str_set(&self, s: BasicValueEnum<'c>, i: IntValue<'c>, c: IntValue<'c>) {
        let p = self.code_point_ptr(s, i);
        let c = self
            .builder
            .build_int_truncate(c, self.ctx.i32_type(), "")
            .unwrap();
        self.builder.build_store(p, c).unwrap();
    }

    /// A string primitive of a library body; arguments already converted.
    pub fn str_primitive(
        &self,
        op: oxjit_builtins::primitives::StrPrim,
        args: &[BasicValueEnum<'c>],
        rt: &Type,
    ) -> BasicValueEnum<'c> {
        use oxjit_builtins::primitives::StrPrim;
        match op {
            StrPrim::Alloc => self.str_alloc(args[0].into_int_value()),
            StrPrim::Get => self.str_get(args[0], args[1].into_int_value()).into(),
            StrPrim::Set => {
                self.str_set(args[0], args[1].into_int_value(), args[2].into_int_value());
                self.unit(rt)
            }
            StrPrim::FloatRepr => self.float_repr(args[0]),
            StrPrim::ExceptionText => self.exception_text(args[0]),
            StrPrim::ParseFloat => self.parse_float(args[0]),
            StrPrim::Case { lower } => self.change_case(args[0], lower),
            StrPrim::SliceSpan => {
                let (start, step, count) = self.adjust_slice(args[0], args[1].into_int_value());
                self.build_struct(rt, &[start.into(), step.into(), count.into()])
            }
        }
    }

    /// `str(x)` of a float32 or float64: the runtime writes the text into a string with
    /// room for the longest one, whose length then becomes the text's.
    fn float_repr(&self, x: BasicValueEnum<'c>) -> BasicValueEnum<'c> {
        let f64t = self.ctx.f64_type();
        let x = x.into_float_value();
        let single = x.get_type() == self.ctx.f32_type();
        let wide = if single {
            self.builder.build_float_ext(x, f64t, "").unwrap()
        } else {
            x
        };
        let out = self.str_alloc(self.i64(oxjit_runtime::text::FLOAT_REPR_MAX));
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let i64t = self.ctx.i64_type();
        let f = self.extern_fn(
            oxjit_runtime::symbols::FLOAT_REPR,
            i64t.fn_type(&[f64t.into(), i64t.into(), ptr.into()], false),
        );
        let n = self
            .call(
                f,
                &[
                    wide.into(),
                    self.i64(single as i64).into(),
                    self.field(out, 1),
                ],
            )
            .unwrap();
        self.builder
            .build_insert_value(out.into_struct_value(), n, 2, "")
            .unwrap()
            .into_struct_value()
            .into()
    }

    /// `str(e)` of a caught exception: its length, then its code points, from the runtime.
    fn exception_text(&self, caught: BasicValueEnum<'c>) -> BasicValueEnum<'c> {
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let i64t = self.ctx.i64_type();
        let len = self.extern_fn(
            oxjit_runtime::symbols::EXCEPTION_TEXT_LEN,
            i64t.fn_type(&[ptr.into()], false),
        );
        let n = self.call(len, &[caught]).unwrap().into_int_value();
        let out = self.str_alloc(n);
        let write = self.extern_fn(
            oxjit_runtime::symbols::EXCEPTION_TEXT,
            self.ctx
                .void_type()
                .fn_type(&[ptr.into(), ptr.into()], false),
        );
        self.call(write, &[caught, self.field(out, 1)]);
        out
    }

    /// `float(s)`: the runtime reads it, or raises ValueError (then this function leaves).
    fn parse_float(&self, s: BasicValueEnum<'c>) -> BasicValueEnum<'c> {
        let f64t = self.ctx.f64_type();
        let slot = self.alloca(f64t.into());
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let i64t = self.ctx.i64_type();
        let f = self.extern_fn(
            oxjit_runtime::symbols::PARSE_FLOAT,
            self.ctx
                .i32_type()
                .fn_type(&[ptr.into(), i64t.into(), ptr.into()], false),
        );
        let ok = self
            .call(f, &[self.field(s, 1), self.field(s, 2), slot.into()])
            .unwrap()
            .into_int_value();
        let failed = self
            .builder
            .build_int_compare(
                inkwell::IntPredicate::EQ,
                ok,
                ok.get_type().const_zero(),
                "",
            )
            .unwrap();
        self.leave_on_failure(failed);
        self.builder.build_load(f64t, slot, "").unwrap()
    }

    /// `s.upper()` / `s.lower()`: the runtime maps the code points into a new block.
    fn change_case(&self, s: BasicValueEnum<'c>, lower: bool) -> BasicValueEnum<'c> {
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let i64t = self.ctx.i64_type();
        let len = self.alloca(i64t.into());
        let f = self.extern_fn(
            oxjit_runtime::symbols::STR_CASE,
            ptr.fn_type(&[i64t.into(), ptr.into(), i64t.into(), ptr.into()], false),
        );
        let block = self
            .call(
                f,
                &[
                    self.i64(lower as i64).into(),
                    self.field(s, 1),
                    self.field(s, 2),
                    len.into(),
                ],
            )
            .unwrap()
            .into_pointer_value();
        let failed = self.builder.build_is_null(block, "").unwrap();
        self.leave_on_failure(failed);
        let n = self
            .builder
            .build_load(i64t, len, "")
            .unwrap()
            .into_int_value();
        let out = self.string(block, self.meminfo_data(block), n);
        self.hold_temp(out, &Type::Unicode);
        out
    }

    /// The one-character string at `i` (in range): what a loop over a string visits.
    pub fn str_char(&self, s: BasicValueEnum<'c>, i: IntValue<'c>) -> BasicValueEnum<'c> {
        let c = self.str_get(s, i);
        let out = self.str_alloc(self.i64(1));
        self.str_set(out, self.i64(0), c);
        out
    }
}
