//! `np.trace(a, offset=0)` and `a.trace(offset=0)` of a 2-d array: the sum of a diagonal.
//! Body: `pylib/numpy/trace.py`.

use crate::ndarray::{arg, check_kwargs, sum_dtype};
use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{CallArgs, Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::Type;

pub const BUILTIN: Builtin = Builtin {
    names: &["numpy.trace", "ndarray.trace"],
    doc: "sum along the offset-th diagonal of a 2-d array",
    type_call,
    examples: &[
        Ex {
            call: "np.trace(a)",
            args: &["array(float64, 2d, C)"],
        },
        Ex {
            call: "a.trace(offset=-1)",
            args: &["array(int16, 2d, A)"],
        },
        Ex {
            call: "np.trace(a, b)",
            args: &["array(bool, 2d, F)", "int64"],
        },
    ],
};

fn type_call(_name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let sig = "np.trace(a: 2-d array, offset=0)";
    check_kwargs("trace", a, &["offset"])?;
    let arr = match a.types.first() {
        Some(Type::Array(arr)) if arr.ndim == 2 => *arr,
        Some(Type::Array(arr)) => {
            return Err(NoMatch::new(format!(
                "np.trace of a {}-d array is not supported: compiled code takes 2-d arrays",
                arr.ndim
            ))
            .with_signatures(&[sig]))
        }
        _ => return Err(NoMatch::new("np.trace() needs an array").with_signatures(&[sig])),
    };
    let offset = match arg(a, 1, "offset") {
        None => Slot::Int(0),
        Some((slot, t)) if t.is_index() => slot,
        Some((_, t)) => return Err(NoMatch::new(format!("offset must be an integer, not {t}"))),
    };
    // Integers sum in the platform integer, as NumPy's sum does.
    let d = sum_dtype(arr.dtype);
    let body = Body {
        file: "numpy/trace.py",
        entry: "trace",
    };
    Ok(Typed::new(
        Type::Scalar(d),
        vec![Type::Array(arr), Type::I64, Type::DtypeValue(d)],
        Intrinsic::Body(body),
    )
    .with_sources(vec![Slot::Positional(0), offset, Slot::Dtype(d)]))
}
