//! Exception handlers: testing the exception being raised against a clause's classes,
//! taking it (`except E as e`), and raising a caught exception again. The handler is
//! reached through the block's exception edge (`FuncGen::leave_with_exception`).

use crate::function::FuncGen;
use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::AddressSpace;
use oxjit_diagnostics::{DResult, Diagnostic};
use oxjit_ir::{Inst, Op, Value};
use oxjit_runtime::symbols::{CATCH, EXCEPTION_MATCHES, RERAISE, SET_CAUSE};
use oxjit_types::{TupleType, Type};

impl<'c> FuncGen<'c, '_> {
    /// `exception_matches` and `catch`.
    pub(crate) fn lower_exception_op(&mut self, inst: Inst) -> DResult<Option<BasicValueEnum<'c>>> {
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        match &self.tf.func.insts[inst].op {
            Op::ExceptionMatches(class) => Ok(Some(self.exception_matches(*class)?.into())),
            Op::Catch => {
                let f = self.extern_fn(CATCH, ptr.fn_type(&[], false));
                Ok(self.call(f, &[]))
            }
            op => unreachable!("lower_exception_op of {op:?}"),
        }
    }

    /// Whether the exception being raised is an instance of `class` (or of one of a
    /// tuple of classes).
    fn exception_matches(&self, class: Value) -> DResult<IntValue<'c>> {
        let names: Vec<&str> = match self.ty(class) {
            Type::ExceptionClass(name) => vec![name],
            Type::Tuple(TupleType { items, .. }) => items
                .iter()
                .map(|t| match t {
                    Type::ExceptionClass(name) => Ok(name.as_str()),
                    t => Err(Diagnostic::internal(format!("except clause of {t}"))),
                })
                .collect::<DResult<_>>()?,
            t => return Err(Diagnostic::internal(format!("except clause of {t}"))),
        };
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let i64t = self.ctx.i64_type();
        let fty = self
            .ctx
            .bool_type()
            .fn_type(&[ptr.into(), i64t.into()], false);
        let f = self.extern_fn(EXCEPTION_MATCHES, fty);
        let mut any = self.ctx.bool_type().const_zero();
        for name in names {
            let text = self.builder.build_global_string_ptr(name, "class").unwrap();
            let len = self.i64(name.len() as i64);
            let hit = self
                .call(f, &[text.as_pointer_value().into(), len.into()])
                .unwrap()
                .into_int_value();
            any = self.builder.build_or(any, hit, "").unwrap();
        }
        Ok(any)
    }

    /// `raise e` of a caught exception: it becomes the exception being raised again (the
    /// caller leaves afterwards).
    pub(crate) fn record_reraise(&self, caught: Value) {
        self.call_with_caught(RERAISE, caught);
    }

    /// `raise x from e`: the caught exception `e` becomes the cause of the one recorded.
    pub(crate) fn set_cause(&self, caught: Value) {
        self.call_with_caught(SET_CAUSE, caught);
    }

    fn call_with_caught(&self, symbol: &str, caught: Value) {
        let ptr = self.ctx.ptr_type(AddressSpace::default());
        let f = self.extern_fn(symbol, self.ctx.void_type().fn_type(&[ptr.into()], false));
        self.call(f, &[self.val(caught)]);
    }
}
