//! Methods of lists made in (or passed to) compiled code: `append`, `insert`, `pop`,
//! `extend`, `clear`, `reverse`, `copy`, `index`, `count`, `remove`, and `del l[i]`.

pub mod search;

use crate::{no_kwargs, CallArgs, Intrinsic, NoMatch, Typed};
use oxjit_types::{kind_rank, Type};

/// A list method, by what codegen does for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ListOp {
    Append,
    Insert,
    Pop,
    Extend,
    Clear,
    Reverse,
    Copy,
    /// `del l[i]`.
    DelItem,
}

pub const METHODS: &[(&str, ListOp)] = &[
    ("append", ListOp::Append),
    ("insert", ListOp::Insert),
    ("pop", ListOp::Pop),
    ("extend", ListOp::Extend),
    ("clear", ListOp::Clear),
    ("reverse", ListOp::Reverse),
    ("copy", ListOp::Copy),
    ("__delitem__", ListOp::DelItem),
];

pub fn names() -> Vec<String> {
    METHODS.iter().map(|(n, _)| format!("list.{n}")).collect()
}

/// Whether `item` can be stored in a list of `elem`: numbers convert to a list of the
/// same or a higher kind (an int into a list of floats), never down (a complex into a
/// list of floats would lose its imaginary part).
pub fn storable(elem: &Type, item: &Type) -> bool {
    match (elem, item) {
        (Type::Scalar(e), Type::Scalar(i)) => kind_rank(*i) <= kind_rank(*e),
        (Type::Unicode, Type::Str(_)) => true,
        _ => item == elem,
    }
}

/// Whether a list of `elem` can be extended with `other` (`l.extend(other)`,
/// `l += other`): a list or tuple whose items it can store.
pub fn extendable(elem: &Type, other: &Type) -> bool {
    match other {
        Type::List(e) => storable(elem, e),
        Type::Tuple(items) => items.iter().all(|t| storable(elem, t)),
        _ => false,
    }
}

/// Whether `==` between a list item and `x` gives one bool (not arrays: theirs is
/// elementwise).
pub fn searchable(elem: &Type, x: &Type) -> bool {
    match (elem, x) {
        (Type::Scalar(_), Type::Scalar(_)) => true,
        (Type::Tuple(a), Type::Tuple(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(p, q)| searchable(p, q))
        }
        _ => false,
    }
}

pub fn type_call(qualname: &str, args: &CallArgs<'_>) -> Option<Result<Typed, NoMatch>> {
    let name = qualname.strip_prefix("list.")?;
    let op = METHODS.iter().find(|(n, _)| *n == name)?.1;
    Some(no_kwargs(name, args).and_then(|()| type_method(name, op, args.types)))
}

fn type_method(name: &str, op: ListOp, a: &[Type]) -> Result<Typed, NoMatch> {
    let [Type::List(elem), rest @ ..] = a else {
        return Err(NoMatch::new(format!("{name}() is a list method")));
    };
    let list = Type::List(elem.clone());
    let elem = (**elem).clone();
    let typed = |result: Type, args: Vec<Type>| Ok(Typed::new(result, args, Intrinsic::List(op)));
    let mismatch = |sig: &str| Err(NoMatch::new(format!("no signature matches list.{sig}")));
    match (op, rest) {
        (ListOp::Append, [x]) if storable(&elem, x) => typed(Type::None, vec![list, elem]),
        (ListOp::Append, [x]) => Err(NoMatch::new(format!(
            "cannot append {x} to a list of {elem}: items of a compiled list have one type"
        ))),
        (ListOp::Append, _) => mismatch("append(item)"),
        (ListOp::Insert, [i, x]) if i.is_integer() && storable(&elem, x) => {
            typed(Type::None, vec![list, Type::I64, elem])
        }
        (ListOp::Insert, _) => mismatch("insert(index: int, item)"),
        (ListOp::Pop, []) => typed(elem, vec![list]),
        (ListOp::Pop, [i]) if i.is_integer() => typed(elem, vec![list, Type::I64]),
        (ListOp::Pop, _) => mismatch("pop([index: int])"),
        (ListOp::Extend, [other]) if extendable(&elem, other) => {
            typed(Type::None, vec![list, other.clone()])
        }
        (ListOp::Extend, _) => mismatch("extend(list | tuple) with items of the list's type"),
        (ListOp::Clear | ListOp::Reverse, []) => typed(Type::None, vec![list]),
        (ListOp::Copy, []) => typed(list.clone(), vec![list]),
        (ListOp::DelItem, [i]) if i.is_index() => typed(Type::None, vec![list, Type::I64]),
        (ListOp::DelItem, [i]) => Err(NoMatch::new(format!(
            "del of list items takes an integer index, not {i}"
        ))),
        (ListOp::DelItem, _) => mismatch("__delitem__(index: int)"),
        (ListOp::Clear | ListOp::Reverse | ListOp::Copy, _) => {
            Err(NoMatch::new(format!("list.{name}() takes no arguments")))
        }
    }
}
