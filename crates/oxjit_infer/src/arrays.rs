//! Typing rules for arrays and lists as operands: elementwise operators with NumPy's
//! broadcasting and promotion, subscripts with slices and `None`, item assignment.

use oxjit_ir::{BinOp, CmpOp, UnaryOp};
use oxjit_types::{
    is_python_dtype, kind_rank, promote, promote_weak, ArrayType, Dtype, Layout, Type,
};

/// Python numbers promote weakly (see [`promote_weak`]); NumPy scalars like 0-d arrays.
fn with_scalar(arr: Dtype, scalar: Dtype) -> Dtype {
    if is_python_dtype(scalar) {
        promote_weak(arr, scalar)
    } else {
        promote(arr, scalar)
    }
}

/// `weak` says whether the scalar operand (if any) is a Python number (NEP 50): a NumPy
/// scalar (an array element, `np.float32(x)`) promotes like a 0-d array instead.
fn element_dtype(a: &Type, b: &Type, weak: bool) -> Option<Dtype> {
    Some(match (a, b) {
        (Type::Array(x), Type::Array(y)) => promote(x.dtype, y.dtype),
        (Type::Array(x), Type::Scalar(s)) | (Type::Scalar(s), Type::Array(x)) => {
            if weak {
                with_scalar(x.dtype, *s)
            } else {
                promote(x.dtype, *s)
            }
        }
        _ => return None,
    })
}

fn ndim_of(t: &Type) -> u8 {
    t.array().map_or(0, |a| a.ndim)
}

/// The result of an elementwise operation: an array, or a NumPy scalar where every
/// operand was 0-d (NumPy's ufuncs return scalars then: `np.array(2.0) + 1` is
/// `np.float64(3.0)`).
pub fn result_array(dtype: Dtype, ndim: u8) -> Type {
    if ndim == 0 {
        return Type::Scalar(dtype);
    }
    Type::Array(ArrayType {
        dtype,
        ndim,
        layout: Layout::C,
        readonly: false,
    })
}

/// `a op b` with an array operand: the broadcast result type.
pub fn binary(op: BinOp, a: &Type, b: &Type, weak: bool) -> Result<Type, String> {
    let r = binary_dtype(op, a, b, weak)?;
    Ok(result_array(r, ndim_of(a).max(ndim_of(b))))
}

/// The dtype `a op b` is computed in, with an array operand.
fn binary_dtype(op: BinOp, a: &Type, b: &Type, weak: bool) -> Result<Dtype, String> {
    let bad = || format!("unsupported operand types for {}: {a} and {b}", op.symbol());
    let d = element_dtype(a, b, weak).ok_or_else(bad)?;
    let int_or_bool = d.is_integer() || d == Dtype::Bool;
    let r = match op {
        BinOp::Add | BinOp::Mul => d,
        BinOp::Sub => {
            if d == Dtype::Bool {
                return Err(format!(
                    "numpy boolean subtract, the `-` operator, is not supported ({a} - {b})"
                ));
            }
            d
        }
        BinOp::Div => {
            if int_or_bool {
                Dtype::F64
            } else {
                d
            }
        }
        BinOp::FloorDiv | BinOp::Mod | BinOp::Pow => {
            if d.is_complex() && op != BinOp::Pow {
                return Err(bad());
            }
            if d == Dtype::Bool {
                Dtype::I8
            } else {
                d
            }
        }
        BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor | BinOp::LShift | BinOp::RShift => {
            if !int_or_bool {
                return Err(bad());
            }
            // NumPy's shifts have no bool loop: bools shift as int8.
            if d == Dtype::Bool && matches!(op, BinOp::LShift | BinOp::RShift) {
                Dtype::I8
            } else {
                d
            }
        }
        BinOp::MatMul => unreachable!("matmul is typed by the builtins registry"),
    };
    Ok(r)
}

pub fn unary(op: UnaryOp, t: &ArrayType) -> Result<Type, String> {
    match op {
        UnaryOp::Neg | UnaryOp::Pos if t.dtype != Dtype::Bool => Ok(result_array(t.dtype, t.ndim)),
        UnaryOp::Invert if t.dtype.is_integer() || t.dtype == Dtype::Bool => {
            Ok(result_array(t.dtype, t.ndim))
        }
        _ => Err(format!(
            "bad operand type for unary {}: {}",
            op.symbol(),
            Type::Array(*t)
        )),
    }
}

pub fn compare(op: CmpOp, a: &Type, b: &Type, weak: bool) -> Result<Type, String> {
    if matches!(op, CmpOp::Is | CmpOp::IsNot | CmpOp::In | CmpOp::NotIn) {
        return Err(format!("'{}' is not supported with arrays", op.symbol()));
    }
    element_dtype(a, b, weak).ok_or_else(|| format!("cannot compare {a} and {b}"))?;
    Ok(result_array(Dtype::Bool, ndim_of(a).max(ndim_of(b))))
}

/// `target op= value` on an array: computed elementwise into `target`, whose dtype must
/// hold the result (NumPy's same-kind casting). Gives the dtype the operation is computed in.
pub fn inplace(op: BinOp, target: &ArrayType, value: &Type, weak: bool) -> Result<Dtype, String> {
    if target.readonly {
        return Err(format!(
            "cannot modify a readonly array ({})",
            Type::Array(*target)
        ));
    }
    let rd = binary_dtype(op, &Type::Array(*target), value, weak)?;
    // NumPy's same_kind casting: never up a kind, nor from signed to unsigned.
    let signed_to_unsigned = rd.is_signed() && target.dtype.kind() == oxjit_types::Kind::Unsigned;
    if kind_rank(rd) > kind_rank(target.dtype) || signed_to_unsigned {
        return Err(format!(
            "cannot cast the {} result of {} to the {} target in place",
            rd.name(),
            op.symbol(),
            target.dtype.name()
        ));
    }
    Ok(rd)
}

/// What one position of a subscript is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum IndexKind {
    Int,
    /// A slice; `true` when its step is 1.
    Slice(bool),
    NewAxis,
}

pub fn index_kinds(index: &Type) -> Option<Vec<IndexKind>> {
    let one = |t: &Type| match t {
        t if t.is_index() => Some(IndexKind::Int),
        Type::Slice { unit_step } => Some(IndexKind::Slice(*unit_step)),
        Type::None => Some(IndexKind::NewAxis),
        _ => None,
    };
    match index {
        Type::Tuple(items) => items.iter().map(one).collect(),
        t => one(t).map(|k| vec![k]),
    }
}

/// The type of `a[index]`: an element, or a view.
pub fn index_array(a: &ArrayType, kinds: &[IndexKind]) -> Result<Type, String> {
    let used = kinds.iter().filter(|k| **k != IndexKind::NewAxis).count();
    if used > a.ndim as usize {
        return Err(format!(
            "too many indices for {}: {used} given, {} dimensions",
            Type::Array(*a),
            a.ndim
        ));
    }
    let ints = kinds.iter().filter(|k| **k == IndexKind::Int).count();
    let new = kinds.iter().filter(|k| **k == IndexKind::NewAxis).count();
    let ndim = a.ndim as usize - ints + new;
    if ndim == 0 {
        return Ok(Type::Scalar(a.dtype));
    }
    // Leading integers of a C array keep it C, and so does one unit-step slice after them
    // with no index following it (`A[j, i+1:]`, `A[1:]`: whole rows, or part of the last
    // one); anything else may have gaps.
    let leading_ints = kinds.iter().take_while(|k| **k == IndexKind::Int).count();
    let rest = &kinds[leading_ints..];
    let contiguous_rest = rest.is_empty() || rest == [IndexKind::Slice(true)];
    let layout = if a.layout == Layout::C && contiguous_rest {
        Layout::C
    } else {
        Layout::A
    };
    Ok(Type::Array(ArrayType {
        ndim: ndim as u8,
        layout,
        ..*a
    }))
}
