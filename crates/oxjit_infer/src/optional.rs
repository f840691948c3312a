//! Optional values (None or a value) used as values.
//!
//! A variable that is None on one path and a number, an array or a tuple on another is
//! an `OptionalType`, as a function's result already is. An op that needs the value
//! (arithmetic, indexing, iteration, a library call...) types with the value's type and
//! gets an `unwrap` of the operand inserted before it after inference: it raises what
//! Python raises on None there (TypeError, or AttributeError for an attribute). `is
//! None`, truth, returns, jumps, tuples and calls of jitted functions take the optional
//! value as it is.

use crate::rules::Infer;
use crate::{Resolved, TypedFunction};
use oxjit_ir::{CmpOp, Inst, NoneUse, Op, UnaryOp, Value};
use oxjit_types::{Callable, Type};
use std::collections::HashMap;

/// Where each instruction uses optional operands as values, and what None raises there.
pub(crate) type Unwraps = HashMap<Inst, Vec<(Value, NoneUse)>>;

/// Library functions that take None as a value of its own (`print(None)`, `str(None)`).
const TAKE_NONE: [&str; 6] = [
    "builtins.print",
    "builtins.str",
    "builtins.repr",
    "builtins.bool",
    "builtins.type",
    "builtins.id",
];

/// How Python names the type of a value in its messages.
fn python_name(t: &Type) -> String {
    match t {
        Type::Scalar(d) if d.is_integer() => "int".into(),
        Type::Scalar(d) if d.is_float() => "float".into(),
        Type::Scalar(d) if d.is_complex() => "complex".into(),
        Type::Scalar(_) => "bool".into(),
        Type::Array(_) => "numpy.ndarray".into(),
        Type::Str(_) | Type::Unicode => "str".into(),
        Type::Tuple(_) => "tuple".into(),
        Type::List(_) => "list".into(),
        Type::Dict(_) => "dict".into(),
        Type::None | Type::Optional(_) => "NoneType".into(),
        t => t.to_string(),
    }
}

impl Infer<'_> {
    /// The operands of `inst` that are optional where the op needs a value, with the
    /// error None raises there.
    pub(crate) fn optional_operands(&self, inst: Inst) -> Vec<(Value, NoneUse)> {
        let optional = |v: &Value| matches!(self.types[*v], Some(Type::Optional(_)));
        let mut operands = Vec::new();
        self.func.insts[inst].op.for_each_arg(|v| operands.push(v));
        if !operands.iter().any(optional) {
            return Vec::new();
        }
        let name = |v: Value| {
            self.types[v]
                .as_ref()
                .map_or_else(|| "?".to_string(), python_name)
        };
        let type_error = |v: Value, msg: String| (v, NoneUse::TypeError(msg));
        let mut out = Vec::new();
        match &self.func.insts[inst].op {
            Op::Binary(op, a, b) | Op::InplaceBinary(op, a, b) => {
                let symbol = match &self.func.insts[inst].op {
                    Op::InplaceBinary(..) => format!("{}=", op.symbol()),
                    _ => op.symbol().to_string(),
                };
                let msg = format!(
                    "unsupported operand type(s) for {symbol}: '{}' and '{}'",
                    name(*a),
                    name(*b)
                );
                for v in [*a, *b] {
                    out.push(type_error(v, msg.clone()));
                }
            }
            Op::Unary(op @ (UnaryOp::Neg | UnaryOp::Pos | UnaryOp::Invert), a) => {
                out.push(type_error(
                    *a,
                    format!("bad operand type for unary {}: 'NoneType'", op.symbol()),
                ))
            }
            Op::Compare(op @ (CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge), a, b) => {
                let msg = format!(
                    "'{}' not supported between instances of '{}' and '{}'",
                    op.symbol(),
                    name(*a),
                    name(*b)
                );
                out.push(type_error(*a, msg.clone()));
                out.push(type_error(*b, msg));
            }
            Op::Compare(CmpOp::In | CmpOp::NotIn, _, container) => out.push(type_error(
                *container,
                "argument of type 'NoneType' is not iterable".into(),
            )),
            Op::GetItem(a, i) => {
                out.push(type_error(
                    *a,
                    "'NoneType' object is not subscriptable".into(),
                ));
                out.push(type_error(
                    *i,
                    "indices must be integers or slices, not NoneType".into(),
                ));
            }
            Op::SetItem {
                target,
                index,
                value,
            } => {
                out.push(type_error(
                    *target,
                    "'NoneType' object does not support item assignment".into(),
                ));
                out.push(type_error(
                    *index,
                    "indices must be integers or slices, not NoneType".into(),
                ));
                out.push(type_error(*value, "None cannot be stored here".into()));
            }
            Op::GetAttr(a, attr) => out.push((
                *a,
                NoneUse::AttributeError(format!("'NoneType' object has no attribute '{attr}'")),
            )),
            Op::MethodCall {
                obj,
                name: method,
                args,
                kwargs,
            } => {
                out.push((
                    *obj,
                    NoneUse::AttributeError(format!(
                        "'NoneType' object has no attribute '{method}'"
                    )),
                ));
                let msg = format!("{method}() got None where it needs a value");
                for v in args.iter().chain(kwargs.iter().map(|(_, v)| v)) {
                    out.push(type_error(*v, msg.clone()));
                }
            }
            Op::Call {
                func, args, kwargs, ..
            } => {
                let library = match &self.types[*func] {
                    Some(Type::Function(Callable::Builtin(n))) => !TAKE_NONE.contains(&n.as_str()),
                    Some(Type::Function(Callable::CFunction(_))) => true,
                    _ => false,
                };
                if library {
                    let msg = "a library function got None where it needs a value".to_string();
                    for v in args.iter().chain(kwargs.iter().map(|(_, v)| v)) {
                        out.push(type_error(*v, msg.clone()));
                    }
                }
            }
            Op::IterLen(a, _) | Op::IterGet(a, _) => {
                out.push(type_error(*a, "'NoneType' object is not iterable".into()))
            }
            Op::Unpack { tuple, .. } | Op::UnpackRest { tuple, .. } => out.push(type_error(
                *tuple,
                "cannot unpack non-iterable NoneType object".into(),
            )),
            _ => {}
        }
        out.retain(|(v, _)| optional(v));
        out.dedup_by(|x, y| x.0 == y.0);
        out
    }
}

/// Inserts the `unwrap` of each optional operand before the instruction using it.
pub(crate) fn insert_unwraps(tf: &mut TypedFunction, unwraps: Unwraps) {
    if unwraps.is_empty() {
        return;
    }
    let blocks: Vec<_> = tf.func.blocks.keys().collect();
    for b in blocks {
        let insts = std::mem::take(&mut tf.func.blocks[b].insts);
        let mut out = Vec::with_capacity(insts.len());
        for inst in insts {
            if let Some(uses) = unwraps.get(&inst) {
                let span = tf.func.insts[inst].span;
                let mut replace = HashMap::new();
                for (v, error) in uses {
                    let Some(Type::Optional(inner)) = tf.types[*v].clone() else {
                        continue;
                    };
                    let u = tf.func.push(b, Op::Unwrap(*v, error.clone()), span);
                    let u = u.expect("unwrap makes a value");
                    let pushed = tf.func.blocks[b].insts.pop().expect("just pushed");
                    out.push(pushed);
                    tf.types.push(Some(*inner));
                    tf.resolved.push(Resolved::Nothing);
                    replace.insert(*v, u);
                }
                tf.func.insts[inst]
                    .op
                    .map_args(|a| *a = replace.get(a).copied().unwrap_or(*a));
            }
            out.push(inst);
        }
        tf.func.blocks[b].insts = out;
    }
}
