//! `np.searchsorted(a, v, side='left')` and `a.searchsorted(v, side=...)`: where `v`
//! (a number, or each element of an array) would go in the sorted 1-d array `a` to keep
//! it sorted. Body: `pylib/numpy/searchsorted.py`.

use crate::ndarray::{arg, array, check_kwargs};
use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{CallArgs, Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::{promote, Type};

pub const BUILTIN: Builtin = Builtin {
    names: &["numpy.searchsorted", "ndarray.searchsorted"],
    doc: "indices where values would be inserted into a sorted 1-d array",
    type_call,
    examples: &[
        Ex {
            call: "np.searchsorted(a, b)",
            args: &["array(float64, 1d, C)", "float64"],
        },
        Ex {
            call: "np.searchsorted(a, b, side='right')",
            args: &["array(int32, 1d, A)", "array(float32, 2d, C)"],
        },
        Ex {
            call: "a.searchsorted(b, 'left')",
            args: &["array(uint8, 1d, C)", "int64"],
        },
    ],
};

const SIGNATURE: &str = "np.searchsorted(a: sorted 1-d array, v: number or array, side='left')";

fn type_call(_name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let sig = [SIGNATURE];
    check_kwargs("searchsorted", a, &["side"])?;
    let sorted = match a.types.first() {
        Some(Type::Array(s)) if s.ndim == 1 && !s.dtype.is_complex() => *s,
        Some(Type::Array(s)) if s.ndim != 1 => {
            return Err(NoMatch::new(format!(
                "np.searchsorted needs a 1-d array to search, not a {}-d one",
                s.ndim
            ))
            .with_signatures(&sig))
        }
        Some(t) => {
            return Err(NoMatch::new(format!(
                "np.searchsorted searches a 1-d array of real numbers, not {t}"
            ))
            .with_signatures(&sig))
        }
        None => return Err(NoMatch::new("np.searchsorted() needs an array").with_signatures(&sig)),
    };
    let right = match arg(a, 2, "side") {
        None => false,
        Some((_, Type::Str(s))) if s == "left" => false,
        Some((_, Type::Str(s))) if s == "right" => true,
        Some((_, t)) => {
            return Err(NoMatch::new(format!(
                "side must be the constant 'left' or 'right', not {t}"
            ))
            .with_signatures(&sig))
        }
    };
    let (entry, value_dtype, result) = match a.types.get(1) {
        Some(Type::Scalar(d)) if !d.is_complex() => ("search_one", *d, Type::I64),
        // A 0-d array of values gives a number, as NumPy.
        Some(Type::Array(v)) if v.ndim == 0 && !v.dtype.is_complex() => {
            ("search_0d", v.dtype, Type::I64)
        }
        Some(Type::Array(v)) if !v.dtype.is_complex() => (
            "search_each",
            v.dtype,
            array(oxjit_types::Dtype::I64, v.ndim),
        ),
        _ => {
            return Err(
                NoMatch::new("np.searchsorted needs the real values to look for")
                    .with_signatures(&sig),
            )
        }
    };
    // Both sides compare in their common type, as NumPy casts them.
    let common = promote(sorted.dtype, value_dtype);
    let body = Body {
        file: "numpy/searchsorted.py",
        entry,
    };
    Ok(Typed::new(
        result,
        vec![
            Type::Array(sorted),
            a.types[1].clone(),
            Type::BOOL,
            Type::DtypeValue(common),
        ],
        Intrinsic::Body(body),
    )
    .with_sources(vec![
        Slot::Positional(0),
        Slot::Positional(1),
        Slot::Bool(right),
        Slot::Dtype(common),
    ]))
}
