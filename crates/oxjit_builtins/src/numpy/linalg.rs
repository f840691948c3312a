//! `np.linalg.solve(a, b)`: the solution of `a @ x = b` for a square 2-d `a` and a 1-d or
//! 2-d `b`, by LU factorisation with partial pivoting (LAPACK's `gesv` method), raising
//! `LinAlgError("Singular matrix")` as NumPy does. `np.linalg.eigvalsh(a, UPLO='L')`: the
//! eigenvalues of a real symmetric matrix, ascending. Real dtypes: float32 inputs give
//! float32, the rest float64, as NumPy's. Body: `pylib/numpy/linalg.py`.

use crate::ndarray::{array, check_kwargs};
use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{CallArgs, Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::{Dtype, Type};

pub const BUILTIN: Builtin = Builtin {
    names: &["numpy.linalg.solve", "numpy.linalg.eigvalsh"],
    doc: "linear systems (LU with partial pivoting) and symmetric eigenvalues",
    type_call,
    examples: &[
        Ex {
            call: "np.linalg.solve(a, b)",
            args: &["array(float64, 2d, C)", "array(float64, 1d, C)"],
        },
        Ex {
            call: "np.linalg.solve(a, b)",
            args: &["array(float32, 2d, F)", "array(float32, 2d, A)"],
        },
        Ex {
            call: "np.linalg.solve(a, b)",
            args: &["array(int64, 2d, C)", "array(float32, 1d, C)"],
        },
        Ex {
            call: "np.linalg.eigvalsh(a)",
            args: &["array(float64, 2d, C)"],
        },
        Ex {
            call: "np.linalg.eigvalsh(a, UPLO='U')",
            args: &["array(float32, 2d, A)"],
        },
    ],
};

fn type_call(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    if name.ends_with("eigvalsh") {
        return eigvalsh(a);
    }
    let sig = "np.linalg.solve(a: 2-d array, b: 1-d or 2-d array)";
    check_kwargs("np.linalg.solve", a, &[])?;
    let (lhs, rhs) = match a.types {
        [Type::Array(l), Type::Array(r)] if l.ndim == 2 && matches!(r.ndim, 1 | 2) => (*l, *r),
        _ => {
            return Err(NoMatch::new(format!(
                "np.linalg.solve() takes a 2-d array and a 1-d or 2-d array, not ({})",
                a.types
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .with_signatures(&[sig]))
        }
    };
    if lhs.dtype.is_complex() || rhs.dtype.is_complex() {
        return Err(NoMatch::new(
            "np.linalg.solve of complex arrays is not supported in compiled code yet",
        ));
    }
    let d = if lhs.dtype == Dtype::F32 && rhs.dtype == Dtype::F32 {
        Dtype::F32
    } else {
        Dtype::F64
    };
    let entry = if rhs.ndim == 1 {
        "solve_vector"
    } else {
        "solve_matrix"
    };
    let body = Body {
        file: "numpy/linalg.py",
        entry,
    };
    Ok(Typed::new(
        array(d, rhs.ndim),
        vec![Type::Array(lhs), Type::Array(rhs), Type::DtypeValue(d)],
        Intrinsic::Body(body),
    )
    .with_sources(vec![
        Slot::Positional(0),
        Slot::Positional(1),
        Slot::Dtype(d),
    ]))
}

fn eigvalsh(a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let sig = "np.linalg.eigvalsh(a: 2-d array, UPLO='L')";
    check_kwargs("np.linalg.eigvalsh", a, &["UPLO"])?;
    let arr = match a.types.first() {
        Some(Type::Array(arr)) if arr.ndim == 2 => *arr,
        _ => {
            return Err(
                NoMatch::new("np.linalg.eigvalsh() takes a 2-d array").with_signatures(&[sig])
            )
        }
    };
    if arr.dtype.is_complex() {
        return Err(NoMatch::new(
            "np.linalg.eigvalsh of complex (Hermitian) arrays is not supported in compiled code yet",
        ));
    }
    let lower = match crate::ndarray::arg(a, 1, "UPLO") {
        None => true,
        Some((_, Type::Str(s))) if s == "L" || s == "l" => true,
        Some((_, Type::Str(s))) if s == "U" || s == "u" => false,
        Some(_) => return Err(NoMatch::new("UPLO must be 'L' or 'U'").with_signatures(&[sig])),
    };
    let d = if arr.dtype == Dtype::F32 {
        Dtype::F32
    } else {
        Dtype::F64
    };
    let body = Body {
        file: "numpy/linalg.py",
        entry: "eigvalsh",
    };
    Ok(Typed::new(
        array(d, 1),
        vec![Type::Array(arr), Type::BOOL, Type::DtypeValue(d)],
        Intrinsic::Body(body),
    )
    .with_sources(vec![Slot::Positional(0), Slot::Bool(lower), Slot::Dtype(d)]))
}
