//! `np.cumsum`, `np.cumprod` and the array methods: running sums and products, flattened
//! or along an axis. Body: `pylib/numpy/cumulative.py`.

use crate::ndarray::{arg, array, check_kwargs, sum_dtype};
use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{CallArgs, Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::Type;

pub const BUILTIN: Builtin = Builtin {
    names: &[
        "numpy.cumsum",
        "numpy.cumprod",
        "ndarray.cumsum",
        "ndarray.cumprod",
    ],
    doc: "running sum / product of the elements, flattened or along axis",
    type_call,
    examples: &[
        Ex {
            call: "np.cumsum(a)",
            args: &["array(float64, 1d, C)"],
        },
        Ex {
            call: "np.cumprod(a, axis=-1)",
            args: &["array(int32, 3d, A)"],
        },
        Ex {
            call: "a.cumsum(0)",
            args: &["array(bool, 0d, C)"],
        },
        Ex {
            call: "a.cumprod()",
            args: &["array(complex64, 2d, F)"],
        },
    ],
};

fn type_call(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let short = name.split_once('.').map_or(name, |(_, n)| n);
    let Some(Type::Array(arr)) = a.types.first() else {
        return Err(NoMatch::new(format!("{short}() needs an array"))
            .with_signatures(&[&format!("np.{short}(a, axis=None)")]));
    };
    let arr = *arr;
    check_kwargs(short, a, &["axis"])?;
    let axis = match arg(a, 1, "axis") {
        None | Some((_, Type::None)) => None,
        Some((slot, t)) if t.is_index() => Some(slot),
        Some((_, t)) => return Err(NoMatch::new(format!("axis must be an integer, not {t}"))),
    };
    // Integers accumulate in the platform integer, as NumPy's add.accumulate does.
    let d = sum_dtype(arr.dtype);
    let (shape, ndim) = match axis {
        None => ("flat", 1),
        Some(_) if arr.ndim == 0 => ("0d", 1),
        Some(_) => ("axis", arr.ndim),
    };
    let entry = match (short, shape) {
        ("cumsum", "flat") => "cumsum_flat",
        ("cumsum", "0d") => "cumsum_0d",
        ("cumsum", _) => "cumsum_axis",
        (_, "flat") => "cumprod_flat",
        (_, "0d") => "cumprod_0d",
        _ => "cumprod_axis",
    };
    let mut sources = vec![Slot::Positional(0)];
    let mut args = vec![Type::Array(arr)];
    if let Some(s) = axis {
        sources.push(s);
        args.push(Type::I64);
    }
    sources.push(Slot::Dtype(d));
    args.push(Type::DtypeValue(d));
    let body = Body {
        file: "numpy/cumulative.py",
        entry,
    };
    Ok(Typed::new(array(d, ndim), args, Intrinsic::Body(body)).with_sources(sources))
}
