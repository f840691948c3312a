//! `type(x)` of a number: the type as a value to call, as in `type(scale)(1)` (a one of
//! the argument's type). A NumPy scalar gives its NumPy type (`np.float32`), a Python
//! number Python's (`float`), so the result promotes as the argument would. Known at
//! compile time: no code.

use crate::registry::{Builtin, Ex};
use crate::{CallArgs, Intrinsic, NoMatch, Typed};
use oxjit_types::{Callable, Dtype, Type};

pub const BUILTIN: Builtin = Builtin {
    names: &["builtins.type"],
    doc: "the type of a number, as a value that converts to it when called",
    type_call,
    examples: &[
        Ex {
            call: "type(a)(1)",
            args: &["float32"],
        },
        Ex {
            call: "type(a[0])(b)",
            args: &["array(int16, 1d, C)", "float64"],
        },
    ],
};

fn type_call(_name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let sig = ["type(number) -> its type, callable"];
    if !a.kwargs.is_empty() {
        return Err(NoMatch::new("type() takes no keyword arguments").with_signatures(&sig));
    }
    let [Type::Scalar(d)] = a.types else {
        let what = match a.types {
            [t] => format!("type() of {t} is not supported in compiled code: only numbers"),
            _ => "type() takes one argument in compiled code".to_string(),
        };
        return Err(NoMatch::new(what).with_signatures(&sig));
    };
    let python = match d {
        Dtype::Bool => "builtins.bool",
        Dtype::I64 => "builtins.int",
        Dtype::F64 => "builtins.float",
        Dtype::C128 => "builtins.complex",
        _ => "",
    };
    let result = if a.is_weak(0) && !python.is_empty() {
        Type::Function(Callable::Builtin(python.to_string()))
    } else {
        Type::DtypeValue(*d)
    };
    Ok(Typed::new(
        result,
        a.types.to_vec(),
        Intrinsic::CompileTimeValue,
    ))
}
