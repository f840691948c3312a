//! The types of arguments, constants and globals.

use super::{Infer, Rule};
use oxjit_ir::{Const, Inst, Op};
use oxjit_types::{Callable, Type};

impl Infer<'_> {
    pub(super) fn rule_value(&mut self, inst: Inst) -> Rule {
        let op = &self.func.insts[inst].op;
        Ok(Some(match op {
            Op::Arg(i) => self.arg_types[*i as usize].clone(),
            Op::Const(c) => match c {
                Const::Int(_) => Type::I64,
                Const::Float(_) => Type::F64,
                Const::Bool(_) => Type::BOOL,
                Const::Complex(..) => Type::C128,
                Const::Str(s) => Type::Str(s.clone()),
                Const::None => Type::None,
            },
            Op::Undef => return Ok(None),
            Op::Global(name) if name == "$list" || name == "$dict" => {
                Type::Function(Callable::Builtin(name.clone()))
            }
            Op::Global(name) => {
                let host = self.host;
                return self
                    .global_value(inst, name, || host.global(name))
                    .map(Some);
            }
            op => unreachable!("rule_value of {op:?}"),
        }))
    }
}
