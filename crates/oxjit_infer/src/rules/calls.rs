//! The types of calls and method calls.

use super::{Infer, Rule};
use crate::Resolved;
use oxjit_ir::{Inst, Op, Value};
use oxjit_types::{Callable, Type};

impl Infer<'_> {
    pub(super) fn rule_call(&mut self, inst: Inst) -> Rule {
        let op = &self.func.insts[inst].op;
        match op {
            Op::Call {
                func,
                args,
                kwargs,
                star,
            } => {
                let Some(ft) = self.t(*func).cloned() else {
                    return Ok(None);
                };
                let names: Vec<String> = kwargs.iter().map(|(k, _)| k.clone()).collect();
                let kw_values: Vec<Value> = kwargs.iter().map(|(_, v)| *v).collect();
                let args = args.clone();
                match *star {
                    None => self.call(inst, &ft, &args, &names, &kw_values),
                    Some(star) => self.call_starred(inst, &ft, &args, star, &names, &kw_values),
                }
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
                // An alternative constructor of a library class (`Dict.empty(...)`).
                if let Type::Function(Callable::Builtin(class)) = &ot {
                    if class == oxjit_builtins::dict::TYPED_DICT && name == "empty" {
                        return self.typed_dict_empty(inst, &args, &names, &kw_values);
                    }
                }
                self.method(inst, &ot, &name, &args, &names, &kw_values)
            }
            op => unreachable!("rule_call of {op:?}"),
        }
    }

    /// `f(a, *t)`: the items of the tuple `t` follow the positional arguments. Calls of
    /// compiled functions take them (the common `func(x, *args)` of solvers).
    fn call_starred(
        &mut self,
        inst: Inst,
        ft: &Type,
        args: &[Value],
        star: Value,
        names: &[String],
        kw_values: &[Value],
    ) -> Rule {
        let items = match self.t(star) {
            None => return Ok(None),
            Some(Type::Tuple(items)) => items.to_vec(),
            Some(t) => {
                return Err(self.err(
                    inst,
                    format!("*args in a call must be a tuple in compiled code, not {t}"),
                ))
            }
        };
        let Type::Function(oxjit_types::Callable::Jitted(id)) = ft else {
            return Err(self.err(
                inst,
                format!("*args in a call of {ft} is not supported yet: only compiled functions"),
            ));
        };
        let Some((mut types, kwargs)) = self.call_types(None, args, names, kw_values) else {
            return Ok(None);
        };
        types.extend(items);
        let ret = self.call_jitted(inst, *id, &types, names, &kwargs)?;
        // The arguments past the written ones are the tuple's items.
        if let Resolved::Jitted { sources, .. } = &mut self.resolved[inst] {
            for s in sources.iter_mut() {
                if let crate::ArgSource::Positional(i) = *s {
                    if i >= args.len() {
                        *s = crate::ArgSource::StarItem(i - args.len());
                    }
                }
            }
        }
        Ok(ret)
    }
}
