//! `a.fill(value)`: every element of `a` set to `value`, in place. Body:
//! `pylib/numpy/fill.py`.

use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{CallArgs, Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::{Dtype, Type};

pub const BUILTIN: Builtin = Builtin {
    names: &["ndarray.fill"],
    doc: "set every element of the array to one value, in place",
    type_call,
    examples: &[
        Ex {
            call: "a.fill(b)",
            args: &["array(float32, 2d, A)", "float64"],
        },
        Ex {
            call: "a.fill(b)",
            args: &["array(int8, 0d, C)", "bool"],
        },
    ],
};

fn type_call(_name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let sig = "a.fill(value: number)";
    if let Some((k, _)) = a.kwargs.first() {
        return Err(NoMatch::new(format!(
            "fill() got an unexpected keyword argument '{k}'"
        )));
    }
    let (arr, value) = match a.types {
        [Type::Array(arr), Type::Scalar(v)] => (*arr, *v),
        _ => return Err(NoMatch::new("fill() takes one number").with_signatures(&[sig])),
    };
    if arr.readonly {
        return Err(NoMatch::new(
            "fill() of a read-only array (a global array is frozen read-only)",
        ));
    }
    if value.is_complex() && !arr.dtype.is_complex() {
        return Err(NoMatch::new(format!(
            "cannot fill an array of {} with a complex number",
            arr.dtype.name()
        )));
    }
    let body = |entry| Body {
        file: "numpy/fill.py",
        entry,
    };
    let mut args = vec![Type::Array(arr), Type::Scalar(value)];
    let mut sources = vec![Slot::Positional(0), Slot::Positional(1)];
    // An integer must fit the array's integer type: NumPy converts it as a Python int
    // and raises OverflowError (NumPy integers included).
    let bounds = int_bounds(arr.dtype).filter(|_| value.is_integer());
    let entry = match (arr.ndim, bounds) {
        (0, None) => "fill_0d",
        (_, None) => "fill",
        (ndim, Some((lo, hi))) => {
            args.extend([Type::I64, Type::I64]);
            sources.extend([Slot::Int(lo), Slot::Int(hi)]);
            if ndim == 0 {
                "fill_int_0d"
            } else {
                "fill_int"
            }
        }
    };
    Ok(Typed::new(Type::None, args, Intrinsic::Body(body(entry))).with_sources(sources))
}

/// The int64 range of values an integer dtype holds, for those narrower than int64.
fn int_bounds(d: Dtype) -> Option<(i64, i64)> {
    Some(match d {
        Dtype::I8 => (i8::MIN.into(), i8::MAX.into()),
        Dtype::I16 => (i16::MIN.into(), i16::MAX.into()),
        Dtype::I32 => (i32::MIN.into(), i32::MAX.into()),
        Dtype::U8 => (0, u8::MAX.into()),
        Dtype::U16 => (0, u16::MAX.into()),
        Dtype::U32 => (0, u32::MAX.into()),
        Dtype::U64 => (0, i64::MAX),
        _ => return None,
    })
}
