//! The library functions compiled code may call.
//!
//! In: a qualified name (`math.sqrt`, `builtins.len`, `numpy.float64`) and the types of the
//! arguments at a call. Out: a [`Typed`] call — the result type, the types the arguments
//! are converted to, and the [`Intrinsic`] codegen emits — or a message saying which
//! signatures exist. Registries: [`python`] (builtins), [`math`] (`math` and `cmath`),
//! [`numpy`] (scalar NumPy functions and dtypes), [`ndarray`] (array functions and methods),
//! [`list`] (list methods), [`dict`] (dict methods).
//!
//! Each entry is data or a small typing function; only intrinsics get machine code.

pub mod dict;
pub mod ffi;
pub mod list;
pub mod math;
pub mod ndarray;
pub mod numpy;
pub mod primitives;
pub mod pylib;
pub mod python;
pub mod registry;
pub mod ufunc;

use oxjit_types::{Dtype, Type};

/// Scalar functions with one float argument, lowered to an LLVM intrinsic or a libm call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MathFn {
    Sqrt,
    Exp,
    Exp2,
    Expm1,
    Log,
    Log2,
    Log10,
    Log1p,
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Sinh,
    Cosh,
    Tanh,
    Asinh,
    Acosh,
    Atanh,
    Erf,
    Erfc,
    Gamma,
    Lgamma,
    Fabs,
    Floor,
    Ceil,
    Trunc,
    Rint,
    Degrees,
    Radians,
    Cbrt,
}

/// Scalar functions with two float arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MathFn2 {
    Atan2,
    Pow,
    Hypot,
    Copysign,
    Fmod,
    /// `math.log(x, base)`.
    LogBase,
}

/// Predicates on floats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FloatClass {
    IsNan,
    IsInf,
    IsFinite,
}

/// `cmath` functions of one complex argument (runtime helpers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmathFn {
    Sqrt,
    Exp,
    Log,
    Log10,
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Sinh,
    Cosh,
    Tanh,
    Asinh,
    Acosh,
    Atanh,
    /// NumPy's `1 / z` (`np.reciprocal`; what `a ** -1` of an array computes).
    Reciprocal,
}

impl CmathFn {
    /// Name of the runtime helper implementing it.
    pub fn symbol(self) -> &'static str {
        use CmathFn::*;
        match self {
            Sqrt => "oxjit_rt_csqrt",
            Exp => "oxjit_rt_cexp",
            Log => "oxjit_rt_clog",
            Log10 => "oxjit_rt_clog10",
            Sin => "oxjit_rt_csin",
            Cos => "oxjit_rt_ccos",
            Tan => "oxjit_rt_ctan",
            Asin => "oxjit_rt_casin",
            Acos => "oxjit_rt_cacos",
            Atan => "oxjit_rt_catan",
            Sinh => "oxjit_rt_csinh",
            Cosh => "oxjit_rt_ccosh",
            Tanh => "oxjit_rt_ctanh",
            Asinh => "oxjit_rt_casinh",
            Acosh => "oxjit_rt_cacosh",
            Atanh => "oxjit_rt_catanh",
            Reciprocal => "oxjit_rt_numpy_creciprocal",
        }
    }
}

/// What codegen emits for a resolved library call. Arguments arrive already converted to
/// the types in [`Typed::args`].
#[derive(Clone, Debug, PartialEq)]
pub enum Intrinsic {
    Math(MathFn),
    Math2(MathFn2),
    Classify(FloatClass),
    /// `math.floor`/`ceil`/`trunc` of a float, as int64.
    FloatToIntRound(MathFn),
    Cmath(CmathFn),
    /// `cmath.rect(r, phi)`.
    Rect,
    /// `math.frexp(x)` → (mantissa, exponent).
    Frexp,
    Ldexp,
    Abs,
    /// `min`/`max` over the arguments (all converted to the result type).
    MinMax {
        max: bool,
    },
    Len,
    /// Convert the argument to the result type (`int(x)`, `float(x)`, `np.float32(x)`).
    Cast,
    /// `bool(x)`: truth value.
    Truth,
    /// `complex(re, im)`.
    MakeComplex,
    /// `print(a, b, ...)` of numbers and constant strings.
    Print,
    /// `round(x)` → int64, `round(x, n)` → float.
    Round {
        ndigits: bool,
    },
    Range,
    Enumerate,
    Zip,
    /// A tuple of the arguments (a namedtuple made by calling its class).
    MakeTuple,
    /// `pow(a, b)`: the `**` operator.
    Pow,
    /// `z.conjugate()`.
    Conjugate,
    /// Constructing an exception instance for `raise`.
    Exception,
    /// `np.errstate(...)` and similar context managers with no effect on compiled code.
    NoOpContext,
    /// A call whose value is known at compile time (`np.dtype('f4')`).
    CompileTimeValue,
    /// A new array of the result type, shaped by the first argument (int or tuple), left
    /// uninitialised, zeroed, filled with ones, or filled with the second argument.
    Alloc(Fill),
    /// A new array shaped like the first argument (an array).
    AllocLike(Fill),
    /// A C-contiguous copy of the first argument (`a.copy()`, `np.copy`, `flatten`,
    /// `astype`, `np.array(a)`).
    Copy,
    /// The argument itself when C-contiguous, else a copy (`np.ascontiguousarray`, `ravel`).
    Contiguous,
    /// A new array from a (nested) list or tuple of numbers.
    FromSequence,
    /// `a.reshape(shape)`: a view of a contiguous array (one -1 dimension allowed).
    Reshape,
    /// `primitives.sum(v, dtype)`: the sum of a 1-d array's elements in `dtype`
    /// (pairwise for floats and complex numbers, as NumPy).
    RunSum,
    /// A call of the runtime function of this name: numbers in (the argument types),
    /// a number or nothing out (the result type).
    RuntimeCall(&'static str),
    /// [`Intrinsic::RuntimeCall`] of a draw from this thread's random generator, which
    /// the function takes first (`oxjit_runtime::random`).
    RandomCall(&'static str),
    /// `primitives.maximum/minimum(x, y)` of two reals of one dtype, a NaN winning.
    Extreme {
        max: bool,
    },
    /// `primitives.along_axis(kernel, a, axis, dtype, *extra)`: the compiled function
    /// `kernel` applied to each 1-d run of `a` along `axis` (see [`primitives`]).
    AlongAxis {
        kernel: u64,
    },
    /// A library function whose body is Python (see [`pylib`]): called like a jitted
    /// function, specialised for [`Typed::args`], and its result converted to
    /// [`Typed::result`].
    Body(pylib::Body),
    /// A call of the C function at this address; the signature is the argument types
    /// and the result type (`None`: void).
    CCall(u64),
    /// An element-by-element function over arrays (broadcast), applying the scalar
    /// intrinsic to each element; `args` are the element types.
    Elementwise(Box<Intrinsic>),
    /// `np.where(cond, x, y)` on one element.
    Where,
    /// A list method (`append`, `pop`, ...).
    List(list::ListOp),
    Dict(dict::DictOp),
    /// A string primitive (`primitives.str_alloc/str_get/str_set`).
    Str(primitives::StrPrim),
    /// `a.transpose()`: the view `a.T`.
    Transpose,
    /// `primitives.memory_order(a)`: the view with the axes ordered by decreasing stride.
    MemoryOrder,
}

/// How a new array's elements start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fill {
    Empty,
    Zeros,
    Ones,
    Value,
}

/// Reductions (`sum`, `mean`, ...), as functions or methods.
/// Where an intrinsic's parameter comes from at the call site.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Slot {
    Positional(usize),
    Keyword(usize),
    /// A dtype the typing rule chose, passed as a compile-time value (a body's result
    /// dtype, for instance).
    Dtype(Dtype),
    /// An int64 the typing rule chose (the default of an omitted argument).
    Int(i64),
    /// A bool the typing rule chose (the default of an omitted argument).
    Bool(bool),
    /// A library body passed as a function value (the kernel of a reduction).
    Body(pylib::Body),
    /// A float64 the typing rule chose (a default).
    Float(f64),
    /// Every positional argument, as one tuple (`np.random.rand(d0, d1, ...)`'s shape).
    AllPositional,
}

/// A resolved call.
#[derive(Clone, Debug, PartialEq)]
pub struct Typed {
    pub result: Type,
    /// Types the intrinsic's parameters are converted to before it runs.
    pub args: Vec<Type>,
    pub intrinsic: Intrinsic,
    /// Where each parameter comes from; empty means the positional arguments in order.
    pub sources: Vec<Slot>,
}

impl Typed {
    pub fn new(result: Type, args: Vec<Type>, intrinsic: Intrinsic) -> Typed {
        Typed {
            result,
            args,
            intrinsic,
            sources: Vec::new(),
        }
    }

    pub fn with_sources(mut self, sources: Vec<Slot>) -> Typed {
        self.sources = sources;
        self
    }

    /// The compiled function this call runs besides primitives, with the argument types
    /// it is specialised for: a library body, the body kernel of a ufunc over arrays
    /// (called per element), or the kernel of `along_axis` (called per run).
    pub fn compiled_callee(&self) -> Option<(u64, Vec<Type>)> {
        match &self.intrinsic {
            Intrinsic::Body(body) => Some((pylib::id_of(*body)?, self.args.clone())),
            Intrinsic::Elementwise(scalar) => match **scalar {
                Intrinsic::Body(body) => Some((pylib::id_of(body)?, self.args.clone())),
                _ => None,
            },
            Intrinsic::AlongAxis { kernel } => {
                let Some(Type::Array(a)) = self.args.get(1) else {
                    return None;
                };
                let mut args = vec![primitives::run_of(a)];
                args.extend(self.args[3..].iter().cloned());
                Some((*kernel, args))
            }
            _ => None,
        }
    }
}

/// The type of a library body passed as a value ([`Slot::Body`]).
pub fn body_value_type(body: pylib::Body) -> Type {
    let id = pylib::id_of(body).expect("a body named by a typing rule exists");
    Type::Function(oxjit_types::Callable::Jitted(id))
}

/// Why a call did not type: a message, and the signatures that exist.
#[derive(Clone, Debug, Default)]
pub struct NoMatch {
    pub message: String,
    pub signatures: Vec<String>,
}

impl NoMatch {
    pub fn new(message: impl Into<String>) -> NoMatch {
        NoMatch {
            message: message.into(),
            signatures: Vec::new(),
        }
    }
    /// "no signature of `callee`() accepts (the argument types)", listing `sigs`.
    pub fn no_signature(callee: &str, args: &[Type], sigs: &[&str]) -> NoMatch {
        let types: Vec<String> = args.iter().map(|t| t.to_string()).collect();
        NoMatch::new(format!(
            "no signature of {callee}() accepts ({})",
            types.join(", ")
        ))
        .with_signatures(sigs)
    }

    pub fn with_signatures(mut self, sigs: &[&str]) -> NoMatch {
        self.signatures = sigs.iter().map(|s| s.to_string()).collect();
        self
    }
}

/// Arguments at a call site: types, plus values known at compile time (literals, globals).
pub struct CallArgs<'a> {
    pub types: &'a [Type],
    pub kwargs: &'a [(String, Type)],
    /// Which positional arguments are NumPy scalars of a Python dtype (`np.float64(x)`,
    /// an array element): they promote like 0-d arrays, not like Python numbers (NEP 50).
    /// Shorter than `types` (or empty) when the rest are not.
    pub strong: &'a [bool],
}

impl CallArgs<'_> {
    /// Whether positional argument `i` is a Python number (weak under NEP 50).
    pub fn is_weak(&self, i: usize) -> bool {
        !self.strong.get(i).copied().unwrap_or(false)
    }
}

/// Types a call to the library function `name`.
pub fn type_call(name: &str, args: &CallArgs<'_>) -> Option<Result<Typed, NoMatch>> {
    if let Some(builtin) = registry::lookup(name) {
        return Some((builtin.type_call)(name, args));
    }
    if let Some(r) = primitives::type_call(name, args) {
        return Some(r);
    }
    if let Some(r) = python::type_call(name, args) {
        return Some(r);
    }
    if let Some(r) = math::type_call(name, args) {
        return Some(r);
    }
    if let Some(r) = ndarray::type_call(name, args) {
        return Some(r);
    }
    if let Some(r) = list::type_call(name, args) {
        return Some(r);
    }
    if let Some(r) = dict::type_call(name, args) {
        return Some(r);
    }
    numpy::type_call(name, args)
}

/// Every qualified name the registry knows (for `list_builtins()` and coverage tests).
pub fn names() -> Vec<String> {
    let mut out: Vec<String> = python::NAMES
        .iter()
        .map(|n| format!("builtins.{n}"))
        .collect();
    out.extend(math::names());
    out.extend(numpy::names());
    out.extend(ndarray::names());
    out.extend(list::names());
    out.extend(dict::names());
    for builtin in registry::REGISTRY {
        out.extend(builtin.names.iter().map(|n| n.to_string()));
    }
    out.sort();
    out.dedup();
    out
}

/// Up to three supported names of the same module close to `name` (a misspelling, or
/// a neighbour: `numpy.argsort` for `numpy.sort`), closest first.
pub fn closest_names(name: &str) -> Vec<String> {
    let (module, short) = name.rsplit_once('.').unwrap_or(("", name));
    let mut scored: Vec<(usize, String)> = names()
        .into_iter()
        .filter_map(|n| {
            let (m, s) = n.rsplit_once('.')?;
            if m != module {
                return None;
            }
            let d = edit_distance(short, s);
            let related = s.contains(short) || short.contains(s);
            (d <= 2 || related).then_some((if related { d.min(1) } else { d }, n.clone()))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + (ca != *cb) as usize).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The float type a numeric argument is computed in by `math` functions.
pub fn float_for(t: &Type) -> Option<Dtype> {
    match t.scalar()? {
        Dtype::F32 => Some(Dtype::F32),
        d if d.is_complex() => None,
        _ => Some(Dtype::F64),
    }
}

pub(crate) fn no_kwargs(name: &str, args: &CallArgs<'_>) -> Result<(), NoMatch> {
    if let Some((k, _)) = args.kwargs.first() {
        return Err(unexpected_keyword(name, k));
    }
    Ok(())
}

/// Keyword arguments NumPy's functions and methods take that a typing rule may not
/// support yet: for these the error says so, rather than that the keyword does not exist.
const NUMPY_KEYWORDS: &[&str] = &[
    "dtype",
    "out",
    "where",
    "initial",
    "keepdims",
    "order",
    "casting",
    "subok",
    "like",
    "ddof",
    "axis",
    "kind",
    "side",
    "sorter",
    "return_index",
    "return_inverse",
    "return_counts",
    "equal_nan",
    "weights",
    "density",
    "range",
    "bins",
    "copy",
    "ndmin",
    "mode",
    "endpoint",
    "retstep",
    "signature",
    "method",
    "overwrite_input",
    "interpolation",
    "left",
    "right",
    "period",
    "minlength",
    "assume_unique",
    "invert",
    "ord",
    "rcond",
    "hermitian",
];

/// The error for keyword `k` given to `name()` that the typing rule does not take.
pub(crate) fn unexpected_keyword(name: &str, k: &str) -> NoMatch {
    if NUMPY_KEYWORDS.contains(&k) {
        NoMatch::new(format!(
            "keyword argument '{k}' of {name}() is not supported in compiled code yet"
        ))
    } else {
        NoMatch::new(format!("{name}() got an unexpected keyword argument '{k}'"))
    }
}
