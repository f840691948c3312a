//! Dicts in compiled code: what may be a key or a value, and the methods (`get`,
//! `setdefault`, `pop`, `popitem`, `update`, `clear`, `copy`, `keys`, `values`, `items`,
//! and `del d[k]` as `__delitem__`). Codegen runs them on the runtime's hash table
//! (`oxjit_runtime::dict`).

use crate::list::storable;
use crate::{no_kwargs, CallArgs, Intrinsic, NoMatch, Typed};
use oxjit_types::{DictType, DictView, Dtype, Type};

/// A dict method, by what codegen does for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DictOp {
    /// `d.get(k)` (an optional value) or `d.get(k, default)`.
    Get,
    SetDefault,
    /// `d.pop(k)` (KeyError when missing) or `d.pop(k, default)`.
    Pop,
    PopItem,
    Update,
    Clear,
    Copy,
    DelItem,
    View(DictView),
    /// `Dict.empty(key_type, value_type)`: a new empty dict of the result type.
    Empty,
}

pub const METHODS: &[(&str, DictOp)] = &[
    ("get", DictOp::Get),
    ("setdefault", DictOp::SetDefault),
    ("pop", DictOp::Pop),
    ("popitem", DictOp::PopItem),
    ("update", DictOp::Update),
    ("clear", DictOp::Clear),
    ("copy", DictOp::Copy),
    ("__delitem__", DictOp::DelItem),
    ("keys", DictOp::View(DictView::Keys)),
    ("values", DictOp::View(DictView::Values)),
    ("items", DictOp::View(DictView::Items)),
];

/// `numba.typed.Dict`, which compiled code makes with `Dict.empty(key_type, value_type)`.
pub const TYPED_DICT: &str = "oxjit.typed.Dict";

pub fn names() -> Vec<String> {
    ["builtins.dict", TYPED_DICT]
        .into_iter()
        .map(String::from)
        .chain(METHODS.iter().map(|(n, _)| format!("dict.{n}")))
        .collect()
}

/// Whether values of `t` may be dict keys: numbers and tuples of them (compared and
/// hashed by their bytes, which codegen normalises), and strings.
pub fn key_supported(t: &Type) -> bool {
    match t {
        Type::Scalar(_) | Type::Unicode => true,
        Type::Tuple(items) => items
            .iter()
            .all(|t| matches!(t, Type::Scalar(_) | Type::Tuple(_)) && key_supported(t)),
        _ => false,
    }
}

/// How the runtime hashes and compares keys of type `t`: the codes `KEY_BYTES` (0),
/// `KEY_INTEGER` (1) and `KEY_TEXT` (2) of `oxjit_runtime::dict`, which this crate does
/// not depend on.
pub fn key_kind(t: &Type) -> i64 {
    match t {
        Type::Unicode => 2,
        t if t.is_index() && oxjit_types::layout::size_align(t).0 == 8 => 1,
        _ => 0,
    }
}

/// Whether values of `t` may be dict values: anything with run-time data whose
/// references the dict can track.
pub fn value_supported(t: &Type) -> bool {
    !t.is_compile_time()
        && !matches!(
            t,
            Type::Range | Type::Slice { .. } | Type::Enumerate(_) | Type::Zip(_)
        )
        && oxjit_types::layout::managed_words(t).is_some()
}

/// Whether `x` can look up a key of type `key`: the same type, or a number that
/// converts to the key type without changing its value's kind (an int into float keys,
/// never a float into int keys, where `1.5` would find `1`).
pub fn key_convertible(key: &Type, x: &Type) -> bool {
    match (key, x) {
        (Type::Scalar(k), Type::Scalar(d)) if k.is_integer() || *k == Dtype::Bool => {
            d.is_integer() || *d == Dtype::Bool
        }
        (Type::Tuple(ks), Type::Tuple(xs)) => {
            ks.len() == xs.len() && ks.iter().zip(xs.iter()).all(|(k, x)| key_convertible(k, x))
        }
        _ => storable(key, x),
    }
}

pub fn type_call(qualname: &str, args: &CallArgs<'_>) -> Option<Result<Typed, NoMatch>> {
    let name = qualname.strip_prefix("dict.")?;
    let op = METHODS.iter().find(|(n, _)| *n == name)?.1;
    Some(no_kwargs(name, args).and_then(|()| type_method(name, op, args.types)))
}

fn type_method(name: &str, op: DictOp, a: &[Type]) -> Result<Typed, NoMatch> {
    let [Type::Dict(d), rest @ ..] = a else {
        return Err(NoMatch::new(format!("{name}() is a dict method")));
    };
    let dict = Type::Dict(d.clone());
    let (key, value) = (d.key.clone(), d.value.clone());
    let typed = |result: Type, args: Vec<Type>| Ok(Typed::new(result, args, Intrinsic::Dict(op)));
    let bad_key = |x: &Type| {
        Err(NoMatch::new(format!(
            "dict.{name}(): a key of type {x} cannot be looked up among keys of type {key}"
        )))
    };
    // The one type of `d.get(k, default)`: the value's, when the default converts to it.
    let with_default = |default: &Type| -> Result<Type, NoMatch> {
        if storable(&value, default) {
            return Ok(value.clone());
        }
        oxjit_types::unify(&value, default)
            .filter(|_| !default.is_compile_time())
            .ok_or_else(|| {
                NoMatch::new(format!(
                    "dict.{name}(): the default ({default}) and the values ({value}) must have one type"
                ))
            })
    };
    match (op, rest) {
        (DictOp::Get | DictOp::Pop | DictOp::DelItem | DictOp::SetDefault, [k, ..])
            if !key_convertible(&key, k) =>
        {
            bad_key(k)
        }
        (DictOp::Get, [_]) => typed(Type::Optional(Box::new(value.clone())), vec![dict, key]),
        (DictOp::Get | DictOp::Pop, [_, default]) => {
            let result = with_default(default)?;
            typed(result.clone(), vec![dict, key, result])
        }
        (DictOp::Pop, [_]) => typed(value, vec![dict, key]),
        (DictOp::SetDefault, [_, x]) if storable(&value, x) => {
            typed(value.clone(), vec![dict, key, value])
        }
        (DictOp::SetDefault, [_, x]) => Err(NoMatch::new(format!(
            "dict.setdefault(): cannot store {x} among values of type {value}"
        ))),
        (DictOp::DelItem, [_]) => typed(Type::None, vec![dict, key]),
        (DictOp::Update, [Type::Dict(other)])
            if key_convertible(&key, &other.key) && storable(&value, &other.value) =>
        {
            typed(Type::None, vec![dict, Type::Dict(other.clone())])
        }
        (DictOp::Update, [other]) => Err(NoMatch::new(format!(
            "dict.update() takes a dict whose keys and values convert to {key} and {value}, not {other}"
        ))),
        (DictOp::PopItem, []) => typed(Type::tuple(vec![key, value]), vec![dict]),
        (DictOp::Clear, []) => typed(Type::None, vec![dict]),
        (DictOp::Copy, []) => typed(dict.clone(), vec![dict]),
        (DictOp::View(view), []) => typed(Type::DictView(view, d.clone()), vec![dict]),
        _ => Err(NoMatch::new(format!(
            "no signature matches dict.{name}({})",
            rest.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// The type of `{k1: v1, k2: v2, ...}` from the types of keys and values alternating:
/// keys unify, values unify.
pub fn display_type(keys_and_values: &[Type]) -> Result<Type, String> {
    let mut key: Option<Type> = None;
    let mut value: Option<Type> = None;
    for pair in keys_and_values.chunks(2) {
        for (slot, t, what) in [
            (&mut key, &pair[0], "keys"),
            (&mut value, &pair[1], "values"),
        ] {
            *slot = Some(match slot.take() {
                None => t.clone(),
                Some(s) => oxjit_types::unify(&s, t)
                    .ok_or_else(|| format!("dict {what} must have one type; got {s} and {t}"))?,
            });
        }
    }
    entry_types(key.expect("a display has entries"), value.unwrap())
}

/// A dict of `key` and `value`, or why such a dict cannot exist in compiled code. A
/// constant string stored in a dict is stored as a run-time one.
pub fn entry_types(key: Type, value: Type) -> Result<Type, String> {
    let stored = |t: Type| match t {
        Type::Str(_) => Type::Unicode,
        t => t,
    };
    let (key, value) = (stored(key), stored(value));
    if !key_supported(&key) {
        return Err(format!(
            "dict keys of type {key} are not supported (keys are numbers, strings or tuples of numbers)"
        ));
    }
    if !value_supported(&value) {
        return Err(format!("dict values of type {value} are not supported"));
    }
    Ok(DictType::of(key, value))
}
