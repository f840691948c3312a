//! Calls: library primitives, fused ufunc calls, library bodies and jitted functions.

use crate::function::{FuncGen, Typed};
use inkwell::values::BasicValueEnum;
use oxjit_diagnostics::{DResult, Diagnostic};
use oxjit_infer::{ArgSource, Resolved};
use oxjit_ir::{Inst, Op, Value};
use oxjit_types::Type;

impl<'c> FuncGen<'c, '_> {
    /// Emits `Call` and `MethodCall`; the result value, or `None` when there is none to record.
    pub(crate) fn lower_call(&mut self, inst: Inst) -> DResult<Option<BasicValueEnum<'c>>> {
        let data = &self.tf.func.insts[inst];
        let resolved = &self.tf.resolved[inst];
        let rt = data.result.and_then(|r| self.tf.types[r].clone());
        let value: BasicValueEnum<'c> = match &data.op {
            Op::Call { args, kwargs, .. } | Op::MethodCall { args, kwargs, .. } => {
                let rt = rt.as_ref().unwrap();
                // A method's receiver is its first argument (a module is not).
                let mut arg_values: Vec<Value> = Vec::new();
                if let Op::MethodCall { obj, .. } = &data.op {
                    if !matches!(self.ty(*obj), Type::Module(_)) {
                        arg_values.push(*obj);
                    }
                }
                arg_values.extend(args.iter().copied());
                match resolved {
                    Resolved::Builtin(typed) => {
                        if let oxjit_builtins::Intrinsic::Elementwise(scalar) = &typed.intrinsic {
                            let mut nodes = Vec::new();
                            let mut held = Vec::new();
                            for a in &arg_values {
                                let (n, h) = self.node_of(*a);
                                nodes.push(n);
                                held.extend(h);
                            }
                            let d = crate::elementwise::element_dtype(rt);
                            // Python ints must fit the dtype they take (NEP 50).
                            if matches!(**scalar, oxjit_builtins::Intrinsic::Body(_)) {
                                let operands: Vec<_> = nodes.iter().collect();
                                self.check_python_ints_fit(&operands, d);
                            }
                            let node = crate::elementwise::Node::Call(
                                (**scalar).clone(),
                                nodes,
                                typed.args.clone(),
                                d,
                            );
                            return self.finish_elementwise(inst, node, held).map(|()| None);
                        }
                        let ops: Vec<Typed> = arg_values.iter().map(|a| self.operand(*a)).collect();
                        let kw: Vec<Typed> = kwargs.iter().map(|(_, a)| self.operand(*a)).collect();
                        self.intrinsic(typed, &ops, &kw)
                    }
                    Resolved::Nothing if matches!(rt, Type::Slice { .. }) => {
                        let parts: Vec<Typed> = args.iter().map(|a| self.operand(*a)).collect();
                        let (start, stop) = match args.as_slice() {
                            [stop] => (None, Some(stop)),
                            [start, stop, ..] => (Some(start), Some(stop)),
                            [] => (None, None),
                        };
                        let known = |v: Option<&Value>| v.is_some_and(|v| self.nonneg.contains(v));
                        self.build_slice(&parts, [known(start), known(stop)])
                    }
                    Resolved::Nothing if matches!(rt, Type::Dict(_)) => {
                        let items: Vec<Typed> = args.iter().map(|a| self.operand(*a)).collect();
                        self.dict_literal(rt, &items)
                    }
                    Resolved::Nothing if matches!(rt, Type::List(_)) => {
                        let items: Vec<Typed> = args.iter().map(|a| self.operand(*a)).collect();
                        self.list_literal(rt, &items)
                    }
                    Resolved::Jitted {
                        id,
                        args: types,
                        sources,
                    } => {
                        let mut vals = Vec::new();
                        for (src, t) in sources.iter().zip(types) {
                            vals.push(match src {
                                ArgSource::Positional(i) => {
                                    let (v, vt) = self.operand(arg_values[*i]);
                                    self.convert(v, &vt, t)
                                }
                                ArgSource::Keyword(i) => {
                                    let (v, vt) = self.operand(kwargs[*i].1);
                                    self.convert(v, &vt, t)
                                }
                                ArgSource::Default(g) => self.const_value(g, t),
                                ArgSource::StarItem(k) => {
                                    let Op::Call {
                                        star: Some(star), ..
                                    } = &data.op
                                    else {
                                        unreachable!("starred items come from a starred call")
                                    };
                                    let (v, vt) = self.operand(*star);
                                    let Type::Tuple(items) = &vt else {
                                        unreachable!("inference checks *args is a tuple")
                                    };
                                    let item = self.field(v, *k as u32);
                                    self.convert(item, &items[*k], t)
                                }
                            });
                        }
                        self.call_unit(*id, types, vals, rt)
                    }
                    Resolved::Library { id, typed } => {
                        let ops: Vec<Typed> = arg_values.iter().map(|a| self.operand(*a)).collect();
                        let kw: Vec<Typed> = kwargs.iter().map(|(_, a)| self.operand(*a)).collect();
                        let vals = self.call_arguments(typed, &ops, &kw);
                        self.call_unit(*id, &typed.args, vals, rt)
                    }
                    Resolved::Parallel(region) => self.parallel_loop(region, &arg_values, rt),
                    _ => return Err(Diagnostic::internal("call without a resolution")),
                }
            }
            op => unreachable!("lower_call of {op:?}"),
        };
        Ok(Some(value))
    }

    /// An operator typed by a library rule (`a @ b`): a primitive, or a call of its body.
    pub(crate) fn library_operator(
        &self,
        resolved: &Resolved,
        ops: &[Typed<'c>],
    ) -> BasicValueEnum<'c> {
        match resolved {
            Resolved::Builtin(typed) => self.intrinsic(typed, ops, &[]),
            Resolved::Library { id, typed } => {
                let vals = self.call_arguments(typed, ops, &[]);
                self.call_unit(*id, &typed.args, vals, &typed.result)
            }
            _ => unreachable!("an operator typed by a library rule"),
        }
    }
}
