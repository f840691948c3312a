//! `a.flat`: the elements in C order, as a 1-d array to iterate over or index. For a
//! C-contiguous array it is a view, so `a.flat[i] = v` writes into `a`; for other
//! layouts it is a copy and typed readonly, so a write is a TypingError rather than a
//! change that silently misses `a`. Body: `pylib/numpy/flat.py`.

use crate::pylib::Body;
use crate::{Intrinsic, Typed};
use oxjit_types::{ArrayType, Layout, Type};

/// The typed attribute `a.flat` of an array type.
pub fn attribute(a: &ArrayType) -> Typed {
    let result = Type::Array(ArrayType {
        ndim: 1,
        layout: Layout::C,
        readonly: a.readonly || a.layout != Layout::C,
        dtype: a.dtype,
    });
    Typed::new(
        result,
        vec![Type::Array(*a)],
        Intrinsic::Body(Body {
            file: "numpy/flat.py",
            entry: "flat",
        }),
    )
}
