//! `np.histogram(a, bins=10, range=None)` (equal bins, or the edges given) and
//! `np.interp(x, xp, fp, left=None, right=None)`. Body: `pylib/numpy/histogram.py`.

use crate::ndarray::{arg, array, check_kwargs};
use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{CallArgs, Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::{Dtype, Type};

pub const BUILTIN: Builtin = Builtin {
    names: &["numpy.histogram", "numpy.interp"],
    doc: "counts of values in bins (np.histogram); piecewise-linear interpolation (np.interp)",
    type_call,
    examples: &[
        Ex {
            call: "np.histogram(a)",
            args: &["array(float64, 1d, C)"],
        },
        Ex {
            call: "np.histogram(a, 100, (0.0, 1.0))",
            args: &["array(float32, 2d, A)"],
        },
        Ex {
            call: "np.histogram(a, bins=b)",
            args: &["array(int32, 1d, C)", "array(float64, 1d, C)"],
        },
        Ex {
            call: "np.interp(a, b, c)",
            args: &[
                "array(float64, 1d, C)",
                "array(float64, 1d, C)",
                "array(int64, 1d, A)",
            ],
        },
        Ex {
            call: "np.interp(a, b, c, left=0.0, right=1)",
            args: &["float32", "array(float64, 1d, C)", "array(float64, 1d, C)"],
        },
    ],
};

fn type_call(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    if name == "numpy.interp" {
        return interp(a);
    }
    let sig = ["np.histogram(a, bins=10, range=None)"];
    check_kwargs("histogram", a, &["bins", "range", "density", "weights"])?;
    for unsupported in ["density", "weights"] {
        if let Some((_, t)) = arg(a, usize::MAX, unsupported) {
            if *t != Type::None {
                return Err(NoMatch::new(format!(
                    "np.histogram's {unsupported}= is not supported yet"
                ))
                .with_signatures(&sig));
            }
        }
    }
    let data = match a.types.first() {
        Some(Type::Array(d)) if !d.dtype.is_complex() => *d,
        _ => {
            return Err(
                NoMatch::new("np.histogram needs an array of real numbers").with_signatures(&sig)
            )
        }
    };
    // The edges' dtype: float32 data keeps float32 edges, everything else float64.
    let edge = if data.dtype == Dtype::F32 {
        Dtype::F32
    } else {
        Dtype::F64
    };
    let body = |entry| Body {
        file: "numpy/histogram.py",
        entry,
    };
    match arg(a, 1, "bins") {
        Some((slot, Type::Array(e))) if e.ndim == 1 && !e.dtype.is_complex() => {
            if arg(a, 2, "range").is_some_and(|(_, t)| *t != Type::None) {
                return Err(
                    NoMatch::new("range= goes with a number of bins, not with edges")
                        .with_signatures(&sig),
                );
            }
            let result = Type::tuple(vec![array(Dtype::I64, 1), array(e.dtype, 1)]);
            return Ok(Typed::new(
                result,
                vec![Type::Array(data), Type::Array(*e)],
                Intrinsic::Body(body("histogram_edges")),
            )
            .with_sources(vec![Slot::Positional(0), slot]));
        }
        Some((_, t)) if !t.is_index() => {
            return Err(NoMatch::new(format!(
                "bins must be an integer or a 1-d array of edges, not {t}"
            ))
            .with_signatures(&sig))
        }
        _ => {}
    }
    let bins = arg(a, 1, "bins").map_or(Slot::Int(10), |(slot, _)| slot);
    let result = Type::tuple(vec![array(Dtype::I64, 1), array(edge, 1)]);
    let (entry, mut args, mut sources) = match arg(a, 2, "range") {
        None | Some((_, Type::None)) => ("histogram_auto", vec![], vec![]),
        Some((slot, t @ Type::Tuple(items)))
            if items.len() == 2
                && items
                    .iter()
                    .all(|t| t.scalar().is_some_and(|d| !d.is_complex())) =>
        {
            ("histogram_range", vec![t.clone()], vec![slot])
        }
        Some((_, t)) => {
            return Err(NoMatch::new(format!(
                "range must be a (min, max) pair of numbers, not {t}"
            ))
            .with_signatures(&sig))
        }
    };
    args.splice(0..0, [Type::Array(data), Type::I64]);
    sources.splice(0..0, [Slot::Positional(0), bins]);
    args.push(Type::DtypeValue(edge));
    sources.push(Slot::Dtype(edge));
    Ok(Typed::new(result, args, Intrinsic::Body(body(entry))).with_sources(sources))
}

fn interp(a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let sig = ["np.interp(x, xp: 1-d, fp: 1-d, left=None, right=None)"];
    check_kwargs("interp", a, &["left", "right", "period"])?;
    if arg(a, 5, "period").is_some_and(|(_, t)| *t != Type::None) {
        return Err(NoMatch::new("np.interp's period= is not supported yet").with_signatures(&sig));
    }
    let real_1d = |t: Option<&Type>| matches!(t, Some(Type::Array(v)) if v.ndim == 1 && !v.dtype.is_complex());
    if !real_1d(a.types.get(1)) || !real_1d(a.types.get(2)) {
        return Err(NoMatch::new(
            "np.interp needs 1-d arrays of real numbers for xp and fp (complex fp is not \
             supported yet)",
        )
        .with_signatures(&sig));
    }
    let (entry, result) = match a.types.first() {
        Some(Type::Scalar(d)) if !d.is_complex() => ("interp_one", Type::F64),
        Some(Type::Array(x)) if !x.dtype.is_complex() => ("interp_each", array(Dtype::F64, x.ndim)),
        _ => return Err(NoMatch::new("np.interp needs real x values").with_signatures(&sig)),
    };
    let bound = |pos, name| match arg(a, pos, name) {
        None | Some((_, Type::None)) => Ok((Slot::Int(0), false)),
        Some((slot, t)) if t.scalar().is_some_and(|d| !d.is_complex()) => Ok((slot, true)),
        Some((_, t)) => Err(NoMatch::new(format!(
            "{name} must be a real number, not {t}"
        ))),
    };
    let (left, has_left) = bound(3, "left")?;
    let (right, has_right) = bound(4, "right")?;
    Ok(Typed::new(
        result,
        vec![
            a.types[0].clone(),
            a.types[1].clone(),
            a.types[2].clone(),
            Type::F64,
            Type::F64,
            Type::BOOL,
            Type::BOOL,
        ],
        Intrinsic::Body(Body {
            file: "numpy/histogram.py",
            entry,
        }),
    )
    .with_sources(vec![
        Slot::Positional(0),
        Slot::Positional(1),
        Slot::Positional(2),
        left,
        right,
        Slot::Bool(has_left),
        Slot::Bool(has_right),
    ]))
}
