//! Dicts in compiled code: what may be a key or a value, and the methods (`get`,
//! `setdefault`, `pop`, `popitem`, `update`, `clear`, `copy`, `keys`, `values`, `items`,
//! `d[k]`, and `del d[k]` as `__delitem__`). The methods are Python bodies
//! (`pylib/python/dicts.py`) over a few primitives codegen runs on the runtime's hash
//! table (`oxjit_runtime::dict`).

use crate::list::storable;
use crate::{no_kwargs, CallArgs, Intrinsic, NoMatch, Typed};
use oxjit_types::{DictType, DictView, Dtype, Type};

/// What codegen does for a dict: the primitives the method bodies
/// (`pylib/python/dicts.py`) are written with, and the methods that are nothing more.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DictOp {
    /// `primitives.dict_lookup(d, k)`: `(found, value)`, the value zeroed when missing.
    Lookup,
    /// `primitives.dict_take(d, k)`: `(found, value)`, removing the key.
    Take,
    /// `primitives.dict_take_last(d)`: `(found, key, value)` of the newest entry, removed.
    TakeLast,
    Clear,
    Copy,
    View(DictView),
    /// `Dict.empty(key_type, value_type)`: a new empty dict of the result type.
    Empty,
}

/// A dict method, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    /// `d.get(k)` (an optional value) or `d.get(k, default)`.
    Get,
    SetDefault,
    /// `d.pop(k)` (KeyError when missing) or `d.pop(k, default)`.
    Pop,
    PopItem,
    Update,
    DelItem,
    Primitive(DictOp),
}

const METHODS: &[(&str, Method)] = &[
    ("get", Method::Get),
    ("setdefault", Method::SetDefault),
    ("pop", Method::Pop),
    ("popitem", Method::PopItem),
    ("update", Method::Update),
    ("clear", Method::Primitive(DictOp::Clear)),
    ("copy", Method::Primitive(DictOp::Copy)),
    ("__delitem__", Method::DelItem),
    ("keys", Method::Primitive(DictOp::View(DictView::Keys))),
    ("values", Method::Primitive(DictOp::View(DictView::Values))),
    ("items", Method::Primitive(DictOp::View(DictView::Items))),
];

fn body(entry: &'static str, result: Type, args: Vec<Type>) -> Typed {
    Typed::new(
        result,
        args,
        Intrinsic::Body(crate::pylib::Body {
            file: "python/dicts.py",
            entry,
        }),
    )
}

/// Whether `KeyError(key)` can carry a key of type `t` as its argument (numbers and
/// strings); other keys raise KeyError with a message.
fn key_is_argument(t: &Type) -> bool {
    matches!(t, Type::Scalar(_) | Type::Unicode)
}

/// `d[k]`: the value, KeyError when missing.
pub fn getitem(d: &DictType) -> Typed {
    let entry = if key_is_argument(&d.key) {
        "getitem"
    } else {
        "getitem_unnamed"
    };
    body(
        entry,
        d.value.clone(),
        vec![Type::Dict(Box::new(d.clone())), d.key.clone()],
    )
}

/// The primitives `primitives.dict_lookup/dict_take/dict_take_last` (see [`DictOp`]).
pub fn type_primitive(name: &str, a: &[Type]) -> Option<Result<Typed, NoMatch>> {
    let op = match name {
        "dict_lookup" => DictOp::Lookup,
        "dict_take" => DictOp::Take,
        "dict_take_last" => DictOp::TakeLast,
        _ => return None,
    };
    let typed = match (op, a) {
        (DictOp::Lookup | DictOp::Take, [Type::Dict(d), k]) if key_convertible(&d.key, k) => {
            Typed::new(
                Type::tuple(vec![Type::BOOL, d.value.clone()]),
                vec![a[0].clone(), d.key.clone()],
                Intrinsic::Dict(op),
            )
        }
        (DictOp::TakeLast, [Type::Dict(d)]) => Typed::new(
            Type::tuple(vec![Type::BOOL, d.key.clone(), d.value.clone()]),
            vec![a[0].clone()],
            Intrinsic::Dict(op),
        ),
        _ => return Some(Err(NoMatch::new(format!("primitives.{name}(dict[, key])")))),
    };
    Some(Ok(typed))
}

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

/// How the runtime hashes and compares keys of type `t` (its code for `oxjit_rt_dict_new`).
pub fn key_kind(t: &Type) -> i64 {
    use oxjit_runtime::dict::{KEY_BYTES, KEY_INTEGER, KEY_TEXT};
    match t {
        Type::Unicode => KEY_TEXT,
        t if t.is_index() && oxjit_types::layout::size_align(t).0 == 8 => KEY_INTEGER,
        _ => KEY_BYTES,
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
    let method = METHODS.iter().find(|(n, _)| *n == name)?.1;
    Some(no_kwargs(name, args).and_then(|()| type_method(name, method, args.types)))
}

fn type_method(name: &str, method: Method, a: &[Type]) -> Result<Typed, NoMatch> {
    let [Type::Dict(d), rest @ ..] = a else {
        return Err(NoMatch::new(format!("{name}() is a dict method")));
    };
    let dict = Type::Dict(d.clone());
    let (key, value) = (d.key.clone(), d.value.clone());
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
    let named = key_is_argument(&key);
    Ok(match (method, rest) {
        (Method::Get | Method::Pop | Method::DelItem | Method::SetDefault, [k, ..])
            if !key_convertible(&key, k) =>
        {
            return bad_key(k)
        }
        (Method::Get, [_]) => body(
            "get_optional",
            Type::Optional(Box::new(value.clone())),
            vec![dict, key],
        ),
        (Method::Get, [_, default]) => {
            let result = with_default(default)?;
            body("get", result.clone(), vec![dict, key, result])
        }
        (Method::Pop, [_, default]) => {
            let result = with_default(default)?;
            body("pop_default", result.clone(), vec![dict, key, result])
        }
        (Method::Pop, [_]) => body(if named { "pop" } else { "pop_unnamed" }, value, vec![dict, key]),
        (Method::SetDefault, [_, x]) if storable(&value, x) => {
            body("setdefault", value.clone(), vec![dict, key, value])
        }
        (Method::SetDefault, [_, x]) => {
            return Err(NoMatch::new(format!(
                "dict.setdefault(): cannot store {x} among values of type {value}"
            )))
        }
        (Method::DelItem, [_]) => body(
            if named { "delitem" } else { "delitem_unnamed" },
            Type::None,
            vec![dict, key],
        ),
        (Method::Update, [Type::Dict(other)])
            if key_convertible(&key, &other.key) && storable(&value, &other.value) =>
        {
            body("update", Type::None, vec![dict, Type::Dict(other.clone())])
        }
        (Method::Update, [other]) => {
            return Err(NoMatch::new(format!(
                "dict.update() takes a dict whose keys and values convert to {key} and {value}, not {other}"
            )))
        }
        (Method::PopItem, []) => body("popitem", Type::tuple(vec![key, value]), vec![dict]),
        (Method::Primitive(op @ (DictOp::Clear | DictOp::Copy)), []) => {
            let result = if op == DictOp::Copy { dict.clone() } else { Type::None };
            Typed::new(result, vec![dict], Intrinsic::Dict(op))
        }
        (Method::Primitive(op @ DictOp::View(view)), []) => {
            Typed::new(Type::DictView(view, d.clone()), vec![dict], Intrinsic::Dict(op))
        }
        _ => {
            return Err(NoMatch::new(format!(
                "no signature matches dict.{name}({})",
                rest.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ")
            )))
        }
    })
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
