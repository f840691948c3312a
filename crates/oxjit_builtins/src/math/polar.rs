//! `cmath.phase(z)` and `cmath.polar(z)`: the argument of a complex number, and its
//! modulus with it. Body: `pylib/math/polar.py`.

use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{no_kwargs, CallArgs, Intrinsic, NoMatch, Typed};
use oxjit_types::Type;

pub const BUILTIN: Builtin = Builtin {
    names: &["cmath.phase", "cmath.polar"],
    doc: "phase: the angle of z; polar: (abs(z), phase(z))",
    type_call,
    examples: &[
        Ex {
            call: "cmath.phase(a)",
            args: &["complex64"],
        },
        Ex {
            call: "cmath.polar(a)",
            args: &["float64"],
        },
    ],
};

fn type_call(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let short = name.strip_prefix("cmath.").unwrap_or(name);
    no_kwargs(short, a)?;
    let [t] = a.types else {
        return Err(NoMatch::new(format!("cmath.{short}() takes one number"))
            .with_signatures(&[&format!("cmath.{short}(complex)")]));
    };
    if t.scalar().is_none() {
        return Err(NoMatch::new(format!(
            "cmath.{short}() takes a number, not {t}"
        )));
    }
    let result = if short == "phase" {
        Type::F64
    } else {
        Type::tuple(vec![Type::F64, Type::F64])
    };
    let entry = if short == "phase" { "phase" } else { "polar" };
    Ok(Typed::new(
        result,
        vec![Type::C128],
        Intrinsic::Body(Body {
            file: "math/polar.py",
            entry,
        }),
    ))
}
