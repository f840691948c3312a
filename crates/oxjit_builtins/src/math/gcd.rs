//! `math.gcd(a, b)`: the greatest common divisor of two integers. Body:
//! `pylib/math/gcd.py`.

use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{no_kwargs, CallArgs, Intrinsic, NoMatch, Typed};
use oxjit_types::Type;

pub const BUILTIN: Builtin = Builtin {
    names: &["math.gcd"],
    doc: "greatest common divisor of two integers (0 when both are 0)",
    type_call,
    examples: &[Ex {
        call: "math.gcd(a, b)",
        args: &["int64", "uint8"],
    }],
};

fn type_call(_name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    no_kwargs("gcd", a)?;
    match a.types {
        [x, y] if x.is_integer() && y.is_integer() => Ok(Typed::new(
            Type::I64,
            vec![Type::I64, Type::I64],
            Intrinsic::Body(Body {
                file: "math/gcd.py",
                entry: "gcd",
            }),
        )),
        _ => Err(NoMatch::no_signature(
            "math.gcd",
            a.types,
            &["math.gcd(int, int) -> int"],
        )),
    }
}
