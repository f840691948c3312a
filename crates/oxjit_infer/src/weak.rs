//! NEP 50 weakness: which scalar values are Python numbers (they take the dtype of the
//! NumPy operand they meet) and which are NumPy scalars (they promote as themselves).
//! Read from a value's definition: literals, Python-number arguments, Python's
//! functions of Python numbers, items of Python tuples, lists and ranges are weak;
//! array elements and NumPy's functions' results are strong.

use crate::rules::Infer;
use crate::{def_op, Resolved};
use oxjit_builtins::Intrinsic;
use oxjit_ir::{Op, Value};
use oxjit_types::{Callable, Type};

impl Infer<'_> {
    /// Whether `v` is a Python number (NEP 50 "weak"): a literal, a Python int/float/
    /// complex/bool argument (not a NumPy scalar one), or arithmetic and `math` results
    /// of such. Array elements and
    /// NumPy conversions are NumPy scalars. Arrays count as weak (they decide for themselves).
    pub(crate) fn is_weak(&self, v: Value) -> bool {
        self.weak_depth(v, 0)
    }

    fn weak_depth(&self, v: Value, depth: u32) -> bool {
        if depth > 16 {
            return true;
        }
        let Some(t) = self.t(v) else { return true };
        let Type::Scalar(d) = t else { return true };
        let default = oxjit_types::is_python_dtype(*d);
        match self.func.values[v] {
            oxjit_ir::ValueDef::Param(b, i) => {
                // Weak when every incoming value is.
                let mut all = default;
                for (_, data) in self.func.insts.iter() {
                    for (target, args) in data.op.successors() {
                        if target == b
                            && !matches!(def_op(self.func, args[i as usize]), Some(Op::Undef))
                        {
                            all &= self.weak_depth(args[i as usize], depth + 1);
                        }
                    }
                }
                all
            }
            oxjit_ir::ValueDef::Inst(inst) => match &self.func.insts[inst].op {
                Op::Arg(i) => default && !self.numpy_scalars.contains(*i),
                Op::Const(_) | Op::Global(_) => default,
                Op::Binary(_, a, b) | Op::InplaceBinary(_, a, b) => {
                    default && self.weak_depth(*a, depth + 1) && self.weak_depth(*b, depth + 1)
                }
                Op::Unary(_, a) => default && self.weak_depth(*a, depth + 1),
                Op::Call { .. } | Op::MethodCall { .. } => {
                    default && self.python_result(inst, depth + 1)
                }
                // Items of Python tuples, lists and ranges are Python numbers.
                Op::IterGet(it, _) => default && self.items_weak(*it, depth + 1),
                Op::Unpack { tuple, .. } => default && self.items_weak(*tuple, depth + 1),
                Op::GetItem(obj, _) if !matches!(self.t(*obj), Some(Type::Array(_))) => {
                    default && self.items_weak(*obj, depth + 1)
                }
                // An array's counts (`a.size`, `a.ndim`) are Python ints.
                Op::GetAttr(obj, name) => {
                    default
                        && matches!(self.t(*obj), Some(Type::Array(_)))
                        && matches!(name.as_str(), "ndim" | "size" | "itemsize" | "nbytes")
                }
                _ => false,
            },
        }
    }

    /// Whether the call `inst` gives Python numbers: a Python function (math, abs,
    /// min, divmod, ... also those written in Python) of Python numbers, or a jitted
    /// function (its dispatcher gives Python code Python numbers, as Numba's does).
    /// NumPy's functions give NumPy scalars.
    fn python_result(&self, inst: oxjit_ir::Inst, depth: u32) -> bool {
        let (Op::Call { args, .. } | Op::MethodCall { args, .. }) = &self.func.insts[inst].op
        else {
            return false;
        };
        let args_weak = || args.iter().all(|a| self.weak_depth(*a, depth));
        match &self.resolved[inst] {
            Resolved::Builtin(typed) => {
                let from_numpy = match &self.func.insts[inst].op {
                    Op::Call { func, .. } => matches!(
                        self.t(*func),
                        Some(Type::Function(Callable::Builtin(name)))
                            if name.starts_with("numpy.")
                    ),
                    Op::MethodCall { obj, .. } => {
                        matches!(self.t(*obj), Some(Type::Module(m)) if m == "numpy")
                    }
                    _ => false,
                };
                let python = matches!(
                    typed.intrinsic,
                    Intrinsic::Math(_)
                        | Intrinsic::Math2(_)
                        | Intrinsic::Abs
                        | Intrinsic::MinMax { .. }
                        | Intrinsic::Round { .. }
                        | Intrinsic::FloatToIntRound(_)
                        | Intrinsic::Len
                        | Intrinsic::Frexp
                );
                !from_numpy && python && args_weak()
            }
            Resolved::Jitted { .. } => true,
            Resolved::Library { typed, .. } => {
                matches!(typed.intrinsic, Intrinsic::Body(b) if !b.file.starts_with("numpy/"))
                    && args_weak()
            }
            _ => false,
        }
    }

    /// Whether the items of the tuple, list or range `v` are Python numbers: a range, a
    /// tuple or list built of Python numbers, a constant, a tuple argument, an array's
    /// shape or strides. Array elements are NumPy scalars.
    fn items_weak(&self, v: Value, depth: u32) -> bool {
        if depth > 16 {
            return true;
        }
        match self.t(v) {
            Some(Type::Range) => return true,
            Some(Type::Tuple(_) | Type::List(_)) => {}
            _ => return false,
        }
        let oxjit_ir::ValueDef::Inst(inst) = self.func.values[v] else {
            return false;
        };
        match &self.func.insts[inst].op {
            Op::MakeTuple(items) => items.iter().all(|x| self.weak_depth(*x, depth + 1)),
            Op::Call { args, .. } if matches!(self.resolved[inst], Resolved::Nothing) => {
                // A list literal `[a, b]`.
                args.iter().all(|x| self.weak_depth(*x, depth + 1))
            }
            Op::Const(_) | Op::Global(_) | Op::Arg(_) => true,
            Op::Call { .. } | Op::MethodCall { .. } => self.python_result(inst, depth + 1),
            Op::GetAttr(obj, name) => {
                matches!(self.t(*obj), Some(Type::Array(_)))
                    && matches!(name.as_str(), "shape" | "strides")
            }
            _ => false,
        }
    }
}
