//! The matrix product of 1-d and 2-d arrays: `np.dot(a, b)`, `a.dot(b)` and the `@`
//! operator (typed here for inference's `Binary` rule too). Body: `pylib/numpy/matmul.py`.

use crate::ndarray::{array, check_kwargs};
use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{CallArgs, Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::{promote, Dtype, Type};

pub const BUILTIN: Builtin = Builtin {
    names: &["numpy.dot", "ndarray.dot"],
    doc: "matrix product of 1-d and 2-d arrays (inner product of two vectors)",
    type_call,
    examples: &[
        Ex {
            call: "np.dot(a, b)",
            args: &["array(float64, 1d, C)", "array(float64, 1d, A)"],
        },
        Ex {
            call: "a.dot(b)",
            args: &["array(int32, 2d, C)", "array(float32, 1d, C)"],
        },
        Ex {
            call: "a @ b",
            args: &["array(bool, 1d, C)", "array(bool, 2d, F)"],
        },
        Ex {
            call: "np.dot(a, b)",
            args: &["array(complex64, 2d, A)", "array(int64, 2d, C)"],
        },
    ],
};

fn type_call(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    check_kwargs(name.split_once('.').map_or(name, |(_, n)| n), a, &[])?;
    matmul_type(a.types.first(), a.types.get(1)).map_err(NoMatch::new)
}

/// `a @ b` / `np.dot(a, b)` of 1-d and 2-d arrays: the result (a number for two
/// vectors) in the promoted dtype, computed by the body entry for the operands' ranks.
pub fn matmul_type(a: Option<&Type>, b: Option<&Type>) -> Result<Typed, String> {
    let (Some(Type::Array(x)), Some(Type::Array(y))) = (a, b) else {
        return Err("matrix product needs two arrays".into());
    };
    if x.ndim == 0 || y.ndim == 0 || x.ndim > 2 || y.ndim > 2 {
        return Err(format!(
            "matrix product of {}-d and {}-d arrays is not supported",
            x.ndim, y.ndim
        ));
    }
    let d = promote(x.dtype, y.dtype);
    // Booleans multiply as `and` and add as `or` (NumPy's bool matmul).
    let (entry, result) = match (x.ndim, y.ndim, d == Dtype::Bool) {
        (1, 1, false) => ("vector_vector", Type::Scalar(d)),
        (1, 1, true) => ("vector_vector_bool", Type::Scalar(d)),
        (2, 1, false) => ("matrix_vector", array(d, 1)),
        (2, 1, true) => ("matrix_vector_bool", array(d, 1)),
        (1, 2, false) => ("vector_matrix", array(d, 1)),
        (1, 2, true) => ("vector_matrix_bool", array(d, 1)),
        (_, _, false) => ("matrix_matrix", array(d, 2)),
        (_, _, true) => ("matrix_matrix_bool", array(d, 2)),
    };
    let body = Body {
        file: "numpy/matmul.py",
        entry,
    };
    Ok(Typed::new(
        result,
        vec![Type::Array(*x), Type::Array(*y), Type::DtypeValue(d)],
        Intrinsic::Body(body),
    )
    .with_sources(vec![
        Slot::Positional(0),
        Slot::Positional(1),
        Slot::Dtype(d),
    ]))
}
