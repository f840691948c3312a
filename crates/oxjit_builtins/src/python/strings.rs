//! Strings at run time: `str(n)`, `ord`, `chr`, the operators (`+`, `*`, comparisons,
//! `in`, `s[i]`, `s[a:b:c]`) and
//! the methods `join`, `split`, `startswith`, `endswith`, `find`, `rfind`, `index`,
//! `count`, `replace`, `strip`, `lstrip`, `rstrip`, `isspace`, `upper`, `lower`. Bodies:
//! `pylib/python/strings.py`. A constant string (`Type::Str`) is converted to a run-time
//! one (`Type::Unicode`) where it is passed.

use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{no_kwargs, CallArgs, Intrinsic, NoMatch, Typed};
use oxjit_types::{Dtype, Type};

pub const BUILTIN: Builtin = Builtin {
    names: &[
        "builtins.str",
        "builtins.ord",
        "builtins.chr",
        "str.join",
        "str.split",
        "str.startswith",
        "str.endswith",
        "str.find",
        "str.rfind",
        "str.index",
        "str.count",
        "str.replace",
        "str.strip",
        "str.lstrip",
        "str.rstrip",
        "str.isspace",
        "str.upper",
        "str.lower",
    ],
    doc: "strings made at run time: str(n), join, split, searches, replace, strip",
    type_call,
    examples: &[
        Ex {
            call: "len(str(a))",
            args: &["int64"],
        },
        Ex {
            call: "len(\",\".join([str(a), str(b)]).split(\",\"))",
            args: &["int64", "bool"],
        },
        Ex {
            call: "str(a).startswith(\"1\")",
            args: &["int32"],
        },
        Ex {
            call: "str(a).replace(\"1\", \"ab\").find(\"b\")",
            args: &["int64"],
        },
    ],
};

/// Whether `t` is a string, constant or made at run time.
pub fn is_string(t: &Type) -> bool {
    matches!(t, Type::Str(_) | Type::Unicode)
}

fn body(entry: &'static str, result: Type, args: Vec<Type>) -> Typed {
    Typed::new(
        result,
        args,
        Intrinsic::Body(Body {
            file: "python/strings.py",
            entry,
        }),
    )
}

fn type_call(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    if name == "builtins.str" {
        no_kwargs("str", a)?;
        return to_string(a.types);
    }
    match (name, a.types) {
        ("builtins.ord", [t]) if is_string(t) => {
            return Ok(body("ord_of", Type::I64, vec![Type::Unicode]))
        }
        ("builtins.chr", [t]) if t.is_index() => {
            return Ok(body("chr_of", Type::Unicode, vec![Type::I64]))
        }
        ("builtins.ord", _) => return Err(NoMatch::new("ord() takes one string")),
        ("builtins.chr", _) => return Err(NoMatch::new("chr() takes one integer")),
        _ => {}
    }
    let method = name.strip_prefix("str.").unwrap_or(name);
    no_kwargs(method, a)?;
    let [receiver, rest @ ..] = a.types else {
        return Err(NoMatch::new(format!("{method}() is a str method")));
    };
    if !is_string(receiver) {
        return Err(NoMatch::new(format!("{method}() is a str method")));
    }
    let s = Type::Unicode;
    let all_strings = rest.iter().all(is_string);
    let typed = match (method, rest.len()) {
        ("join", 1) => match &rest[0] {
            Type::List(item) if **item == Type::Unicode => {
                body("join", s.clone(), vec![s, rest[0].clone()])
            }
            t => {
                return Err(NoMatch::new(format!(
                    "str.join() takes a list of strings, not {t}"
                )))
            }
        },
        ("split", 0) => body("split_whitespace", list_of_strings(), vec![s]),
        ("split", 1) if all_strings => body("split", list_of_strings(), vec![s.clone(), s]),
        ("startswith" | "endswith", 1) if all_strings => {
            body(entry(method), Type::BOOL, vec![s.clone(), s])
        }
        ("find" | "rfind" | "index" | "count", 1) if all_strings => {
            body(entry(method), Type::I64, vec![s.clone(), s])
        }
        ("replace", 2) if all_strings => body("replace", s.clone(), vec![s.clone(), s.clone(), s]),
        ("strip" | "lstrip" | "rstrip", 0) => body(entry(method), s.clone(), vec![s]),
        ("isspace", 0) => body("isspace", Type::BOOL, vec![s]),
        ("upper" | "lower", 0) => Typed::new(
            s.clone(),
            vec![s],
            Intrinsic::Str(crate::primitives::StrPrim::Case {
                lower: method == "lower",
            }),
        ),
        _ => {
            return Err(NoMatch::new(format!(
                "no signature matches str.{method}({})",
                rest.iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )))
        }
    };
    Ok(typed)
}

/// The body of a method of the same name.
fn entry(method: &str) -> &'static str {
    match method {
        "startswith" => "startswith",
        "endswith" => "endswith",
        "find" => "find",
        "rfind" => "rfind",
        "index" => "index",
        "count" => "count",
        "strip" => "strip",
        "lstrip" => "lstrip",
        _ => "rstrip",
    }
}

pub fn list_of_strings() -> Type {
    Type::List(Box::new(Type::Unicode))
}

/// `str(x)`.
fn to_string(types: &[Type]) -> Result<Typed, NoMatch> {
    Ok(match types {
        [Type::Scalar(Dtype::Bool)] => body("from_bool", Type::Unicode, vec![Type::BOOL]),
        [Type::Scalar(d @ (Dtype::F32 | Dtype::F64))] => Typed::new(
            Type::Unicode,
            vec![Type::Scalar(*d)],
            Intrinsic::Str(crate::primitives::StrPrim::FloatRepr),
        ),
        [Type::Scalar(d)] if d.is_signed() || (d.is_integer() && d.itemsize() < 8) => {
            body("from_int", Type::Unicode, vec![Type::I64])
        }
        [Type::Scalar(Dtype::U64)] => body("from_uint", Type::Unicode, vec![Type::Scalar(Dtype::U64)]),
        [t] if is_string(t) => body("identity", Type::Unicode, vec![Type::Unicode]),
        [Type::CaughtException] => Typed::new(
            Type::Unicode,
            vec![Type::CaughtException],
            Intrinsic::Str(crate::primitives::StrPrim::ExceptionText),
        ),
        [t] => return Err(NoMatch::new(format!(
            "str() of {t} is not supported in compiled code yet (integers, floats, bools and strings are)"
        ))),
        _ => return Err(NoMatch::new("str() takes one argument in compiled code")),
    })
}

/// `int(s)`: base 10, as Python reads it (ValueError, or OverflowError past int64).
pub fn parse_int() -> Typed {
    body("to_int", Type::I64, vec![Type::Unicode])
}

/// `float(s)`: read by the runtime as Python reads it (ValueError otherwise).
pub fn parse_float() -> Typed {
    Typed::new(
        Type::F64,
        vec![Type::Unicode],
        Intrinsic::Str(crate::primitives::StrPrim::ParseFloat),
    )
}

/// The body of a binary operator between strings (and `str * int`), or `None` when the
/// operands are not strings.
pub fn operator(symbol: &str, a: &Type, b: &Type) -> Option<Result<Typed, NoMatch>> {
    let s = Type::Unicode;
    let strings = vec![s.clone(), s.clone()];
    let entry = match symbol {
        "*" if is_string(a) && b.is_index() => {
            return Some(Ok(body("repeat", s, vec![Type::Unicode, Type::I64])))
        }
        "*" if a.is_index() && is_string(b) => {
            return Some(Err(NoMatch::new(
                "write the string first in compiled code: s * n, not n * s",
            )))
        }
        _ if !(is_string(a) && is_string(b)) => return None,
        "+" => return Some(Ok(body("concat", s, strings))),
        "==" => "equal",
        "!=" => "not_equal",
        "<" => "less",
        "<=" => "less_equal",
        ">" => "greater",
        ">=" => "greater_equal",
        "in" => "contains",
        "not in" => "not_contains",
        _ => {
            return Some(Err(NoMatch::new(format!(
                "'{symbol}' is not supported between strings"
            ))))
        }
    };
    Some(Ok(body(entry, Type::BOOL, strings)))
}

/// `s[i]`: the one-character string at an integer index; `s[a:b:c]`: a new string.
pub fn getitem(s: &Type, index: &Type) -> Option<Result<Typed, NoMatch>> {
    if !is_string(s) {
        return None;
    }
    Some(if index.is_index() {
        Ok(body(
            "char_at",
            Type::Unicode,
            vec![Type::Unicode, Type::I64],
        ))
    } else if let Type::Slice { .. } = index {
        Ok(body(
            "sliced",
            Type::Unicode,
            vec![Type::Unicode, index.clone()],
        ))
    } else {
        Err(NoMatch::new(format!(
            "string indices must be integers or slices, not {index}"
        )))
    })
}
