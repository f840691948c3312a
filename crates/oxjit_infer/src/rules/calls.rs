//! The types of calls and method calls.

use super::{Infer, Rule};
use crate::Resolved;
use oxjit_ir::{Inst, Op, Value};
use oxjit_types::Type;

impl Infer<'_> {
    pub(super) fn rule_call(&mut self, inst: Inst) -> Rule {
        let op = &self.func.insts[inst].op;
        match op {
            Op::Call { func, args, kwargs } => {
                let Some(ft) = self.t(*func).cloned() else {
                    return Ok(None);
                };
                let names: Vec<String> = kwargs.iter().map(|(k, _)| k.clone()).collect();
                let kw_values: Vec<Value> = kwargs.iter().map(|(_, v)| *v).collect();
                let args = args.clone();
                self.call(inst, &ft, &args, &names, &kw_values)
            }
            Op::MethodCall {
                obj,
                name,
                args,
                kwargs,
            } => {
                let Some(ot) = self.t(*obj).cloned() else {
                    return Ok(None);
                };
                let names: Vec<String> = kwargs.iter().map(|(k, _)| k.clone()).collect();
                let kw_values: Vec<Value> = kwargs.iter().map(|(_, v)| *v).collect();
                let (args, name) = (args.clone(), name.clone());
                if let Type::Module(m) = &ot {
                    let host = self.host;
                    let ft = self.global_value(inst, &format!("{m}.{name}"), || {
                        host.module_attr(m, &name)
                    })?;
                    // The callee's own resolution replaces the constant.
                    self.resolved[inst] = Resolved::Nothing;
                    return self.call(inst, &ft, &args, &names, &kw_values);
                }
                self.method(inst, &ot, &name, &args, &names, &kw_values)
            }
            op => unreachable!("rule_call of {op:?}"),
        }
    }
}
