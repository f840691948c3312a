//! Reductions of an array to a number, or along an axis to an array of one dimension
//! fewer: `sum`, `prod`, `min`/`max` (`amin`/`amax`), `mean`, `var`, `std`,
//! `argmin`/`argmax`, `any`, `all`, as NumPy functions and array methods.
//! Body: `pylib/numpy/reductions.py`.
//!
//! Each reduction is a kernel over a 1-d run of elements; the rule picks the kernel and
//! how it is applied: straight to a 1-d array, to the flattened array, or to every run
//! along `axis` (the `along_axis` primitive).

use crate::ndarray::{arg, array, check_kwargs, mean_dtype, sum_dtype};
use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{CallArgs, Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::{Dtype, Type};

pub const BUILTIN: Builtin = Builtin {
    names: &[
        "numpy.sum",
        "numpy.prod",
        "numpy.min",
        "numpy.max",
        "numpy.amin",
        "numpy.amax",
        "numpy.mean",
        "numpy.var",
        "numpy.std",
        "numpy.argmin",
        "numpy.argmax",
        "numpy.any",
        "numpy.all",
        "ndarray.sum",
        "ndarray.prod",
        "ndarray.min",
        "ndarray.max",
        "ndarray.mean",
        "ndarray.var",
        "ndarray.std",
        "ndarray.argmin",
        "ndarray.argmax",
        "ndarray.any",
        "ndarray.all",
    ],
    doc: "reduction of all elements, or along axis, to a sum, product, extreme, mean, \
          variance, index of an extreme, or truth",
    type_call,
    examples: &[
        Ex {
            call: "np.sum(a)",
            args: &["array(float64, 1d, A)"],
        },
        Ex {
            call: "a.prod(axis=1)",
            args: &["array(int32, 3d, C)"],
        },
        Ex {
            call: "np.amax(a, 0)",
            args: &["array(complex64, 2d, F)"],
        },
        Ex {
            call: "a.mean()",
            args: &["array(complex64, 2d, A)"],
        },
        Ex {
            call: "np.var(a, axis=-1)",
            args: &["array(uint8, 2d, C)"],
        },
        Ex {
            call: "a.std(0)",
            args: &["array(complex128, 1d, C)"],
        },
        Ex {
            call: "np.argmin(a, axis=0)",
            args: &["array(bool, 2d, C)"],
        },
        Ex {
            call: "a.argmax()",
            args: &["array(complex128, 3d, A)"],
        },
        Ex {
            call: "np.any(a, 1)",
            args: &["array(float32, 2d, C)"],
        },
        Ex {
            call: "a.all()",
            args: &["array(int8, 0d, C)"],
        },
    ],
};

fn type_call(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let short = name.split_once('.').map_or(name, |(_, n)| n);
    // `amin`/`amax` are `min`/`max`.
    let op = match short {
        "amin" => "min",
        "amax" => "max",
        _ => short,
    };
    check_kwargs(short, a, &["axis"])?;
    let Some(Type::Array(arr)) = a.types.first() else {
        return Err(NoMatch::new(format!("{short}() needs an array"))
            .with_signatures(&[&format!("np.{short}(a, axis=None)")]));
    };
    let arr = *arr;
    let axis = match arg(a, 1, "axis") {
        None | Some((_, Type::None)) => None,
        Some((slot, t)) if t.is_index() => Some(slot),
        Some((_, t)) => return Err(NoMatch::new(format!("axis must be an integer, not {t}"))),
    };
    let src = arr.dtype;
    let complex = src.is_complex();
    // The result dtype, and the dtype the kernel accumulates in.
    let (result, acc) = match op {
        "sum" | "prod" => (sum_dtype(src), sum_dtype(src)),
        "min" | "max" => (src, src),
        "mean" => (mean_dtype(src), mean_dtype(src)),
        // The mean of complex numbers stays complex; the squared deviations are real.
        "var" | "std" if complex => (src.real_of(), src),
        "var" | "std" => (mean_dtype(src), mean_dtype(src)),
        "argmin" | "argmax" => (Dtype::I64, src),
        _ => (Dtype::Bool, Dtype::Bool),
    };
    let entry = match (op, complex) {
        ("sum", _) => "sum_of",
        // Integer products are exact in any order: long runs may use all cores.
        ("prod", _) if acc.is_integer() => "prod_exact",
        ("prod", _) => "prod_of",
        ("min", false) => "min_real",
        ("min", true) => "min_complex",
        ("max", false) => "max_real",
        ("max", true) => "max_complex",
        ("mean", false) => "mean_real",
        ("mean", true) => "mean_complex",
        ("var", false) => "var_real",
        ("var", true) => "var_complex",
        ("std", false) => "std_real",
        ("std", true) => "std_complex",
        ("argmin", false) => "argmin_real",
        ("argmin", true) => "argmin_complex",
        ("argmax", false) => "argmax_real",
        ("argmax", true) => "argmax_complex",
        ("any", _) => "any_of",
        _ => "all_of",
    };
    let kernel = Body {
        file: "numpy/reductions.py",
        entry,
    };
    let body = |entry| Body {
        file: "numpy/reductions.py",
        entry,
    };
    let dtypes = [Slot::Dtype(result), Slot::Dtype(acc)];
    let dtype_types = [Type::DtypeValue(result), Type::DtypeValue(acc)];
    let (callee, result_type, mut sources, mut args) = match axis {
        // A 1-d array is its own run.
        None if arr.ndim == 1 => (
            kernel,
            Type::Scalar(result),
            vec![Slot::Positional(0)],
            vec![Type::Array(arr)],
        ),
        None => (
            body(whole_entry(op, complex, arr.ndim)),
            Type::Scalar(result),
            vec![Slot::Body(kernel), Slot::Positional(0)],
            vec![crate::body_value_type(kernel), Type::Array(arr)],
        ),
        Some(axis) if arr.ndim <= 1 => {
            // NumPy's ufunc reductions take a 0-d array as having one axis; mean, var
            // and std take it as having none.
            let axes = if arr.ndim == 0 && matches!(op, "mean" | "var" | "std") {
                0
            } else {
                1
            };
            (
                body("whole_checked"),
                Type::Scalar(result),
                vec![
                    Slot::Body(kernel),
                    Slot::Positional(0),
                    axis,
                    Slot::Int(axes),
                ],
                vec![
                    crate::body_value_type(kernel),
                    Type::Array(arr),
                    Type::I64,
                    Type::I64,
                ],
            )
        }
        Some(axis) => (
            body("along"),
            array(result, arr.ndim - 1),
            vec![Slot::Body(kernel), Slot::Positional(0), axis],
            vec![crate::body_value_type(kernel), Type::Array(arr), Type::I64],
        ),
    };
    sources.extend(dtypes);
    args.extend(dtype_types);
    Ok(Typed::new(result_type, args, Intrinsic::Body(callee)).with_sources(sources))
}

/// The body reducing every element of an array of `ndim` (0, or 2 and more) dimensions.
fn whole_entry(op: &str, complex: bool, ndim: u8) -> &'static str {
    match (op, complex) {
        // A 0-d array: its one element.
        _ if ndim == 0 => "whole",
        ("sum", _) => "whole_sum",
        ("mean", false) => "whole_mean",
        ("mean", true) => "whole_mean_complex",
        ("prod" | "min" | "max" | "var" | "std", _) => "in_memory_order",
        // Indices count in C order; any/all do not depend on the order.
        _ => "whole",
    }
}
