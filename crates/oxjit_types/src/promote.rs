//! Which type two values meet at: [`promote`] for arithmetic, [`unify`] for a variable that
//! holds values of different types on different paths (`x = 0` then `x = 1.5`).
//!
//! The scalar rules follow Numba's (which follow NumPy's pre-NEP-50 table for scalars):
//! int8 + uint8 → int16, int64 + uint64 → float64, int + float → float64 unless the int
//! fits float32's mantissa, and so on.

use crate::{Dtype, Kind, Type};

fn signed_of_bits(bits: u32) -> Dtype {
    match bits {
        8 => Dtype::I8,
        16 => Dtype::I16,
        32 => Dtype::I32,
        _ => Dtype::I64,
    }
}

fn float_of_bits(bits: u32) -> Dtype {
    if bits <= 32 {
        Dtype::F32
    } else {
        Dtype::F64
    }
}

/// The dtype arithmetic between `a` and `b` is carried out in.
pub fn promote(a: Dtype, b: Dtype) -> Dtype {
    use Kind::*;
    if a == b {
        return a;
    }
    let (ka, kb) = (a.kind(), b.kind());
    match (ka, kb) {
        (Bool, _) => b,
        (_, Bool) => a,
        // Two different complex dtypes: one of them is complex128.
        (Complex, Complex) => Dtype::C128,
        (Complex, _) | (_, Complex) => {
            let other = if ka == Complex { b } else { a };
            let c = if ka == Complex { a } else { b };
            if c == Dtype::C128 || promote(other, Dtype::F32) == Dtype::F64 {
                Dtype::C128
            } else {
                Dtype::C64
            }
        }
        (Float, Float) => float_of_bits(a.bits().max(b.bits())),
        (Float, _) | (_, Float) => {
            let (f, i) = if ka == Float { (a, b) } else { (b, a) };
            // float32 holds int8/int16/uint8/uint16 exactly; wider ints need float64.
            if f == Dtype::F32 && i.bits() <= 16 {
                Dtype::F32
            } else {
                Dtype::F64
            }
        }
        (Signed, Signed) | (Unsigned, Unsigned) => {
            if a.bits() >= b.bits() {
                a
            } else {
                b
            }
        }
        (Signed, Unsigned) | (Unsigned, Signed) => {
            let (s, u) = if ka == Signed { (a, b) } else { (b, a) };
            if s.bits() > u.bits() {
                s
            } else if u.bits() < 64 {
                signed_of_bits(u.bits() * 2)
            } else {
                Dtype::F64
            }
        }
    }
}

/// Bool < integers < floats < complex: the order NumPy's kinds promote in.
pub fn kind_rank(d: Dtype) -> u8 {
    match d.kind() {
        Kind::Bool => 0,
        Kind::Signed | Kind::Unsigned => 1,
        Kind::Float => 2,
        Kind::Complex => 3,
    }
}

/// The dtype an array of `arr` meets a Python number of type `scalar` at (NumPy 2, NEP
/// 50): the number is "weak" and adopts the array's dtype unless it is of a higher kind
/// (an int array times 1.5 is float64; a float32 array times 1j is complex64).
pub fn promote_weak(arr: Dtype, scalar: Dtype) -> Dtype {
    if kind_rank(scalar) <= kind_rank(arr) {
        return arr;
    }
    match scalar.kind() {
        Kind::Signed | Kind::Unsigned => Dtype::I64,
        Kind::Float => Dtype::F64,
        _ => {
            if arr == Dtype::F32 {
                Dtype::C64
            } else {
                Dtype::C128
            }
        }
    }
}

/// Whether a scalar of this dtype can be a Python number (and so promote weakly).
pub fn is_python_dtype(d: Dtype) -> bool {
    matches!(d, Dtype::I64 | Dtype::F64 | Dtype::C128 | Dtype::Bool)
}

/// The type a variable gets when paths bring it `a` and `b`; `None` if they cannot meet.
pub fn unify(a: &Type, b: &Type) -> Option<Type> {
    if a == b {
        return Some(a.clone());
    }
    match (a, b) {
        (Type::Scalar(x), Type::Scalar(y)) => Some(Type::Scalar(promote(*x, *y))),
        (Type::Tuple(xs), Type::Tuple(ys)) if xs.len() == ys.len() => xs
            .iter()
            .zip(ys)
            .map(|(x, y)| unify(x, y))
            .collect::<Option<Vec<_>>>()
            .map(Type::tuple),
        (Type::Slice { unit_step: x }, Type::Slice { unit_step: y }) => Some(Type::Slice {
            unit_step: *x && *y,
        }),
        // Two different constant strings, or one and a run-time string.
        (Type::Str(_) | Type::Unicode, Type::Str(_) | Type::Unicode) => Some(Type::Unicode),
        (Type::Array(x), Type::Array(y)) if x.dtype == y.dtype && x.ndim == y.ndim => {
            let mut out = *x;
            if x.layout != y.layout {
                out.layout = crate::Layout::A;
            }
            out.readonly = x.readonly || y.readonly;
            Some(Type::Array(out))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Dtype::*;

    #[test]
    fn numpy_scalar_table() {
        assert_eq!(promote(I8, U8), I16);
        assert_eq!(promote(I64, U64), F64);
        assert_eq!(promote(I32, I64), I64);
        assert_eq!(promote(U8, U32), U32);
        assert_eq!(promote(F32, I16), F32);
        assert_eq!(promote(F32, I32), F64);
        assert_eq!(promote(F32, F64), F64);
        assert_eq!(promote(Bool, I8), I8);
        assert_eq!(promote(C64, F64), C128);
        assert_eq!(promote(C64, F32), C64);
        assert_eq!(promote(C64, I64), C128);
        assert_eq!(promote(C64, C128), C128);
    }

    #[test]
    fn promotion_does_not_depend_on_operand_order() {
        for a in Dtype::ALL {
            for b in Dtype::ALL {
                assert_eq!(promote(a, b), promote(b, a), "{a:?} with {b:?}");
            }
        }
    }

    #[test]
    fn unify_int_float() {
        assert_eq!(unify(&Type::I64, &Type::F64), Some(Type::F64));
        assert_eq!(unify(&Type::I64, &Type::None), None);
    }
}
