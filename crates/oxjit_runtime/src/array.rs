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
}
