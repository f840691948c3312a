//! NumPy's operator ufuncs called as functions (`np.add(a, b)`, `np.less(a, b)`,
//! `np.negative(a)`) are the operators themselves: before inference they are rewritten
//! into the IR's operator instructions, so they type, promote, broadcast and fuse into
//! array expressions exactly as `a + b` does. Calls with keywords (`out=`, `dtype=`)
//! are left alone and reach the library registry, which refuses them.

use crate::Host;
use oxjit_ir::{BinOp, CmpOp, Const, Function, Op, UnaryOp};
use oxjit_types::GlobalValue;

/// The operator a NumPy ufunc (by its `__name__`, which aliases share) computes.
enum Operator {
    Binary(BinOp),
    Compare(CmpOp),
    Unary(UnaryOp),
    /// `np.square(x)`: `x ** 2`, which NumPy computes as a square too (int8 for bools).
    Square,
}

/// The operator of each name in [`oxjit_builtins::numpy::OPERATOR_UFUNCS`].
fn operator(name: &str) -> Option<Operator> {
    use Operator::*;
    Some(match name {
        "add" => Binary(BinOp::Add),
        "subtract" => Binary(BinOp::Sub),
        "multiply" => Binary(BinOp::Mul),
        "divide" | "true_divide" => Binary(BinOp::Div),
        "floor_divide" => Binary(BinOp::FloorDiv),
        "remainder" | "mod" => Binary(BinOp::Mod),
        "power" => Binary(BinOp::Pow),
        "matmul" => Binary(BinOp::MatMul),
        "left_shift" => Binary(BinOp::LShift),
        "right_shift" => Binary(BinOp::RShift),
        "bitwise_and" => Binary(BinOp::BitAnd),
        "bitwise_or" => Binary(BinOp::BitOr),
        "bitwise_xor" => Binary(BinOp::BitXor),
        "equal" => Compare(CmpOp::Eq),
        "not_equal" => Compare(CmpOp::Ne),
        "less" => Compare(CmpOp::Lt),
        "less_equal" => Compare(CmpOp::Le),
        "greater" => Compare(CmpOp::Gt),
        "greater_equal" => Compare(CmpOp::Ge),
        "negative" => Unary(UnaryOp::Neg),
        "positive" => Unary(UnaryOp::Pos),
        "invert" | "bitwise_not" => Unary(UnaryOp::Invert),
        "square" => Square,
        _ => return None,
    })
}

/// Rewrites `np.<ufunc>(...)` and calls of a global bound to one (`from numpy import add`).
pub fn rewrite(func: &mut Function, host: &dyn Host) {
    let mut lookups: Vec<(String, GlobalValue)> = Vec::new();
    let mut global = |name: &str| -> GlobalValue {
        if let Some((_, g)) = lookups.iter().find(|(n, _)| n == name) {
            return g.clone();
        }
        let g = host.global(name);
        lookups.push((name.to_owned(), g.clone()));
        g
    };
    let insts: Vec<_> = func.insts.keys().collect();
    for inst in insts {
        let (ufunc, args) = match &func.insts[inst].op {
            Op::MethodCall {
                obj,
                name,
                args,
                kwargs,
            } if kwargs.is_empty() && operator(name).is_some() => {
                let Some(Op::Global(g)) = func.def_op(*obj) else {
                    continue;
                };
                if global(g) != GlobalValue::Module("numpy".into()) {
                    continue;
                }
                (name.clone(), args.clone())
            }
            Op::Call {
                func: f,
                args,
                kwargs,
                star: None,
            } if kwargs.is_empty() => {
                let Some(Op::Global(g)) = func.def_op(*f) else {
                    continue;
                };
                match global(g) {
                    GlobalValue::Builtin(q) if q.starts_with("numpy.") => {
                        (q["numpy.".len()..].to_owned(), args.clone())
                    }
                    _ => continue,
                }
            }
            _ => continue,
        };
        let op = match (operator(&ufunc), args.as_slice()) {
            (Some(Operator::Binary(op)), [a, b]) => Op::Binary(op, *a, *b),
            (Some(Operator::Compare(op)), [a, b]) => Op::Compare(op, *a, *b),
            (Some(Operator::Unary(op)), [a]) => Op::Unary(op, *a),
            (Some(Operator::Square), [a]) => {
                let span = func.insts[inst].span;
                // A constant dominates every use from the entry block.
                let two = func.push_front(func.entry, Op::Const(Const::Int(2)), span);
                Op::Binary(BinOp::Pow, *a, two)
            }
            _ => continue,
        };
        func.insts[inst].op = op;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_listed_operator_ufunc_has_an_operator() {
        for name in oxjit_builtins::numpy::OPERATOR_UFUNCS {
            assert!(super::operator(name).is_some(), "np.{name}");
        }
    }
}
