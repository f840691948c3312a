//! The array header: how an N-dimensional array value looks to compiled code.
//!
//! Code generation builds this struct as an LLVM struct type
//! `{ ptr, ptr, i64, i64, ptr, [N x i64], [N x i64] }` and the Python boundary fills it
//! from (and builds NumPy arrays out of) the same bytes, so both sides must agree with
//! [`ArrayHeader`] exactly. Every field is 8 bytes and 8-aligned on 64-bit targets, so
//! there is no padding: the header for `ndim` dimensions is [`header_size`]`(ndim)`
//! bytes, with shape at byte 40 and strides at byte `40 + 8 * ndim`.
//!
//! Use [`FIELD_MEMINFO`] .. [`FIELD_STRIDES`] as struct-GEP indices and
//! [`OFFSET_MEMINFO`] .. [`strides_offset`] as byte offsets.

use std::ffi::c_void;

use crate::memory::MemInfo;

/// Layout of an N-d array value as compiled code sees it. The shape and strides arrays
/// follow `data` inline: `[ndim x i64]` each.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ArrayHeader<const N: usize> {
    /// The reference-counted block that keeps the buffer alive, or null when the
    /// array does not own a reference (the buffer is kept alive by `parent` or by the
    /// caller for the duration of the call). Compiled code increments / decrements it
    /// with `oxjit_rt_incref` / `oxjit_rt_decref` (both null-safe).
    pub meminfo: *mut MemInfo,
    /// The Python object (a `PyObject*`, normally the NumPy array) the buffer came
    /// from, or null for arrays created by compiled code. Opaque to the runtime; the
    /// Python boundary may return it instead of building a new NumPy array.
    pub parent: *mut c_void,
    /// Total number of elements: the product of `shape` (1 for 0-d arrays).
    pub nitems: i64,
    /// Size of one element in bytes.
    pub itemsize: i64,
    /// Address of element `[0, 0, ..., 0]`. This need not be the start of the
    /// `meminfo` block (views, slices, negative strides).
    pub data: *mut u8,
    /// Number of elements along each axis.
    pub shape: [i64; N],
    /// Distance in **bytes** between consecutive elements along each axis; may be
    /// zero (broadcast) or negative (reversed views).
    pub strides: [i64; N],
}

/// The largest number of dimensions supported (NumPy's limit).
pub const MAX_NDIM: usize = 32;

/// Struct-GEP index of [`ArrayHeader::meminfo`].
pub const FIELD_MEMINFO: u32 = 0;
/// Struct-GEP index of [`ArrayHeader::parent`].
pub const FIELD_PARENT: u32 = 1;
/// Struct-GEP index of [`ArrayHeader::nitems`].
pub const FIELD_NITEMS: u32 = 2;
/// Struct-GEP index of [`ArrayHeader::itemsize`].
pub const FIELD_ITEMSIZE: u32 = 3;
/// Struct-GEP index of [`ArrayHeader::data`].
pub const FIELD_DATA: u32 = 4;
/// Struct-GEP index of [`ArrayHeader::shape`] (an `[ndim x i64]` array).
pub const FIELD_SHAPE: u32 = 5;
/// Struct-GEP index of [`ArrayHeader::strides`] (an `[ndim x i64]` array).
pub const FIELD_STRIDES: u32 = 6;
/// Number of fields in the header struct.
pub const NUM_FIELDS: u32 = 7;

/// Byte offset of [`ArrayHeader::meminfo`].
pub const OFFSET_MEMINFO: usize = 0;
/// Byte offset of [`ArrayHeader::parent`].
pub const OFFSET_PARENT: usize = 8;
/// Byte offset of [`ArrayHeader::nitems`].
pub const OFFSET_NITEMS: usize = 16;
/// Byte offset of [`ArrayHeader::itemsize`].
pub const OFFSET_ITEMSIZE: usize = 24;
/// Byte offset of [`ArrayHeader::data`].
pub const OFFSET_DATA: usize = 32;
/// Byte offset of [`ArrayHeader::shape`] (independent of `ndim`).
pub const OFFSET_SHAPE: usize = 40;

/// Alignment of the header in bytes.
pub const HEADER_ALIGN: usize = 8;

/// Byte offset of the shape array in a header for `ndim` dimensions (always 40).
pub const fn shape_offset(_ndim: usize) -> usize {
    OFFSET_SHAPE
}

/// Byte offset of the strides array in a header for `ndim` dimensions.
pub const fn strides_offset(ndim: usize) -> usize {
    OFFSET_SHAPE + 8 * ndim
}

/// Size in bytes of the header for `ndim` dimensions: `40 + 16 * ndim`.
pub const fn header_size(ndim: usize) -> usize {
    OFFSET_SHAPE + 16 * ndim
}

/// Pointer to the shape array of a header of any `ndim`, given its address.
///
/// # Safety
///
/// `header` must point to an array header (any `ndim`); the result is only valid
/// for `ndim` elements.
pub unsafe fn shape_ptr(header: *mut u8) -> *mut i64 {
    // SAFETY: the caller guarantees the header spans at least the shape offset.
    unsafe { header.add(OFFSET_SHAPE) as *mut i64 }
}

/// Pointer to the strides array of a header with `ndim` dimensions, given its address.
///
/// # Safety
///
/// `header` must point to an array header with exactly `ndim` dimensions.
pub unsafe fn strides_ptr(header: *mut u8, ndim: usize) -> *mut i64 {
    // SAFETY: the caller guarantees the header has `ndim` dimensions.
    unsafe { header.add(strides_offset(ndim)) as *mut i64 }
}

/// Whether `shape`/`strides` (bytes) describe a C-contiguous (row-major) buffer of
/// `itemsize`-byte elements, with NumPy's rules: axes of length 1 are ignored and an
/// empty array is contiguous.
pub fn is_c_contiguous(shape: &[i64], strides: &[i64], itemsize: i64) -> bool {
    contiguous(shape.iter().zip(strides).rev(), itemsize)
}

/// Whether `shape`/`strides` (bytes) describe a Fortran-contiguous (column-major)
/// buffer, with the same rules as [`is_c_contiguous`].
pub fn is_f_contiguous(shape: &[i64], strides: &[i64], itemsize: i64) -> bool {
    contiguous(shape.iter().zip(strides), itemsize)
}

fn contiguous<'a>(axes: impl Iterator<Item = (&'a i64, &'a i64)> + Clone, itemsize: i64) -> bool {
    if axes.clone().any(|(&n, _)| n == 0) {
        return true;
    }
    let mut expected = itemsize;
    for (&n, &stride) in axes {
        if n != 1 {
            if stride != expected {
                return false;
            }
            expected = expected.wrapping_mul(n);
        }
    }
    true
}

impl<const N: usize> ArrayHeader<N> {
    /// Number of dimensions.
    pub const NDIM: usize = N;

    /// Whether this array is C-contiguous (see [`is_c_contiguous`]).
    pub fn is_c_contiguous(&self) -> bool {
        is_c_contiguous(&self.shape, &self.strides, self.itemsize)
    }

    /// Whether this array is Fortran-contiguous (see [`is_f_contiguous`]).
    pub fn is_f_contiguous(&self) -> bool {
        is_f_contiguous(&self.shape, &self.strides, self.itemsize)
    }
}

/// Strides that view an array of shape `old` (byte strides `old_strides`) as shape `new`
/// in C order without copying, as NumPy's `reshape` does when it can; `None` when the
/// memory layout does not allow it. The new shape must hold as many elements as the old.
///
/// Axes of length 1 are left out of the old shape. The rest are matched group by group:
/// the fewest leading old and new axes with equal products; the old axes of a group must
/// be C-contiguous among themselves, and its new axes then step through them.
pub fn reshape_strides(
    old: &[i64],
    old_strides: &[i64],
    new: &[i64],
    itemsize: i64,
) -> Option<Vec<i64>> {
    let mut strides = vec![itemsize; new.len()];
    if new.contains(&0) || old.contains(&0) {
        // No elements: any strides do; use the C ones.
        for d in (0..new.len().saturating_sub(1)).rev() {
            strides[d] = strides[d + 1] * new[d + 1].max(1);
        }
        return Some(strides);
    }
    let axes: Vec<(i64, i64)> = old
        .iter()
        .zip(old_strides)
        .filter(|(&n, _)| n != 1)
        .map(|(&n, &s)| (n, s))
        .collect();
    let (mut oi, mut ni) = (0, 0);
    while oi < axes.len() && ni < new.len() {
        let (mut oj, mut nj) = (oi + 1, ni + 1);
        let (mut op, mut np) = (axes[oi].0, new[ni]);
        while op != np {
            if np < op {
                np *= *new.get(nj)?;
                nj += 1;
            } else {
                op *= axes.get(oj)?.0;
                oj += 1;
            }
        }
        for k in oi..oj - 1 {
            if axes[k].1 != axes[k + 1].0 * axes[k + 1].1 {
                return None;
            }
        }
        strides[nj - 1] = axes[oj - 1].1;
        for k in (ni + 1..nj).rev() {
            strides[k - 1] = strides[k] * new[k];
        }
        (oi, ni) = (oj, nj);
    }
    // Trailing new axes (all of length 1) keep the item size.
    Some(strides)
}

/// [`reshape_strides`] for compiled code: writes `new_ndim` strides to `new_strides` and
/// returns true, or returns false when `reshape` must copy.
///
/// # Safety
/// The pointers must address `old_ndim`, `old_ndim` and `new_ndim` readable and
/// `new_ndim` writable `i64`s.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_reshape_strides(
    old_ndim: i64,
    old_shape: *const i64,
    old_strides: *const i64,
    new_ndim: i64,
    new_shape: *const i64,
    new_strides: *mut i64,
    itemsize: i64,
) -> bool {
    let slice = |p: *const i64, n: i64| {
        if n == 0 {
            &[][..]
        } else {
            // SAFETY: the caller passes `n` readable values at `p`.
            unsafe { std::slice::from_raw_parts(p, n as usize) }
        }
    };
    let found = reshape_strides(
        slice(old_shape, old_ndim),
        slice(old_strides, old_ndim),
        slice(new_shape, new_ndim),
        itemsize,
    );
    match found {
        Some(strides) => {
            for (k, s) in strides.into_iter().enumerate() {
                // SAFETY: the caller passes `new_ndim` writable values.
                unsafe { *new_strides.add(k) = s };
            }
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{align_of, offset_of, size_of};

    fn check<const N: usize>() {
        type H<const M: usize> = ArrayHeader<M>;
        assert_eq!(offset_of!(H<N>, meminfo), 0);
        assert_eq!(offset_of!(H<N>, parent), 8);
        assert_eq!(offset_of!(H<N>, nitems), 16);
        assert_eq!(offset_of!(H<N>, itemsize), 24);
        assert_eq!(offset_of!(H<N>, data), 32);
        assert_eq!(offset_of!(H<N>, shape), 40);
        assert_eq!(offset_of!(H<N>, strides), 40 + 8 * N);
        assert_eq!(offset_of!(H<N>, meminfo), OFFSET_MEMINFO);
        assert_eq!(offset_of!(H<N>, parent), OFFSET_PARENT);
        assert_eq!(offset_of!(H<N>, nitems), OFFSET_NITEMS);
        assert_eq!(offset_of!(H<N>, itemsize), OFFSET_ITEMSIZE);
        assert_eq!(offset_of!(H<N>, data), OFFSET_DATA);
        assert_eq!(offset_of!(H<N>, shape), shape_offset(N));
        assert_eq!(offset_of!(H<N>, strides), strides_offset(N));
        assert_eq!(size_of::<H<N>>(), header_size(N));
        assert_eq!(align_of::<H<N>>(), HEADER_ALIGN);
        assert_eq!(H::<N>::NDIM, N);
    }

    #[test]
    fn layout_matches_documented_offsets() {
        check::<0>();
        check::<1>();
        check::<2>();
        check::<3>();
        check::<7>();
        check::<MAX_NDIM>();
        assert_eq!(header_size(0), 40);
        assert_eq!(header_size(1), 56);
        assert_eq!(header_size(2), 72);
        assert_eq!(NUM_FIELDS, FIELD_STRIDES + 1);
        assert_eq!(
            [
                FIELD_MEMINFO,
                FIELD_PARENT,
                FIELD_NITEMS,
                FIELD_ITEMSIZE,
                FIELD_DATA,
                FIELD_SHAPE,
                FIELD_STRIDES
            ],
            [0, 1, 2, 3, 4, 5, 6]
        );
    }

    #[test]
    fn raw_pointers_reach_shape_and_strides() {
        let mut h = ArrayHeader::<3> {
            meminfo: std::ptr::null_mut(),
            parent: std::ptr::null_mut(),
            nitems: 24,
            itemsize: 8,
            data: std::ptr::null_mut(),
            shape: [2, 3, 4],
            strides: [96, 32, 8],
        };
        let base = &mut h as *mut ArrayHeader<3> as *mut u8;
        unsafe {
            let shape = std::slice::from_raw_parts(shape_ptr(base), 3);
            let strides = std::slice::from_raw_parts(strides_ptr(base, 3), 3);
            assert_eq!(shape, [2, 3, 4]);
            assert_eq!(strides, [96, 32, 8]);
        }
        assert!(h.is_c_contiguous());
        assert!(!h.is_f_contiguous());
    }

    #[test]
    fn contiguity_follows_numpy_rules() {
        assert!(is_c_contiguous(&[], &[], 8));
        assert!(is_f_contiguous(&[], &[], 8));
        assert!(is_c_contiguous(&[3, 4], &[32, 8], 8));
        assert!(is_f_contiguous(&[3, 4], &[8, 24], 8));
        assert!(!is_c_contiguous(&[3, 4], &[8, 24], 8));
        // Axes of length 1 are ignored.
        assert!(is_c_contiguous(&[1, 4], &[0, 8], 8));
        assert!(is_f_contiguous(&[1, 4], &[0, 8], 8));
        // Empty arrays are contiguous whatever the strides.
        assert!(is_c_contiguous(&[0, 4], &[123, -8], 8));
        // Sliced with a step.
        assert!(!is_c_contiguous(&[5], &[16], 8));
        assert!(!is_c_contiguous(&[5], &[-8], 8));
    }

    #[test]
    fn reshape_views_where_numpy_does() {
        // Every other element of 10: one axis, any new shape of the same size is a view.
        assert_eq!(reshape_strides(&[5], &[16], &[5], 8), Some(vec![16]));
        assert_eq!(reshape_strides(&[5], &[16], &[1, 5], 8), Some(vec![80, 16]));
        assert_eq!(reshape_strides(&[6], &[16], &[2, 3], 8), Some(vec![48, 16]));
        // Rows of a wider array: each row is contiguous, rows are not.
        assert_eq!(
            reshape_strides(&[3, 4], &[80, 8], &[3, 2, 2], 8),
            Some(vec![80, 16, 8])
        );
        assert_eq!(reshape_strides(&[3, 4], &[80, 8], &[12], 8), None);
        // A transpose cannot be flattened in C order, but axes of length 1 do not matter.
        assert_eq!(reshape_strides(&[4, 3], &[8, 32], &[12], 8), None);
        assert_eq!(
            reshape_strides(&[1, 4], &[0, 24], &[4, 1], 8),
            Some(vec![24, 8])
        );
        // Reversed: a negative stride carries over.
        assert_eq!(
            reshape_strides(&[6], &[-8], &[3, 2], 8),
            Some(vec![-16, -8])
        );
        // Empty arrays take C strides.
        assert_eq!(
            reshape_strides(&[0, 3], &[8, 80], &[3, 0], 8),
            Some(vec![8, 8])
        );
    }
}
