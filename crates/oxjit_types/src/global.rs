//! What the host says a global name or module attribute is, frozen at compile time.

use crate::{Dtype, TupleType, Type};

/// A Python object a compiled function refers to by name, as the compiler sees it.
#[derive(Clone, Debug, PartialEq)]
pub enum GlobalValue {
    Int(i64),
    Float(f64),
    Bool(bool),
    Complex(f64, f64),
    Str(String),
    None,
    Tuple(Vec<GlobalValue>),
    /// A module, by its name (`math`, `numpy`).
    Module(String),
    /// A library function or class, by qualified name (`math.sqrt`, `builtins.len`).
    Builtin(String),
    /// A NumPy scalar type used as a value or a function (`np.float64`).
    Dtype(Dtype),
    /// Another jitted function, by the host's handle.
    Jitted(u64),
    /// A function given implementations with `oxjit.extending.overload`, by the host's
    /// handle.
    Overloaded(u64),
    /// A C function pointer with its signature (a ctypes function object).
    CFunction(crate::CFunction),
    /// A `collections.namedtuple` class.
    NamedTupleClass(std::sync::Arc<crate::NamedTupleClass>),
    /// An exception class, by the name the host knows it by.
    ExceptionClass(String),
    /// A NumPy array frozen at compile time (as Numba does): a read-only C-contiguous copy
    /// the host keeps alive for the life of the process. `data` is its buffer, `object`
    /// the `PyObject*` of the copy (returned as is when compiled code returns it).
    Array {
        dtype: Dtype,
        shape: Vec<i64>,
        data: usize,
        object: usize,
    },
    /// The name is not defined.
    Undefined,
    /// Something compiled code cannot use; the text says what it is.
    Unsupported(String),
    /// A Numba feature oxjit does not have yet (`objmode`, `typed.Dict`); the text
    /// names it.
    NotYet(String),
}

impl GlobalValue {
    /// The compile-time type of the value, or `None` when compiled code cannot use it.
    pub fn type_of(&self) -> Option<Type> {
        Some(match self {
            GlobalValue::Int(_) => Type::I64,
            GlobalValue::Float(_) => Type::F64,
            GlobalValue::Bool(_) => Type::BOOL,
            GlobalValue::Complex(..) => Type::C128,
            GlobalValue::Str(s) => Type::Str(s.clone()),
            GlobalValue::None => Type::None,
            GlobalValue::Tuple(items) => Type::Tuple(
                items
                    .iter()
                    .map(|g| g.type_of())
                    .collect::<Option<TupleType>>()?,
            ),
            GlobalValue::Module(m) => Type::Module(m.clone()),
            GlobalValue::Builtin(n) => Type::Function(crate::Callable::Builtin(n.clone())),
            GlobalValue::Dtype(d) => Type::DtypeValue(*d),
            GlobalValue::Jitted(id) => Type::Function(crate::Callable::Jitted(*id)),
            GlobalValue::Overloaded(id) => Type::Function(crate::Callable::Overloaded(*id)),
            GlobalValue::CFunction(c) => Type::Function(crate::Callable::CFunction(c.clone())),
            GlobalValue::NamedTupleClass(c) => {
                Type::Function(crate::Callable::NamedTuple(c.clone()))
            }
            GlobalValue::ExceptionClass(n) => Type::ExceptionClass(n.clone()),
            GlobalValue::Array { dtype, shape, .. } => Type::Array(crate::ArrayType {
                dtype: *dtype,
                ndim: shape.len() as u8,
                layout: crate::Layout::C,
                readonly: true,
            }),
            GlobalValue::Undefined | GlobalValue::Unsupported(_) | GlobalValue::NotYet(_) => {
                return None
            }
        })
    }
}
