//! `math.isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)`. Body: `pylib/math/isclose.py`.

use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{CallArgs, Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::Type;

pub const BUILTIN: Builtin = Builtin {
    names: &["math.isclose"],
    doc: "whether two numbers are close (relative and absolute tolerances)",
    type_call,
    examples: &[Ex {
        call: "math.isclose(a, b)",
        args: &["float64", "int64"],
    }],
};

fn type_call(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let real = |t: &Type| t.scalar().is_some_and(|d| !d.is_complex());
    if a.types.len() != 2 || !a.types.iter().all(real) {
        return Err(NoMatch::no_signature(
            name,
            a.types,
            &["math.isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0) -> bool"],
        ));
    }
    let mut sources = vec![
        Slot::Positional(0),
        Slot::Positional(1),
        Slot::Float(1e-9),
        Slot::Float(0.0),
    ];
    for (i, (k, t)) in a.kwargs.iter().enumerate() {
        let at = match k.as_str() {
            "rel_tol" => 2,
            "abs_tol" => 3,
            _ => return Err(crate::unexpected_keyword("isclose", k)),
        };
        if !real(t) {
            return Err(NoMatch::new(format!(
                "math.isclose(): {k} must be a real number, not {t}"
            )));
        }
        sources[at] = Slot::Keyword(i);
    }
    Ok(Typed::new(
        Type::BOOL,
        vec![Type::F64; 4],
        Intrinsic::Body(Body {
            file: "math/isclose.py",
            entry: "isclose",
        }),
    )
    .with_sources(sources))
}
