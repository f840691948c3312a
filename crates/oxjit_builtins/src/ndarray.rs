//! NumPy arrays as values: creation (`np.zeros`, `np.arange`, ...), methods (`a.sum()`,
//! `a.reshape(...)`, ...), reductions with `axis=`, and `list.append`.
//!
//! Each function is one entry in [`type_call`]: it reads the argument types, decides the
//! result type (dtype, ndim, layout) and names the intrinsic codegen emits.

use crate::{CallArgs, Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::{promote, ArrayType, Callable, Dtype, Layout, Type};

const CREATION: &[&str] = &[
    "transpose",
    "copy",
    "ascontiguousarray",
    "array",
    "asarray",
    "reshape",
    "ravel",
];
const METHODS: &[&str] = &["copy", "reshape", "ravel", "flatten", "astype", "transpose"];

pub fn names() -> Vec<String> {
    let mut out: Vec<String> = CREATION.iter().map(|n| format!("numpy.{n}")).collect();
    out.extend(METHODS.iter().map(|n| format!("ndarray.{n}")));
    out
}

pub(crate) fn array(dtype: Dtype, ndim: u8) -> Type {
    Type::Array(ArrayType {
        dtype,
        ndim,
        layout: Layout::C,
        readonly: false,
    })
}

/// `src` itself when C-contiguous, else a copy ([`Intrinsic::Contiguous`]): the result may
/// be `src`'s memory, so it is as readonly as `src`.
fn contiguous_of(src: ArrayType, ndim: u8) -> Typed {
    let result = Type::Array(ArrayType {
        dtype: src.dtype,
        ndim,
        layout: Layout::C,
        readonly: src.readonly,
    });
    Typed::new(result, vec![Type::Array(src)], Intrinsic::Contiguous)
}

/// A dtype given as `np.float64`, `float`, `'f8'`, ...
pub fn dtype_arg(t: &Type) -> Option<Dtype> {
    match t {
        Type::DtypeValue(d) => Some(*d),
        Type::Str(s) => Dtype::from_numpy_string(s),
        Type::Function(Callable::Builtin(n)) => match n.as_str() {
            "builtins.float" => Some(Dtype::F64),
            "builtins.int" => Some(Dtype::I64),
            "builtins.bool" => Some(Dtype::Bool),
            "builtins.complex" => Some(Dtype::C128),
            _ => None,
        },
        _ => None,
    }
}

/// Number of dimensions a shape argument gives (an int, or a tuple of ints).
pub(crate) fn shape_ndim(t: &Type) -> Option<u8> {
    match t {
        t if t.is_index() => Some(1),
        Type::Tuple(items) if items.iter().all(Type::is_index) => Some(items.len() as u8),
        _ => None,
    }
}

/// The argument at parameter `pos` or keyword `name`.
pub(crate) fn arg<'a>(a: &'a CallArgs<'_>, pos: usize, name: &str) -> Option<(Slot, &'a Type)> {
    if let Some(t) = a.types.get(pos) {
        return Some((Slot::Positional(pos), t));
    }
    a.kwargs
        .iter()
        .position(|(k, _)| k == name)
        .map(|i| (Slot::Keyword(i), &a.kwargs[i].1))
}

pub(crate) fn check_kwargs(name: &str, a: &CallArgs<'_>, allowed: &[&str]) -> Result<(), NoMatch> {
    match a
        .kwargs
        .iter()
        .find(|(k, _)| !allowed.contains(&k.as_str()))
    {
        Some((k, _)) => Err(crate::unexpected_keyword(name, k)),
        None => Ok(()),
    }
}

pub(crate) fn dtype_kw(a: &CallArgs<'_>, pos: usize) -> Result<Option<Dtype>, NoMatch> {
    match arg(a, pos, "dtype") {
        None | Some((_, Type::None)) => Ok(None),
        Some((_, t)) => dtype_arg(t).map(Some).ok_or_else(|| {
            NoMatch::new(format!(
                "dtype must be a NumPy type or a constant type name, not {t}"
            ))
        }),
    }
}

pub(crate) fn sum_dtype(d: Dtype) -> Dtype {
    match d {
        Dtype::Bool | Dtype::I8 | Dtype::I16 | Dtype::I32 | Dtype::I64 => Dtype::I64,
        Dtype::U8 | Dtype::U16 | Dtype::U32 | Dtype::U64 => Dtype::U64,
        d => d,
    }
}

pub(crate) fn mean_dtype(d: Dtype) -> Dtype {
    if d.is_integer() || d == Dtype::Bool {
        Dtype::F64
    } else {
        d
    }
}

/// The element type of a (nested) list or tuple of numbers, and its depth.
fn sequence_elem(t: &Type) -> Option<(Dtype, u8)> {
    match t {
        Type::Scalar(d) => Some((*d, 0)),
        Type::List(inner) => sequence_elem(inner).map(|(d, n)| (d, n + 1)),
        Type::Tuple(items) if !items.is_empty() => {
            let mut out: Option<(Dtype, u8)> = None;
            for it in items {
                let (d, n) = sequence_elem(it)?;
                out = match out {
                    None => Some((d, n)),
                    Some((d0, n0)) if n0 == n => Some((promote(d0, d), n)),
                    _ => return None,
                };
            }
            out.map(|(d, n)| (d, n + 1))
        }
        _ => None,
    }
}

pub fn type_call(qualname: &str, a: &CallArgs<'_>) -> Option<Result<Typed, NoMatch>> {
    let (ns, name) = qualname.split_once('.')?;
    match ns {
        "numpy" => {
            if !CREATION.contains(&name) {
                return None;
            }
            Some(numpy_function(name, a))
        }
        "ndarray" => {
            if !METHODS.contains(&name) {
                return None;
            }
            Some(method(name, a))
        }
        _ => None,
    }
}

fn method(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let Some(Type::Array(arr)) = a.types.first() else {
        return Err(NoMatch::new(format!(".{name}() needs an array")));
    };
    let arr = *arr;
    match name {
        "copy" | "flatten" => {
            check_kwargs(name, a, &[])?;
            let ndim = if name == "flatten" { 1 } else { arr.ndim };
            Ok(Typed::new(
                array(arr.dtype, ndim),
                vec![Type::Array(arr)],
                Intrinsic::Copy,
            ))
        }
        "ravel" => Ok(contiguous_of(arr, 1)),
        "astype" => {
            let d = a
                .types
                .get(1)
                .and_then(dtype_arg)
                .ok_or_else(|| NoMatch::new("astype() needs a dtype"))?;
            Ok(Typed::new(
                array(d, arr.ndim),
                vec![Type::Array(arr)],
                Intrinsic::Copy,
            ))
        }
        "reshape" => reshape(arr, &a.types[1..]),
        "transpose" => transpose(arr, a),
        _ => unreachable!(),
    }
}

fn reshape(arr: ArrayType, shape: &[Type]) -> Result<Typed, NoMatch> {
    let shape_t = match shape {
        [t] if t.is_index() => Type::I64,
        [Type::Tuple(items)] if items.iter().all(Type::is_index) => {
            Type::tuple(vec![Type::I64; items.len()])
        }
        ts if !ts.is_empty() && ts.iter().all(Type::is_index) => {
            Type::tuple(vec![Type::I64; ts.len()])
        }
        _ => {
            return Err(NoMatch::new(
                "reshape() takes a shape: ints or a tuple of ints",
            ))
        }
    };
    let ndim = match &shape_t {
        Type::Tuple(items) => items.len() as u8,
        _ => 1,
    };
    let sources: Vec<Slot> = if shape.len() == 1 {
        vec![Slot::Positional(0), Slot::Positional(1)]
    } else {
        // Several int arguments: packed into the shape tuple by codegen.
        (0..=shape.len()).map(Slot::Positional).collect()
    };
    let mut args = vec![Type::Array(arr)];
    if shape.len() == 1 {
        args.push(shape_t.clone());
    } else {
        args.extend(std::iter::repeat_n(Type::I64, shape.len()));
    }
    // A C array reshapes to a C view; others to a view when their strides allow one (any
    // layout), else a C copy.
    let layout = if arr.layout == Layout::C {
        Layout::C
    } else {
        Layout::A
    };
    let result = Type::Array(ArrayType {
        dtype: arr.dtype,
        ndim,
        layout,
        readonly: arr.readonly,
    });
    Ok(Typed::new(result, args, Intrinsic::Reshape).with_sources(sources))
}

/// `a.transpose()` / `np.transpose(a)` with the axes reversed (a view, like `a.T`).
fn transpose(arr: ArrayType, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    if a.types.len() > 1 || !a.kwargs.is_empty() {
        return Err(NoMatch::new(
            "transpose() with explicit axes is not supported; it reverses the axes",
        ));
    }
    let layout = match (arr.ndim, arr.layout) {
        (0 | 1, l) => l,
        (_, Layout::C) => Layout::F,
        (_, Layout::F) => Layout::C,
        (_, Layout::A) => Layout::A,
    };
    Ok(Typed::new(
        Type::Array(ArrayType { layout, ..arr }),
        vec![Type::Array(arr)],
        Intrinsic::Transpose,
    ))
}

fn numpy_function(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let bad = |sig: &str| NoMatch::no_signature(&format!("np.{name}"), a.types, &[sig]);
    match name {
        "copy" | "ascontiguousarray" | "array" | "asarray" => {
            check_kwargs(name, a, &["dtype"])?;
            match a.types.first() {
                Some(Type::Array(arr)) => {
                    let d = dtype_kw(a, 1)?.unwrap_or(arr.dtype);
                    // Only ascontiguousarray makes a 0-d array 1-d.
                    let ndim = if name == "ascontiguousarray" {
                        arr.ndim.max(1)
                    } else {
                        arr.ndim
                    };
                    if d == arr.dtype && (name == "ascontiguousarray" || name == "asarray") {
                        return Ok(contiguous_of(*arr, ndim));
                    }
                    Ok(Typed::new(
                        array(d, ndim),
                        vec![Type::Array(*arr)],
                        Intrinsic::Copy,
                    ))
                }
                Some(Type::Scalar(d)) if name == "array" || name == "asarray" => {
                    let d = dtype_kw(a, 1)?.unwrap_or(*d);
                    Ok(Typed::new(
                        array(d, 0),
                        vec![a.types[0].clone()],
                        Intrinsic::FromSequence,
                    ))
                }
                Some(seq @ (Type::List(_) | Type::Tuple(_))) if name != "copy" => {
                    let (natural, depth) = sequence_elem(seq)
                        .ok_or_else(|| bad("(nested lists or tuples of numbers)"))?;
                    let d = dtype_kw(a, 1)?.unwrap_or(natural);
                    Ok(Typed::new(
                        array(d, depth),
                        vec![seq.clone()],
                        Intrinsic::FromSequence,
                    ))
                }
                _ => Err(bad("(array_like, dtype=None)")),
            }
        }
        "reshape" => match a.types.first() {
            Some(Type::Array(arr)) => reshape(*arr, &a.types[1..]),
            _ => Err(bad("(array, shape)")),
        },
        "transpose" => match a.types.first() {
            Some(Type::Array(arr)) => transpose(*arr, a),
            _ => Err(bad("(array)")),
        },
        "ravel" => match a.types.first() {
            Some(Type::Array(arr)) => Ok(contiguous_of(*arr, 1)),
            _ => Err(bad("(array)")),
        },
        _ => unreachable!(),
    }
}
