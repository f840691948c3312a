//! Running a `prange` loop: [`oxjit_rt_parallel_for`] cuts the iteration numbers
//! `0..n` into chunks, runs compiled code's chunk body on each over the worker pool
//! ([`crate::pool`]), collects each chunk's partial reduction results in chunk order,
//! and hands the first error back to the calling thread.
//!
//! The chunks depend on `n` (and a chunk size the calling thread may set) only, never on
//! the number of threads, and partial results combine in chunk order: a loop's result is
//! the same bits with 1 thread or 16.

use crate::error::PendingError;
use crate::pool;
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// How many chunks a loop is cut into when no chunk size is set: enough for uneven
/// iterations to balance over a machine's cores, few enough that each chunk has work
/// for a vector loop and the partial results stay small.
pub const DEFAULT_CHUNKS: i64 = 128;

thread_local! {
    /// `set_parallel_chunksize(n)` of the calling thread (0: [`DEFAULT_CHUNKS`] chunks).
    static CHUNK_SIZE: Cell<i64> = const { Cell::new(0) };
}

/// Sets the number of iterations per chunk of loops started from this thread (0: the
/// default cut); returns the previous setting.
pub fn set_chunk_size(n: i64) -> i64 {
    CHUNK_SIZE.with(|c| c.replace(n.max(0)))
}

pub fn chunk_size() -> i64 {
    CHUNK_SIZE.with(|c| c.get())
}

/// The chunks of `0..n`: their count, and chunk `c`'s range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chunking {
    n: i64,
    size: i64,
    pub count: i64,
}

impl Chunking {
    pub fn new(n: i64, size: i64) -> Chunking {
        let n = n.max(0);
        let count = if size > 0 {
            n / size + i64::from(n % size != 0)
        } else {
            n.min(DEFAULT_CHUNKS)
        };
        Chunking { n, size, count }
    }

    /// Iterations `lo..hi` of chunk `c`: equal parts (differing by at most one), or
    /// `size` each with the rest in the last.
    pub fn range(&self, c: i64) -> (i64, i64) {
        if self.size > 0 {
            let lo = c * self.size;
            return (lo, (lo + self.size).min(self.n));
        }
        let at = |c: i64| ((self.n as i128 * c as i128) / self.count as i128) as i64;
        (at(c), at(c + 1))
    }
}

/// A chunk body: runs iterations `lo..hi` with the loop's environment `env`, writes its
/// partial results to `partial`, and returns the status (non-zero: it raised).
pub type ChunkBody =
    unsafe extern "C" fn(env: *const u8, lo: i64, hi: i64, partial: *mut u8) -> i32;

/// What [`oxjit_rt_parallel_for`] hands back besides its status.
#[repr(C)]
pub struct ParallelResult {
    /// `count` partial results of `partial_size` bytes each, back to back, in chunk order (free with
    /// [`oxjit_rt_parallel_free`]); null when there are none.
    pub partials: *mut u8,
    pub count: i64,
}

/// The partial results' buffer is 16-byte aligned, enough for every value compiled code
/// keeps; chunk `c`'s result is at `c * partial_size` (a type's size is a multiple of its
/// alignment, so each is aligned too).
type Slot = u128;

/// Slots holding `bytes`.
fn slots(bytes: usize) -> usize {
    bytes.div_ceil(std::mem::size_of::<Slot>())
}

/// Runs `body` over the chunks of `0..n` on the pool, with this thread's thread count.
/// Returns 0, or 1 with the exception of the lowest-numbered failing chunk pending on
/// this thread (as a serial loop raises the first failing iteration's); chunks after a
/// failing one are skipped once it has failed. The partial results come back either way
/// (a chunk that did not finish left its slot zeroed), for the caller to release what
/// they hold and free them.
///
/// # Safety
///
/// `body` must be safe to call from any thread with `env` and any chunk of `0..n`, at
/// the same time for different chunks, and write at most `partial_size` bytes to its
/// `partial`; `out` must be writable.
pub unsafe extern "C" fn oxjit_rt_parallel_for(
    body: ChunkBody,
    env: *const u8,
    n: i64,
    partial_size: i64,
    out: *mut ParallelResult,
) -> i32 {
    let chunking = Chunking::new(n, chunk_size());
    let count = chunking.count as usize;
    let stride = partial_size.max(0) as usize;
    let mut partials: Vec<Slot> = vec![0; slots(stride * count)];
    let base = partials.as_mut_ptr() as usize;
    let env = env as usize;
    let failed_at = AtomicUsize::new(usize::MAX);
    let first_error: Mutex<Option<(usize, Option<PendingError>)>> = Mutex::new(None);
    let run = |c: usize| {
        if c > failed_at.load(Ordering::Relaxed) {
            return;
        }
        let (lo, hi) = chunking.range(c as i64);
        let partial = (base + c * stride) as *mut u8;
        // SAFETY: the caller's contract; each chunk gets its own slots.
        let status = unsafe { body(env as *const u8, lo, hi, partial) };
        if status != 0 {
            let error = PendingError::take();
            failed_at.fetch_min(c, Ordering::Relaxed);
            let mut slot = first_error.lock().unwrap_or_else(|e| e.into_inner());
            if slot.as_ref().is_none_or(|(k, _)| c < *k) {
                *slot = Some((c, error));
            }
        }
    };
    pool::parallel_for(count, pool::threads(), &run);
    let failure = first_error.into_inner().unwrap_or_else(|e| e.into_inner());
    let partials = if partials.is_empty() {
        std::ptr::null_mut()
    } else {
        Box::into_raw(partials.into_boxed_slice()) as *mut u8
    };
    // SAFETY: the caller passes a writable result.
    unsafe {
        *out = ParallelResult {
            partials,
            count: chunking.count,
        }
    };
    match failure {
        Some((_, error)) => {
            if let Some(e) = error {
                e.restore();
            }
            1
        }
        None => 0,
    }
}

/// `get_thread_id()` in compiled code: the calling thread's number in the parallel work
/// it runs (see [`pool::thread_index`]).
pub extern "C" fn oxjit_rt_thread_id() -> i64 {
    pool::thread_index() as i64
}

/// Frees the partial results of [`oxjit_rt_parallel_for`].
///
/// # Safety
///
/// `partials`, `count` and `partial_size` must be what one call of
/// [`oxjit_rt_parallel_for`] handed back and was given, freed once.
pub unsafe extern "C" fn oxjit_rt_parallel_free(partials: *mut u8, count: i64, partial_size: i64) {
    if partials.is_null() {
        return;
    }
    let len = slots(partial_size.max(0) as usize * count as usize);
    // SAFETY: the caller's contract: this is the boxed slice made above.
    drop(unsafe {
        Box::from_raw(std::ptr::slice_from_raw_parts_mut(
            partials as *mut Slot,
            len,
        ))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_the_range_once_whatever_the_size() {
        for n in [0, 1, 5, 127, 128, 129, 1000, 12345] {
            for size in [0, 1, 3, 64, 5000] {
                let ch = Chunking::new(n, size);
                let mut next = 0;
                for c in 0..ch.count {
                    let (lo, hi) = ch.range(c);
                    assert_eq!(lo, next, "n={n} size={size} chunk {c}");
                    assert!(hi > lo, "empty chunk n={n} size={size} chunk {c}");
                    next = hi;
                }
                assert_eq!(next, n, "n={n} size={size}");
            }
        }
    }

    unsafe extern "C" fn sum_squares(env: *const u8, lo: i64, hi: i64, partial: *mut u8) -> i32 {
        let fail_at = unsafe { *(env as *const i64) };
        let mut s = 0i64;
        for i in lo..hi {
            if i == fail_at {
                crate::error::raise(crate::error::ErrorKind::ValueError, format!("at {i}"));
                return 1;
            }
            s += i * i;
        }
        unsafe { *(partial as *mut i64) = s };
        0
    }

    fn run(n: i64, fail_at: i64, threads: usize) -> Result<i64, String> {
        pool::set_thread_limit(threads);
        let mut out = ParallelResult {
            partials: std::ptr::null_mut(),
            count: 0,
        };
        let env = &fail_at as *const i64 as *const u8;
        let status = unsafe { oxjit_rt_parallel_for(sum_squares, env, n, 8, &mut out) };
        if status != 0 {
            unsafe { oxjit_rt_parallel_free(out.partials, out.count, 8) };
            return Err(crate::error::take_error().unwrap().1);
        }
        let total = (0..out.count)
            .map(|c| unsafe { *(out.partials as *const i64).add(c as usize) })
            .sum();
        unsafe { oxjit_rt_parallel_free(out.partials, out.count, 8) };
        Ok(total)
    }

    #[test]
    fn partials_combine_and_the_first_error_is_raised() {
        for threads in [1, 2, 4] {
            let n = 10_000i64;
            assert_eq!(run(n, -1, threads), Ok((0..n).map(|i| i * i).sum()));
            assert_eq!(run(n, 4321, threads), Err("at 4321".to_string()));
            assert_eq!(run(0, -1, threads), Ok(0));
        }
    }
}
