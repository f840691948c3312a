//! Dicts: the type of `{k: v}`, `dict()` and `{}`, an empty dict typed from how the
//! function uses it (`d[k] = v`, `d.get(k, default)`, `d.setdefault(k, v)`, `d.update(e)`).

use super::{Infer, Rule};
use oxjit_builtins::dict::{display_type, entry_types};
use oxjit_ir::{Inst, Op, Value};
use oxjit_types::Type;

impl Infer<'_> {
    /// `$dict(k1, v1, ...)` (a display, `name` = `$dict`) or `dict(...)`.
    pub(super) fn dict_call(
        &mut self,
        inst: Inst,
        name: &str,
        types: &[Type],
        has_kwargs: bool,
    ) -> Rule {
        if name != "$dict" && (has_kwargs || !types.is_empty()) {
            return self.dict_from(inst, types, has_kwargs);
        }
        if !types.is_empty() {
            return display_type(types).map(Some).map_err(|m| self.err(inst, m));
        }
        let result = self.func.insts[inst].result.expect("calls have a result");
        match self.stored_entry_types(result) {
            (Some(key), Some(value)) => entry_types(key, value)
                .map(Some)
                .map_err(|m| self.err(inst, m)),
            _ if self.settled && !self.has_entry_uses(result) => {
                // Nothing is ever stored: any entry types do.
                Ok(Some(oxjit_types::DictType::of(Type::I64, Type::F64)))
            }
            _ if self.settled => Err(self
                .err(
                    inst,
                    "cannot infer the key and value types of an empty dict",
                )
                .with_help("store an entry in it (`d[k] = v`), or start it with one")),
            _ => Ok(None),
        }
    }

    /// `dict(other)`: a copy of a dict; nothing else is supported.
    fn dict_from(&mut self, inst: Inst, types: &[Type], has_kwargs: bool) -> Rule {
        match types {
            [Type::Dict(d)] if !has_kwargs => {
                self.resolved[inst] = crate::Resolved::Builtin(oxjit_builtins::Typed::new(
                    Type::Dict(d.clone()),
                    types.to_vec(),
                    oxjit_builtins::Intrinsic::Dict(oxjit_builtins::dict::DictOp::Copy),
                ));
                Ok(Some(Type::Dict(d.clone())))
            }
            _ => Err(self
                .err(
                    inst,
                    "dict() takes no arguments or one dict in compiled code",
                )
                .with_help("build it with a display ({k: v}) or a comprehension")),
        }
    }

    /// `Dict.empty(key_type, value_type)` (either by keyword): a new empty dict of the
    /// types given as Numba type objects.
    pub(super) fn typed_dict_empty(
        &mut self,
        inst: Inst,
        args: &[Value],
        kw_names: &[String],
        kw_values: &[Value],
    ) -> Rule {
        let Some((types, kwargs)) = self.call_types(None, args, kw_names, kw_values) else {
            return Ok(None);
        };
        let mut given: Vec<Option<Type>> = types.into_iter().map(Some).collect();
        given.resize(2, None);
        for (name, t) in kwargs {
            let slot = match name.as_str() {
                "key_type" => 0,
                "value_type" => 1,
                _ => {
                    return Err(self.err(
                        inst,
                        format!("Dict.empty() got an unexpected keyword argument '{name}'"),
                    ))
                }
            };
            given[slot] = Some(t);
        }
        let as_type = |t: &Option<Type>| match t {
            Some(Type::DtypeValue(d)) => Some(Type::Scalar(*d)),
            _ => None,
        };
        let (Some(key), Some(value)) = (as_type(&given[0]), as_type(&given[1])) else {
            return Err(self
                .err(
                    inst,
                    "Dict.empty(key_type, value_type) takes two number types in compiled code",
                )
                .with_note(format!(
                    "got {}",
                    given
                        .iter()
                        .map(|t| t.as_ref().map_or("nothing".into(), |t| t.to_string()))
                        .collect::<Vec<_>>()
                        .join(" and ")
                )));
        };
        let dict = entry_types(key, value).map_err(|m| self.err(inst, m))?;
        self.resolved[inst] = crate::Resolved::Builtin(oxjit_builtins::Typed::new(
            dict.clone(),
            Vec::new(),
            oxjit_builtins::Intrinsic::Dict(oxjit_builtins::dict::DictOp::Empty),
        ));
        Ok(Some(dict))
    }

    /// The unified key and value types of every entry the function stores into the
    /// dict `v` (or into block parameters it flows into), from the uses typed so far.
    fn stored_entry_types(&self, v: Value) -> (Option<Type>, Option<Type>) {
        let aliases = self.aliases(v);
        let mut key: Option<Type> = None;
        let mut value: Option<Type> = None;
        let add = |slot: &mut Option<Type>, t: Option<&Type>| {
            if let Some(t) = t {
                *slot = Some(match slot.take() {
                    None => t.clone(),
                    Some(s) => oxjit_types::unify(&s, t).unwrap_or(s),
                });
            }
        };
        for (_, data) in self.func.insts.iter() {
            match &data.op {
                Op::SetItem {
                    target,
                    index,
                    value: x,
                } if aliases.contains(target) => {
                    add(&mut key, self.t(*index));
                    add(&mut value, self.t(*x));
                }
                Op::MethodCall {
                    obj, name, args, ..
                } if aliases.contains(obj) => match (name.as_str(), args.as_slice()) {
                    ("get" | "setdefault" | "pop", [k, default]) => {
                        add(&mut key, self.t(*k));
                        add(&mut value, self.t(*default));
                    }
                    ("update", [other]) => {
                        if let Some(Type::Dict(d)) = self.t(*other) {
                            add(&mut key, Some(&d.key));
                            add(&mut value, Some(&d.value));
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        (key, value)
    }

    /// Whether anything is ever stored into the dict `v`.
    fn has_entry_uses(&self, v: Value) -> bool {
        let aliases = self.aliases(v);
        self.func.insts.iter().any(|(_, data)| match &data.op {
            Op::SetItem { target, .. } => aliases.contains(target),
            Op::MethodCall {
                obj, name, args, ..
            } => {
                aliases.contains(obj)
                    && matches!(
                        (name.as_str(), args.len()),
                        ("get" | "setdefault" | "pop", 2) | ("update", 1)
                    )
            }
            _ => false,
        })
    }
}
