//! The types oxjit compiles for.
//!
//! In: nothing but Rust values. Out: [`Type`] (what a value is while compiling), the
//! promotion and unification rules type inference applies ([`promote`], [`unify`]), and
//! the in-memory layout of each type ([`layout`]) that codegen and the Python boundary
//! must agree on.
//!
//! Names print the way Numba prints them (`float64`, `array(float64, 2d, C)`,
//! `UniTuple(int64 x 2)`) so users' mental model and error messages carry over.

mod global;
pub mod layout;
mod promote;
mod tuple;

pub use global::GlobalValue;
pub use promote::{is_python_dtype, kind_rank, promote, promote_weak, unify};
pub use tuple::{NamedTupleClass, TupleType};

use std::fmt;

/// A NumPy scalar kind. Python `int`/`float`/`complex`/`bool` values enter compiled code
/// as `I64`/`F64`/`C128`/`Bool`, as in Numba.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dtype {
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    C64,
    C128,
}

/// Coarse classification used by promotion and by codegen's choice of instructions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Bool,
    Signed,
    Unsigned,
    Float,
    Complex,
}

impl Dtype {
    pub const ALL: [Dtype; 13] = [
        Dtype::Bool,
        Dtype::I8,
        Dtype::I16,
        Dtype::I32,
        Dtype::I64,
        Dtype::U8,
        Dtype::U16,
        Dtype::U32,
        Dtype::U64,
        Dtype::F32,
        Dtype::F64,
        Dtype::C64,
        Dtype::C128,
    ];

    pub fn kind(self) -> Kind {
        use Dtype::*;
        match self {
            Bool => Kind::Bool,
            I8 | I16 | I32 | I64 => Kind::Signed,
            U8 | U16 | U32 | U64 => Kind::Unsigned,
            F32 | F64 => Kind::Float,
            C64 | C128 => Kind::Complex,
        }
    }

    /// Size in bytes of one element in memory (bool is one byte).
    pub fn itemsize(self) -> u32 {
        use Dtype::*;
        match self {
            Bool | I8 | U8 => 1,
            I16 | U16 => 2,
            I32 | U32 | F32 => 4,
            I64 | U64 | F64 | C64 => 8,
            C128 => 16,
        }
    }

    /// Width in bits of the scalar (for complex, of one component).
    pub fn bits(self) -> u32 {
        match self {
            Dtype::Bool => 1,
            Dtype::C64 => 32,
            Dtype::C128 => 64,
            d => d.itemsize() * 8,
        }
    }

    pub fn is_integer(self) -> bool {
        matches!(self.kind(), Kind::Signed | Kind::Unsigned)
    }
    pub fn is_float(self) -> bool {
        self.kind() == Kind::Float
    }
    pub fn is_complex(self) -> bool {
        self.kind() == Kind::Complex
    }
    pub fn is_signed(self) -> bool {
        self.kind() == Kind::Signed
    }

    /// The numba/NumPy name: `float64`, `int8`, `bool`, `complex128`...
    pub fn name(self) -> &'static str {
        use Dtype::*;
        match self {
            Bool => "bool",
            I8 => "int8",
            I16 => "int16",
            I32 => "int32",
            I64 => "int64",
            U8 => "uint8",
            U16 => "uint16",
            U32 => "uint32",
            U64 => "uint64",
            F32 => "float32",
            F64 => "float64",
            C64 => "complex64",
            C128 => "complex128",
        }
    }

    pub fn from_name(name: &str) -> Option<Dtype> {
        Some(match name {
            "bool" | "bool_" | "boolean" | "b1" | "?" => Dtype::Bool,
            "int8" | "i1" | "byte" => Dtype::I8,
            "int16" | "i2" | "short" => Dtype::I16,
            "int32" | "i4" | "intc" => Dtype::I32,
            "int64" | "i8" | "int_" | "intp" | "long" | "longlong" => Dtype::I64,
            "uint8" | "u1" | "ubyte" => Dtype::U8,
            "uint16" | "u2" | "ushort" => Dtype::U16,
            "uint32" | "u4" | "uintc" => Dtype::U32,
            "uint64" | "u8" | "uintp" | "ulong" | "ulonglong" => Dtype::U64,
            "float32" | "f4" | "single" => Dtype::F32,
            "float64" | "f8" | "double" | "float_" => Dtype::F64,
            "complex64" | "c8" | "csingle" => Dtype::C64,
            "complex128" | "c16" | "cdouble" | "complex_" => Dtype::C128,
            _ => return None,
        })
    }

    /// A dtype as NumPy spells it in a string: a name (`float32`), a type code with its
    /// size (`f8`), a one-letter code (`d`), or a Python type name (`float`), optionally
    /// after a native or "not applicable" byte order mark (`<f8`, `=i4`, `|b1`).
    /// Big-endian (`>f8`) and unsized kinds have none.
    pub fn from_numpy_string(spec: &str) -> Option<Dtype> {
        let name = spec.strip_prefix(['<', '=', '|']).unwrap_or(spec);
        Some(match name {
            "?" => Dtype::Bool,
            "b" => Dtype::I8,
            "B" => Dtype::U8,
            "h" => Dtype::I16,
            "H" => Dtype::U16,
            "i" => Dtype::I32,
            "I" => Dtype::U32,
            "l" | "q" | "p" | "int" => Dtype::I64,
            "L" | "Q" | "P" => Dtype::U64,
            "f" => Dtype::F32,
            "d" | "float" => Dtype::F64,
            "F" => Dtype::C64,
            "D" | "complex" => Dtype::C128,
            _ => return Dtype::from_name(name),
        })
    }

    /// The complex dtype whose components are this float (or the float part of a complex).
    pub fn complex_of(self) -> Dtype {
        match self {
            Dtype::F32 | Dtype::C64 => Dtype::C64,
            _ => Dtype::C128,
        }
    }
    /// The float dtype of a complex's components (`abs`, `.real`).
    pub fn real_of(self) -> Dtype {
        match self {
            Dtype::C64 => Dtype::F32,
            Dtype::C128 => Dtype::F64,
            d => d,
        }
    }
}

/// Memory order of an array as far as the compiler knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layout {
    /// C-contiguous: strides follow from the shape, last axis fastest.
    C,
    /// Fortran-contiguous: first axis fastest.
    F,
    /// Any strides (views, slices with steps).
    A,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::C => "C",
            Layout::F => "F",
            Layout::A => "A",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ArrayType {
    pub dtype: Dtype,
    pub ndim: u8,
    pub layout: Layout,
    pub readonly: bool,
}

/// What a global name or attribute refers to at compile time: a module, a library function,
/// or a jitted function (by the host's handle). Values of these types have no run-time data.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Callable {
    /// A library function known to the builtins registry, by qualified name (`math.sqrt`).
    Builtin(String),
    /// Another jitted function, by the host's handle.
    Jitted(u64),
    /// A Python function with `oxjit.extending.overload` implementations, by the host's
    /// handle: each call asks the host for the implementation for its argument types.
    Overloaded(u64),
    /// A C function called through its address (a ctypes function object).
    CFunction(CFunction),
    /// A `collections.namedtuple` class: calling it makes one of its tuples.
    NamedTuple(std::sync::Arc<NamedTupleClass>),
}

/// A C function pointer with a declared signature, frozen at compile time.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CFunction {
    pub address: u64,
    /// The result type; `None` for `void`.
    pub ret: Option<Dtype>,
    pub args: Vec<Dtype>,
}

/// The key and value types of a dict.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DictType {
    pub key: Type,
    pub value: Type,
}

/// Which sequence a dict view walks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DictView {
    Keys,
    Values,
    Items,
}

impl DictView {
    /// The method that makes the view: `keys`, `values`, `items`.
    pub fn method(self) -> &'static str {
        match self {
            DictView::Keys => "keys",
            DictView::Values => "values",
            DictView::Items => "items",
        }
    }
}

impl DictType {
    /// The type of a dict of `key` to `value`.
    pub fn of(key: Type, value: Type) -> Type {
        Type::Dict(Box::new(DictType { key, value }))
    }
    /// What a loop over `view` of this dict binds.
    pub fn view_item(&self, view: DictView) -> Type {
        match view {
            DictView::Keys => self.key.clone(),
            DictView::Values => self.value.clone(),
            DictView::Items => Type::tuple(vec![self.key.clone(), self.value.clone()]),
        }
    }
}

/// The type of a value while compiling.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    Scalar(Dtype),
    Array(ArrayType),
    /// A tuple, or a namedtuple (see [`TupleType`]).
    Tuple(TupleType),
    /// `range(start, stop, step)`: three int64 at run time.
    Range,
    /// `enumerate(x, start)`: represented as `(start, x)`.
    Enumerate(Box<Type>),
    /// `zip(a, b, ...)`: represented as the tuple of its arguments.
    Zip(Vec<Type>),
    /// `start:stop:step` in a subscript: three int64 and which of start/stop were omitted.
    /// `unit_step` when no step was written (or it is the constant None), so a slice of a
    /// contiguous axis is known to stay contiguous.
    Slice {
        unit_step: bool,
    },
    /// A list created in compiled code or passed in (reflected back on return).
    List(Box<Type>),
    /// A dict made in compiled code (one key type, one value type).
    Dict(Box<DictType>),
    /// `d.keys()`, `d.values()`, `d.items()`: the dict itself, seen as the sequence of
    /// its keys, values or `(key, value)` pairs.
    DictView(DictView, Box<DictType>),
    /// A value or None: what a function returns when some paths return a value and
    /// others None (Numba's `OptionalType`). Represented as `(is_value, value)`.
    Optional(Box<Type>),
    None,
    /// A dtype used as a value: `np.float64`, `a.dtype`.
    DtypeValue(Dtype),
    /// `np.iinfo(d)` / `np.finfo(d)`: the limits of a number type, all known when
    /// compiling (an integer dtype for iinfo, a float one for finfo).
    NumberInfo(Dtype),
    Module(String),
    Function(Callable),
    /// An exception class, for `raise ValueError(...)`.
    ExceptionClass(String),
    /// A string constant (messages of `raise`, `dtype='f8'`, a string argument): known
    /// when compiling, it becomes a [`Type::Unicode`] where it meets a run-time string.
    Str(String),
    /// A string made at run time (Numba's `unicode_type`): `{memory block, code points,
    /// length}`, one `u32` per code point; the block is null for constants.
    Unicode,
    /// An exception instance for `raise`: class name and constant message.
    Exception(String, Option<String>),
    /// An exception caught by an `except` clause (`except E as e`), of any class the
    /// clause matches: a memory block holding the exception as the runtime recorded it.
    CaughtException,
    /// What calling a generator function gives: a memory block holding the suspended
    /// function's state, which hands out values of the given type.
    Generator(Box<Type>),
}

impl Type {
    pub const BOOL: Type = Type::Scalar(Dtype::Bool);
    pub const I64: Type = Type::Scalar(Dtype::I64);
    pub const F64: Type = Type::Scalar(Dtype::F64);
    pub const C128: Type = Type::Scalar(Dtype::C128);

    /// How an `Optional(inner)` is laid out: the pair `(is_value, value)`.
    pub fn optional_pair(inner: &Type) -> Type {
        Type::tuple(vec![Type::BOOL, inner.clone()])
    }

    /// A plain tuple of `items`.
    pub fn tuple(items: Vec<Type>) -> Type {
        Type::Tuple(TupleType::from(items))
    }

    pub fn scalar(&self) -> Option<Dtype> {
        match self {
            Type::Scalar(d) => Some(*d),
            _ => None,
        }
    }
    pub fn array(&self) -> Option<&ArrayType> {
        match self {
            Type::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn is_integer(&self) -> bool {
        self.scalar().is_some_and(Dtype::is_integer)
    }
    /// Integer or bool: what may index an array or a tuple.
    pub fn is_index(&self) -> bool {
        self.scalar()
            .is_some_and(|d| d.is_integer() || d == Dtype::Bool)
    }
    /// Whether values of this type hold references to memory blocks (arrays, lists, and
    /// aggregates of them), so compiled code must count references to them.
    pub fn is_managed(&self) -> bool {
        match self {
            Type::Array(_)
            | Type::List(_)
            | Type::Dict(_)
            | Type::DictView(..)
            | Type::Unicode
            | Type::CaughtException
            | Type::Generator(_) => true,
            Type::Tuple(TupleType { items, .. }) | Type::Zip(items) => {
                items.iter().any(Type::is_managed)
            }
            Type::Enumerate(inner) | Type::Optional(inner) => inner.is_managed(),
            _ => false,
        }
    }
    /// True for values with no run-time data (modules, functions, dtypes, None).
    pub fn is_compile_time(&self) -> bool {
        matches!(
            self,
            Type::None
                | Type::DtypeValue(_)
                | Type::NumberInfo(_)
                | Type::Module(_)
                | Type::Function(_)
                | Type::ExceptionClass(_)
                | Type::Str(_)
                | Type::Exception(..)
        )
    }
}

impl fmt::Display for ArrayType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.readonly {
            write!(f, "readonly ")?;
        }
        write!(
            f,
            "array({}, {}d, {})",
            self.dtype.name(),
            self.ndim,
            self.layout.name()
        )
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Scalar(d) => f.write_str(d.name()),
            Type::Array(a) => a.fmt(f),
            Type::Tuple(items) => {
                if let Some(class) = &items.class {
                    let shown: Vec<String> = items.iter().map(|t| t.to_string()).collect();
                    return write!(f, "{}({})", class.name, shown.join(", "));
                }
                if let Some(first) = items.first() {
                    if items.iter().all(|t| t == first) {
                        return write!(f, "UniTuple({first} x {})", items.len());
                    }
                }
                f.write_str("Tuple(")?;
                for (i, t) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    t.fmt(f)?;
                }
                f.write_str(")")
            }
            Type::Range => f.write_str("range_state64"),
            Type::Slice { unit_step: true } => f.write_str("slice<a:b>"),
            Type::Slice { unit_step: false } => f.write_str("slice<a:b:c>"),
            Type::List(t) => write!(f, "list({t})"),
            Type::Dict(d) => write!(f, "DictType[{},{}]", d.key, d.value),
            Type::DictView(v, d) => write!(f, "dict_{}[{},{}]", v.method(), d.key, d.value),
            Type::Enumerate(t) => write!(f, "enumerate({t})"),
            Type::Optional(t) => write!(f, "OptionalType({t})"),
            Type::Zip(ts) => {
                f.write_str("zip(")?;
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    t.fmt(f)?;
                }
                f.write_str(")")
            }
            Type::None => f.write_str("none"),
            Type::DtypeValue(d) => write!(f, "dtype({})", d.name()),
            Type::NumberInfo(d) if d.is_integer() => write!(f, "iinfo({})", d.name()),
            Type::NumberInfo(d) => write!(f, "finfo({})", d.name()),
            Type::Module(m) => write!(f, "Module({m})"),
            Type::Function(Callable::Builtin(n)) => write!(f, "Function({n})"),
            Type::Function(Callable::Jitted(id)) => write!(f, "Dispatcher(#{id})"),
            Type::Function(Callable::Overloaded(id)) => write!(f, "Overloaded(#{id})"),
            Type::Function(Callable::NamedTuple(c)) => write!(f, "class({})", c.name),
            Type::Function(Callable::CFunction(c)) => {
                let args: Vec<&str> = c.args.iter().map(|d| d.name()).collect();
                let ret = c.ret.map_or("void", |d| d.name());
                write!(f, "CFunction({ret}({}))", args.join(", "))
            }
            Type::ExceptionClass(n) => write!(f, "class({n})"),
            Type::Str(s) => write!(f, "Literal[str]({s:?})"),
            Type::Unicode => f.write_str("unicode_type"),
            Type::Exception(n, _) => write!(f, "{n}(...)"),
            Type::CaughtException => write!(f, "exception"),
            Type::Generator(t) => write!(f, "generator({t})"),
        }
    }
}
