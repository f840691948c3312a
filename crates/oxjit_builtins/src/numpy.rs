//! NumPy functions on scalars (`np.sqrt(x)`, `np.isnan(x)`, `np.minimum(a, b)`) and
//! `np.errstate`. Array versions arrive with the array-expression layer.

pub mod alloc;
pub mod arange;
pub mod atleast;
pub mod concatenate;
pub mod count_nonzero;
pub mod cumulative;
pub mod eye;
pub mod fancy_index;
pub mod fill;
pub mod flat;
pub mod histogram;
pub mod linalg;
pub mod linspace;
pub mod matmul;
pub mod number_info;
pub mod random;
pub mod reductions;
pub mod searchsorted;
pub mod sort;
pub mod trace;

use crate::{CallArgs, FloatClass, Intrinsic, MathFn, MathFn2, NoMatch, Typed};
use oxjit_types::{promote, ArrayType, Dtype, Layout, Type};

const UNARY: &[(&str, MathFn)] = &[
    ("sqrt", MathFn::Sqrt),
    ("exp", MathFn::Exp),
    ("exp2", MathFn::Exp2),
    ("expm1", MathFn::Expm1),
    ("log", MathFn::Log),
    ("log2", MathFn::Log2),
    ("log10", MathFn::Log10),
    ("log1p", MathFn::Log1p),
    ("sin", MathFn::Sin),
    ("cos", MathFn::Cos),
    ("tan", MathFn::Tan),
    ("arcsin", MathFn::Asin),
    ("arccos", MathFn::Acos),
    ("arctan", MathFn::Atan),
    ("sinh", MathFn::Sinh),
    ("cosh", MathFn::Cosh),
    ("tanh", MathFn::Tanh),
    ("arcsinh", MathFn::Asinh),
    ("arccosh", MathFn::Acosh),
    ("arctanh", MathFn::Atanh),
    ("floor", MathFn::Floor),
    ("ceil", MathFn::Ceil),
    ("trunc", MathFn::Trunc),
    ("rint", MathFn::Rint),
    ("degrees", MathFn::Degrees),
    ("radians", MathFn::Radians),
    ("cbrt", MathFn::Cbrt),
];

const BINARY: &[(&str, MathFn2)] = &[
    ("arctan2", MathFn2::Atan2),
    ("hypot", MathFn2::Hypot),
    ("copysign", MathFn2::Copysign),
];

const ERRSTATE_KEYS: &[&str] = &["all", "divide", "over", "under", "invalid", "call"];
const ERRSTATE_VALUES: &[&str] = &["ignore", "warn", "raise", "call", "print", "log"];

pub fn names() -> Vec<String> {
    let mut out: Vec<String> = UNARY
        .iter()
        .map(|e| e.0)
        .chain(BINARY.iter().map(|e| e.0))
        .map(|n| format!("numpy.{n}"))
        .collect();
    for n in [
        "abs", "absolute", "isnan", "isinf", "isfinite", "errstate", "dtype",
    ]
    .iter()
    .chain(OPERATOR_UFUNCS)
    {
        out.push(format!("numpy.{n}"));
    }
    out.extend(
        crate::ufunc::UFUNCS
            .iter()
            .map(|u| format!("numpy.{}", u.name)),
    );
    out
}

/// NumPy's ufuncs that are Python operators (`np.add` is `+`, `np.less` is `<`): type
/// inference rewrites calls to them into the operator instructions (see
/// `oxjit_infer::operator_ufuncs`), so they never reach [`type_call`].
pub const OPERATOR_UFUNCS: &[&str] = &[
    "add",
    "subtract",
    "multiply",
    "divide",
    "true_divide",
    "floor_divide",
    "remainder",
    "mod",
    "power",
    "matmul",
    "left_shift",
    "right_shift",
    "bitwise_and",
    "bitwise_or",
    "bitwise_xor",
    "equal",
    "not_equal",
    "less",
    "less_equal",
    "greater",
    "greater_equal",
    "negative",
    "positive",
    "invert",
    "bitwise_not",
    "square",
];

pub fn type_call(qualname: &str, args: &CallArgs<'_>) -> Option<Result<Typed, NoMatch>> {
    let name = qualname.strip_prefix("numpy.")?;
    if name == "errstate" {
        return Some(type_errstate(args));
    }
    if name == "dtype" {
        return Some(match args.types {
            [t] if crate::ndarray::dtype_arg(t).is_some() && args.kwargs.is_empty() => {
                let d = crate::ndarray::dtype_arg(t).unwrap();
                Ok(Typed::new(
                    Type::DtypeValue(d),
                    vec![t.clone()],
                    Intrinsic::CompileTimeValue,
                ))
            }
            _ => Err(NoMatch::new(
                "np.dtype() takes one dtype: a string like 'f8', a NumPy type or int/float/bool/complex",
            )),
        });
    }
    let arrays: Vec<&ArrayType> = args.types.iter().filter_map(Type::array).collect();
    if !arrays.is_empty() {
        // A ufunc over arrays: type one element, then broadcast.
        // Python numbers adopt the arrays' dtype (NEP 50); arrays bring their own.
        // np.where's condition only selects: the values' dtypes alone decide the result.
        let value_arrays: Vec<Dtype> = args
            .types
            .iter()
            .enumerate()
            .filter(|&(i, _)| name != "where" || i > 0)
            .filter_map(|(_, t)| t.array().map(|a| a.dtype))
            .collect();
        let array_dtype = value_arrays.into_iter().reduce(promote);
        let elems: Vec<Type> = args
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| match (t, array_dtype) {
                (Type::Array(a), _) => Type::Scalar(a.dtype),
                (Type::Scalar(d), Some(ad))
                    if oxjit_types::is_python_dtype(*d) && args.is_weak(i) =>
                {
                    Type::Scalar(oxjit_types::promote_weak(ad, *d))
                }
                (other, _) => other.clone(),
            })
            .collect();
        let ndim = arrays.iter().map(|a| a.ndim).max().unwrap();
        let scalar = type_scalar(
            name,
            &CallArgs {
                types: &elems,
                kwargs: args.kwargs,
                strong: &[],
            },
        )?;
        return Some(scalar.map(|t| {
            let Type::Scalar(d) = t.result else {
                unreachable!("ufuncs return scalars")
            };
            // Of 0-d arrays only, a NumPy scalar (as NumPy's ufuncs return).
            let result = if ndim == 0 {
                Type::Scalar(d)
            } else {
                Type::Array(ArrayType {
                    dtype: d,
                    ndim,
                    layout: Layout::C,
                    readonly: false,
                })
            };
            Typed::new(
                result,
                t.args,
                Intrinsic::Elementwise(Box::new(t.intrinsic)),
            )
        }));
    }
    type_scalar(name, args)
}

/// The float type a NumPy float ufunc (`np.sin`, `np.arctan2`...) computes in for an
/// input of dtype `d`: the smallest float that holds `d` exactly, as NumPy's loop
/// selection picks. NumPy takes 8-bit integers and bools to float16, which oxjit
/// has not: they compute in float32, as in Numba.
fn ufunc_float(d: Dtype) -> Option<Dtype> {
    match d {
        d if d.is_complex() => None,
        Dtype::F32 | Dtype::Bool | Dtype::I8 | Dtype::U8 | Dtype::I16 | Dtype::U16 => {
            Some(Dtype::F32)
        }
        _ => Some(Dtype::F64),
    }
}

fn type_scalar(name: &str, args: &CallArgs<'_>) -> Option<Result<Typed, NoMatch>> {
    if let Some(ufunc) = crate::ufunc::lookup(name) {
        return Some(ufunc.type_scalar(args));
    }
    let a = args.types;
    if name == "where" {
        return Some(match a {
            [c, Type::Scalar(x), Type::Scalar(y)] if c.scalar().is_some() => {
                let t = Type::Scalar(promote(*x, *y));
                Ok(Typed::new(
                    t.clone(),
                    vec![Type::BOOL, t.clone(), t],
                    Intrinsic::Where,
                ))
            }
            _ => Err(NoMatch::new(
                "np.where(condition, x, y) needs three arguments",
            )),
        });
    }
    if let Some(kw) = args.kwargs.first() {
        return Some(Err(NoMatch::new(format!(
            "keyword argument '{}' of np.{name}() is not supported on scalars",
            kw.0
        ))));
    }
    let mismatch = |sig: &str| NoMatch::no_signature(&format!("np.{name}"), a, &[sig]);
    let real = |t: &Type| t.scalar().and_then(ufunc_float).map(Type::Scalar);
    if let Some(f) = UNARY.iter().find(|e| e.0 == name).map(|e| e.1) {
        if let [Type::Scalar(d)] = a {
            // NumPy 2: rounding an integer (or bool) changes nothing, dtype included.
            if matches!(f, MathFn::Floor | MathFn::Ceil | MathFn::Trunc)
                && !d.is_complex()
                && !d.is_float()
            {
                let t = Type::Scalar(*d);
                return Some(Ok(Typed::new(t.clone(), vec![t], Intrinsic::Cast)));
            }
            if d.is_complex() {
                return Some(match complex_version(f) {
                    Some(c) => Ok(Typed::new(
                        Type::Scalar(*d),
                        vec![Type::C128],
                        Intrinsic::Cmath(c),
                    )),
                    None => Err(mismatch("(float) -> float")),
                });
            }
        }
        return Some(match a {
            [t] if real(t).is_some() => {
                let ft = real(t).unwrap();
                Ok(Typed::new(ft.clone(), vec![ft], Intrinsic::Math(f)))
            }
            _ => Err(mismatch("(float) -> float")),
        });
    }
    if let Some(f) = BINARY.iter().find(|e| e.0 == name).map(|e| e.1) {
        // NumPy's first loop both inputs cast to safely: int16 with uint16 is float32.
        let float_of = |t: &Type| t.scalar().and_then(ufunc_float);
        let floats = match a {
            [x, y] => float_of(x).zip(float_of(y)),
            _ => None,
        };
        return Some(match floats {
            Some((fx, fy)) => {
                let t = Type::Scalar(promote(fx, fy));
                Ok(Typed::new(
                    t.clone(),
                    vec![t.clone(), t],
                    Intrinsic::Math2(f),
                ))
            }
            None => Err(mismatch("(float, float) -> float")),
        });
    }
    Some(match (name, a) {
        ("abs" | "absolute", [Type::Scalar(d)]) => Ok(Typed::new(
            Type::Scalar(d.real_of()),
            vec![Type::Scalar(*d)],
            Intrinsic::Abs,
        )),
        ("isnan" | "isinf" | "isfinite", [t]) if t.scalar().is_some() => {
            let class = match name {
                "isnan" => FloatClass::IsNan,
                "isinf" => FloatClass::IsInf,
                _ => FloatClass::IsFinite,
            };
            let arg = if t.scalar().unwrap().is_complex() {
                Type::C128
            } else {
                real(t).unwrap()
            };
            Ok(Typed::new(
                Type::BOOL,
                vec![arg],
                Intrinsic::Classify(class),
            ))
        }
        ("abs" | "absolute" | "isnan" | "isinf" | "isfinite", _) => {
            Err(mismatch("scalar arguments"))
        }
        _ => return None,
    })
}

/// The complex function a real ufunc uses on complex input.
fn complex_version(f: MathFn) -> Option<crate::CmathFn> {
    use crate::CmathFn as C;
    Some(match f {
        MathFn::Sqrt => C::Sqrt,
        MathFn::Exp => C::Exp,
        MathFn::Log => C::Log,
        MathFn::Log10 => C::Log10,
        MathFn::Sin => C::Sin,
        MathFn::Cos => C::Cos,
        MathFn::Tan => C::Tan,
        MathFn::Asin => C::Asin,
        MathFn::Acos => C::Acos,
        MathFn::Atan => C::Atan,
        MathFn::Sinh => C::Sinh,
        MathFn::Cosh => C::Cosh,
        MathFn::Tanh => C::Tanh,
        MathFn::Asinh => C::Asinh,
        MathFn::Acosh => C::Acosh,
        MathFn::Atanh => C::Atanh,
        _ => return None,
    })
}

/// `np.errstate(invalid='ignore', ...)`: compiled code raises no floating-point warnings,
/// so the context has no effect; its arguments are still checked.
fn type_errstate(args: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    if !args.types.is_empty() {
        return Err(NoMatch::new("np.errstate() takes keyword arguments only"));
    }
    for (key, t) in args.kwargs {
        if !ERRSTATE_KEYS.contains(&key.as_str()) {
            return Err(NoMatch::new(format!(
                "np.errstate() got an unexpected keyword argument '{key}'"
            ))
            .with_signatures(&["np.errstate(all=, divide=, over=, under=, invalid=)"]));
        }
        match t {
            Type::Str(v) if ERRSTATE_VALUES.contains(&v.as_str()) => {}
            Type::None => {}
            _ => {
                return Err(NoMatch::new(format!(
                    "np.errstate({key}=...) must be one of {ERRSTATE_VALUES:?} given as a constant string"
                )))
            }
        }
    }
    Ok(Typed::new(
        Type::Function(oxjit_types::Callable::Builtin("numpy.errstate".into())),
        vec![],
        Intrinsic::NoOpContext,
    ))
}
