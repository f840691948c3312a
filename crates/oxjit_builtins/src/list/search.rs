//! `list.index(x)`, `list.count(x)` and `list.remove(x)`. Body: `pylib/list/search.py`.

use super::searchable;
use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{no_kwargs, CallArgs, Intrinsic, NoMatch, Typed};
use oxjit_types::Type;

pub const BUILTIN: Builtin = Builtin {
    names: &["list.index", "list.count", "list.remove"],
    doc: "the position / number / removal of the first item equal to x",
    type_call,
    examples: &[
        Ex {
            call: "a.index(b)",
            args: &["list(float64)", "int64"],
        },
        Ex {
            call: "a.count(b)",
            args: &["list(UniTuple(int64 x 2))", "UniTuple(int64 x 2)"],
        },
        Ex {
            call: "a.remove(b)",
            args: &["list(int32)", "float64"],
        },
    ],
};

fn type_call(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let short = name.strip_prefix("list.").unwrap_or(name);
    no_kwargs(short, a)?;
    let [Type::List(elem), rest @ ..] = a.types else {
        return Err(NoMatch::new(format!("{short}() is a list method")));
    };
    let [x] = rest else {
        return Err(NoMatch::new(format!("list.{short}() takes one argument")));
    };
    if !searchable(elem, x) {
        return Err(NoMatch::new(format!(
            "list.{short}() compares items with ==, which needs numbers or tuples of them \
             (arrays compare element by element)"
        )));
    }
    let (result, entry) = match short {
        "index" => (Type::I64, "index"),
        "count" => (Type::I64, "count"),
        _ => (Type::None, "remove"),
    };
    let body = Body {
        file: "list/search.py",
        entry,
    };
    Ok(Typed::new(result, a.types.to_vec(), Intrinsic::Body(body)))
}
