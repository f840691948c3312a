//! Python's builtin functions: `len`, `abs`, `min`, `max`, `int`, `float`, `bool`,
//! `complex`, `range`, `enumerate`, `zip`, `round`, `divmod`, `pow`, `print`, `sum`.

mod fold;
pub mod prange;
pub mod reversed;
pub mod strings;
pub mod thread_id;
pub mod type_of;

use crate::{no_kwargs, CallArgs, Intrinsic, NoMatch, Typed};
use oxjit_types::{promote, Dtype, Type};

pub const NAMES: &[&str] = &[
    "len",
    "abs",
    "min",
    "max",
    "int",
    "float",
    "bool",
    "complex",
    "range",
    "enumerate",
    "zip",
    "round",
    "divmod",
    "pow",
    "print",
    "sum",
];

/// Whether `name` is one of Python's builtins compiled code knows (`len`, `type`,
/// `slice`...), from the older table or the registry.
pub fn is_builtin_name(name: &str) -> bool {
    NAMES.contains(&name)
        || name == "slice"
        || name == "dict"
        || crate::registry::lookup(&format!("builtins.{name}")).is_some()
}

/// Python's built-in exception classes compiled code may raise by name.
pub const EXCEPTIONS: &[&str] = &[
    "BaseException",
    "Exception",
    "ArithmeticError",
    "AssertionError",
    "FloatingPointError",
    "IndexError",
    "KeyError",
    "LookupError",
    "MemoryError",
    "NotImplementedError",
    "OverflowError",
    "RuntimeError",
    "StopIteration",
    "TypeError",
    "ValueError",
    "ZeroDivisionError",
];

fn is_iterable(t: &Type) -> bool {
    match t {
        Type::Range | Type::Enumerate(_) | Type::Zip(_) | Type::List(_) => true,
        Type::Dict(_) | Type::DictView(..) | Type::Unicode | Type::Str(_) => true,
        Type::Array(a) => a.ndim >= 1,
        Type::Tuple(items) => items.windows(2).all(|w| w[0] == w[1]),
        _ => false,
    }
}

/// The number type an iterable of numbers yields, and whether its items are NumPy
/// scalars (an array's elements) rather than Python numbers.
pub(super) fn iterated_number(t: &Type) -> Option<(Dtype, bool)> {
    match t {
        Type::Array(a) if a.ndim == 1 => Some((a.dtype, true)),
        Type::List(e) => Some((e.scalar()?, false)),
        Type::Range => Some((Dtype::I64, false)),
        Type::Tuple(items) if is_iterable(t) && !items.is_empty() => {
            Some((items[0].scalar()?, false))
        }
        _ => None,
    }
}

pub(super) fn numeric(t: &Type) -> Option<Dtype> {
    t.scalar()
}

pub fn type_call(qualname: &str, args: &CallArgs<'_>) -> Option<Result<Typed, NoMatch>> {
    let name = qualname.strip_prefix("builtins.")?;
    if !NAMES.contains(&name) {
        return None;
    }
    // A NumPy scalar rounds as NumPy rounds it (scaled by a power of ten), a Python float
    // as Python does (the exact decimal value).
    if name == "round" && !args.is_weak(0) {
        if let [Type::Scalar(d), n] = args.types {
            if d.is_float() && n.is_integer() {
                let body = crate::pylib::Body {
                    file: "numpy/round.py",
                    entry: "round_scalar",
                };
                let t = Type::Scalar(*d);
                return Some(Ok(Typed::new(
                    t.clone(),
                    vec![t, Type::I64],
                    Intrinsic::Body(body),
                )));
            }
        }
    }
    Some(no_kwargs(name, args).and_then(|()| type_builtin(name, args.types)))
}

fn type_builtin(name: &str, a: &[Type]) -> Result<Typed, NoMatch> {
    let sigs: &[&str] = match name {
        "len" => &["len(array | tuple | range) -> int64"],
        "abs" => &["abs(int | float | complex) -> same kind"],
        "min" | "max" => &[
            "min(a, b, ...)",
            "min(homogeneous tuple | 1-d array | list | range)",
        ],
        "sum" => &["sum(1-d array | list | homogeneous tuple | range, start=0)"],
        "int" => &["int(number | string)"],
        "float" => &["float(number | string)"],
        "bool" => &["bool(number)"],
        "complex" => &["complex(real[, imag])"],
        "range" => &["range(stop)", "range(start, stop[, step])"],
        "enumerate" => &["enumerate(iterable, start=0)"],
        "zip" => &["zip(iterable, ...)"],
        "round" => &[
            "round(float) -> int64",
            "round(float, int) -> float",
            "round(int, int) -> int",
        ],
        "divmod" => &["divmod(number, number)"],
        "print" => &["print(number | string | caught exception | None, ...)"],
        _ => &["pow(number, number)"],
    };
    let fail = || NoMatch::no_signature(name, a, sigs);
    let scalar_args = || a.iter().map(numeric).collect::<Option<Vec<_>>>();
    if let Some(folded) = fold::type_fold(name, a, &fail) {
        return folded;
    }
    Ok(match (name, a) {
        ("len", [t]) => match t {
            Type::Array(arr) if arr.ndim >= 1 => Typed::new(Type::I64, a.to_vec(), Intrinsic::Len),
            Type::Tuple(_) | Type::Range | Type::Enumerate(_) | Type::Zip(_) | Type::List(_) => {
                Typed::new(Type::I64, a.to_vec(), Intrinsic::Len)
            }
            Type::Dict(_) | Type::DictView(..) | Type::Unicode | Type::Str(_) => {
                Typed::new(Type::I64, a.to_vec(), Intrinsic::Len)
            }
            _ => return Err(fail()),
        },
        ("abs", [Type::Array(arr)]) => {
            let d = arr.dtype;
            let result = if d.is_complex() {
                d.real_of()
            } else if d == Dtype::Bool {
                Dtype::Bool
            } else {
                d
            };
            // abs() of a 0-d array is a NumPy scalar, as NumPy's ufuncs return.
            let result = if arr.ndim == 0 {
                Type::Scalar(result)
            } else {
                Type::Array(oxjit_types::ArrayType {
                    dtype: result,
                    layout: oxjit_types::Layout::C,
                    readonly: false,
                    ..*arr
                })
            };
            Typed::new(
                result,
                vec![Type::Scalar(d)],
                Intrinsic::Elementwise(Box::new(Intrinsic::Abs)),
            )
        }
        ("abs", [Type::Scalar(d)]) => {
            let result = match d {
                Dtype::Bool => Dtype::I64,
                d if d.is_complex() => d.real_of(),
                d => *d,
            };
            let arg = if *d == Dtype::Bool { Dtype::I64 } else { *d };
            Typed::new(
                Type::Scalar(result),
                vec![Type::Scalar(arg)],
                Intrinsic::Abs,
            )
        }
        ("min" | "max", _) if a.len() >= 2 => {
            let ds = scalar_args().ok_or_else(fail)?;
            if ds.iter().any(|d| d.is_complex()) {
                return Err(fail());
            }
            let t = Type::Scalar(ds.into_iter().reduce(promote).unwrap());
            Typed::new(
                t.clone(),
                vec![t; a.len()],
                Intrinsic::MinMax { max: name == "max" },
            )
        }
        ("print", _) if a.iter().all(printable) => {
            Typed::new(Type::None, a.to_vec(), Intrinsic::Print)
        }
        // uint64 stays unsigned: its values above 2**63 are ints too (as in Numba).
        ("int", [Type::Scalar(Dtype::U64)]) => {
            Typed::new(Type::Scalar(Dtype::U64), a.to_vec(), Intrinsic::Cast)
        }
        ("int", [Type::Scalar(d)]) if !d.is_complex() => {
            Typed::new(Type::I64, a.to_vec(), Intrinsic::Cast)
        }
        ("int", []) => Typed::new(Type::I64, vec![], Intrinsic::Cast),
        ("float", [Type::Scalar(d)]) if !d.is_complex() => {
            Typed::new(Type::F64, a.to_vec(), Intrinsic::Cast)
        }
        ("float", []) => Typed::new(Type::F64, vec![], Intrinsic::Cast),
        // `float('nan')`, `float('inf')`: a constant string is a constant float.
        ("float", [Type::Str(text)]) if parse_python_float(text).is_some() => {
            Typed::new(Type::F64, a.to_vec(), Intrinsic::Cast)
        }
        // Read when the code runs (ValueError there, as in Python).
        ("float", [t]) if strings::is_string(t) => strings::parse_float(),
        ("int", [t]) if strings::is_string(t) => strings::parse_int(),
        ("bool", [t]) => Typed::new(Type::BOOL, vec![t.clone()], Intrinsic::Truth),
        ("bool", []) => Typed::new(Type::BOOL, vec![], Intrinsic::Cast),
        ("complex", [Type::Scalar(_)]) => Typed::new(Type::C128, a.to_vec(), Intrinsic::Cast),
        ("complex", [Type::Scalar(x), Type::Scalar(y)]) if !x.is_complex() && !y.is_complex() => {
            Typed::new(
                Type::C128,
                vec![Type::F64, Type::F64],
                Intrinsic::MakeComplex,
            )
        }
        ("complex", []) => Typed::new(Type::C128, vec![], Intrinsic::Cast),
        ("range", _) if (1..=3).contains(&a.len()) => {
            if !a.iter().all(|t| t.is_integer() || *t == Type::BOOL) {
                return Err(fail());
            }
            Typed::new(Type::Range, vec![Type::I64; a.len()], Intrinsic::Range)
        }
        ("enumerate", [t]) if is_iterable(t) => Typed::new(
            Type::Enumerate(Box::new(t.clone())),
            a.to_vec(),
            Intrinsic::Enumerate,
        ),
        ("enumerate", [t, start]) if is_iterable(t) && start.is_index() => Typed::new(
            Type::Enumerate(Box::new(t.clone())),
            vec![t.clone(), Type::I64],
            Intrinsic::Enumerate,
        ),
        ("zip", _) if !a.is_empty() && a.iter().all(is_iterable) => {
            Typed::new(Type::Zip(a.to_vec()), a.to_vec(), Intrinsic::Zip)
        }
        ("round", [Type::Scalar(d)]) if d.is_float() => {
            Typed::new(Type::I64, a.to_vec(), Intrinsic::Round { ndigits: false })
        }
        ("round", [Type::Scalar(d)]) if d.is_integer() || *d == Dtype::Bool => {
            Typed::new(Type::I64, vec![Type::I64], Intrinsic::Cast)
        }
        // An int rounded to tens, hundreds... (ndigits < 0) stays an int, as in Python.
        ("round", [Type::Scalar(d), n])
            if (d.is_integer() || *d == Dtype::Bool) && (n.is_integer() || *n == Type::BOOL) =>
        {
            Typed::new(
                Type::I64,
                vec![Type::I64, Type::I64],
                Intrinsic::Round { ndigits: true },
            )
        }
        ("round", [Type::Scalar(d), n]) if d.is_float() && n.is_integer() => Typed::new(
            Type::Scalar(*d),
            vec![Type::Scalar(*d), Type::I64],
            Intrinsic::Round { ndigits: true },
        ),
        ("divmod", [Type::Scalar(x), Type::Scalar(y)]) if !x.is_complex() && !y.is_complex() => {
            let mut d = promote(*x, *y);
            if d == Dtype::Bool {
                d = Dtype::I64;
            }
            let t = Type::Scalar(d);
            Typed::new(
                Type::tuple(vec![t.clone(), t.clone()]),
                vec![t.clone(), t],
                Intrinsic::Body(crate::pylib::Body {
                    file: "python/divmod.py",
                    entry: "divmod_",
                }),
            )
        }
        ("pow", [_, _, _]) => match crate::math::integers::pow_mod(a) {
            Some(typed) => typed,
            None => return Err(fail()),
        },
        ("pow", [Type::Scalar(_), Type::Scalar(_)]) => {
            // Typed like the `**` operator by inference.
            Typed::new(Type::None, a.to_vec(), Intrinsic::Pow)
        }
        _ => return Err(fail()),
    })
}

/// What `print` takes in compiled code: numbers, strings, caught exceptions, None, and
/// values that may be None.
fn printable(t: &Type) -> bool {
    match t {
        Type::Scalar(_) | Type::Str(_) | Type::Unicode | Type::CaughtException | Type::None => true,
        Type::Optional(inner) => printable(inner),
        _ => false,
    }
}

/// Python's `float(text)`: surrounding whitespace, a sign, `inf`/`infinity`/`nan` in any
/// case, and `_` between digits are allowed.
pub fn parse_python_float(text: &str) -> Option<f64> {
    oxjit_runtime::text::parse_float(text)
}
