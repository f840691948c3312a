//! `np.empty`, `np.zeros`, `np.ones`, `np.full` and their `_like` versions: new arrays,
//! left uninitialised or filled. Primitives: `Intrinsic::Alloc` / `AllocLike`.

use crate::ndarray::{arg, array, check_kwargs, dtype_kw, shape_ndim};
use crate::registry::{Builtin, Ex};
use crate::{CallArgs, Fill, Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::{ArrayType, Dtype, Layout, Type};

pub const BUILTIN: Builtin = Builtin {
    names: &[
        "numpy.empty",
        "numpy.zeros",
        "numpy.ones",
        "numpy.full",
        "numpy.empty_like",
        "numpy.zeros_like",
        "numpy.ones_like",
        "numpy.full_like",
    ],
    doc: "a new array of a shape (or shaped like another), uninitialised or filled",
    type_call,
    examples: &[
        Ex {
            call: "np.zeros((a, 3), np.int8)",
            args: &["int64"],
        },
        Ex {
            call: "np.full(a, 2.5)",
            args: &["int64"],
        },
        Ex {
            call: "np.ones_like(a, dtype=np.complex64)",
            args: &["array(float64, 2d, F)"],
        },
        Ex {
            call: "np.full_like(a, 7)",
            args: &["array(int16, 1d, A)"],
        },
    ],
};

fn type_call(qualname: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let name = qualname.strip_prefix("numpy.").unwrap_or(qualname);
    let bad = |sig: &str| NoMatch::no_signature(&format!("np.{name}"), a.types, &[sig]);
    match name {
        "empty" | "zeros" | "ones" => {
            check_kwargs(name, a, &["dtype", "shape"])?;
            let (slot, shape) = arg(a, 0, "shape").ok_or_else(|| bad("(shape, dtype=float)"))?;
            let ndim = shape_ndim(shape)
                .ok_or_else(|| bad("(shape: int | tuple of ints, dtype=float)"))?;
            let d = dtype_kw(a, 1)?.unwrap_or(Dtype::F64);
            let fill = match name {
                "empty" => Fill::Empty,
                "zeros" => Fill::Zeros,
                _ => Fill::Ones,
            };
            Ok(
                Typed::new(array(d, ndim), vec![shape.clone()], Intrinsic::Alloc(fill))
                    .with_sources(vec![slot]),
            )
        }
        "full" => {
            check_kwargs(name, a, &["dtype", "fill_value", "shape"])?;
            let (s0, shape) =
                arg(a, 0, "shape").ok_or_else(|| bad("(shape, fill_value, dtype=None)"))?;
            let (s1, fill) =
                arg(a, 1, "fill_value").ok_or_else(|| bad("(shape, fill_value, dtype=None)"))?;
            let ndim = shape_ndim(shape).ok_or_else(|| bad("(shape, fill_value)"))?;
            let fd = fill
                .scalar()
                .ok_or_else(|| bad("(shape, fill_value: number)"))?;
            let d = dtype_kw(a, 2)?.unwrap_or(fd);
            Ok(Typed::new(
                array(d, ndim),
                vec![shape.clone(), Type::Scalar(d)],
                Intrinsic::Alloc(Fill::Value),
            )
            .with_sources(vec![s0, s1]))
        }
        "empty_like" | "zeros_like" | "ones_like" | "full_like" => {
            check_kwargs(name, a, &["dtype", "fill_value"])?;
            let Some(Type::Array(arr)) = a.types.first() else {
                return Err(bad("(array, dtype=None)"));
            };
            let fill = match name {
                "empty_like" => Fill::Empty,
                "zeros_like" => Fill::Zeros,
                "ones_like" => Fill::Ones,
                _ => Fill::Value,
            };
            let dpos = if fill == Fill::Value { 2 } else { 1 };
            let d = dtype_kw(a, dpos)?.unwrap_or(arr.dtype);
            let layout = if arr.layout == Layout::F && arr.ndim > 1 {
                Layout::F
            } else {
                Layout::C
            };
            let result = Type::Array(ArrayType {
                dtype: d,
                ndim: arr.ndim,
                layout,
                readonly: false,
            });
            let mut args = vec![Type::Array(*arr)];
            let mut sources = vec![Slot::Positional(0)];
            if fill == Fill::Value {
                let (s, t) = arg(a, 1, "fill_value").ok_or_else(|| bad("(array, fill_value)"))?;
                if t.scalar().is_none() {
                    return Err(bad("(array, fill_value: number)"));
                }
                args.push(Type::Scalar(d));
                sources.push(s);
            }
            Ok(Typed::new(result, args, Intrinsic::AllocLike(fill)).with_sources(sources))
        }
        _ => unreachable!("registered names only"),
    }
}
