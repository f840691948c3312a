//! Joining arrays: `np.concatenate(arrays, axis=0)`, `np.stack(arrays, axis=0)`,
//! `np.hstack(arrays)`, `np.vstack(arrays)`, for a tuple or list of 1-d or 2-d arrays of
//! one dtype. A tuple of arrays of different layouts is passed as a tuple of strided
//! arrays (the same headers), so the body loops over it. Body: `pylib/numpy/concatenate.py`.

use crate::ndarray::{arg, array, check_kwargs};
use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{CallArgs, Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::{ArrayType, Dtype, Layout, Type};

pub const BUILTIN: Builtin = Builtin {
    names: &[
        "numpy.concatenate",
        "numpy.stack",
        "numpy.hstack",
        "numpy.vstack",
    ],
    doc: "join 1-d or 2-d arrays of one dtype along an axis",
    type_call,
    examples: &[
        Ex {
            call: "np.concatenate((a, b))",
            args: &["array(float64, 1d, C)", "array(float64, 1d, A)"],
        },
        Ex {
            call: "np.concatenate((a, b), axis=1)",
            args: &["array(int32, 2d, C)", "array(int32, 2d, F)"],
        },
        Ex {
            call: "np.stack((a, b), axis=-1)",
            args: &["array(float32, 1d, C)", "array(float32, 1d, C)"],
        },
        Ex {
            call: "np.vstack((a, b))",
            args: &["array(bool, 1d, C)", "array(bool, 1d, C)"],
        },
        Ex {
            call: "np.hstack((a, b))",
            args: &["array(float64, 2d, C)", "array(float64, 2d, C)"],
        },
    ],
};

/// The arrays' common type and the type the sequence is passed as.
fn sequence(short: &str, t: Option<&Type>) -> Result<(ArrayType, Type), NoMatch> {
    let items: Vec<ArrayType> = match t {
        Some(Type::Tuple(items)) if !items.is_empty() => items
            .iter()
            .map(|t| match t {
                Type::Array(a) => Some(*a),
                _ => None,
            })
            .collect::<Option<_>>()
            .ok_or_else(|| {
                NoMatch::new(format!("np.{short}() joins arrays, not {}", t.unwrap()))
            })?,
        Some(Type::List(item)) => match **item {
            Type::Array(a) => return Ok((a, Type::List(item.clone()))),
            _ => return Err(NoMatch::new(format!("np.{short}() joins arrays"))),
        },
        _ => {
            return Err(NoMatch::new(format!(
                "np.{short}() takes a tuple or list of arrays"
            )))
        }
    };
    let first = items[0];
    if items.iter().any(|a| a.dtype != first.dtype) {
        return Err(NoMatch::new(format!(
            "np.{short}() of arrays of different dtypes is not supported in compiled code yet"
        )));
    }
    if items.iter().any(|a| a.ndim != first.ndim) {
        return Err(NoMatch::new(format!(
            "np.{short}(): all the input arrays must have the same number of dimensions"
        )));
    }
    let common = ArrayType {
        layout: Layout::A,
        readonly: items.iter().any(|a| a.readonly),
        ..first
    };
    let passed = Type::tuple(vec![Type::Array(common); items.len()]);
    Ok((common, passed))
}

fn type_call(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let short = name.rsplit('.').next().unwrap_or(name);
    let takes_axis = matches!(short, "concatenate" | "stack");
    check_kwargs(short, a, if takes_axis { &["axis"] } else { &[] })?;
    let (item, passed) = sequence(short, a.types.first())?;
    // The axis goes to the body as a value (it checks and normalises it, as NumPy).
    let axis = match arg(a, 1, "axis") {
        None => Slot::Int(0),
        Some(_) if !takes_axis => {
            return Err(NoMatch::new(format!("np.{short}() takes one argument")))
        }
        Some((slot, t)) if t.is_index() => slot,
        Some((_, t)) => return Err(NoMatch::new(format!("axis must be an integer, not {t}"))),
    };
    let (entry, axis) = match (short, item.ndim) {
        ("concatenate", 1) => ("concatenate_1d", axis),
        ("hstack", 1) => ("concatenate_1d", Slot::Int(0)),
        ("concatenate", 2) => ("concatenate_2d", axis),
        ("hstack", 2) => ("concatenate_2d", Slot::Int(1)),
        ("vstack", 2) => ("concatenate_2d", Slot::Int(0)),
        ("vstack", 1) => ("stack_1d", Slot::Int(0)),
        ("stack", 1) => ("stack_1d", axis),
        (_, ndim) => {
            return Err(NoMatch::new(format!(
                "np.{short}() of {ndim}-d arrays is not supported in compiled code yet (1-d \
                 and 2-d are)"
            )))
        }
    };
    let out_ndim = if entry == "concatenate_1d" { 1 } else { 2 };
    let body = Body {
        file: "numpy/concatenate.py",
        entry,
    };
    let d: Dtype = item.dtype;
    Ok(Typed::new(
        array(d, out_ndim),
        vec![passed, Type::I64, Type::DtypeValue(d)],
        Intrinsic::Body(body),
    )
    .with_sources(vec![Slot::Positional(0), axis, Slot::Dtype(d)]))
}
