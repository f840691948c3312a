//! `np.linspace(start, stop, num=50, endpoint=True, dtype=None)`: evenly spaced samples.
//! Body: `pylib/numpy/linspace.py`.

use crate::ndarray::{arg, array, check_kwargs, dtype_kw};
use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{CallArgs, Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::{promote, Dtype, Type};

pub const BUILTIN: Builtin = Builtin {
    names: &["numpy.linspace"],
    doc: "num evenly spaced samples from start to stop (stop included unless endpoint=False)",
    type_call,
    examples: &[
        Ex {
            call: "np.linspace(a, b)",
            args: &["float64", "int64"],
        },
        Ex {
            call: "np.linspace(a, b, 7, endpoint=False, dtype=np.float32)",
            args: &["float32", "float32"],
        },
        Ex {
            call: "np.linspace(a, b, c, False)",
            args: &["complex128", "float64", "int64"],
        },
    ],
};

fn type_call(_name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let bad = |sig: &str| NoMatch::no_signature("np.linspace", a.types, &[sig]);
    check_kwargs("linspace", a, &["num", "endpoint", "dtype"])?;
    let (s0, start) =
        arg(a, 0, "start").ok_or_else(|| bad("(start, stop, num=50, endpoint=True)"))?;
    let (s1, stop) = arg(a, 1, "stop").ok_or_else(|| bad("(start, stop, num=50)"))?;
    let (Some(start_d), Some(stop_d)) = (start.scalar(), stop.scalar()) else {
        return Err(bad("(start: number, stop: number, num=50)"));
    };
    // Complex endpoints give complex samples.
    let complex = start_d.is_complex() || stop_d.is_complex();
    // NumPy's result_type(start, stop, float(num)), which the samples are computed in:
    // NumPy scalar endpoints keep their precision (np.float32 endpoints give float32),
    // Python numbers do not.
    let strong = [(s0, start_d), (s1, stop_d)]
        .into_iter()
        .filter(|(slot, _)| matches!(slot, Slot::Positional(i) if !a.is_weak(*i)))
        .map(|(_, d)| d)
        .reduce(promote);
    let weak = if complex { Dtype::C128 } else { Dtype::F64 };
    let natural = strong.map_or(weak, |s| oxjit_types::promote_weak(s, weak));
    let mut args = vec![Type::Scalar(natural), Type::Scalar(natural), Type::I64];
    let mut sources = vec![s0, s1, Slot::Int(50)];
    if let Some((s, t)) = arg(a, 2, "num") {
        if !t.is_index() {
            return Err(bad("(start, stop, num: int)"));
        }
        sources[2] = s;
    }
    args.push(Type::BOOL);
    sources.push(Slot::Bool(true));
    if let Some((s, t)) = arg(a, 3, "endpoint") {
        if t.scalar().is_none() {
            return Err(bad("(start, stop, num, endpoint: bool)"));
        }
        if arg(a, 2, "num").is_none() {
            return Err(bad("(start, stop, num, endpoint): give num with endpoint"));
        }
        sources[3] = s;
    }
    let d = dtype_kw(a, 99)?.unwrap_or(natural);
    if complex && !d.is_complex() {
        return Err(bad(
            "(start, stop, dtype): complex endpoints need a complex dtype",
        ));
    }
    args.push(Type::DtypeValue(d));
    sources.push(Slot::Dtype(d));
    args.push(Type::DtypeValue(natural));
    sources.push(Slot::Dtype(natural));
    let body = Body {
        file: "numpy/linspace.py",
        entry: "linspace",
    };
    Ok(Typed::new(array(d, 1), args, Intrinsic::Body(body)).with_sources(sources))
}
