//! Comparisons of strings known at compile time: literals, and `str` arguments, which
//! each call site specialises on by value (mode strings like `order='F'` or
//! `kind='linear'`). Their result is a constant, as Python computes it.

use oxjit_ir::CmpOp;
use oxjit_types::Type;

/// The value of `a op b` when both sides are strings known at compile time (or `b` a
/// tuple of them, for `in`); `None` otherwise.
pub fn compare(op: CmpOp, a: &Type, b: &Type) -> Option<bool> {
    let Type::Str(x) = a else {
        return None;
    };
    // Strings order by code point, which is the order of their UTF-8 bytes.
    let value = match (op, b) {
        (CmpOp::Eq, Type::Str(y)) => x == y,
        (CmpOp::Ne, Type::Str(y)) => x != y,
        (CmpOp::Lt, Type::Str(y)) => x < y,
        (CmpOp::Le, Type::Str(y)) => x <= y,
        (CmpOp::Gt, Type::Str(y)) => x > y,
        (CmpOp::Ge, Type::Str(y)) => x >= y,
        (CmpOp::In, Type::Str(y)) => y.contains(x.as_str()),
        (CmpOp::NotIn, Type::Str(y)) => !y.contains(x.as_str()),
        (CmpOp::In | CmpOp::NotIn, Type::Tuple(items)) => {
            let mut found = false;
            for item in items.iter() {
                match item {
                    Type::Str(y) => found |= x == y,
                    // Any other item is never equal to a string.
                    Type::Scalar(_) | Type::None => {}
                    _ => return None,
                }
            }
            found == (op == CmpOp::In)
        }
        _ => return None,
    };
    Some(value)
}
