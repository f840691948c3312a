//! Lists made in compiled code: a reference-counted block whose data is a [`ListHeader`]
//! pointing at a growable item buffer. Items are stored by value (scalars, or array
//! headers); when items are arrays the list owns one reference to each item's memory
//! block and releases them when it dies.

use crate::memory::{oxjit_rt_decref, oxjit_rt_meminfo_new_external, MemInfo};
use std::alloc::{alloc_zeroed, dealloc, realloc, Layout};
use std::ffi::c_void;

/// What a list's memory block points at. Compiled code reads `len` and `items` directly.
#[repr(C)]
pub struct ListHeader {
    pub len: i64,
    pub cap: i64,
    pub itemsize: i64,
    pub items: *mut u8,
    /// Non-zero when each item is an array header whose first field is a `*mut MemInfo`
    /// the list holds a reference to.
    pub managed: i64,
}

/// Byte offsets of the fields compiled code reads.
pub const LIST_LEN_OFFSET: usize = std::mem::offset_of!(ListHeader, len);
pub const LIST_ITEMS_OFFSET: usize = std::mem::offset_of!(ListHeader, items);

const ALIGN: usize = 16;

fn items_layout(cap: i64, itemsize: i64) -> Layout {
    Layout::from_size_align((cap.max(1) * itemsize.max(1)) as usize, ALIGN).expect("list too large")
}

unsafe extern "C" fn free_list(data: *mut u8, _size: usize, _info: *mut c_void) {
    // SAFETY: `data` is the Box<ListHeader> made by oxjit_rt_list_new.
    unsafe {
        let header = Box::from_raw(data as *mut ListHeader);
        if header.managed != 0 {
            for i in 0..header.len {
                let item = header.items.add((i * header.itemsize) as usize);
                oxjit_rt_decref(*(item as *const *mut MemInfo));
            }
        }
        dealloc(header.items, items_layout(header.cap, header.itemsize));
    }
}

/// A new list of `len` zeroed items of `itemsize` bytes each.
#[no_mangle]
pub extern "C" fn oxjit_rt_list_new(itemsize: i64, len: i64, managed: i64) -> *mut MemInfo {
    let cap = len.max(4);
    // SAFETY: the layout has non-zero size.
    let items = unsafe { alloc_zeroed(items_layout(cap, itemsize)) };
    let header = Box::into_raw(Box::new(ListHeader {
        len,
        cap,
        itemsize,
        items,
        managed,
    }));
    // SAFETY: the header is a valid allocation that free_list releases.
    unsafe {
        oxjit_rt_meminfo_new_external(
            header as *mut u8,
            std::mem::size_of::<ListHeader>(),
            Some(free_list),
            std::ptr::null_mut(),
        )
    }
}

/// Appends a copy of the `itemsize` bytes at `item` (the list takes over the caller's
/// reference when items are arrays).
///
/// # Safety
/// `mi` must be a list made by [`oxjit_rt_list_new`]; `item` must point at one item.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_list_append(mi: *mut MemInfo, item: *const u8) {
    unsafe {
        let header = &mut *((*mi).data as *mut ListHeader);
        if header.len == header.cap {
            let new_cap = header.cap * 2;
            header.items = realloc(
                header.items,
                items_layout(header.cap, header.itemsize),
                items_layout(new_cap, header.itemsize).size(),
            );
            header.cap = new_cap;
        }
        let dst = header.items.add((header.len * header.itemsize) as usize);
        std::ptr::copy_nonoverlapping(item, dst, header.itemsize as usize);
        header.len += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::oxjit_rt_decref;

    #[test]
    fn append_grows_and_keeps_items() {
        let mi = oxjit_rt_list_new(8, 0, 0);
        for i in 0..100i64 {
            unsafe { oxjit_rt_list_append(mi, &i as *const i64 as *const u8) };
        }
        unsafe {
            let h = &*((*mi).data as *const ListHeader);
            assert_eq!(h.len, 100);
            assert_eq!(*(h.items as *const i64).add(57), 57);
            oxjit_rt_decref(mi);
        }
    }
}
