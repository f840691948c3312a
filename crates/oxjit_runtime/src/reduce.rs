//! Reductions whose exact rounding users compare against NumPy: float sums use NumPy's
//! pairwise summation (eight accumulators, blocks of 128, halving above that), so
//! `a.sum()` in compiled code gives bit-for-bit what NumPy gives for 1-d data; parallel
//! code sums large runs on the worker pool with the same additions in the same order.

const BLOCK: usize = 128;

/// Sum of `n` values read by `get(i)`, in NumPy's pairwise order.
fn pairwise<T: Copy + std::ops::Add<Output = T> + Default>(
    start: usize,
    n: usize,
    get: &impl Fn(usize) -> T,
) -> T {
    if n < 8 {
        let mut s = T::default();
        // NumPy starts from -0.0 semantics via the first element; adding to +0.0 differs
        // only for all -0.0 inputs, which NumPy also sums from 0.
        for i in 0..n {
            s = s + get(start + i);
        }
        s
    } else if n <= BLOCK {
        let mut r = [T::default(); 8];
        for (k, slot) in r.iter_mut().enumerate() {
            *slot = get(start + k);
        }
        let mut i = 8;
        while i < n - (n % 8) {
            for (k, slot) in r.iter_mut().enumerate() {
                *slot = *slot + get(start + i + k);
            }
            i += 8;
        }
        let mut s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        while i < n {
            s = s + get(start + i);
            i += 1;
        }
        s
    } else {
        let half = (n / 2) - (n / 2) % 8;
        pairwise(start, half, get) + pairwise(start + half, n - half, get)
    }
}

/// Elements from which a sum made by parallel code is split over the worker pool.
pub const PARALLEL_MIN: usize = 1 << 16;

/// The pieces of a pooled sum: subtrees of the pairwise recursion of at most this many
/// elements (more than [`BLOCK`], so each is summed exactly as the whole recursion would).
const LEAF: usize = 1 << 14;

/// Calls `leaf(start, n)` for each subtree of at most [`LEAF`] elements of the pairwise
/// recursion over `start..start + n`, in order, and adds their results as the recursion
/// does.
fn pairwise_tree<T: Copy + std::ops::Add<Output = T>>(
    start: usize,
    n: usize,
    leaf: &mut impl FnMut(usize, usize) -> T,
) -> T {
    if n <= LEAF {
        return leaf(start, n);
    }
    let half = (n / 2) - (n / 2) % 8;
    let a = pairwise_tree(start, half, leaf);
    a + pairwise_tree(start + half, n - half, leaf)
}

/// [`pairwise`] with its subtrees summed on the worker pool: the same additions in the
/// same order, so the same bits as the serial sum (and NumPy's), on any thread count.
fn pairwise_pooled<T>(n: usize, get: &(impl Fn(usize) -> T + Sync)) -> T
where
    T: Copy + std::ops::Add<Output = T> + Default + Send,
{
    if n < PARALLEL_MIN {
        return pairwise(0, n, get);
    }
    let mut leaves = Vec::new();
    pairwise_tree(0, n, &mut |start, len| {
        leaves.push((start, len));
        T::default()
    });
    let sums: Vec<std::sync::Mutex<T>> = leaves.iter().map(|_| Default::default()).collect();
    crate::pool::parallel_for(leaves.len(), crate::pool::threads(), &|k| {
        let (start, len) = leaves[k];
        let s = pairwise(start, len, get);
        *sums[k].lock().unwrap_or_else(|e| e.into_inner()) = s;
    });
    let mut next = sums
        .into_iter()
        .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()));
    pairwise_tree(0, n, &mut |_, _| next.next().expect("one sum per leaf"))
}

/// The `i`th of the values `stride` bytes apart from `data`.
///
/// # Safety
/// The value must be readable.
unsafe fn at<T: Copy>(data: *const u8, stride: i64, i: usize) -> T {
    // SAFETY: forwarded from the caller.
    unsafe { *(data.offset(i as isize * stride as isize) as *const T) }
}

/// NumPy's pairwise sum of `n` float64 values `stride` bytes apart.
///
/// # Safety
/// `data` must point at `n` readable values with that stride.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_sum_f64(data: *const u8, n: i64, stride: i64) -> f64 {
    // SAFETY: the caller guarantees every offset read is inside the array.
    pairwise(0, n.max(0) as usize, &|i| unsafe { at(data, stride, i) })
}

/// [`oxjit_rt_sum_f64`] for parallel code: large sums are split over the worker pool,
/// with the same result.
///
/// # Safety
/// As [`oxjit_rt_sum_f64`].
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_sum_f64_pooled(data: *const u8, n: i64, stride: i64) -> f64 {
    let data = data as usize;
    // SAFETY: the caller guarantees every offset read is inside the array.
    pairwise_pooled(n.max(0) as usize, &|i| unsafe {
        at(data as *const u8, stride, i)
    })
}

/// [`oxjit_rt_sum_f32`] for parallel code (see [`oxjit_rt_sum_f64_pooled`]).
///
/// # Safety
/// As [`oxjit_rt_sum_f32`].
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_sum_f32_pooled(data: *const u8, n: i64, stride: i64) -> f32 {
    let data = data as usize;
    // SAFETY: the caller guarantees every offset read is inside the array.
    pairwise_pooled(n.max(0) as usize, &|i| unsafe {
        at(data as *const u8, stride, i)
    })
}

/// NumPy's pairwise sum of `n` float32 values, accumulated in float32 as NumPy does.
///
/// # Safety
/// `data` must point at `n` readable values with that stride.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_sum_f32(data: *const u8, n: i64, stride: i64) -> f32 {
    // SAFETY: the caller guarantees every offset read is inside the array.
    pairwise(0, n.max(0) as usize, &|i| unsafe { at(data, stride, i) })
}

/// Sum of `m` complex values read by `get(k)` as (real, imaginary), in NumPy's pairwise
/// order for complex data: the parts are counted as `2m` interleaved values, so a block
/// of eight holds four complex numbers and each part has four accumulators.
fn pairwise_complex<T: Copy + std::ops::Add<Output = T> + Default>(
    start: usize,
    m: usize,
    get: &impl Fn(usize) -> (T, T),
) -> (T, T) {
    let n = 2 * m;
    if n < 8 {
        let (mut rr, mut ri) = (T::default(), T::default());
        for k in 0..m {
            let (re, im) = get(start + k);
            rr = rr + re;
            ri = ri + im;
        }
        (rr, ri)
    } else if n <= BLOCK {
        let mut r = [T::default(); 8];
        for k in 0..4 {
            (r[2 * k], r[2 * k + 1]) = get(start + k);
        }
        let mut i = 8;
        while i < n - (n % 8) {
            for k in 0..4 {
                let (re, im) = get(start + i / 2 + k);
                r[2 * k] = r[2 * k] + re;
                r[2 * k + 1] = r[2 * k + 1] + im;
            }
            i += 8;
        }
        let mut rr = (r[0] + r[2]) + (r[4] + r[6]);
        let mut ri = (r[1] + r[3]) + (r[5] + r[7]);
        while i < n {
            let (re, im) = get(start + i / 2);
            rr = rr + re;
            ri = ri + im;
            i += 2;
        }
        (rr, ri)
    } else {
        let half = (n / 2) - (n / 2) % 8;
        let (a, b) = (
            pairwise_complex(start, half / 2, get),
            pairwise_complex(start + half / 2, m - half / 2, get),
        );
        (a.0 + b.0, a.1 + b.1)
    }
}

/// [`pairwise_complex`] over `n` complex values `stride` bytes apart (each a pair of
/// `T`), written to `out` (real, then imaginary part).
///
/// # Safety
/// `data` must point at `n` readable values with that stride; `out` at two writable `T`.
unsafe fn sum_complex_into<T: Copy + std::ops::Add<Output = T> + Default>(
    data: *const u8,
    n: i64,
    stride: i64,
    out: *mut T,
) {
    // SAFETY: the caller guarantees every offset read is inside the array.
    let get = |i: usize| unsafe { at::<[T; 2]>(data, stride, i) }.into();
    let (re, im) = pairwise_complex(0, n.max(0) as usize, &get);
    // SAFETY: the caller guarantees `out` has room for both parts.
    unsafe { (out.write(re), out.add(1).write(im)) };
}

/// NumPy's pairwise sum of `n` complex128 values `stride` bytes apart, written to `out`
/// (real, then imaginary part).
///
/// # Safety
/// `data` must point at `n` readable values with that stride; `out` at two writable f64.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_sum_c128(data: *const u8, n: i64, stride: i64, out: *mut f64) {
    // SAFETY: forwarded from the caller.
    unsafe { sum_complex_into(data, n, stride, out) }
}

/// [`oxjit_rt_sum_c128`] for complex64, accumulated in float32 as NumPy does.
///
/// # Safety
/// As [`oxjit_rt_sum_c128`], with two writable f32 at `out`.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_sum_c64(data: *const u8, n: i64, stride: i64, out: *mut f32) {
    // SAFETY: forwarded from the caller.
    unsafe { sum_complex_into(data, n, stride, out) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pooled_sums_have_the_serial_bits_on_any_thread_count() {
        for n in [
            0,
            10,
            PARALLEL_MIN - 1,
            PARALLEL_MIN,
            3 * LEAF + 17,
            1_000_003,
        ] {
            let v: Vec<f64> = (0..n).map(|i| ((i * 7919) as f64).sin() * 1e3).collect();
            let serial = unsafe { oxjit_rt_sum_f64(v.as_ptr() as *const u8, n as i64, 8) };
            for threads in [1, 2, 4, 8] {
                crate::pool::set_thread_limit(threads);
                let pooled =
                    unsafe { oxjit_rt_sum_f64_pooled(v.as_ptr() as *const u8, n as i64, 8) };
                assert_eq!(
                    pooled.to_bits(),
                    serial.to_bits(),
                    "n={n} threads={threads}"
                );
            }
        }
        crate::pool::set_thread_limit(0);
    }

    #[test]
    fn small_and_large_sums() {
        let v: Vec<f64> = (0..1000).map(|i| (i as f64).sin()).collect();
        let s = unsafe { oxjit_rt_sum_f64(v.as_ptr() as *const u8, v.len() as i64, 8) };
        let naive: f64 = v.iter().sum();
        assert!((s - naive).abs() < 1e-9);
        let s3 = unsafe { oxjit_rt_sum_f64(v.as_ptr() as *const u8, 3, 8) };
        assert_eq!(s3, v[0] + v[1] + v[2]);
    }
}
