//! `np.iinfo(int type)` and `np.finfo(float type)`: the limits of a number type, and
//! their attributes (`max`, `min`, `bits`, `eps`, `tiny`, ...), all known when compiling.

use crate::ndarray::dtype_arg;
use crate::registry::{Builtin, Ex};
use crate::{no_kwargs, CallArgs, Intrinsic, NoMatch, Typed};
use oxjit_types::{Dtype, GlobalValue, Type};

pub const BUILTIN: Builtin = Builtin {
    names: &["numpy.iinfo", "numpy.finfo"],
    doc: "machine limits of an integer (iinfo) or float (finfo) type",
    type_call,
    examples: &[
        Ex {
            call: "np.iinfo(np.int16).max",
            args: &[],
        },
        Ex {
            call: "np.finfo(a.dtype).eps",
            args: &["array(float32, 1d, C)"],
        },
        Ex {
            call: "np.iinfo(a).min",
            args: &["uint8"],
        },
    ],
};

fn type_call(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let short = name.strip_prefix("numpy.").unwrap_or(name);
    no_kwargs(short, a)?;
    // A type (np.int32, a.dtype, "f4") or a value of that type.
    let d = match a.types {
        [t] => dtype_arg(t).or_else(|| t.scalar()),
        _ => None,
    }
    .ok_or_else(|| {
        NoMatch::new(format!("np.{short}() takes one number type or number"))
            .with_signatures(&[&format!("np.{short}(type)")])
    })?;
    let d = match short {
        "iinfo" if d.is_integer() => d,
        "iinfo" => {
            return Err(NoMatch::new(format!(
                "Invalid integer data type '{}'.",
                d.name()
            )))
        }
        _ if d.is_float() => d,
        _ if d.is_complex() => d.real_of(),
        _ => return Err(NoMatch::new(format!("data type {} not inexact", d.name()))),
    };
    Ok(Typed::new(
        Type::NumberInfo(d),
        a.types.to_vec(),
        Intrinsic::CompileTimeValue,
    ))
}

/// The attribute `attr` of `np.iinfo(d)` / `np.finfo(d)`: its type and value, as NumPy
/// gives them (float limits in the float's own dtype, counts as ints). The largest
/// uint64 is stored as its int64 bit pattern (-1), read back as uint64.
pub fn attribute(d: Dtype, attr: &str) -> Option<(Type, GlobalValue)> {
    let int = |i: i64| (Type::I64, GlobalValue::Int(i));
    if attr == "bits" {
        return Some(int(d.bits() as i64));
    }
    if attr == "dtype" {
        return Some((Type::DtypeValue(d), GlobalValue::Dtype(d)));
    }
    if d.is_integer() {
        let (min, max): (i64, i64) = match d {
            Dtype::I8 => (i8::MIN.into(), i8::MAX.into()),
            Dtype::I16 => (i16::MIN.into(), i16::MAX.into()),
            Dtype::I32 => (i32::MIN.into(), i32::MAX.into()),
            Dtype::I64 => (i64::MIN, i64::MAX),
            Dtype::U8 => (0, u8::MAX.into()),
            Dtype::U16 => (0, u16::MAX.into()),
            Dtype::U32 => (0, u32::MAX.into()),
            _ => (0, -1),
        };
        let t = if d == Dtype::U64 {
            Type::Scalar(d)
        } else {
            Type::I64
        };
        return match attr {
            "min" => Some((t, GlobalValue::Int(min))),
            "max" => Some((t, GlobalValue::Int(max))),
            _ => None,
        };
    }
    let single = d == Dtype::F32;
    let float = |x: f64| (Type::Scalar(d), GlobalValue::Float(x));
    Some(match attr {
        "eps" => float(if single {
            f32::EPSILON.into()
        } else {
            f64::EPSILON
        }),
        "epsneg" => float(if single {
            2f64.powi(-24)
        } else {
            2f64.powi(-53)
        }),
        "max" => float(if single { f32::MAX.into() } else { f64::MAX }),
        "min" => float(if single { f32::MIN.into() } else { f64::MIN }),
        "tiny" | "smallest_normal" => float(if single {
            f32::MIN_POSITIVE.into()
        } else {
            f64::MIN_POSITIVE
        }),
        "resolution" => float(if single { 1e-6 } else { 1e-15 }),
        "precision" => int(if single { 6 } else { 15 }),
        "nmant" => int(if single { 23 } else { 52 }),
        "nexp" => int(if single { 8 } else { 11 }),
        "maxexp" => int(if single { 128 } else { 1024 }),
        "minexp" => int(if single { -126 } else { -1022 }),
        _ => return None,
    })
}
