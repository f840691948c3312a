//! The process's worker threads for parallel work: [`parallel_for`] runs a closure over
//! chunk indices `0..n` on up to `threads` threads, the caller among them.
//!
//! One pool per process, started lazily and grown to the largest thread count asked for;
//! its threads sleep on a condition variable between jobs, so a job costs a wake-up, not a
//! thread start (tens of microseconds each). One job runs at a time: a second caller (another
//! Python thread, or parallel code started from inside a job) runs its chunks itself,
//! serially, which is always correct and never deadlocks. Chunks are handed out one at a
//! time from an atomic counter, so uneven chunks balance across threads.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};

/// The work of one [`parallel_for`] call, shared with the workers that join it.
struct Job {
    /// The caller's closure; it outlives the job because the caller waits for every
    /// worker that joined to leave before returning.
    body: *const (dyn Fn(usize) + Sync),
    chunks: usize,
    next: AtomicUsize,
    /// Workers that may still join (the thread count asked for, less the caller).
    seats: AtomicUsize,
    panicked: AtomicBool,
}

// SAFETY: `body` points to a `Sync` closure, read only while the caller keeps it alive.
unsafe impl Send for Job {}
unsafe impl Sync for Job {}

impl Job {
    /// Runs chunks until none is left.
    fn work(&self) {
        loop {
            let k = self.next.fetch_add(1, Ordering::Relaxed);
            if k >= self.chunks {
                return;
            }
            // SAFETY: see `body`.
            let body = unsafe { &*self.body };
            if catch_unwind(AssertUnwindSafe(|| body(k))).is_err() {
                self.panicked.store(true, Ordering::Relaxed);
            }
        }
    }
}

#[derive(Default)]
struct State {
    job: Option<Arc<Job>>,
    /// Bumped for each job, so a worker joins each job at most once.
    generation: u64,
    /// Workers inside the current job.
    active: usize,
    workers: usize,
}

#[derive(Default)]
struct Pool {
    state: Mutex<State>,
    wake: Condvar,
    idle: Condvar,
    /// Held by the caller whose job the pool is running.
    busy: Mutex<()>,
}

/// The thread count parallel work uses unless the calling thread set its own
/// (`config.NUMBA_NUM_THREADS`, set by the host).
static DEFAULT_THREADS: AtomicUsize = AtomicUsize::new(1);

thread_local! {
    /// `set_num_threads(n)` of the calling thread, 0 when it never called it.
    static THREAD_LIMIT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// This thread's number in the job it works on (0: the thread that started it, or
    /// any thread outside parallel work).
    static THREAD_INDEX: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The calling thread's number among the threads of the parallel work it runs: 0 for
/// the thread that started it, 1 to `threads - 1` for the workers that joined it.
pub fn thread_index() -> usize {
    THREAD_INDEX.with(|t| t.get())
}

/// Sets the process-wide default thread count.
pub fn set_default_threads(n: usize) {
    DEFAULT_THREADS.store(n.max(1), Ordering::Relaxed);
}

/// Sets the thread count of parallel work started from the calling thread.
pub fn set_thread_limit(n: usize) {
    THREAD_LIMIT.with(|t| t.set(n));
}

/// The thread count parallel work started from the calling thread uses.
pub fn threads() -> usize {
    match THREAD_LIMIT.with(|t| t.get()) {
        0 => DEFAULT_THREADS.load(Ordering::Relaxed),
        n => n,
    }
}

/// Locks `m`, whether or not a panic poisoned it (the state stays consistent: every
/// change to it is a single assignment under the lock).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(Pool::default)
}

fn worker_main(pool: &'static Pool) {
    let mut seen = 0u64;
    let mut state = lock(&pool.state);
    loop {
        let joinable = match &state.job {
            Some(job) if state.generation != seen => Some(job.clone()),
            _ => None,
        };
        let Some(job) = joinable else {
            state = pool.wake.wait(state).unwrap_or_else(|e| e.into_inner());
            continue;
        };
        seen = state.generation;
        let seat = job
            .seats
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |s| s.checked_sub(1));
        // Seats are numbered from the thread count asked for down to 1: each worker in
        // a job has its own number, the caller 0.
        let Ok(seat) = seat else {
            continue;
        };
        state.active += 1;
        drop(state);
        THREAD_INDEX.with(|t| t.set(seat));
        job.work();
        THREAD_INDEX.with(|t| t.set(0));
        state = lock(&pool.state);
        state.active -= 1;
        if state.active == 0 {
            pool.idle.notify_all();
        }
    }
}

/// Runs `body(k)` for every `k` in `0..chunks`, on up to `threads` threads (the calling
/// thread is one of them). Returns once every chunk has run. A panic in a chunk is
/// re-raised here after the others finished.
pub fn parallel_for(chunks: usize, threads: usize, body: &(dyn Fn(usize) + Sync)) {
    let pool = pool();
    let guard = if threads > 1 && chunks > 1 {
        match pool.busy.try_lock() {
            Ok(g) => Some(g),
            // A chunk once panicked while the pool ran it: the pool itself is fine.
            Err(std::sync::TryLockError::Poisoned(p)) => Some(p.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        }
    } else {
        None
    };
    let Some(busy) = guard else {
        (0..chunks).for_each(body);
        return;
    };
    // SAFETY: only the lifetime is erased; `body` stays alive until every worker that
    // joined has left the job (the wait below).
    let body: *const (dyn Fn(usize) + Sync) = unsafe {
        std::mem::transmute::<&(dyn Fn(usize) + Sync), &'static (dyn Fn(usize) + Sync)>(body)
    };
    let wanted = threads.min(chunks) - 1;
    let mut state = lock(&pool.state);
    while state.workers < wanted {
        let started = std::thread::Builder::new()
            .name("oxjit-worker".into())
            .spawn(move || worker_main(pool));
        if started.is_err() {
            break; // run with the workers there are
        }
        state.workers += 1;
    }
    let job = Arc::new(Job {
        body,
        chunks,
        next: AtomicUsize::new(0),
        seats: AtomicUsize::new(wanted.min(state.workers)),
        panicked: AtomicBool::new(false),
    });
    {
        state.job = Some(job.clone());
        state.generation += 1;
        pool.wake.notify_all();
        drop(state);
    }
    job.work();
    let mut state = lock(&pool.state);
    // Every chunk is taken; close the job to late workers, then wait for those inside.
    state.job = None;
    while state.active > 0 {
        state = pool.idle.wait(state).unwrap_or_else(|e| e.into_inner());
    }
    drop(state);
    drop(busy);
    if job.panicked.load(Ordering::Relaxed) {
        panic!("a parallel chunk panicked");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU64;

    #[test]
    fn every_chunk_runs_once() {
        for threads in [1, 2, 4, 8] {
            let hits: Vec<AtomicU64> = (0..1000).map(|_| AtomicU64::new(0)).collect();
            parallel_for(1000, threads, &|k| {
                hits[k].fetch_add(1, Ordering::Relaxed);
            });
            assert!(hits.iter().all(|h| h.load(Ordering::Relaxed) == 1));
        }
    }

    #[test]
    fn nested_calls_run_serially() {
        let total = AtomicU64::new(0);
        parallel_for(8, 4, &|_| {
            parallel_for(8, 4, &|k| {
                total.fetch_add(k as u64, Ordering::Relaxed);
            });
        });
        assert_eq!(total.load(Ordering::Relaxed), 8 * 28);
    }
}
