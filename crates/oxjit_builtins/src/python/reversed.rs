//! `reversed(x)` of a range, a list, a 1-d array or a tuple, for the loops that walk one
//! backwards. Body: `pylib/python/reversed.py`.
//!
//! A range's reverse is a range and a tuple's a tuple, as Python iterates them. A list's is
//! a reversed copy and an array's a reversed view: the same items in the same order, but
//! Python's `reversed` gives a lazy iterator, so a loop that changes the list while
//! walking it sees the list as it was.

use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{no_kwargs, CallArgs, Intrinsic, NoMatch, Typed};
use oxjit_types::{ArrayType, Layout, Type};

pub const BUILTIN: Builtin = Builtin {
    names: &["builtins.reversed"],
    doc: "the items of a range, list, 1-d array or tuple from the last to the first",
    type_call,
    examples: &[
        Ex {
            call: "reversed(range(a))",
            args: &["int64"],
        },
        Ex {
            call: "reversed(a)",
            args: &["array(float64, 1d, C)"],
        },
    ],
};

fn body(entry: &'static str) -> Intrinsic {
    Intrinsic::Body(Body {
        file: "python/reversed.py",
        entry,
    })
}

fn type_call(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    no_kwargs("reversed", a)?;
    let [t] = a.types else {
        return Err(NoMatch::new("reversed() takes exactly one argument"));
    };
    let (result, entry) = match t {
        Type::Range => (Type::Range, "reversed_range"),
        Type::List(_) => (t.clone(), "reversed_list"),
        Type::Array(arr) if arr.ndim == 1 => (
            Type::Array(ArrayType {
                layout: Layout::A,
                ..*arr
            }),
            "reversed_array",
        ),
        Type::Tuple(items) => (
            Type::tuple(items.iter().rev().cloned().collect()),
            "reversed_tuple",
        ),
        _ => {
            return Err(NoMatch::no_signature(
                name,
                a.types,
                &["reversed(range | list | 1-d array | tuple)"],
            ))
        }
    };
    Ok(Typed::new(result, vec![t.clone()], body(entry)))
}
