//! The `math` and `cmath` modules: a table from name to intrinsic, plus the few functions
//! whose signatures are not "float in, float out".

pub mod gcd;
pub mod integers;
pub mod isclose;
pub mod polar;

use crate::{
    float_for, no_kwargs, CallArgs, CmathFn, FloatClass, Intrinsic, MathFn, MathFn2, NoMatch, Typed,
};
use oxjit_types::{Dtype, Type};

const UNARY: &[(&str, MathFn)] = &[
    ("sqrt", MathFn::Sqrt),
    ("exp", MathFn::Exp),
    ("exp2", MathFn::Exp2),
    ("expm1", MathFn::Expm1),
    ("log2", MathFn::Log2),
    ("log10", MathFn::Log10),
    ("log1p", MathFn::Log1p),
    ("sin", MathFn::Sin),
    ("cos", MathFn::Cos),
    ("tan", MathFn::Tan),
    ("asin", MathFn::Asin),
    ("acos", MathFn::Acos),
    ("atan", MathFn::Atan),
    ("sinh", MathFn::Sinh),
    ("cosh", MathFn::Cosh),
    ("tanh", MathFn::Tanh),
    ("asinh", MathFn::Asinh),
    ("acosh", MathFn::Acosh),
    ("atanh", MathFn::Atanh),
    ("erf", MathFn::Erf),
    ("erfc", MathFn::Erfc),
    ("gamma", MathFn::Gamma),
    ("lgamma", MathFn::Lgamma),
    ("fabs", MathFn::Fabs),
    ("degrees", MathFn::Degrees),
    ("radians", MathFn::Radians),
    ("cbrt", MathFn::Cbrt),
];

const BINARY: &[(&str, MathFn2)] = &[
    ("atan2", MathFn2::Atan2),
    ("pow", MathFn2::Pow),
    ("hypot", MathFn2::Hypot),
    ("copysign", MathFn2::Copysign),
    ("fmod", MathFn2::Fmod),
];

const ROUNDING: &[(&str, MathFn)] = &[
    ("floor", MathFn::Floor),
    ("ceil", MathFn::Ceil),
    ("trunc", MathFn::Trunc),
];

const CLASSIFY: &[(&str, FloatClass)] = &[
    ("isnan", FloatClass::IsNan),
    ("isinf", FloatClass::IsInf),
    ("isfinite", FloatClass::IsFinite),
];

const CMATH: &[(&str, CmathFn)] = &[
    ("sqrt", CmathFn::Sqrt),
    ("exp", CmathFn::Exp),
    ("log10", CmathFn::Log10),
    ("sin", CmathFn::Sin),
    ("cos", CmathFn::Cos),
    ("tan", CmathFn::Tan),
    ("asin", CmathFn::Asin),
    ("acos", CmathFn::Acos),
    ("atan", CmathFn::Atan),
    ("sinh", CmathFn::Sinh),
    ("cosh", CmathFn::Cosh),
    ("tanh", CmathFn::Tanh),
    ("asinh", CmathFn::Asinh),
    ("acosh", CmathFn::Acosh),
    ("atanh", CmathFn::Atanh),
];

pub fn names() -> Vec<String> {
    let mut out = Vec::new();
    for n in UNARY.iter().map(|e| e.0).chain(BINARY.iter().map(|e| e.0)) {
        out.push(format!("math.{n}"));
    }
    for n in ROUNDING
        .iter()
        .map(|e| e.0)
        .chain(CLASSIFY.iter().map(|e| e.0))
    {
        out.push(format!("math.{n}"));
    }
    for n in ["log", "frexp", "ldexp", "modf"] {
        out.push(format!("math.{n}"));
    }
    for n in CMATH
        .iter()
        .map(|e| e.0)
        .chain(CLASSIFY.iter().map(|e| e.0))
    {
        out.push(format!("cmath.{n}"));
    }
    for n in ["log", "rect"] {
        out.push(format!("cmath.{n}"));
    }
    out
}

fn lookup<T: Copy>(table: &[(&str, T)], name: &str) -> Option<T> {
    table.iter().find(|e| e.0 == name).map(|e| e.1)
}

pub fn type_call(qualname: &str, args: &CallArgs<'_>) -> Option<Result<Typed, NoMatch>> {
    if let Some(name) = qualname.strip_prefix("math.") {
        let r = type_math(name, args.types)?;
        return Some(no_kwargs(qualname, args).and(r));
    }
    if let Some(name) = qualname.strip_prefix("cmath.") {
        let r = type_cmath(name, args.types)?;
        return Some(no_kwargs(qualname, args).and(r));
    }
    None
}

fn mismatch(name: &str, a: &[Type], sig: &str) -> NoMatch {
    NoMatch::no_signature(name, a, &[sig])
}

/// `None` when `name` is not a `math` function oxjit knows.
fn type_math(name: &str, a: &[Type]) -> Option<Result<Typed, NoMatch>> {
    let qual = format!("math.{name}");
    // CPython's `math` converts its arguments to double and returns a Python float,
    // a float32 argument included: the functions run in float64 here too.
    let real = |t: &Type| float_for(t).map(|_| Type::F64);
    if let Some(f) = lookup(UNARY, name) {
        return Some(match a {
            [t] if real(t).is_some() => {
                let ft = real(t).unwrap();
                Ok(Typed::new(ft.clone(), vec![ft], Intrinsic::Math(f)))
            }
            _ => Err(mismatch(&qual, a, &format!("{qual}(float) -> float"))),
        });
    }
    if let Some(f) = lookup(BINARY, name) {
        return Some(match a {
            [x, y] if real(x).is_some() && real(y).is_some() => {
                let t = Type::F64;
                Ok(Typed::new(
                    t.clone(),
                    vec![t.clone(), t],
                    Intrinsic::Math2(f),
                ))
            }
            _ => Err(mismatch(
                &qual,
                a,
                &format!("{qual}(float, float) -> float"),
            )),
        });
    }
    if let Some(f) = lookup(ROUNDING, name) {
        return Some(match a {
            [t] if t.is_integer() || *t == Type::BOOL => {
                Ok(Typed::new(Type::I64, vec![Type::I64], Intrinsic::Cast))
            }
            [t] if real(t).is_some() => Ok(Typed::new(
                Type::I64,
                vec![real(t).unwrap()],
                Intrinsic::FloatToIntRound(f),
            )),
            _ => Err(mismatch(&qual, a, &format!("{qual}(float) -> int"))),
        });
    }
    if let Some(c) = lookup(CLASSIFY, name) {
        return Some(match a {
            [t] if real(t).is_some() => Ok(Typed::new(
                Type::BOOL,
                vec![real(t).unwrap()],
                Intrinsic::Classify(c),
            )),
            _ => Err(mismatch(&qual, a, &format!("{qual}(float) -> bool"))),
        });
    }
    Some(match (name, a) {
        ("log", [t]) if real(t).is_some() => {
            let ft = real(t).unwrap();
            Ok(Typed::new(
                ft.clone(),
                vec![ft],
                Intrinsic::Math(MathFn::Log),
            ))
        }
        ("log", [x, b]) if real(x).is_some() && real(b).is_some() => Ok(Typed::new(
            Type::F64,
            vec![Type::F64, Type::F64],
            Intrinsic::Math2(MathFn2::LogBase),
        )),
        ("frexp", [t]) if real(t).is_some() => Ok(Typed::new(
            Type::tuple(vec![Type::F64, Type::I64]),
            vec![Type::F64],
            Intrinsic::Frexp,
        )),
        ("ldexp", [x, e]) if real(x).is_some() && e.is_integer() => Ok(Typed::new(
            Type::F64,
            vec![Type::F64, Type::I64],
            Intrinsic::Ldexp,
        )),
        ("modf", [t]) if real(t).is_some() => Ok(Typed::new(
            Type::tuple(vec![Type::F64, Type::F64]),
            vec![Type::F64],
            Intrinsic::Body(crate::pylib::Body {
                file: "math/modf.py",
                entry: "modf",
            }),
        )),
        ("log" | "frexp" | "ldexp" | "modf", _) => Err(mismatch(
            &qual,
            a,
            &format!("{qual}(...) with real numbers"),
        )),
        _ => return None,
    })
}

fn type_cmath(name: &str, a: &[Type]) -> Option<Result<Typed, NoMatch>> {
    let qual = format!("cmath.{name}");
    let complex = |t: &Type| match t.scalar() {
        Some(Dtype::C64) => Some(Type::Scalar(Dtype::C64)),
        Some(_) => Some(Type::C128),
        None => None,
    };
    if let Some(f) = lookup(CMATH, name) {
        return Some(match a {
            [t] if complex(t).is_some() => Ok(Typed::new(
                Type::C128,
                vec![Type::C128],
                Intrinsic::Cmath(f),
            )),
            _ => Err(mismatch(&qual, a, &format!("{qual}(complex) -> complex"))),
        });
    }
    if let Some(c) = lookup(CLASSIFY, name) {
        return Some(match a {
            [t] if complex(t).is_some() => Ok(Typed::new(
                Type::BOOL,
                vec![Type::C128],
                Intrinsic::Classify(c),
            )),
            _ => Err(mismatch(&qual, a, &format!("{qual}(complex) -> bool"))),
        });
    }
    Some(match (name, a) {
        ("log", [t]) if complex(t).is_some() => Ok(Typed::new(
            Type::C128,
            vec![Type::C128],
            Intrinsic::Cmath(CmathFn::Log),
        )),
        ("rect", [r, p]) if float_for(r).is_some() && float_for(p).is_some() => Ok(Typed::new(
            Type::C128,
            vec![Type::F64, Type::F64],
            Intrinsic::Rect,
        )),
        ("log" | "rect", _) => Err(mismatch(&qual, a, &format!("{qual}(complex)"))),
        _ => return None,
    })
}
