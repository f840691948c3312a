//! Generators made by compiled code: a memory block holding the suspended function's
//! state, which code generation lays out as
//!
//! ```text
//! { resume: fn(state) -> i32, drop: fn(state), index: i64, current: item, ... }
//! ```
//!
//! `resume` runs the function on to its next `yield` (status 0, the value in `current`
//! holding a reference the reader takes over), to its end (2) or to an exception (1);
//! `drop` releases what a generator suspended at `index` holds, when the block is freed.

use crate::memory::{oxjit_rt_meminfo_alloc_zeroed, MemInfo};
use std::ffi::c_void;

/// `resume` finished the generator: no more values.
pub const GENERATOR_DONE: i32 = 2;

/// Where the item a generator handed out last is (after `resume`, `drop`, `index`).
pub const CURRENT_OFFSET: usize = 24;

type Resume = unsafe extern "C" fn(*mut u8) -> i32;
type DropState = unsafe extern "C" fn(*mut u8);

unsafe extern "C" fn release_state(data: *mut u8, _size: usize, _info: *mut c_void) {
    // SAFETY: code generation stored the state's drop function second.
    unsafe {
        let drop = *(data.add(8) as *const Option<DropState>);
        if let Some(drop) = drop {
            drop(data);
        }
    }
}

/// A new generator state of `size` bytes, zeroed, whose `drop` runs when it is freed.
pub extern "C" fn oxjit_rt_generator_new(size: usize) -> *mut MemInfo {
    let mi = oxjit_rt_meminfo_alloc_zeroed(size, 16);
    if !mi.is_null() {
        // SAFETY: a block just made, not shared yet.
        unsafe { (*mi).dtor = Some(release_state) };
    }
    mi
}

/// Runs the generator held by `mi` on to its next value: 0 (the value is at
/// [`CURRENT_OFFSET`] of the data, holding a reference the caller takes over), 1 (an
/// exception is recorded) or [`GENERATOR_DONE`].
///
/// # Safety
///
/// `mi` must be a generator block made by compiled code, still referenced, and not
/// running already.
pub unsafe fn resume(mi: *mut MemInfo) -> i32 {
    // SAFETY: the state starts with its resume function.
    unsafe {
        let data = (*mi).data;
        let resume = *(data as *const Resume);
        resume(data)
    }
}

/// The item the generator handed out last (see [`resume`]).
///
/// # Safety
///
/// As [`resume`].
pub unsafe fn current(mi: *mut MemInfo) -> *const u8 {
    // SAFETY: the item sits at a fixed offset of the state.
    unsafe { (*mi).data.add(CURRENT_OFFSET) }
}
