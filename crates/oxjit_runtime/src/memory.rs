//! Reference-counted memory blocks, the analogue of Numba's NRT `MemInfo`.
//!
//! A [`MemInfo`] owns (or wraps) one block of bytes and carries an atomic reference
//! count. Compiled code increments the count when it copies an array value and
//! decrements it when a copy dies; when the count reaches zero the block is released:
//! the destructor, if any, is called first, then the runtime frees the data it
//! allocated itself (blocks from [`oxjit_rt_meminfo_new_external`] are never freed
//! by the runtime, only handed to their destructor), then the `MemInfo` itself.
//!
//! Process-wide counters ([`stats`]) record how many blocks and `MemInfo`s were
//! allocated and freed, so tests can check for leaks.

use std::alloc::{self, Layout};
use std::ffi::c_void;
use std::ptr;
use std::sync::atomic::{fence, AtomicIsize, AtomicU64, Ordering};

use crate::error::{raise, ErrorKind};

/// Destructor called when a [`MemInfo`]'s reference count drops to zero:
/// `dtor(data, size, dtor_info)`.
pub type Destructor = unsafe extern "C" fn(data: *mut u8, size: usize, info: *mut c_void);

/// Minimum alignment of every block the runtime allocates (a cache line; enough for
/// any SIMD load LLVM may emit).
pub const MIN_ALIGN: usize = 64;

/// A reference-counted memory block.
///
/// The public fields are laid out `repr(C)` so compiled code may read them directly
/// (offsets 0, 8, 16, 24, 32 on 64-bit targets), but it should go through
/// [`oxjit_rt_incref`] / [`oxjit_rt_decref`] / [`oxjit_rt_meminfo_data`].
/// Byte offset of [`MemInfo::data`], for code that reads it directly.
pub const MEMINFO_DATA_OFFSET: usize = std::mem::offset_of!(MemInfo, data);

#[repr(C)]
pub struct MemInfo {
    /// Number of live references; the block is released when it drops to zero.
    pub refcount: AtomicIsize,
    /// Start of the data block (never null for runtime-allocated blocks, even of size 0).
    pub data: *mut u8,
    /// Size of the data block in bytes, as requested.
    pub size: usize,
    /// Called as `dtor(data, size, dtor_info)` before the block is released.
    pub dtor: Option<Destructor>,
    /// Opaque pointer passed to `dtor`.
    pub dtor_info: *mut c_void,
    /// The runtime's own allocation, which starts with this `MemInfo` and holds `data`
    /// after it (aligned up), or `None` when `data` is owned elsewhere (external blocks,
    /// whose `MemInfo` is a box of its own).
    alloc: Option<(*mut u8, Layout)>,
}

/// Process-wide allocation counters (see [`stats`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AllocStats {
    /// Data blocks allocated by the runtime.
    pub alloc: u64,
    /// Data blocks freed by the runtime.
    pub free: u64,
    /// `MemInfo`s created (runtime-allocated and external).
    pub mi_alloc: u64,
    /// `MemInfo`s destroyed.
    pub mi_free: u64,
}

static ALLOC: AtomicU64 = AtomicU64::new(0);
static FREE: AtomicU64 = AtomicU64::new(0);
static MI_ALLOC: AtomicU64 = AtomicU64::new(0);
static MI_FREE: AtomicU64 = AtomicU64::new(0);

/// A snapshot of the process-wide allocation counters.
pub fn stats() -> AllocStats {
    AllocStats {
        alloc: ALLOC.load(Ordering::Relaxed),
        free: FREE.load(Ordering::Relaxed),
        mi_alloc: MI_ALLOC.load(Ordering::Relaxed),
        mi_free: MI_FREE.load(Ordering::Relaxed),
    }
}

pub(crate) fn new_meminfo(
    data: *mut u8,
    size: usize,
    dtor: Option<Destructor>,
    dtor_info: *mut c_void,
) -> *mut MemInfo {
    MI_ALLOC.fetch_add(1, Ordering::Relaxed);
    Box::into_raw(Box::new(MemInfo {
        refcount: AtomicIsize::new(1),
        data,
        size,
        dtor,
        dtor_info,
        alloc: None,
    }))
}

fn alloc_block(size: usize, align: usize, zeroed: bool) -> *mut MemInfo {
    // The system allocator's plain malloc path, over-allocated and aligned up by hand:
    // glibc's aligned allocation maps every large block afresh (its reuse threshold is
    // set from the block it just freed, smaller than the padded request), so each call
    // returning a big array paid a page fault per 4 KB (8 MB: about 2.5 ms).
    // The `MemInfo` lives at the start of the same allocation, before the data: one
    // malloc per block (strings and small arrays are made by the thousand).
    let header = std::mem::size_of::<MemInfo>();
    let aligned = align.max(MIN_ALIGN).checked_next_power_of_two();
    let padded = aligned.and_then(|aligned| {
        let total = size.max(1).checked_add(aligned)?.checked_add(header)?;
        Some((aligned, Layout::from_size_align(total, 16).ok()?))
    });
    let Some((aligned, layout)) = padded else {
        raise(
            ErrorKind::MemoryError,
            format!("cannot allocate {size} bytes aligned to {align}"),
        );
        return ptr::null_mut();
    };
    // SAFETY: `layout` has a non-zero size.
    let base = unsafe {
        if zeroed {
            alloc::alloc_zeroed(layout)
        } else {
            alloc::alloc(layout)
        }
    };
    if base.is_null() {
        raise(
            ErrorKind::MemoryError,
            format!("cannot allocate {size} bytes"),
        );
        return ptr::null_mut();
    }
    // SAFETY: the data starts after the header, aligned up within the `aligned` spare
    // bytes.
    let data = unsafe {
        let after = base.add(header);
        after.add(after.align_offset(aligned))
    };
    ALLOC.fetch_add(1, Ordering::Relaxed);
    MI_ALLOC.fetch_add(1, Ordering::Relaxed);
    let mi = base as *mut MemInfo;
    // SAFETY: `base` is 16-aligned with room for the header, which nothing else uses.
    unsafe {
        mi.write(MemInfo {
            refcount: AtomicIsize::new(1),
            data,
            size,
            dtor: None,
            dtor_info: ptr::null_mut(),
            alloc: Some((base, layout)),
        })
    };
    mi
}

/// Allocates a new block of `size` bytes (contents uninitialised) with reference
/// count 1. The data is aligned to at least 64 bytes and at least `align` (rounded up
/// to a power of two). `size == 0` gives a valid, non-null, unique data pointer.
///
/// On failure returns null and records a `MemoryError` (see [`crate::error`]).
pub extern "C" fn oxjit_rt_meminfo_alloc(size: usize, align: usize) -> *mut MemInfo {
    alloc_block(size, align, false)
}

/// Like [`oxjit_rt_meminfo_alloc`], but the data is zero-filled.
pub extern "C" fn oxjit_rt_meminfo_alloc_zeroed(size: usize, align: usize) -> *mut MemInfo {
    alloc_block(size, align, true)
}

/// Wraps `size` bytes at `data`, owned elsewhere (e.g. a NumPy buffer), in a new
/// `MemInfo` with reference count 1. When the count drops to zero, `dtor` (if not
/// null) is called as `dtor(data, size, dtor_info)`; the runtime never frees `data`.
///
/// # Safety
///
/// `dtor`, if given, must be safe to call once with these arguments, from whichever
/// thread drops the last reference.
pub unsafe extern "C" fn oxjit_rt_meminfo_new_external(
    data: *mut u8,
    size: usize,
    dtor: Option<Destructor>,
    dtor_info: *mut c_void,
) -> *mut MemInfo {
    new_meminfo(data, size, dtor, dtor_info)
}

/// Adds one reference. A no-op on null.
///
/// # Safety
///
/// `mi` must be null or a live `MemInfo` from this module.
pub unsafe extern "C" fn oxjit_rt_incref(mi: *mut MemInfo) {
    if mi.is_null() {
        return;
    }
    // SAFETY: the caller guarantees `mi` is live.
    unsafe { (*mi).refcount.fetch_add(1, Ordering::Relaxed) };
}

/// Drops one reference. A no-op on null. When the count reaches zero, calls the
/// destructor (if any), frees the data the runtime allocated, and frees the `MemInfo`.
///
/// # Safety
///
/// `mi` must be null or a live `MemInfo` from this module, and the caller must own
/// the reference it drops; after the last reference is dropped `mi` is dangling.
pub unsafe extern "C" fn oxjit_rt_decref(mi: *mut MemInfo) {
    if mi.is_null() {
        return;
    }
    // SAFETY: the caller guarantees `mi` is live.
    let prev = unsafe { (*mi).refcount.fetch_sub(1, Ordering::Release) };
    if prev != 1 {
        // prev > 1: others still hold references. prev <= 0 would be an
        // over-release; freeing again would be a double free, so do nothing.
        return;
    }
    // Synchronise with every earlier release so all writes to the block are visible
    // to the destructor.
    fence(Ordering::Acquire);
    // SAFETY: the count hit zero, so this is the only remaining reference. A block the
    // runtime allocated holds its `MemInfo` at its start (`alloc_block`); any other
    // `MemInfo` came from `Box::into_raw` in `new_meminfo`.
    let info = unsafe { ptr::read(mi) };
    if let Some(dtor) = info.dtor {
        // SAFETY: the creator of the MemInfo vouched for the destructor.
        unsafe { dtor(info.data, info.size, info.dtor_info) };
    }
    match info.alloc {
        Some((base, layout)) => {
            debug_assert_eq!(
                base, mi as *mut u8,
                "a runtime block starts with its MemInfo"
            );
            // SAFETY: `base` was allocated in `alloc_block` with exactly this layout; the
            // MemInfo inside it was read out above.
            unsafe { alloc::dealloc(base, layout) };
            FREE.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: an external block's MemInfo is a Box of its own.
        None => drop(unsafe { Box::from_raw(mi) }),
    }
    MI_FREE.fetch_add(1, Ordering::Relaxed);
}

/// The data pointer of `mi` (null for a null `mi`).
///
/// # Safety
///
/// `mi` must be null or a live `MemInfo` from this module.
pub unsafe extern "C" fn oxjit_rt_meminfo_data(mi: *mut MemInfo) -> *mut u8 {
    if mi.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: the caller guarantees `mi` is live.
    unsafe { (*mi).data }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::offset_of;
    use std::sync::Mutex;

    /// The counters are process-wide; tests that check exact deltas run one at a time.
    static LOCK: Mutex<()> = Mutex::new(());

    fn lock() -> std::sync::MutexGuard<'static, ()> {
        LOCK.lock().unwrap_or_else(|e| e.into_inner())
    }

    #[test]
    fn public_field_offsets() {
        assert_eq!(offset_of!(MemInfo, refcount), 0);
        assert_eq!(offset_of!(MemInfo, data), 8);
        assert_eq!(offset_of!(MemInfo, size), 16);
        assert_eq!(offset_of!(MemInfo, dtor), 24);
        assert_eq!(offset_of!(MemInfo, dtor_info), 32);
    }

    #[test]
    fn alloc_incref_decref_frees_once() {
        let _g = lock();
        let before = stats();
        let mi = oxjit_rt_meminfo_alloc(100, 8);
        assert!(!mi.is_null());
        unsafe {
            let data = oxjit_rt_meminfo_data(mi);
            assert!(!data.is_null());
            assert_eq!(data as usize % MIN_ALIGN, 0);
            assert_eq!((*mi).size, 100);
            // The block is writable over its whole size.
            std::ptr::write_bytes(data, 0xab, 100);
            assert_eq!((*mi).refcount.load(Ordering::Relaxed), 1);
            oxjit_rt_incref(mi);
            assert_eq!((*mi).refcount.load(Ordering::Relaxed), 2);
            oxjit_rt_decref(mi);
            assert_eq!((*mi).refcount.load(Ordering::Relaxed), 1);
            let mid = stats();
            assert_eq!(mid.alloc - before.alloc, 1);
            assert_eq!(mid.free - before.free, 0);
            oxjit_rt_decref(mi);
        }
        let after = stats();
        assert_eq!(after.alloc - before.alloc, 1);
        assert_eq!(after.free - before.free, 1);
        assert_eq!(after.mi_alloc - before.mi_alloc, 1);
        assert_eq!(after.mi_free - before.mi_free, 1);
    }

    #[test]
    fn zero_size_and_large_alignment() {
        let _g = lock();
        let a = oxjit_rt_meminfo_alloc(0, 1);
        let b = oxjit_rt_meminfo_alloc(0, 1);
        let c = oxjit_rt_meminfo_alloc(10, 4096);
        unsafe {
            assert!(!(*a).data.is_null());
            assert_ne!((*a).data, (*b).data);
            assert_eq!((*a).size, 0);
            assert_eq!((*c).data as usize % 4096, 0);
            // Non-power-of-two alignment is rounded up.
            let d = oxjit_rt_meminfo_alloc(1, 100);
            assert_eq!((*d).data as usize % 128, 0);
            for mi in [a, b, c, d] {
                oxjit_rt_decref(mi);
            }
        }
    }

    #[test]
    fn zeroed_is_zero() {
        let _g = lock();
        let mi = oxjit_rt_meminfo_alloc_zeroed(1000, 16);
        unsafe {
            let s = std::slice::from_raw_parts((*mi).data, 1000);
            assert!(s.iter().all(|&b| b == 0));
            oxjit_rt_decref(mi);
        }
    }

    #[test]
    fn impossible_allocation_reports_memory_error() {
        let _g = lock();
        let _ = crate::error::take_error();
        let mi = oxjit_rt_meminfo_alloc(usize::MAX - 10, 8);
        assert!(mi.is_null());
        let (kind, msg) = crate::error::take_error().expect("error recorded");
        assert_eq!(kind, ErrorKind::MemoryError);
        assert!(msg.contains("allocate"), "{msg}");
    }

    #[test]
    fn null_is_a_noop() {
        unsafe {
            oxjit_rt_incref(ptr::null_mut());
            oxjit_rt_decref(ptr::null_mut());
            assert!(oxjit_rt_meminfo_data(ptr::null_mut()).is_null());
        }
    }

    unsafe extern "C" fn count_dtor(data: *mut u8, size: usize, info: *mut c_void) {
        // SAFETY: the test passes a pointer to an AtomicUsize as `info`.
        let counter = unsafe { &*(info as *const std::sync::atomic::AtomicUsize) };
        // SAFETY: the test passes a 3-byte buffer. (No assert here: a panic cannot
        // unwind out of an `extern "C"` function.)
        let ok = size == 3 && unsafe { *data.add(2) } == 7;
        counter.fetch_add(if ok { 1 } else { 100 }, Ordering::SeqCst);
    }

    #[test]
    fn external_block_calls_dtor_and_is_not_freed() {
        let _g = lock();
        let counter = std::sync::atomic::AtomicUsize::new(0);
        let mut buf = [1u8, 2, 7];
        let before = stats();
        unsafe {
            let mi = oxjit_rt_meminfo_new_external(
                buf.as_mut_ptr(),
                3,
                Some(count_dtor),
                &counter as *const _ as *mut c_void,
            );
            assert_eq!(oxjit_rt_meminfo_data(mi), buf.as_mut_ptr());
            oxjit_rt_incref(mi);
            oxjit_rt_decref(mi);
            assert_eq!(counter.load(Ordering::SeqCst), 0);
            oxjit_rt_decref(mi);
        }
        assert_eq!(counter.load(Ordering::SeqCst), 1);
        let after = stats();
        assert_eq!(after.alloc, before.alloc);
        assert_eq!(after.free, before.free);
        assert_eq!(after.mi_alloc - before.mi_alloc, 1);
        assert_eq!(after.mi_free - before.mi_free, 1);
        assert_eq!(buf, [1, 2, 7]);
    }

    #[test]
    fn external_without_dtor() {
        let _g = lock();
        let mut x = 5u8;
        unsafe {
            let mi = oxjit_rt_meminfo_new_external(&mut x, 1, None, ptr::null_mut());
            oxjit_rt_decref(mi);
        }
        assert_eq!(x, 5);
    }

    #[test]
    fn concurrent_refcounting() {
        let _g = lock();
        let before = stats();
        let mi = oxjit_rt_meminfo_alloc(64, 8) as usize;
        let threads: Vec<_> = (0..8)
            .map(|_| {
                unsafe { oxjit_rt_incref(mi as *mut MemInfo) };
                std::thread::spawn(move || {
                    for _ in 0..1000 {
                        unsafe {
                            oxjit_rt_incref(mi as *mut MemInfo);
                            oxjit_rt_decref(mi as *mut MemInfo);
                        }
                    }
                    unsafe { oxjit_rt_decref(mi as *mut MemInfo) };
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        unsafe {
            assert_eq!((*(mi as *mut MemInfo)).refcount.load(Ordering::SeqCst), 1);
            oxjit_rt_decref(mi as *mut MemInfo);
        }
        let after = stats();
        assert_eq!(after.free - before.free, 1);
        assert_eq!(after.mi_free - before.mi_free, 1);
    }
}
