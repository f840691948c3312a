//! `np.sort(a, axis=-1)`, `a.sort(axis=-1)` (in place) and `np.unique(a)`: sorting
//! real numbers, NaN last, along any axis or flattened. Body: `pylib/numpy/sort.py`.

use crate::ndarray::{arg, array, check_kwargs};
use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{CallArgs, Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::{ArrayType, Type};

pub const BUILTIN: Builtin = Builtin {
    names: &[
        "numpy.sort",
        "ndarray.sort",
        "numpy.unique",
        "numpy.argsort",
        "ndarray.argsort",
    ],
    doc: "sorted copy (np.sort), sort in place (a.sort()), sorted distinct values \
          (np.unique), the indices that sort (np.argsort)",
    type_call,
    examples: &[
        Ex {
            call: "np.sort(a)",
            args: &["array(float64, 1d, A)"],
        },
        Ex {
            call: "np.sort(a, axis=0)",
            args: &["array(int32, 3d, C)"],
        },
        Ex {
            call: "np.sort(a, None)",
            args: &["array(uint8, 2d, F)"],
        },
        Ex {
            call: "a.sort()",
            args: &["array(float32, 2d, A)"],
        },
        Ex {
            call: "np.unique(a)",
            args: &["array(bool, 2d, C)"],
        },
        Ex {
            call: "np.argsort(a)",
            args: &["array(float64, 1d, A)"],
        },
        Ex {
            call: "a.argsort(axis=-1)",
            args: &["array(int16, 3d, F)"],
        },
        Ex {
            call: "np.argsort(a, None)",
            args: &["array(float32, 2d, C)"],
        },
    ],
};

fn type_call(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let short = name.split_once('.').map_or(name, |(_, n)| n);
    let method = name.starts_with("ndarray.");
    let sig: &[&str] = match (short, method) {
        ("unique", _) => &["np.unique(a)"],
        ("argsort", _) => &["np.argsort(a, axis=-1, kind=None)"],
        (_, true) => &["a.sort(axis=-1, kind=None)"],
        _ => &["np.sort(a, axis=-1, kind=None)"],
    };
    let arr = match a.types.first() {
        Some(Type::Array(arr)) if !arr.dtype.is_complex() => *arr,
        Some(Type::Array(arr)) => {
            return Err(NoMatch::new(format!(
                "{short} of {} arrays is not supported yet: only real numbers",
                arr.dtype.name()
            ))
            .with_signatures(sig))
        }
        _ => return Err(NoMatch::new(format!("{short}() needs an array")).with_signatures(sig)),
    };
    let body = |entry| Body {
        file: "numpy/sort.py",
        entry,
    };
    if short == "argsort" {
        return argsort(arr, a, sig, body);
    }
    if short == "unique" {
        check_kwargs(short, a, &[])?;
        let typed = Typed::new(
            array(arr.dtype, 1),
            vec![Type::Array(arr)],
            Intrinsic::Body(body("unique")),
        );
        return Ok(typed);
    }
    check_kwargs(short, a, &["axis", "kind"])?;
    // Every kind gives the same values; only the order of equal elements could differ,
    // and equal numbers are indistinguishable.
    match arg(a, 2, "kind") {
        None | Some((_, Type::None)) | Some((_, Type::Str(_))) => {}
        Some((_, t)) => return Err(NoMatch::new(format!("kind must be a string, not {t}"))),
    }
    if method && arr.readonly {
        return Err(NoMatch::new("cannot sort a readonly array in place"));
    }
    let axis = match arg(a, 1, "axis") {
        None => Some(Slot::Int(-1)),
        Some((_, Type::None)) if !method => None,
        Some((slot, t)) if t.is_index() => Some(slot),
        Some((_, t)) => {
            return Err(
                NoMatch::new(format!("axis must be an integer, not {t}")).with_signatures(sig)
            )
        }
    };
    let copy = Type::Array(ArrayType {
        readonly: false,
        ..array(arr.dtype, arr.ndim).array().copied().unwrap()
    });
    let (entry, result) = match (method, axis.is_some(), arr.ndim) {
        (false, false, _) => ("sort_flat", array(arr.dtype, 1)),
        (false, true, 0) => ("sort_0d", copy),
        (false, true, 1) => ("sort_1d_axis", copy),
        (false, true, _) => ("sort_nd", copy),
        (true, _, 0) => ("sort_in_place_0d", Type::None),
        (true, _, 1) => ("sort_in_place_1d", Type::None),
        (true, _, _) => ("sort_in_place_nd", Type::None),
    };
    let mut sources = vec![Slot::Positional(0)];
    let mut args = vec![Type::Array(arr)];
    if let Some(axis) = axis {
        sources.push(axis);
        args.push(Type::I64);
    }
    Ok(Typed::new(result, args, Intrinsic::Body(body(entry))).with_sources(sources))
}

/// `np.argsort`: a stable sort of the indices (equal elements keep their order, as
/// NumPy's kind='stable'; NumPy's default kind may order ties differently).
fn argsort(
    arr: ArrayType,
    a: &CallArgs<'_>,
    sig: &[&str],
    body: impl Fn(&'static str) -> Body,
) -> Result<Typed, NoMatch> {
    check_kwargs("argsort", a, &["axis", "kind"])?;
    match arg(a, 2, "kind") {
        None | Some((_, Type::None)) | Some((_, Type::Str(_))) => {}
        Some((_, t)) => return Err(NoMatch::new(format!("kind must be a string, not {t}"))),
    }
    let axis = match arg(a, 1, "axis") {
        None => Some(Slot::Int(-1)),
        Some((_, Type::None)) => None,
        Some((slot, t)) if t.is_index() => Some(slot),
        Some((_, t)) => {
            return Err(
                NoMatch::new(format!("axis must be an integer, not {t}")).with_signatures(sig)
            )
        }
    };
    let (entry, ndim) = match (axis.is_some(), arr.ndim) {
        (false, _) => ("argsort_flat", 1),
        (true, 0) => return Err(NoMatch::new("np.argsort of a 0-d array needs axis=None")),
        (true, 1) => ("argsort_1d_axis", 1),
        (true, n) => ("argsort_last", n),
    };
    let mut sources = vec![Slot::Positional(0)];
    let mut args = vec![Type::Array(arr)];
    if let Some(axis) = axis {
        sources.push(axis);
        args.push(Type::I64);
    }
    Ok(Typed::new(
        array(oxjit_types::Dtype::I64, ndim),
        args,
        Intrinsic::Body(body(entry)),
    )
    .with_sources(sources))
}
