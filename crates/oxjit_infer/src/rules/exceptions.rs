//! Exception handlers: `except C`, `except (C, D)`, `except C as e`, and raising a caught
//! exception again.

use super::{Infer, Rule};
use oxjit_ir::{Inst, Value};
use oxjit_types::{TupleType, Type};

impl Infer<'_> {
    /// `exception_matches c`: a bool, for a class or a tuple of classes.
    pub(super) fn rule_exception_matches(&mut self, inst: Inst, class: Value) -> Rule {
        let Some(t) = self.t(class) else {
            return Ok(None);
        };
        let is_class = |t: &Type| matches!(t, Type::ExceptionClass(_));
        let ok = match t {
            Type::Tuple(TupleType { items, .. }) => items.iter().all(is_class),
            t => is_class(t),
        };
        if !ok {
            return Err(self
                .err(
                    inst,
                    format!("catching {t} is not allowed: an except clause takes an exception class or a tuple of them"),
                )
                .with_note("classes that do not inherit from BaseException cannot be caught"));
        }
        Ok(Some(Type::BOOL))
    }

    /// `catch`: the exception object a handler holds.
    pub(super) fn rule_catch(&mut self) -> Rule {
        Ok(Some(Type::CaughtException))
    }
}
