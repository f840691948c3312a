//! The closed set of operations. Library functions are not ops: they are calls that
//! inference resolves through the builtins registry.

use crate::{Block, Value};

/// One traversal of an op's operands, instantiated for shared and mutable access.
macro_rules! visit_args {
    ($op:expr, $f:ident, $iter:ident) => {
        match $op {
            Op::Arg(_) | Op::Const(_) | Op::Global(_) | Op::Undef | Op::Catch | Op::Resume => {}
            Op::Binary(_, a, b)
            | Op::InplaceBinary(_, a, b)
            | Op::Compare(_, a, b)
            | Op::GetItem(a, b)
            | Op::IterGet(a, b)
            | Op::IterLen(a, b) => {
                $f(a);
                $f(b);
            }
            Op::Unary(_, a)
            | Op::Truth(a)
            | Op::GetAttr(a, _)
            | Op::Unpack { tuple: a, .. }
            | Op::UnpackRest { tuple: a, .. }
            | Op::EnterContext(a)
            | Op::ExceptionMatches(a)
            | Op::Unwrap(a, _)
            | Op::Return(a)
            | Op::Raise(a) => $f(a),
            Op::RaiseFrom(a, b) => {
                $f(a);
                $f(b);
            }
            Op::SetItem {
                target,
                index,
                value,
            } => {
                $f(target);
                $f(index);
                $f(value);
            }
            Op::Call {
                func: obj,
                args,
                kwargs,
                star,
            } => {
                $f(obj);
                args.$iter().for_each(&mut $f);
                kwargs.$iter().for_each(|(_, v)| $f(v));
                star.$iter().for_each(&mut $f);
            }
            Op::MethodCall {
                obj, args, kwargs, ..
            } => {
                $f(obj);
                args.$iter().for_each(&mut $f);
                kwargs.$iter().for_each(|(_, v)| $f(v));
            }
            Op::MakeTuple(items) | Op::Jump(_, items) => items.$iter().for_each(&mut $f),
            Op::Yield { value, args, .. } => {
                $f(value);
                args.$iter().for_each(&mut $f);
            }
            Op::Branch {
                cond,
                then_args,
                else_args,
                ..
            } => {
                $f(cond);
                then_args.$iter().for_each(&mut $f);
                else_args.$iter().for_each(&mut $f);
            }
        }
    };
}

/// What Python raises where an op meets None instead of a value.
#[derive(Clone, Debug, PartialEq)]
pub enum NoneUse {
    TypeError(String),
    AttributeError(String),
}

/// A literal in the source.
#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    Int(i64),
    Float(f64),
    Bool(bool),
    Complex(f64, f64),
    Str(String),
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    MatMul,
    LShift,
    RShift,
    BitAnd,
    BitOr,
    BitXor,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        use BinOp::*;
        match self {
            Add => "+",
            Sub => "-",
            Mul => "*",
            Div => "/",
            FloorDiv => "//",
            Mod => "%",
            Pow => "**",
            MatMul => "@",
            LShift => "<<",
            RShift => ">>",
            BitAnd => "&",
            BitOr => "|",
            BitXor => "^",
        }
    }
    pub fn mnemonic(self) -> &'static str {
        use BinOp::*;
        match self {
            Add => "add",
            Sub => "sub",
            Mul => "mul",
            Div => "div",
            FloorDiv => "floordiv",
            Mod => "mod",
            Pow => "pow",
            MatMul => "matmul",
            LShift => "shl",
            RShift => "shr",
            BitAnd => "and",
            BitOr => "or",
            BitXor => "xor",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    Neg,
    Pos,
    Invert,
    Not,
}

impl UnaryOp {
    pub fn symbol(self) -> &'static str {
        match self {
            UnaryOp::Neg => "-",
            UnaryOp::Pos => "+",
            UnaryOp::Invert => "~",
            UnaryOp::Not => "not",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Is,
    IsNot,
    In,
    NotIn,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        use CmpOp::*;
        match self {
            Eq => "==",
            Ne => "!=",
            Lt => "<",
            Le => "<=",
            Gt => ">",
            Ge => ">=",
            Is => "is",
            IsNot => "is not",
            In => "in",
            NotIn => "not in",
        }
    }
    /// The comparison with its operands swapped (`a < b` is `b > a`).
    pub fn swapped(self) -> CmpOp {
        use CmpOp::*;
        match self {
            Lt => Gt,
            Le => Ge,
            Gt => Lt,
            Ge => Le,
            other => other,
        }
    }
}

/// One operation. Terminators (`Jump`, `Branch`, `Return`, `Raise`, `Resume`, `Yield`) end a block;
/// every other op produces exactly one value (its result may have type `none`).
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// The function's n-th parameter.
    Arg(u32),
    Const(Const),
    /// A name not assigned in the function: a global, a closure cell, or a Python builtin.
    Global(String),
    /// A variable read on a path where it was never assigned.
    Undef,
    Binary(BinOp, Value, Value),
    /// `target op= value`: like `Binary` for numbers; arrays are updated in place and the
    /// result is the target itself.
    InplaceBinary(BinOp, Value, Value),
    Unary(UnaryOp, Value),
    Compare(CmpOp, Value, Value),
    /// `bool(x)` as a condition.
    Truth(Value),
    GetAttr(Value, String),
    GetItem(Value, Value),
    SetItem {
        target: Value,
        index: Value,
        value: Value,
    },
    Call {
        func: Value,
        args: Vec<Value>,
        kwargs: Vec<(String, Value)>,
        /// `f(a, *t)`: the tuple whose items follow `args` as positional arguments.
        star: Option<Value>,
    },
    /// `obj.name(args)`: a method, or a function in a module (`math.sqrt(x)`).
    MethodCall {
        obj: Value,
        name: String,
        args: Vec<Value>,
        kwargs: Vec<(String, Value)>,
    },
    MakeTuple(Vec<Value>),
    /// Element `n` of a tuple being unpacked into `count` targets.
    Unpack {
        tuple: Value,
        index: u32,
        count: u32,
    },
    /// The starred target of `a, *rest, b = t`: the items of tuple `t` from `start` to
    /// `after` items before its end, as a tuple.
    UnpackRest {
        tuple: Value,
        start: u32,
        after: u32,
    },
    /// Number of items a `for` loop visits, read before it visits the item at the given
    /// position (a loop over a dict checks there that the dict kept its size).
    IterLen(Value, Value),
    /// The item a `for` loop visits at a given position.
    IterGet(Value, Value),
    /// `with ctx:` entering a context manager (checked by inference, no run-time effect).
    EnterContext(Value),
    /// In an exception handler: whether the exception being raised is an instance of the
    /// class (or of one of the tuple of classes) given.
    ExceptionMatches(Value),
    /// In an exception handler: takes the exception being raised, which stops it
    /// propagating; the result is the exception object (`except E as e`).
    Catch,
    /// The value of an optional value (None or a value) that an op uses as a value;
    /// raises the given error when it is None. Inserted after inference.
    Unwrap(Value, NoneUse),
    Jump(Block, Vec<Value>),
    Branch {
        cond: Value,
        then_block: Block,
        then_args: Vec<Value>,
        else_block: Block,
        else_args: Vec<Value>,
    },
    Return(Value),
    /// `raise exc` where `exc` is a class, a call of one, or a caught exception.
    Raise(Value),
    /// `raise exc from cause` with a caught exception as the cause.
    RaiseFrom(Value, Value),
    /// Goes on raising the exception being raised (no handler clause matched it).
    Resume,
    /// `yield value` in a generator: the generator hands out `value` and suspends; the
    /// next request for a value goes on at `resume`.
    Yield {
        value: Value,
        resume: Block,
        args: Vec<Value>,
    },
}

impl Op {
    pub fn is_terminator(&self) -> bool {
        matches!(
            self,
            Op::Jump(..)
                | Op::Branch { .. }
                | Op::Return(_)
                | Op::Raise(_)
                | Op::RaiseFrom(..)
                | Op::Resume
                | Op::Yield { .. }
        )
    }

    /// Calls `f` on every value the op reads, in order.
    pub fn for_each_arg(&self, mut f: impl FnMut(Value)) {
        let mut g = |v: &Value| f(*v);
        visit_args!(self, g, iter);
    }

    /// Calls `f` on a mutable reference to every value the op reads, in order.
    pub fn map_args(&mut self, mut f: impl FnMut(&mut Value)) {
        visit_args!(self, f, iter_mut);
    }

    /// The (target, arguments) pairs of a terminator's outgoing edges.
    pub fn successors(&self) -> Vec<(Block, &[Value])> {
        match self {
            Op::Jump(b, args)
            | Op::Yield {
                resume: b, args, ..
            } => vec![(*b, args.as_slice())],
            Op::Branch {
                then_block,
                then_args,
                else_block,
                else_args,
                ..
            } => vec![
                (*then_block, then_args.as_slice()),
                (*else_block, else_args.as_slice()),
            ],
            _ => Vec::new(),
        }
    }

    /// Calls `f` on the target and argument list of each outgoing edge, mutably.
    pub fn for_each_edge_mut(&mut self, mut f: impl FnMut(&mut Block, &mut Vec<Value>)) {
        match self {
            Op::Jump(b, args)
            | Op::Yield {
                resume: b, args, ..
            } => f(b, args),
            Op::Branch {
                then_block,
                then_args,
                else_block,
                else_args,
                ..
            } => {
                f(then_block, then_args);
                f(else_block, else_args);
            }
            _ => {}
        }
    }
}
