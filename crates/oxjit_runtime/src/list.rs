//! Lists made in compiled code: a reference-counted block whose data is a [`ListHeader`]
//! pointing at a growable item buffer. Items are stored by value (scalars, or array
//! headers); when items are arrays the list owns one reference to each item's memory
//! block and releases them when it dies.

use crate::memory::{oxjit_rt_decref, oxjit_rt_incref, oxjit_rt_meminfo_new_external, MemInfo};
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

/// The header of a list made by [`oxjit_rt_list_new`].
///
/// # Safety
/// `mi` must be such a list, alive, with no other reference to its header in use.
unsafe fn header<'a>(mi: *mut MemInfo) -> &'a mut ListHeader {
    unsafe { &mut *((*mi).data as *mut ListHeader) }
}

impl ListHeader {
    fn item(&self, k: i64) -> *mut u8 {
        // SAFETY (for callers): `k <= cap`, so the offset stays inside the buffer.
        unsafe { self.items.add((k * self.itemsize) as usize) }
    }

    /// Makes room for at least `extra` more items.
    fn reserve(&mut self, extra: i64) {
        let need = self.len + extra;
        if need <= self.cap {
            return;
        }
        let new_cap = need.max(self.cap * 2);
        // SAFETY: `items` was allocated with the layout for `cap` items.
        self.items = unsafe {
            realloc(
                self.items,
                items_layout(self.cap, self.itemsize),
                items_layout(new_cap, self.itemsize).size(),
            )
        };
        self.cap = new_cap;
    }

    /// Takes one more reference to each of `n` items from `k` on, when items own memory.
    fn incref_items(&self, k: i64, n: i64) {
        if self.managed != 0 {
            for i in k..k + n {
                // SAFETY: managed items start with a live `*mut MemInfo`.
                unsafe { oxjit_rt_incref(*(self.item(i) as *const *mut MemInfo)) };
            }
        }
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
        let h = header(mi);
        h.reserve(1);
        std::ptr::copy_nonoverlapping(item, h.item(h.len), h.itemsize as usize);
        h.len += 1;
    }
}

/// `list.insert(k, item)`: `k` counts from the end when negative and is clamped to the
/// list, as in Python. The list takes over the caller's reference, as in append.
///
/// # Safety
/// As [`oxjit_rt_list_append`].
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_list_insert(mi: *mut MemInfo, k: i64, item: *const u8) {
    unsafe {
        let h = header(mi);
        let k = if k < 0 {
            (k + h.len).max(0)
        } else {
            k.min(h.len)
        };
        h.reserve(1);
        let size = h.itemsize as usize;
        std::ptr::copy(h.item(k), h.item(k + 1), (h.len - k) as usize * size);
        std::ptr::copy_nonoverlapping(item, h.item(k), size);
        h.len += 1;
    }
}

/// Removes item `k` (already checked to be in range) and copies it to `out`; the
/// caller takes over the list's reference to it.
///
/// # Safety
/// `mi` must be a list made by [`oxjit_rt_list_new`] with `0 <= k < len`; `out` must
/// have room for one item.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_list_pop(mi: *mut MemInfo, k: i64, out: *mut u8) {
    unsafe {
        let h = header(mi);
        let size = h.itemsize as usize;
        std::ptr::copy_nonoverlapping(h.item(k), out, size);
        std::ptr::copy(h.item(k + 1), h.item(k), (h.len - k - 1) as usize * size);
        h.len -= 1;
    }
}

/// `a.extend(b)`: appends every item of list `b` (which may be `a` itself), taking a new
/// reference to each when items own memory.
///
/// # Safety
/// `a` and `b` must be lists made by [`oxjit_rt_list_new`] with the same item type.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_list_extend(a: *mut MemInfo, b: *mut MemInfo) {
    unsafe {
        let n = header(b).len;
        let src_items = {
            let h = header(a);
            h.reserve(n);
            // Read `b`'s buffer after the reserve: it moves when `b` is `a`.
            header(b).items
        };
        let h = header(a);
        std::ptr::copy_nonoverlapping(src_items, h.item(h.len), (n * h.itemsize) as usize);
        h.incref_items(h.len, n);
        h.len += n;
    }
}

/// `list.clear()`: drops every item.
///
/// # Safety
/// `mi` must be a list made by [`oxjit_rt_list_new`].
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_list_clear(mi: *mut MemInfo) {
    unsafe {
        let h = header(mi);
        let n = h.len;
        // Empty first: releasing an item may free a list that holds this one.
        h.len = 0;
        if h.managed != 0 {
            let items = h.items;
            let size = h.itemsize as usize;
            for i in 0..n as usize {
                oxjit_rt_decref(*(items.add(i * size) as *const *mut MemInfo));
            }
        }
    }
}

/// `list.reverse()`, in place.
///
/// # Safety
/// `mi` must be a list made by [`oxjit_rt_list_new`].
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_list_reverse(mi: *mut MemInfo) {
    unsafe {
        let h = header(mi);
        let size = h.itemsize as usize;
        let (mut i, mut j) = (0, h.len - 1);
        while i < j {
            std::ptr::swap_nonoverlapping(h.item(i), h.item(j), size);
            i += 1;
            j -= 1;
        }
    }
}

/// `list.copy()` (and `list(a)`): a new list with the same items, each with a new
/// reference when items own memory.
///
/// # Safety
/// `mi` must be a list made by [`oxjit_rt_list_new`].
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_list_copy(mi: *mut MemInfo) -> *mut MemInfo {
    unsafe {
        let src = header(mi);
        let out = oxjit_rt_list_new(src.itemsize, src.len, src.managed);
        let h = header(out);
        std::ptr::copy_nonoverlapping(src.items, h.items, (src.len * src.itemsize) as usize);
        h.incref_items(0, h.len);
        out
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

    fn items(mi: *mut MemInfo) -> Vec<i64> {
        let h = unsafe { header(mi) };
        (0..h.len)
            .map(|k| unsafe { *(h.item(k) as *const i64) })
            .collect()
    }

    #[test]
    fn insert_pop_extend_reverse_copy_clear_move_items_like_python() {
        let mi = oxjit_rt_list_new(8, 0, 0);
        let mut model: Vec<i64> = Vec::new();
        for (k, x) in [(0i64, 1i64), (-1, 2), (10, 3), (-10, 4), (2, 5)] {
            unsafe { oxjit_rt_list_insert(mi, k, &x as *const i64 as *const u8) };
            let n = model.len() as i64;
            let at = if k < 0 { (k + n).max(0) } else { k.min(n) };
            model.insert(at as usize, x);
        }
        assert_eq!(items(mi), model);
        let mut out = 0i64;
        unsafe { oxjit_rt_list_pop(mi, 1, &mut out as *mut i64 as *mut u8) };
        assert_eq!(out, model.remove(1));
        unsafe { oxjit_rt_list_extend(mi, mi) };
        model.extend(model.clone());
        unsafe { oxjit_rt_list_reverse(mi) };
        model.reverse();
        assert_eq!(items(mi), model);
        let copy = unsafe { oxjit_rt_list_copy(mi) };
        unsafe { oxjit_rt_list_clear(mi) };
        assert_eq!(items(mi), Vec::<i64>::new());
        assert_eq!(items(copy), model);
        unsafe {
            oxjit_rt_decref(copy);
            oxjit_rt_decref(mi);
        }
    }
}
