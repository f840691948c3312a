//! `np.eye(N, M=None, k=0, dtype=float)` and `np.identity(n, dtype=float)`: ones on a
//! diagonal. Body: `pylib/numpy/eye.py`.

use crate::ndarray::{arg, array, check_kwargs, dtype_kw};
use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{CallArgs, Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::{Dtype, Type};

pub const BUILTIN: Builtin = Builtin {
    names: &["numpy.eye", "numpy.identity"],
    doc: "a 2-d array with ones on the k-th diagonal and zeros elsewhere",
    type_call,
    examples: &[
        Ex {
            call: "np.eye(a)",
            args: &["int64"],
        },
        Ex {
            call: "np.eye(a, b, k=-1, dtype=np.int8)",
            args: &["int64", "int32"],
        },
        Ex {
            call: "np.identity(a, np.complex64)",
            args: &["int64"],
        },
    ],
};

fn type_call(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let short = name.strip_prefix("numpy.").unwrap_or(name);
    let sig = if short == "eye" {
        "(N, M=None, k=0, dtype=float)"
    } else {
        "(n, dtype=float)"
    };
    let bad = || NoMatch::no_signature(&format!("np.{short}"), a.types, &[sig]);
    let allowed: &[&str] = if short == "eye" {
        &["dtype", "M", "k"]
    } else {
        &["dtype"]
    };
    check_kwargs(short, a, allowed)?;
    if !a.types.first().is_some_and(|t| t.is_index()) {
        return Err(bad());
    }
    // M defaults to N, k to 0.
    let mut sources = vec![Slot::Positional(0), Slot::Positional(0), Slot::Int(0)];
    if short == "eye" {
        for (pos, kw) in [(1, "M"), (2, "k")] {
            match arg(a, pos, kw) {
                None => {}
                Some((_, Type::None)) if kw == "M" => {}
                Some((s, t)) if t.is_index() => sources[pos] = s,
                Some(_) => return Err(bad()),
            }
        }
    }
    let d = dtype_kw(a, if short == "eye" { 3 } else { 1 })?.unwrap_or(Dtype::F64);
    sources.push(Slot::Dtype(d));
    let args = vec![Type::I64, Type::I64, Type::I64, Type::DtypeValue(d)];
    let body = Body {
        file: "numpy/eye.py",
        entry: "eye",
    };
    Ok(Typed::new(array(d, 2), args, Intrinsic::Body(body)).with_sources(sources))
}
