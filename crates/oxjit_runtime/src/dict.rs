//! Dicts made in compiled code: a reference-counted block whose data is a [`DictHeader`],
//! a hash table that keeps insertion order, as CPython's: entries are appended to an
//! array, and a power-of-two table of indices into it is probed as CPython probes.
//!
//! Keys and values are stored by value, as fixed-size byte strings laid out as compiled
//! code lays them out in memory. Keys are compared and hashed as bytes: compiled code
//! hands keys over normalised (`-0.0` as `0.0`, tuple padding zeroed), so equal keys
//! have equal bytes. The 8-byte words of a key or value that are `*mut MemInfo`
//! references (arrays, lists, dicts inside them) are named by a bit mask; the dict owns
//! one reference for each and releases them when an entry is replaced, removed or the
//! dict dies.
//!
//! An entry is `[hash: u64][key, padded to 8 bytes][value, padded to 8 bytes]`; a
//! removed entry keeps its slot with the hash [`REMOVED`] until the next compaction, so
//! entry positions (what iteration walks) stay put while a loop runs.

use crate::error::{raise, ErrorKind};
use crate::memory::{oxjit_rt_decref, oxjit_rt_incref, oxjit_rt_meminfo_new_external, MemInfo};
use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The hash of a removed entry. Real hashes are never this value.
const REMOVED: u64 = u64::MAX;
/// Index table slots: never used, and used by an entry since removed.
const EMPTY: i32 = -1;
const DUMMY: i32 = -2;

/// What a dict's memory block points at. Compiled code reads `len` directly.
#[repr(C)]
pub struct DictHeader {
    /// Number of live entries.
    pub len: i64,
    /// Entry words: `used` entries of `entry_words` u64 each.
    entries: Vec<u64>,
    used: usize,
    entry_words: usize,
    key_size: usize,
    value_size: usize,
    key_words: usize,
    key_managed: u64,
    value_managed: u64,
    /// `mask + 1` slots, each EMPTY, DUMMY or an entry position.
    indices: Vec<i32>,
    /// Slots that are not EMPTY (live and DUMMY): what makes probing long.
    filled: usize,
    key_kind: KeyKind,
    /// The entry the last lookup found (`usize::MAX` for none): `d[k] = d.get(k, 0) + 1`
    /// looks the same key up twice, and the second finds it here without hashing.
    /// Atomic because threads of a parallel loop may read one dict at once.
    last: AtomicUsize,
}

/// Byte offset of [`DictHeader::len`], for compiled code.
pub const DICT_LEN_OFFSET: usize = std::mem::offset_of!(DictHeader, len);

/// Byte offset of the key in an entry (after the hash).
pub const ENTRY_KEY_OFFSET: usize = 8;

/// Byte offset of the value in an entry whose key has `key_size` bytes.
pub const fn entry_value_offset(key_size: usize) -> usize {
    ENTRY_KEY_OFFSET + key_size.div_ceil(8) * 8
}

fn words(bytes: usize) -> usize {
    bytes.div_ceil(8)
}

/// How keys are hashed and compared; `oxjit_rt_dict_new` takes its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyKind {
    /// Compared and hashed as bytes.
    Bytes,
    /// One integer word, hashed as itself.
    Integer,
    /// A string `{memory block, code points, length}`, compared and hashed by content.
    Text,
}

/// Codes of [`KeyKind`] for `oxjit_rt_dict_new`.
pub const KEY_BYTES: i64 = 0;
pub const KEY_INTEGER: i64 = 1;
pub const KEY_TEXT: i64 = 2;

impl KeyKind {
    fn from_code(code: i64) -> KeyKind {
        match code {
            KEY_INTEGER => KeyKind::Integer,
            KEY_TEXT => KeyKind::Text,
            _ => KeyKind::Bytes,
        }
    }
}

/// The code points of a string key.
fn text_of(key: &[u8]) -> &[u32] {
    let word = |at: usize| u64::from_ne_bytes(key[at..at + 8].try_into().expect("8 bytes"));
    let (data, len) = (word(8) as *const u32, word(16) as i64);
    if len <= 0 {
        return &[];
    }
    // SAFETY: a string key points at `len` code points that live as long as the key.
    unsafe { std::slice::from_raw_parts(data, len as usize) }
}

/// Mixes words into a hash, then avalanches it.
fn mix_words(seed: u64, words: impl Iterator<Item = u64>) -> u64 {
    let mut h = seed;
    for w in words {
        h = (h ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// The hash of a key. An integer key of one word (int64) hashes, as in CPython, to
/// itself: keys counted up from 0 fill the table in order, with no collisions and in
/// neighbouring slots, and probing mixes the high bits in (see [`Probe`]), which keeps
/// multiples of 2^k apart. Other keys (floats, whose low bits are often all zero,
/// tuples, strings by their code points) are mixed with a full avalanche.
#[inline]
fn hash_key(key: &[u8], kind: KeyKind) -> u64 {
    let h = match (kind, <[u8; 8]>::try_from(key)) {
        (KeyKind::Integer, Ok(word)) => u64::from_le_bytes(word),
        (KeyKind::Text, _) => {
            let text = text_of(key);
            mix_words(
                0x1319_8a2e_0370_7344 ^ text.len() as u64,
                text.iter().map(|&c| c as u64),
            )
        }
        _ => mix_words(
            0x243f_6a88_85a3_08d3 ^ key.len() as u64,
            key.chunks(8).map(|chunk| {
                let mut w = [0u8; 8];
                w[..chunk.len()].copy_from_slice(chunk);
                u64::from_le_bytes(w)
            }),
        ),
    };
    if h == REMOVED {
        h - 1
    } else {
        h
    }
}

/// The slots a hash visits in a table of `mask + 1` slots: CPython's recurrence
/// `i = 5 i + 1 + perturb`, with `perturb` shifted right by 5 each step, which starts at
/// the hash's low bits and soon depends on all of them, and visits every slot.
struct Probe {
    slot: usize,
    perturb: u64,
    mask: usize,
}

impl Probe {
    fn new(hash: u64, mask: usize) -> Self {
        Probe {
            slot: hash as usize & mask,
            perturb: hash,
            mask,
        }
    }

    #[inline]
    fn advance(&mut self) {
        self.perturb >>= 5;
        self.slot = (self.slot.wrapping_mul(5) + 1 + self.perturb as usize) & self.mask;
    }
}

impl DictHeader {
    fn new(
        key_size: usize,
        value_size: usize,
        key_managed: u64,
        value_managed: u64,
        key_kind: KeyKind,
    ) -> Self {
        let key_words = words(key_size);
        DictHeader {
            key_kind,
            len: 0,
            entries: Vec::new(),
            used: 0,
            entry_words: 1 + key_words + words(value_size),
            key_size,
            value_size,
            key_words,
            key_managed,
            value_managed,
            indices: vec![EMPTY; 8],
            filled: 0,
            last: AtomicUsize::new(usize::MAX),
        }
    }

    #[inline]
    fn entry(&self, e: usize) -> &[u64] {
        &self.entries[e * self.entry_words..(e + 1) * self.entry_words]
    }

    /// The first live entry at or after `e`.
    fn next_live(&self, e: usize) -> Option<usize> {
        (e..self.used).find(|&e| self.entry(e)[0] != REMOVED)
    }

    fn entry_ptr(&mut self, e: usize) -> *mut u8 {
        // SAFETY: `e < used`, so the entry lies inside `entries`.
        unsafe { (self.entries.as_mut_ptr() as *mut u8).add(e * self.entry_words * 8) }
    }

    fn key_bytes(&self, e: usize) -> &[u8] {
        let words = &self.entry(e)[1..1 + self.key_words];
        // SAFETY: reinterpreting initialised u64 words as their bytes.
        let bytes =
            unsafe { std::slice::from_raw_parts(words.as_ptr() as *const u8, words.len() * 8) };
        &bytes[..self.key_size]
    }

    /// Whether entry `e` holds `key` (compared as one word when keys are 8 bytes, the
    /// common case, else as bytes).
    #[inline(always)]
    fn key_equals(&self, e: usize, key: &[u8]) -> bool {
        // (A string key is three words, so a one-word key is never one.)
        if let Ok(word) = <[u8; 8]>::try_from(key) {
            return self.entries[e * self.entry_words + 1] == u64::from_ne_bytes(word);
        }
        self.long_key_equals(e, key)
    }

    #[inline(never)]
    fn long_key_equals(&self, e: usize, key: &[u8]) -> bool {
        if self.key_kind == KeyKind::Text {
            return text_of(self.key_bytes(e)) == text_of(key);
        }
        self.key_bytes(e) == key
    }

    /// The slot of `key` in the index table (`Ok`), or the slot where it would go.
    fn probe(&self, key: &[u8], hash: u64) -> Result<usize, usize> {
        let mut probe = Probe::new(hash, self.indices.len() - 1);
        let mut free = None;
        loop {
            let slot = probe.slot;
            match self.indices[slot] {
                EMPTY => return Err(free.unwrap_or(slot)),
                DUMMY => {
                    free.get_or_insert(slot);
                }
                e => {
                    let e = e as usize;
                    if self.entries[e * self.entry_words] == hash && self.key_equals(e, key) {
                        return Ok(slot);
                    }
                }
            }
            probe.advance();
        }
    }

    /// The entry of the last lookup, when it holds `key`.
    fn cached(&self, key: &[u8]) -> Option<usize> {
        let e = self.last.load(Ordering::Relaxed);
        (e < self.used && self.entry(e)[0] != REMOVED && self.key_equals(e, key)).then_some(e)
    }

    fn find(&self, key: &[u8]) -> Option<usize> {
        if let Some(e) = self.cached(key) {
            return Some(e);
        }
        let hash = hash_key(key, self.key_kind);
        let e = self
            .probe(key, hash)
            .ok()
            .map(|slot| self.indices[slot] as usize)?;
        self.last.store(e, Ordering::Relaxed);
        Some(e)
    }

    /// Applies `delta` (incref or decref) to every managed word of an entry's key (when
    /// `key`) and value.
    fn hold(&self, e: usize, key: bool, delta: unsafe extern "C" fn(*mut MemInfo)) {
        let entry = self.entry(e);
        let key_words = &entry[1..1 + self.key_words];
        let value_words = &entry[1 + self.key_words..];
        let key_mask = if key { self.key_managed } else { 0 };
        if key_mask == 0 && self.value_managed == 0 {
            return;
        }
        for (words, mask) in [(key_words, key_mask), (value_words, self.value_managed)] {
            for (i, w) in words.iter().enumerate().take(64) {
                if mask >> i & 1 != 0 {
                    // SAFETY: a managed word holds a live reference (or null).
                    unsafe { delta(*w as *mut MemInfo) };
                }
            }
        }
    }

    /// Drops every removed entry and rebuilds the index table with room for `need` live
    /// entries at most two-thirds full.
    fn rebuild(&mut self, need: usize) {
        let mut live = Vec::with_capacity(need.max(self.len as usize) * self.entry_words);
        for e in 0..self.used {
            if self.entry(e)[0] != REMOVED {
                live.extend_from_slice(self.entry(e));
            }
        }
        self.entries = live;
        self.used = self.len as usize;
        self.last.store(usize::MAX, Ordering::Relaxed);
        let mut size = 8;
        while size * 2 < need * 3 {
            size *= 2;
        }
        self.indices = vec![EMPTY; size];
        for e in 0..self.used {
            let mut probe = Probe::new(self.entry(e)[0], size - 1);
            while self.indices[probe.slot] != EMPTY {
                probe.advance();
            }
            self.indices[probe.slot] = e as i32;
        }
        self.filled = self.used;
    }

    /// Stores `key -> value`, replacing the value of an equal key. Takes its own
    /// references to the managed words of what it stores.
    fn insert(&mut self, key: &[u8], value: &[u8]) -> usize {
        let (found, hash) = match self.cached(key) {
            Some(e) => (Ok(e), 0),
            None => {
                let hash = hash_key(key, self.key_kind);
                let found = self.probe(key, hash);
                (found.map(|slot| self.indices[slot] as usize), hash)
            }
        };
        match found {
            Ok(e) => {
                // The key stays; only the value's references change.
                self.hold(e, false, oxjit_rt_decref);
                self.write_value(e, value);
                self.hold(e, false, oxjit_rt_incref);
                e
            }
            Err(mut slot) => {
                if (self.filled + 1) * 3 > self.indices.len() * 2 {
                    // Room for twice as many entries, so growing costs O(1) per insert.
                    self.rebuild(2 * (self.len as usize + 1));
                    slot = self.probe(key, hash).unwrap_err();
                }
                if self.indices[slot] == EMPTY {
                    self.filled += 1;
                }
                let e = self.used;
                self.entries.resize((e + 1) * self.entry_words, 0);
                self.used += 1;
                self.entries[e * self.entry_words] = hash;
                let p = self.entry_ptr(e);
                // SAFETY: the key fits the entry's key words.
                unsafe {
                    std::ptr::copy_nonoverlapping(key.as_ptr(), p.add(ENTRY_KEY_OFFSET), key.len())
                };
                self.write_value(e, value);
                self.hold(e, true, oxjit_rt_incref);
                self.indices[slot] = e as i32;
                self.len += 1;
                self.last.store(e, Ordering::Relaxed);
                e
            }
        }
    }

    fn write_value(&mut self, e: usize, value: &[u8]) {
        let offset = entry_value_offset(self.key_size);
        if let Ok(word) = <[u8; 8]>::try_from(value) {
            // One word (the common int64 or float64 value) without a call to memmove.
            self.entries[e * self.entry_words + offset / 8] = u64::from_ne_bytes(word);
            return;
        }
        let p = self.entry_ptr(e);
        // SAFETY: the value fits the entry's value words.
        unsafe { std::ptr::copy_nonoverlapping(value.as_ptr(), p.add(offset), value.len()) };
    }

    /// Removes the entry at index slot `slot`, releasing what it holds.
    fn remove_slot(&mut self, slot: usize) {
        let e = self.indices[slot] as usize;
        self.hold(e, true, oxjit_rt_decref);
        self.entries[e * self.entry_words] = REMOVED;
        self.indices[slot] = DUMMY;
        self.len -= 1;
    }

    fn clear(&mut self) {
        for e in 0..self.used {
            if self.entry(e)[0] != REMOVED {
                self.hold(e, true, oxjit_rt_decref);
            }
        }
        self.entries.clear();
        self.used = 0;
        self.len = 0;
        self.indices = vec![EMPTY; 8];
        self.filled = 0;
    }
}

unsafe extern "C" fn free_dict(data: *mut u8, _size: usize, _info: *mut c_void) {
    // SAFETY: `data` is the Box<DictHeader> made by oxjit_rt_dict_new.
    let mut header = unsafe { Box::from_raw(data as *mut DictHeader) };
    header.clear();
}

fn wrap(header: DictHeader) -> *mut MemInfo {
    let header = Box::into_raw(Box::new(header));
    // SAFETY: the header is a valid allocation that free_dict releases.
    unsafe {
        oxjit_rt_meminfo_new_external(
            header as *mut u8,
            std::mem::size_of::<DictHeader>(),
            Some(free_dict),
            std::ptr::null_mut(),
        )
    }
}

/// The header of a dict made by [`oxjit_rt_dict_new`].
///
/// # Safety
/// `mi` must be such a dict, alive, with no other reference to its header in use.
pub unsafe fn header<'a>(mi: *mut MemInfo) -> &'a mut DictHeader {
    unsafe { &mut *((*mi).data as *mut DictHeader) }
}

/// The key bytes at `key`.
///
/// # Safety
/// `key` must be readable for the dict's key size.
unsafe fn key_of<'a>(h: &DictHeader, key: *const u8) -> &'a [u8] {
    unsafe { std::slice::from_raw_parts(key, h.key_size) }
}

/// A new empty dict whose keys and values have the given sizes in bytes; bit `i` of
/// `key_managed`/`value_managed` says that word `i` of a key/value is a reference;
/// `key_kind` is [`KEY_BYTES`], [`KEY_INTEGER`] or [`KEY_TEXT`].
#[no_mangle]
pub extern "C" fn oxjit_rt_dict_new(
    key_size: i64,
    value_size: i64,
    key_managed: u64,
    value_managed: u64,
    key_kind: i64,
) -> *mut MemInfo {
    wrap(DictHeader::new(
        key_size as usize,
        value_size as usize,
        key_managed,
        value_managed,
        KeyKind::from_code(key_kind),
    ))
}

/// The value stored for the key at `key`, or null when there is none.
///
/// The pointer stays valid until the dict is next changed.
///
/// # Safety
/// `mi` must be a live dict; `key` must point at one key.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_dict_find(mi: *mut MemInfo, key: *const u8) -> *mut u8 {
    // Shared: the threads of a parallel loop may look keys up in one dict at once.
    let h = unsafe { &*((*mi).data as *const DictHeader) };
    match h.find(unsafe { key_of(h, key) }) {
        Some(e) => {
            let base = h.entries.as_ptr() as *mut u8;
            // SAFETY: `e < used`; the value lies inside the entry.
            unsafe { base.add(e * h.entry_words * 8 + entry_value_offset(h.key_size)) }
        }
        None => std::ptr::null_mut(),
    }
}

/// Stores `key -> value` (copies; the dict takes references of its own) and returns a
/// pointer to the stored value.
///
/// # Safety
/// `mi` must be a live dict; `key` and `value` must point at one key and one value.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_dict_insert(
    mi: *mut MemInfo,
    key: *const u8,
    value: *const u8,
) -> *mut u8 {
    let h = unsafe { header(mi) };
    let key = unsafe { key_of(h, key) };
    let value = unsafe { std::slice::from_raw_parts(value, h.value_size) };
    let e = h.insert(key, value);
    unsafe { h.entry_ptr(e).add(entry_value_offset(h.key_size)) }
}

/// Removes the key at `key` and moves its value to `out` (the caller takes over the
/// dict's references to it; `out` may be null to release them). Returns 0 when the key
/// was not there.
///
/// # Safety
/// `mi` must be a live dict; `key` must point at one key; `out`, unless null, must be
/// writable for one value.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_dict_remove(
    mi: *mut MemInfo,
    key: *const u8,
    out: *mut u8,
) -> i32 {
    let h = unsafe { header(mi) };
    let key = unsafe { key_of(h, key) };
    let Ok(slot) = h.probe(key, hash_key(key, h.key_kind)) else {
        return 0;
    };
    let e = h.indices[slot] as usize;
    if !out.is_null() {
        let offset = entry_value_offset(h.key_size);
        // SAFETY: the entry's value is `value_size` bytes; the caller's reference is
        // taken before the removal releases the dict's.
        unsafe {
            std::ptr::copy_nonoverlapping(h.entry_ptr(e).add(offset), out, h.value_size);
        }
        h.hold(e, false, oxjit_rt_incref);
    }
    h.remove_slot(slot);
    1
}

/// Where one loop over a dict is, kept by the loop (loops over one dict nest, each with
/// its own): the dict's length when it started, and the entry after the one it visited
/// last.
#[repr(C)]
pub struct DictLoop {
    start_len: i64,
    next: i64,
}

/// The number of entries a loop over the dict visits, read before it visits position
/// `k`: the dict's length. Past the start the dict must still have the length the loop
/// started with, and when the loop is about to end no entry may lie past the last one
/// it visited (entries replaced while it ran); if not, -1 with Python's `RuntimeError`
/// raised (a dict that shrank would otherwise end the loop quietly).
///
/// # Safety
/// `mi` must be a live dict and `state` the loop's, written by [`oxjit_rt_dict_entry`]
/// at position 0 before any later position is asked about.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_dict_loop_len(
    mi: *mut MemInfo,
    k: i64,
    state: *mut DictLoop,
) -> i64 {
    let h = unsafe { header(mi) };
    if k > 0 {
        // SAFETY: the loop's own state, set at position 0.
        let state = unsafe { &*state };
        if h.len != state.start_len {
            return loop_error("dictionary changed size during iteration", -1);
        }
        if k >= state.start_len && h.next_live(state.next as usize).is_some() {
            return loop_error("dictionary keys changed during iteration", -1);
        }
    }
    h.len
}

/// The entry a loop over the dict visits at position `k` (`k` runs from 0 while below
/// the dict's length). At `k == 0` the loop starts: the length is recorded in the loop's
/// `state`. While the dict has no removed entries, position `k` is entry `k`; otherwise
/// the loop walks on from the last entry it visited, skipping removed ones, as Python's
/// iterator does. Null, with Python's `RuntimeError` raised, when the dict changed size
/// since the start or its entries were replaced.
///
/// # Safety
/// `mi` must be a live dict and `state` the loop's own.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_dict_entry(
    mi: *mut MemInfo,
    k: i64,
    state: *mut DictLoop,
) -> *mut u8 {
    let h = unsafe { header(mi) };
    // SAFETY: the loop's own state.
    let state = unsafe { &mut *state };
    if k == 0 {
        state.start_len = h.len;
        state.next = 0;
    }
    if h.len != state.start_len || k < 0 || k >= h.len {
        return loop_error(
            "dictionary changed size during iteration",
            std::ptr::null_mut(),
        );
    }
    let next = if h.used == h.len as usize {
        Some(k as usize)
    } else {
        h.next_live(state.next as usize)
    };
    let Some(e) = next else {
        return loop_error(
            "dictionary keys changed during iteration",
            std::ptr::null_mut(),
        );
    };
    state.next = e as i64 + 1;
    h.entry_ptr(e)
}

/// Raises Python's `RuntimeError` for a dict changed under a loop; returns `failed`.
fn loop_error<T>(message: &str, failed: T) -> T {
    raise(ErrorKind::RuntimeError, message);
    failed
}

/// Removes the most recently inserted entry, moving its key and value to `key_out` and
/// `value_out` (the caller takes over the references). Returns 0 when the dict is empty.
///
/// # Safety
/// `mi` must be a live dict; the outputs must be writable for one key and one value.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_dict_popitem(
    mi: *mut MemInfo,
    key_out: *mut u8,
    value_out: *mut u8,
) -> i32 {
    let h = unsafe { header(mi) };
    let Some(e) = (0..h.used).rev().find(|&e| h.entry(e)[0] != REMOVED) else {
        return 0;
    };
    let p = h.entry_ptr(e);
    // SAFETY: key and value lie inside the entry.
    unsafe {
        std::ptr::copy_nonoverlapping(p.add(ENTRY_KEY_OFFSET), key_out, h.key_size);
        std::ptr::copy_nonoverlapping(
            p.add(entry_value_offset(h.key_size)),
            value_out,
            h.value_size,
        );
    }
    let key = h.key_bytes(e).to_vec();
    let slot = h
        .probe(&key, h.entry(e)[0])
        .expect("a live entry is indexed");
    // The caller now owns what the entry held: retire the slot without releasing.
    h.entries[e * h.entry_words] = REMOVED;
    h.indices[slot] = DUMMY;
    h.len -= 1;
    1
}

/// Removes every entry.
///
/// # Safety
/// `mi` must be a live dict.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_dict_clear(mi: *mut MemInfo) {
    unsafe { header(mi) }.clear();
}

/// A new dict with the same entries (a shallow copy: arrays are shared).
///
/// # Safety
/// `mi` must be a live dict.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_dict_copy(mi: *mut MemInfo) -> *mut MemInfo {
    let h = unsafe { header(mi) };
    let mut copy = DictHeader::new(
        h.key_size,
        h.value_size,
        h.key_managed,
        h.value_managed,
        h.key_kind,
    );
    for e in 0..h.used {
        if h.entry(e)[0] != REMOVED {
            let entry = h.entry(e);
            // SAFETY: reinterpreting the entry's words as bytes.
            let bytes =
                unsafe { std::slice::from_raw_parts(entry.as_ptr() as *const u8, entry.len() * 8) };
            let value_at = entry_value_offset(h.key_size);
            copy.insert(
                &bytes[ENTRY_KEY_OFFSET..ENTRY_KEY_OFFSET + h.key_size],
                &bytes[value_at..value_at + h.value_size],
            );
        }
    }
    wrap(copy)
}

/// Every live entry's key and value pointers, in insertion order (for the Python
/// boundary, which boxes them).
///
/// # Safety
/// `mi` must be a live dict, not changed while the pointers are used.
pub unsafe fn entries(mi: *mut MemInfo) -> Vec<(*const u8, *const u8)> {
    let h = unsafe { header(mi) };
    let value_at = entry_value_offset(h.key_size);
    let base = h.entries.as_ptr() as *const u8;
    (0..h.used)
        .filter(|&e| h.entry(e)[0] != REMOVED)
        .map(|e| {
            // SAFETY: `e < used`, so the entry lies inside `entries`.
            let p = unsafe { base.add(e * h.entry_words * 8) };
            // SAFETY: key and value lie inside the entry.
            unsafe { (p.add(ENTRY_KEY_OFFSET), p.add(value_at)) }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int_dict() -> *mut MemInfo {
        oxjit_rt_dict_new(8, 8, 0, 0, KEY_INTEGER)
    }

    fn get(d: *mut MemInfo, k: i64) -> Option<i64> {
        let p = unsafe { oxjit_rt_dict_find(d, &k as *const i64 as *const u8) };
        (!p.is_null()).then(|| unsafe { *(p as *const i64) })
    }

    fn set(d: *mut MemInfo, k: i64, v: i64) {
        unsafe {
            oxjit_rt_dict_insert(
                d,
                &k as *const i64 as *const u8,
                &v as *const i64 as *const u8,
            )
        };
    }

    fn remove(d: *mut MemInfo, k: i64) -> bool {
        unsafe { oxjit_rt_dict_remove(d, &k as *const i64 as *const u8, std::ptr::null_mut()) != 0 }
    }

    fn keys(d: *mut MemInfo) -> Vec<i64> {
        unsafe { entries(d) }
            .into_iter()
            .map(|(k, _)| unsafe { *(k as *const i64) })
            .collect()
    }

    #[test]
    fn insert_find_replace_remove_keep_order() {
        let d = int_dict();
        for k in 0..1000 {
            set(d, k * 7919 % 1009, k);
        }
        assert_eq!(unsafe { header(d) }.len, 1000);
        assert_eq!(get(d, 7919 % 1009), Some(1));
        set(d, 0, -5);
        assert_eq!(get(d, 0), Some(-5));
        assert!(remove(d, 0));
        assert!(!remove(d, 0));
        assert_eq!(get(d, 0), None);
        set(d, 0, 3);
        let ks = keys(d);
        assert_eq!(ks.len(), 1000);
        assert_eq!(ks[0], 7919 % 1009);
        assert_eq!(*ks.last().unwrap(), 0, "a reinserted key goes last");
        unsafe { oxjit_rt_decref(d) };
    }

    #[test]
    fn iteration_skips_removed_entries_and_detects_resizing() {
        let d = int_dict();
        for k in 0..10 {
            set(d, k, k * k);
        }
        for k in (0..10).step_by(2) {
            remove(d, k);
        }
        assert_eq!(unsafe { header(d) }.len, 5);
        let key = |e: *mut u8| unsafe { *(e.add(ENTRY_KEY_OFFSET) as *const i64) };
        let mut outer = DictLoop {
            start_len: 0,
            next: 0,
        };
        let first = unsafe { oxjit_rt_dict_entry(d, 0, &mut outer) };
        assert_eq!(key(first), 1);
        // A loop nested in it keeps a place of its own.
        let mut inner = DictLoop {
            start_len: 0,
            next: 0,
        };
        let keys: Vec<i64> = (0..5)
            .map(|k| key(unsafe { oxjit_rt_dict_entry(d, k, &mut inner) }))
            .collect();
        assert_eq!(keys, [1, 3, 5, 7, 9]);
        assert_eq!(key(unsafe { oxjit_rt_dict_entry(d, 1, &mut outer) }), 3);
        // A size change is seen by the outer loop, even after an inner loop restarted.
        remove(d, 9);
        let _ = unsafe { oxjit_rt_dict_entry(d, 0, &mut inner) };
        assert_eq!(unsafe { oxjit_rt_dict_loop_len(d, 2, &mut outer) }, -1);
        assert!(crate::error::take_error().is_some());
        set(d, 100, 1);
        set(d, 101, 1);
        assert!(unsafe { oxjit_rt_dict_entry(d, 2, &mut outer) }.is_null());
        assert!(crate::error::take_error().is_some());
        unsafe { oxjit_rt_decref(d) };
    }

    #[test]
    fn managed_values_are_released() {
        let d = oxjit_rt_dict_new(8, 8, 0, 1, KEY_INTEGER);
        let block = crate::memory::oxjit_rt_meminfo_alloc(16, 8);
        let count = || unsafe { (*block).refcount.load(std::sync::atomic::Ordering::Relaxed) };
        unsafe {
            for k in [1i64, 2, 1] {
                oxjit_rt_dict_insert(
                    d,
                    &k as *const i64 as *const u8,
                    &block as *const _ as *const u8,
                );
            }
            assert_eq!(count(), 3);
            let copy = oxjit_rt_dict_copy(d);
            assert_eq!(count(), 5);
            let k = 2i64;
            oxjit_rt_dict_remove(d, &k as *const i64 as *const u8, std::ptr::null_mut());
            oxjit_rt_decref(d);
            oxjit_rt_decref(copy);
            assert_eq!(count(), 1);
            oxjit_rt_decref(block);
        }
    }
}
