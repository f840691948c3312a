//! Primitives that library bodies call and Python has no spelling for, under the
//! module name `primitives` (a body writes `primitives.sum(v, dtype)`; user code cannot
//! name them).
//!
//! - `primitives.sum(v, dtype)`: the sum of a 1-d array's elements, each converted to
//!   `dtype`: pairwise (NumPy's order, so the same bits) when the elements are already
//!   floats or complex numbers of `dtype`, in order otherwise.
//! - `primitives.str_alloc(n)`, `str_get(s, i)`, `str_set(s, i, c)`: a new string of `n`
//!   code points, one code point read, one written (indices in range: bodies check).
//! - `primitives.slice_span(sl, n)`: `(start, step, count)` of a slice over `n` items.
//! - `primitives.dict_lookup(d, k)`, `dict_take(d, k)`, `dict_take_last(d)`: the dict
//!   primitives the dict methods are written with (see `crate::dict::DictOp`).
//! - `primitives.memory_order(a)`: the view of `a` with its axes ordered from the
//!   largest stride to the smallest (in magnitude; equal strides keep their order):
//!   the order NumPy's iterator visits elements in (its "K" order, strides not flipped).
//! - `primitives.maximum(x, y)`, `primitives.minimum(x, y)`: of two real numbers of
//!   one dtype, a NaN winning (LLVM's `maximum`/`minimum`, which it vectorises in
//!   reductions where the equivalent comparisons stay scalar).
//! - `primitives.random_seed(n)`, `random_double()`, `random_gauss()`, `random_u32()`:
//!   compiled code's generator, NumPy's legacy Mersenne Twister (`oxjit_runtime::random`).
//! - `primitives.along_axis(kernel, a, axis, dtype, *extra)`: a new array of `dtype`
//!   shaped like `a` without `axis` (already normalised), each element
//!   `kernel(run, *extra)` of the 1-d view `run` along `axis` at that position. When
//!   the axis is empty, the kernel first runs once on an empty run, even when there are
//!   no positions at all (shape `(0, 0)`): a reduction without an identity raises then,
//!   as NumPy's do.

use crate::{CallArgs, Intrinsic, NoMatch, Typed};
use oxjit_types::{ArrayType, Callable, Layout, Type};

pub fn type_call(name: &str, a: &CallArgs<'_>) -> Option<Result<Typed, NoMatch>> {
    match name.strip_prefix("primitives.")? {
        "sum" => Some(sum(a)),
        "along_axis" => Some(along_axis(a)),
        "random_seed" => Some(random(
            a,
            "oxjit_rt_random_seed",
            &[Type::Scalar(oxjit_types::Dtype::U32)],
            Type::None,
        )),
        "random_double" => Some(random(a, "oxjit_rt_random_double", &[], Type::F64)),
        "random_gauss" => Some(random(a, "oxjit_rt_random_gauss", &[], Type::F64)),
        "random_u32" => Some(random(
            a,
            "oxjit_rt_random_u32",
            &[],
            Type::Scalar(oxjit_types::Dtype::U32),
        )),
        "str_alloc" => Some(string(a, StrPrim::Alloc, &[Type::I64], Type::Unicode)),
        "str_get" => Some(string(
            a,
            StrPrim::Get,
            &[Type::Unicode, Type::I64],
            Type::I64,
        )),
        "str_set" => Some(string(
            a,
            StrPrim::Set,
            &[Type::Unicode, Type::I64, Type::I64],
            Type::None,
        )),
        "slice_span" => Some(match a.types {
            [Type::Slice { .. }, n] if n.is_index() => Ok(Typed::new(
                Type::tuple(vec![Type::I64; 3]),
                vec![a.types[0].clone(), Type::I64],
                Intrinsic::Str(StrPrim::SliceSpan),
            )),
            _ => Err(NoMatch::new(
                "primitives.slice_span(slice, n) takes a slice and an int",
            )),
        }),
        "dict_lookup" | "dict_take" | "dict_take_last" => {
            crate::dict::type_primitive(name.strip_prefix("primitives.")?, a.types)
        }
        "memory_order" => Some(match a.types {
            [Type::Array(arr)] => Ok(Typed::new(
                Type::Array(ArrayType {
                    layout: if arr.layout == Layout::A || arr.ndim <= 1 {
                        arr.layout
                    } else {
                        // C stays C; F turned around is C.
                        Layout::C
                    },
                    ..*arr
                }),
                a.types.to_vec(),
                Intrinsic::MemoryOrder,
            )),
            _ => Err(NoMatch::new("primitives.memory_order(a) takes an array")),
        }),
        "maximum" => Some(extreme(a, true)),
        "minimum" => Some(extreme(a, false)),
        _ => None,
    }
}

/// The string primitives library bodies build strings with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StrPrim {
    /// `str_alloc(n)`: a new string of `n` code points, to be written.
    Alloc,
    /// `str_get(s, i)`: code point `i` (in range) as an int.
    Get,
    /// `str_set(s, i, c)`: writes code point `i` of a string being made.
    Set,
    /// `str(x)` of a float: the shortest text that reads back as `x`, as Python writes it.
    FloatRepr,
    /// `float(s)` of a run-time string (ValueError when it is not a float).
    ParseFloat,
    /// `s.upper()` / `s.lower()`: Unicode's full case mappings (the runtime's).
    Case { lower: bool },
    /// `slice_span(sl, n)`: `(start, step, count)` of the slice `sl` applied to `n`
    /// items, by Python's rules for omitted and negative bounds.
    SliceSpan,
    /// `str(e)` of a caught exception, as Python writes it.
    ExceptionText,
}

fn string(a: &CallArgs<'_>, op: StrPrim, params: &[Type], result: Type) -> Result<Typed, NoMatch> {
    let fits = a.types.len() == params.len()
        && a.types.iter().zip(params).all(|(t, p)| match p {
            Type::Unicode => matches!(t, Type::Unicode | Type::Str(_)),
            _ => t.is_index(),
        });
    if !fits {
        return Err(NoMatch::new(format!(
            "primitives.str_{op:?}() takes ({})",
            params
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(Typed::new(result, params.to_vec(), Intrinsic::Str(op)))
}

fn sum(a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    match a.types {
        [Type::Array(v), Type::DtypeValue(d)] if v.ndim == 1 => Ok(Typed::new(
            Type::Scalar(*d),
            a.types.to_vec(),
            Intrinsic::RunSum,
        )),
        _ => Err(NoMatch::new(
            "primitives.sum(v, dtype) takes a 1-d array and a dtype",
        )),
    }
}

/// The runtime functions primitives call (checked present by the registry test).
pub const RUNTIME_SYMBOLS: &[&str] = &[
    "oxjit_rt_random_state",
    "oxjit_rt_random_seed",
    "oxjit_rt_random_double",
    "oxjit_rt_random_gauss",
    "oxjit_rt_random_u32",
    crate::python::thread_id::RUNTIME_SYMBOL,
];

/// A draw from this thread's generator: `symbol` takes it first, then `params`.
fn random(
    a: &CallArgs<'_>,
    symbol: &'static str,
    params: &[Type],
    result: Type,
) -> Result<Typed, NoMatch> {
    let mut typed = runtime(a, symbol, params, result)?;
    typed.intrinsic = Intrinsic::RandomCall(symbol);
    Ok(typed)
}

/// A call of the runtime function `symbol` taking numbers of the types `params`.
fn runtime(
    a: &CallArgs<'_>,
    symbol: &'static str,
    params: &[Type],
    result: Type,
) -> Result<Typed, NoMatch> {
    if a.types.len() != params.len() || !a.types.iter().all(|t| t.scalar().is_some()) {
        return Err(NoMatch::new(format!(
            "primitive {symbol} takes {} numbers",
            params.len()
        )));
    }
    Ok(Typed::new(
        result,
        params.to_vec(),
        Intrinsic::RuntimeCall(symbol),
    ))
}

fn extreme(a: &CallArgs<'_>, max: bool) -> Result<Typed, NoMatch> {
    match a.types {
        [Type::Scalar(x), Type::Scalar(y)] if x == y && !x.is_complex() => Ok(Typed::new(
            Type::Scalar(*x),
            a.types.to_vec(),
            Intrinsic::Extreme { max },
        )),
        _ => Err(NoMatch::new(
            "primitives.maximum/minimum(x, y) take two real numbers of one dtype",
        )),
    }
}

fn along_axis(a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    match a.types {
        [Type::Function(Callable::Jitted(kernel)), Type::Array(arr), axis, Type::DtypeValue(d), ..]
            if arr.ndim >= 2 && axis.is_index() =>
        {
            let mut args = a.types.to_vec();
            args[2] = Type::I64;
            let result = Type::Array(ArrayType {
                dtype: *d,
                ndim: arr.ndim - 1,
                layout: Layout::C,
                readonly: false,
            });
            Ok(Typed::new(
                result,
                args,
                Intrinsic::AlongAxis { kernel: *kernel },
            ))
        }
        _ => Err(NoMatch::new(
            "primitives.along_axis(kernel, a, axis, dtype, *extra) takes a compiled \
             function, an array of 2 or more dimensions, an int axis and a dtype",
        )),
    }
}

/// The 1-d view of `a` that `along_axis` hands its kernel.
pub fn run_of(a: &ArrayType) -> Type {
    Type::Array(ArrayType {
        ndim: 1,
        layout: Layout::A,
        ..*a
    })
}
