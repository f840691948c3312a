//! The random number generator of compiled code: the Mersenne Twister (MT19937) that
//! NumPy's legacy `np.random` functions use, with the same seeding, the same doubles
//! and the same Gaussian draws, so a compiled function that calls `np.random.seed(n)`
//! draws exactly the numbers NumPy draws after `np.random.seed(n)`.
//!
//! As in Numba, the state is compiled code's own (Python's `np.random.seed` does not
//! reach it) and each thread has its own, seeded from the operating system's entropy
//! until the program seeds it.

use std::cell::UnsafeCell;

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// One generator's state: the key, the position in it, and the second Gaussian of the
/// last pair drawn (NumPy's legacy `gauss`/`has_gauss`).
pub struct Mt19937 {
    key: [u32; N],
    pos: usize,
    gauss: Option<f64>,
    /// False until seeded: the thread's generator seeds itself from the operating
    /// system's entropy at its first draw.
    seeded: bool,
}

impl Mt19937 {
    /// Not seeded yet (the first draw seeds it from entropy).
    const UNSEEDED: Mt19937 = Mt19937 {
        key: [0; N],
        pos: N,
        gauss: None,
        seeded: false,
    };

    /// Seeded as NumPy's `mt19937_seed` (what `np.random.seed(n)` does for an int).
    pub fn new(seed: u32) -> Mt19937 {
        let mut key = [0u32; N];
        let mut s = seed;
        for (pos, k) in key.iter_mut().enumerate() {
            *k = s;
            s = 1_812_433_253u32
                .wrapping_mul(s ^ (s >> 30))
                .wrapping_add(pos as u32 + 1);
        }
        Mt19937 {
            key,
            pos: N,
            gauss: None,
            seeded: true,
        }
    }

    fn regenerate(&mut self) {
        let twist = |a: u32, b: u32, c: u32| {
            let y = (a & UPPER_MASK) | (b & LOWER_MASK);
            c ^ (y >> 1) ^ (0u32.wrapping_sub(y & 1) & MATRIX_A)
        };
        let k = &mut self.key;
        for i in 0..N - M {
            k[i] = twist(k[i], k[i + 1], k[i + M]);
        }
        for i in N - M..N - 1 {
            k[i] = twist(k[i], k[i + 1], k[i + M - N]);
        }
        k[N - 1] = twist(k[N - 1], k[0], k[M - 1]);
        self.pos = 0;
    }

    /// The next 32 random bits.
    pub fn next_u32(&mut self) -> u32 {
        if self.pos == N {
            if !self.seeded {
                *self = Mt19937::new(entropy_seed());
            }
            self.regenerate();
        }
        let mut y = self.key[self.pos];
        self.pos += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// A double in [0, 1) from 53 random bits, as NumPy makes one.
    pub fn next_double(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// A standard normal draw by NumPy's legacy polar method: two per round, the
    /// second kept for the next call.
    pub fn next_gauss(&mut self) -> f64 {
        if let Some(g) = self.gauss.take() {
            return g;
        }
        loop {
            let x1 = 2.0 * self.next_double() - 1.0;
            let x2 = 2.0 * self.next_double() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                let f = (-2.0 * r2.ln() / r2).sqrt();
                self.gauss = Some(f * x1);
                return f * x2;
            }
        }
    }
}

/// A seed from the operating system's entropy (`RandomState` hashing is seeded from it).
fn entropy_seed() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(std::process::id() as u64);
    h.finish() as u32
}

thread_local! {
    // A const initialiser: no lazy-initialisation check on the hot path of every draw.
    static GENERATOR: UnsafeCell<Mt19937> = const { UnsafeCell::new(Mt19937::UNSEEDED) };
}

/// This thread's generator. Its address is the same for the thread's whole life, so
/// compiled code asks once per function (LLVM hoists the call out of loops: it is
/// declared as reading no memory) and passes it to the draws below, which then need no
/// thread-local lookup each.
#[no_mangle]
pub extern "C" fn oxjit_rt_random_state() -> *mut Mt19937 {
    GENERATOR.with(|g| g.get())
}

/// `np.random.seed(seed)` in compiled code (the seed checked to fit 32 bits by its
/// caller).
///
/// # Safety
/// `g` is this thread's generator, from [`oxjit_rt_random_state`].
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_random_seed(g: *mut Mt19937, seed: u32) {
    // SAFETY: the caller passes this thread's generator, used by nothing else now.
    unsafe { *g = Mt19937::new(seed) };
}

/// `np.random.random()`: a double in [0, 1).
///
/// # Safety
/// As [`oxjit_rt_random_seed`].
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_random_double(g: *mut Mt19937) -> f64 {
    // SAFETY: as in `oxjit_rt_random_seed`.
    unsafe { (*g).next_double() }
}

/// `np.random.standard_normal()`: NumPy's legacy Gaussian.
///
/// # Safety
/// As [`oxjit_rt_random_seed`].
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_random_gauss(g: *mut Mt19937) -> f64 {
    // SAFETY: as in `oxjit_rt_random_seed`.
    unsafe { (*g).next_gauss() }
}

/// The next 32 random bits (for integers in a range).
///
/// # Safety
/// As [`oxjit_rt_random_seed`].
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_random_u32(g: *mut Mt19937) -> u32 {
    // SAFETY: as in `oxjit_rt_random_seed`.
    unsafe { (*g).next_u32() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_outputs_of_mt19937() {
        // The first outputs of genrand_int32 after init_genrand(5489), MT19937's default.
        let mut g = Mt19937::new(5489);
        let first: Vec<u32> = (0..3).map(|_| g.next_u32()).collect();
        assert_eq!(first, [3_499_211_612, 581_869_302, 3_890_346_734]);
        // The 10000th output, the reference value of C++'s std::mt19937.
        let mut g = Mt19937::new(5489);
        let last = (0..10_000).map(|_| g.next_u32()).last().unwrap();
        assert_eq!(last, 4_123_659_995);
    }

    #[test]
    fn gaussians_come_in_pairs() {
        let mut a = Mt19937::new(7);
        let mut b = Mt19937::new(7);
        let (g1, g2) = (a.next_gauss(), a.next_gauss());
        assert!(g1.is_finite() && g2.is_finite() && g1 != g2);
        assert_eq!((b.next_gauss(), b.next_gauss()), (g1, g2));
    }
}
