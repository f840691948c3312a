//! In-memory layout of values that cross the boundary between compiled code and the host:
//! arguments handed in, results written out. C struct rules (natural alignment), which is
//! what LLVM's x86-64 and AArch64 data layouts give for non-packed structs.

use crate::{TupleType, Type};

/// Bytes of the array header for `ndim` dimensions: five pointer-sized fields, then the
/// shape and strides (see `oxjit_runtime::array`).
pub fn array_header_size(ndim: u8) -> usize {
    5 * 8 + 16 * ndim as usize
}

/// `(size, align)` of a value of type `t` in memory.
pub fn size_align(t: &Type) -> (usize, usize) {
    match t {
        Type::Scalar(d) => {
            let size = d.itemsize() as usize;
            let align = if d.is_complex() { size / 2 } else { size };
            (size, align)
        }
        Type::Array(a) => (array_header_size(a.ndim), 8),
        Type::Range => (24, 8),
        Type::Slice { .. } => (32, 8),
        // A list is a pointer to its memory block (see oxjit_runtime::list).
        Type::List(_)
        | Type::Dict(_)
        | Type::DictView(..)
        | Type::CaughtException
        | Type::Generator(_) => (8, 8),
        // Memory block, code points, length (see `Type::Unicode`).
        Type::Unicode => (24, 8),
        Type::Tuple(TupleType { items, .. }) | Type::Zip(items) => {
            let offsets = field_offsets(items);
            let align = items.iter().map(|t| size_align(t).1).max().unwrap_or(1);
            let end = items
                .last()
                .map(|t| offsets[items.len() - 1] + size_align(t).0)
                .unwrap_or(0);
            (end.div_ceil(align) * align, align)
        }
        Type::Enumerate(inner) => size_align(&Type::tuple(vec![Type::I64, (**inner).clone()])),
        Type::Optional(inner) => size_align(&Type::optional_pair(inner)),
        _ => (0, 1),
    }
}

/// The 8-byte words of a value of type `t` in memory that hold a reference to a memory
/// block (an array's, list's or dict's), as a bit mask; `None` beyond 64 words.
pub fn managed_words(t: &Type) -> Option<u64> {
    fn walk(t: &Type, offset: usize, mask: &mut u64) -> Option<()> {
        match t {
            Type::Array(_)
            | Type::List(_)
            | Type::Dict(_)
            | Type::DictView(..)
            | Type::Unicode
            | Type::CaughtException
            | Type::Generator(_) => {
                let word = offset / 8;
                *mask |= 1u64.checked_shl(word as u32).filter(|_| word < 64)?;
            }
            Type::Tuple(TupleType { items, .. }) | Type::Zip(items) => {
                for (item, at) in items.iter().zip(field_offsets(items)) {
                    walk(item, offset + at, mask)?;
                }
            }
            Type::Optional(inner) => walk(&Type::optional_pair(inner), offset, mask)?,
            Type::Enumerate(inner) => walk(
                &Type::tuple(vec![Type::I64, (**inner).clone()]),
                offset,
                mask,
            )?,
            _ => {}
        }
        Some(())
    }
    let mut mask = 0;
    walk(t, 0, &mut mask)?;
    Some(mask)
}

/// Offsets of each field of a struct made of `items`, in order.
pub fn field_offsets(items: &[Type]) -> Vec<usize> {
    let mut offset = 0usize;
    items
        .iter()
        .map(|t| {
            let (size, align) = size_align(t);
            offset = offset.div_ceil(align) * align;
            let here = offset;
            offset += size;
            here
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dtype;

    #[test]
    fn tuple_layout_is_c_struct() {
        let t = vec![
            Type::Scalar(Dtype::Bool),
            Type::F64,
            Type::Scalar(Dtype::I32),
        ];
        assert_eq!(field_offsets(&t), vec![0, 8, 16]);
        assert_eq!(size_align(&Type::tuple(t)), (24, 8));
        assert_eq!(size_align(&Type::Scalar(Dtype::C64)), (8, 4));
    }
}
