//! Subscripts with arrays (NumPy's "advanced indexing"): `a[mask]` with a boolean
//! array of `a`'s shape (the selected elements, in C order), `a[idx]` with an integer
//! array (elements of a 1-d `a` shaped like `idx`, or rows of a 2-d or 3-d `a` for a
//! 1-d `idx`), and
//! `np.nonzero(a)` / `a.nonzero()`. Each makes a new array. Body:
//! `pylib/numpy/fancy_index.py`.
//!
//! Inference asks [`getitem`] for subscripts whose index is an array; `np.nonzero` is a
//! registry entry.

use crate::ndarray::check_kwargs;
use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{CallArgs, Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::{ArrayType, Dtype, Layout, Type};

fn body(entry: &'static str) -> Intrinsic {
    Intrinsic::Body(Body {
        file: "numpy/fancy_index.py",
        entry,
    })
}

fn new_array(dtype: Dtype, ndim: u8) -> Type {
    Type::Array(ArrayType {
        dtype,
        ndim,
        layout: Layout::C,
        readonly: false,
    })
}

/// `a[index]` for an array `index`: `None` when `index` is not an array (the other
/// subscripts are views, typed elsewhere).
pub fn getitem(a: &ArrayType, index: &Type) -> Option<Result<Typed, NoMatch>> {
    let Type::Array(idx) = index else {
        return None;
    };
    let args = vec![Type::Array(*a), index.clone(), Type::DtypeValue(a.dtype)];
    let sources = vec![
        Slot::Positional(0),
        Slot::Positional(1),
        Slot::Dtype(a.dtype),
    ];
    let typed = |result, entry| {
        Ok(Typed::new(result, args.clone(), body(entry)).with_sources(sources.clone()))
    };
    Some(match (idx.dtype, a.ndim) {
        (Dtype::Bool, _) if idx.ndim == a.ndim && a.ndim > 0 => {
            typed(new_array(a.dtype, 1), "select_mask")
        }
        (Dtype::Bool, _) => Err(NoMatch::new(format!(
            "a boolean index must have the array's {} dimensions, not {} (other shapes are \
             not supported yet)",
            a.ndim, idx.ndim
        ))),
        (d, 1) if d.is_integer() => typed(new_array(a.dtype, idx.ndim), "take_1d"),
        (d, 2) if d.is_integer() && idx.ndim == 1 => typed(new_array(a.dtype, 2), "take_rows_2d"),
        (d, 3) if d.is_integer() && idx.ndim == 1 => typed(new_array(a.dtype, 3), "take_rows_3d"),
        (d, _) if d.is_integer() => Err(NoMatch::new(format!(
            "indexing a {}-d array with a {}-d index array is not supported yet",
            a.ndim, idx.ndim
        ))),
        (d, _) => Err(NoMatch::new(format!(
            "arrays used as indices must be of integer or boolean type, not {}",
            d.name()
        ))),
    })
}

/// `a[index] = value` for an array `index` (a 1-d `a`, a 1-d boolean or integer
/// index, a number or a 1-d array of values): `None` when `index` is not an array.
pub fn setitem(a: &ArrayType, index: &Type, value: &Type) -> Option<Result<Typed, NoMatch>> {
    let Type::Array(idx) = index else {
        return None;
    };
    let mask = idx.dtype == Dtype::Bool;
    if !(mask || idx.dtype.is_integer()) {
        return Some(Err(NoMatch::new(format!(
            "arrays used as indices must be of integer or boolean type, not {}",
            idx.dtype.name()
        ))));
    }
    if a.ndim != 1 || idx.ndim != 1 {
        return Some(Err(NoMatch::new(format!(
            "assigning through a {}-d index array into a {}-d array is not supported yet              (a 1-d array and a 1-d index are)",
            idx.ndim, a.ndim
        ))));
    }
    let fits = |d: Dtype| !d.is_complex() || a.dtype.is_complex();
    let entry = match value {
        Type::Scalar(d) if fits(*d) => {
            if mask {
                "put_mask_1d"
            } else {
                "put_1d"
            }
        }
        Type::Array(v) if v.ndim == 1 && fits(v.dtype) => {
            if mask {
                "put_mask_values_1d"
            } else {
                "put_values_1d"
            }
        }
        _ => {
            return Some(Err(NoMatch::new(format!(
                "cannot assign {value} through an index array into {}",
                Type::Array(*a)
            ))))
        }
    };
    let args = vec![Type::Array(*a), index.clone(), value.clone()];
    Some(Ok(Typed::new(Type::None, args, body(entry))))
}

pub const BUILTIN: Builtin = Builtin {
    names: &["numpy.nonzero", "ndarray.nonzero", "numpy.flatnonzero"],
    doc: "the indices of the elements that are not zero, one array per dimension",
    type_call,
    examples: &[
        Ex {
            call: "np.nonzero(a)",
            args: &["array(float64, 1d, A)"],
        },
        Ex {
            call: "a.nonzero()",
            args: &["array(bool, 2d, C)"],
        },
        Ex {
            call: "np.flatnonzero(a)",
            args: &["array(int32, 3d, F)"],
        },
        Ex {
            call: "a[b]",
            args: &["array(float32, 2d, C)", "array(bool, 2d, A)"],
        },
        Ex {
            call: "a[b]",
            args: &["array(complex128, 1d, A)", "array(int32, 2d, C)"],
        },
        Ex {
            call: "a[b]",
            args: &["array(int64, 3d, C)", "array(uint8, 1d, C)"],
        },
    ],
};

fn type_call(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let short = name.split_once('.').map_or(name, |(_, n)| n);
    check_kwargs(short, a, &[])?;
    let arr = match a.types {
        [Type::Array(arr)] => *arr,
        _ => {
            return Err(NoMatch::new(format!("{short}() takes one array"))
                .with_signatures(&[&format!("np.{short}(a)")]))
        }
    };
    let index = new_array(Dtype::I64, 1);
    let (entry, result) = match (short, arr.ndim) {
        ("flatnonzero", _) => ("flatnonzero", index),
        (_, 1) => ("nonzero_1d", Type::tuple(vec![index])),
        (_, 2) => ("nonzero_2d", Type::tuple(vec![index.clone(), index])),
        (_, n) => {
            return Err(NoMatch::new(format!(
                "np.nonzero of a {n}-d array is not supported yet (1-d and 2-d are)"
            )))
        }
    };
    Ok(Typed::new(result, vec![Type::Array(arr)], body(entry)))
}
