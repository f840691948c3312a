//! `np.arange([start,] stop[, step], dtype=None)`: evenly spaced values in a half-open
//! interval. Body: `pylib/numpy/arange.py`.

use crate::ndarray::{array, check_kwargs, dtype_kw};
use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{CallArgs, Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::{promote, Dtype, Type};

pub const BUILTIN: Builtin = Builtin {
    names: &["numpy.arange"],
    doc: "values from start (0) up to stop, step (1) apart",
    type_call,
    examples: &[
        Ex {
            call: "np.arange(a)",
            args: &["int64"],
        },
        Ex {
            call: "np.arange(a, b, 0.5, dtype=np.float32)",
            args: &["int32", "float64"],
        },
        Ex {
            call: "np.arange(a, step=b)",
            args: &["int64", "int64"],
        },
        Ex {
            call: "np.arange(a, dtype=np.bool_)",
            args: &["int64"],
        },
    ],
};

const SIG: &str = "np.arange([start=0,] stop[, step=1][, dtype=None])";

fn type_call(_name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    check_kwargs("arange", a, &["dtype", "start", "stop", "step"])?;
    let keyword = |name: &str| {
        a.kwargs
            .iter()
            .position(|(k, _)| k == name)
            .map(|i| (Slot::Keyword(i), &a.kwargs[i].1))
    };
    let positional = |i: usize| (Slot::Positional(i), &a.types[i]);
    // Which argument is which, as NumPy reads them: one positional argument is `stop`
    // unless `stop` is given by name.
    let names: &[&str] = match (a.types.len(), keyword("stop").is_some()) {
        (0, _) => &[],
        (1, false) => &["stop"],
        (1, true) => &["start"],
        (2, _) => &["start", "stop"],
        // The fourth is the dtype.
        (3 | 4, _) => &["start", "stop", "step"],
        _ => {
            return Err(NoMatch::new(
                "np.arange() takes at most 4 positional arguments",
            ))
        }
    };
    // NumPy's parameters are (start, stop, step) by position: a name given again by
    // keyword is an error even where one positional argument means `stop`.
    for (i, n) in ["start", "stop", "step"].iter().enumerate() {
        if i < a.types.len() && keyword(n).is_some() {
            return Err(NoMatch::new(format!(
                "argument for arange() given by name ('{n}') and position (position {i})"
            )));
        }
    }
    let mut found: Vec<(&str, Slot, &Type)> = Vec::new();
    for (i, n) in names.iter().enumerate() {
        let (slot, t) = positional(i);
        found.push((n, slot, t));
    }
    for n in ["start", "stop", "step"] {
        if !names.contains(&n) {
            if let Some((slot, t)) = keyword(n) {
                found.push((n, slot, t));
            }
        }
    }
    let get = |n: &str| found.iter().find(|f| f.0 == n).map(|f| (f.1, f.2));
    let Some(stop) = get("stop") else {
        return Err(NoMatch::new("np.arange() needs stop").with_signatures(&[SIG]));
    };
    let parts = [get("start"), Some(stop), get("step")];
    if parts
        .iter()
        .flatten()
        .any(|(_, t)| t.scalar().is_none_or(|d| d.is_complex()))
    {
        return Err(NoMatch::new("np.arange() takes real numbers").with_signatures(&[SIG]));
    }
    // Integers count in int64, anything else in float64 (NumPy's dtype for Python
    // numbers); a float dtype makes the count and the values float too.
    let natural = parts
        .iter()
        .flatten()
        .filter_map(|(_, t)| t.scalar())
        .map(|d| if d == Dtype::Bool { Dtype::I64 } else { d })
        .reduce(promote)
        .unwrap();
    let natural = if natural.is_integer() {
        Dtype::I64
    } else {
        Dtype::F64
    };
    if a.types.len() == 4 && keyword("dtype").is_some() {
        return Err(NoMatch::new(
            "argument for arange() given by name ('dtype') and position (position 3)",
        ));
    }
    let d = dtype_kw(a, 3)?.unwrap_or(natural);
    let compute = if natural.is_float() || d.is_float() {
        Dtype::F64
    } else {
        Dtype::I64
    };
    let [start, stop, step] = parts;
    let sources = vec![
        start.map_or(Slot::Int(0), |p| p.0),
        stop.unwrap().0,
        step.map_or(Slot::Int(1), |p| p.0),
        Slot::Dtype(d),
        Slot::Dtype(compute),
    ];
    let c = Type::Scalar(compute);
    let args = vec![
        c.clone(),
        c.clone(),
        c,
        Type::DtypeValue(d),
        Type::DtypeValue(compute),
    ];
    let entry = if d == Dtype::Bool {
        "arange_bool"
    } else {
        "arange"
    };
    let body = Body {
        file: "numpy/arange.py",
        entry,
    };
    Ok(Typed::new(array(d, 1), args, Intrinsic::Body(body)).with_sources(sources))
}
