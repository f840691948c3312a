//! Arguments, constants, globals, and the values of optional values.

use crate::function::{exception_kind, FuncGen};
use inkwell::values::BasicValueEnum;
use oxjit_diagnostics::{DResult, Diagnostic};
use oxjit_infer::Resolved;
use oxjit_ir::{Const, Inst, NoneUse, Op};
use oxjit_runtime::ErrorKind;
use oxjit_types::Type;

impl<'c> FuncGen<'c, '_> {
    /// Emits `Arg`, `Const`, `Undef`, `Global` and constant attributes; the result value, or `None` when there is none to record.
    pub(crate) fn lower_value(&mut self, inst: Inst) -> DResult<Option<BasicValueEnum<'c>>> {
        let data = &self.tf.func.insts[inst];
        let resolved = &self.tf.resolved[inst];
        let rt = data.result.and_then(|r| self.tf.types[r].clone());
        let value: BasicValueEnum<'c> = match &data.op {
            // Arguments are borrowed: the caller keeps them alive for the whole call.
            Op::Arg(i) => self.args[*i as usize],
            Op::Const(c) => match c {
                Const::Int(i) => self.i64(*i).into(),
                Const::Float(x) => self.ctx.f64_type().const_float(*x).into(),
                Const::Bool(b) => self.ctx.bool_type().const_int(*b as u64, false).into(),
                Const::Complex(re, im) => self.complex_const(*re, *im),
                Const::Str(_) | Const::None => self.unit(rt.as_ref().unwrap()),
            },
            Op::Undef => return Ok(None),
            // Constants: globals, module attributes, comparisons of literal strings.
            Op::Global(_) | Op::GetAttr(..) | Op::Compare(..)
                if matches!(resolved, Resolved::Const(_)) =>
            {
                let Resolved::Const(g) = resolved else {
                    unreachable!()
                };
                self.const_value(g, rt.as_ref().unwrap())
            }
            Op::Global(_) if rt.as_ref().is_some_and(Type::is_compile_time) => {
                self.unit(rt.as_ref().unwrap())
            }
            Op::Global(name) => {
                return Err(Diagnostic::internal(format!("unresolved global {name}")))
            }
            op => unreachable!("lower_value of {op:?}"),
        };
        Ok(Some(value))
    }

    /// `unwrap`: the value of an optional value, raising what Python raises on None
    /// where the value was needed. The result holds a reference of its own.
    pub(crate) fn lower_unwrap(&mut self, inst: Inst) -> Option<BasicValueEnum<'c>> {
        let Op::Unwrap(v, error) = &self.tf.func.insts[inst].op else {
            unreachable!("lower_unwrap of another op")
        };
        let (optional, t) = self.operand(*v);
        let Type::Optional(inner) = t else {
            unreachable!("unwrap of a value typed {t}")
        };
        let is_none = self
            .builder
            .build_not(self.field(optional, 0).into_int_value(), "")
            .unwrap();
        match error {
            NoneUse::TypeError(msg) => self.raise_if(is_none, ErrorKind::TypeError, msg),
            NoneUse::AttributeError(msg) => {
                let (kind, text) = exception_kind("AttributeError", Some(msg));
                self.raise_if(is_none, kind, &text)
            }
        }
        let value = self.field(optional, 1);
        self.incref(value, &inner);
        Some(value)
    }
}
