//! `math.comb`, `math.perm` and `math.prod`, and three-argument `pow(base, exp, mod)`.
//! Bodies: `pylib/math/integers.py`.
//!
//! Python's integers do not overflow; compiled code's are int64, so a result past int64
//! raises OverflowError rather than wrapping.

use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{no_kwargs, CallArgs, Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::{Dtype, TupleType, Type};

const FILE: &str = "math/integers.py";

pub const COMB: Builtin = Builtin {
    names: &["math.comb", "math.perm"],
    doc: "ways to choose (comb) or arrange (perm) k items of n",
    type_call: type_comb,
    examples: &[
        Ex {
            call: "math.comb(a, b)",
            args: &["int64", "int64"],
        },
        Ex {
            call: "math.perm(a)",
            args: &["int64"],
        },
    ],
};

pub const PROD: Builtin = Builtin {
    names: &["math.prod"],
    doc: "product of the items of a tuple, list or 1-d array (start=1)",
    type_call: type_prod,
    examples: &[Ex {
        call: "math.prod(a)",
        args: &["array(float64, 1d, C)"],
    }],
};

fn body(entry: &'static str) -> Intrinsic {
    Intrinsic::Body(Body { file: FILE, entry })
}

fn type_comb(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let short = name.trim_start_matches("math.");
    no_kwargs(short, a)?;
    let ints = a.types.iter().all(|t| t.is_integer());
    match (short, a.types.len()) {
        ("comb", 2) | ("perm", 2) if ints => Ok(Typed::new(
            Type::I64,
            vec![Type::I64, Type::I64],
            body(if short == "comb" { "comb" } else { "perm" }),
        )),
        // perm(n) is n!
        ("perm", 1) if ints => Ok(
            Typed::new(Type::I64, vec![Type::I64, Type::I64], body("perm"))
                .with_sources(vec![Slot::Positional(0), Slot::Positional(0)]),
        ),
        _ => Err(NoMatch::no_signature(
            name,
            a.types,
            &["math.comb(int, int) -> int", "math.perm(int[, int]) -> int"],
        )),
    }
}

/// The type of the items of a sequence math.prod can take.
fn item_of(t: &Type) -> Option<Type> {
    match t {
        Type::Array(arr) if arr.ndim == 1 => Some(Type::Scalar(arr.dtype)),
        Type::List(item) => Some((**item).clone()),
        Type::Tuple(TupleType { items, .. }) => items
            .iter()
            .try_fold(Type::I64, |acc, t| oxjit_types::unify(&acc, t)),
        _ => None,
    }
}

fn type_prod(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let fail = || {
        NoMatch::no_signature(
            name,
            a.types,
            &["math.prod(tuple | list | 1-d array of numbers, start=1)"],
        )
    };
    let start = match a.kwargs {
        [] => None,
        [(k, t)] if k == "start" => Some(t.clone()),
        [(k, _), ..] => return Err(crate::unexpected_keyword("prod", k)),
    };
    let [seq] = a.types else {
        return Err(fail());
    };
    let item = item_of(seq).filter(|t| matches!(t, Type::Scalar(_)));
    let Some(item) = item else {
        return Err(fail());
    };
    let start_type = start.clone().unwrap_or(Type::I64);
    let Some(result) = oxjit_types::unify(&item, &start_type).filter(|t| t.scalar().is_some())
    else {
        return Err(fail());
    };
    // A tuple's items are converted to the result type, so the body loops over a
    // homogeneous tuple.
    let seq = match seq {
        Type::Tuple(TupleType { items, .. }) => Type::tuple(vec![result.clone(); items.len()]),
        t => t.clone(),
    };
    let sources = vec![
        Slot::Positional(0),
        if start.is_some() {
            Slot::Keyword(0)
        } else {
            Slot::Int(1)
        },
    ];
    Ok(Typed::new(result.clone(), vec![seq, result], body("prod")).with_sources(sources))
}

/// `pow(base, exp, mod)` of integers (Python's: a negative exponent takes the modular
/// inverse).
pub fn pow_mod(types: &[Type]) -> Option<Typed> {
    let all_int = types.len() == 3
        && types.iter().all(|t| {
            t.scalar()
                .is_some_and(|d| d.is_integer() || d == Dtype::Bool)
        });
    all_int.then(|| Typed::new(Type::I64, vec![Type::I64; 3], body("pow_mod")))
}
