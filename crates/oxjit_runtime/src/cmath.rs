//! Math helpers that compiled code needs and libm / LLVM intrinsics lack.
//!
//! **Complex functions.** The Rust functions ([`sqrt`], [`exp`], [`log`], ...) take
//! and return [`Complex64`]; each has an `extern "C"` wrapper for compiled code named
//! `oxjit_rt_c<name>` with the ABI
//! `fn(re: f64, im: f64, out: *mut [f64; 2])`: inputs as separate doubles, result
//! written through `out` as `[re, im]`. They follow the algorithms of CPython's
//! `cmath` module (Kahan-style formulas with explicit scaling against overflow and
//! underflow) so that, for finite inputs, results agree with CPython to within an ulp
//! or two, with the same signs of zero and the same branch cuts. Where CPython raises
//! (`log(0)`, overflow in `exp`, ...) these return the IEEE value (`-inf`, `inf`)
//! instead, as Numba does. Infinite and NaN inputs follow C99 Annex G, as CPython's
//! special-value tables do (where CPython raises `ValueError` for such an input, the
//! result here is some NaN-bearing value).
//!
//! Complex division ([`oxjit_rt_cdiv`]) and power ([`oxjit_rt_cpow`]) have Python
//! semantics, including the exceptions, and return an `i32` status (0 ok, 1 raised).
//!
//! **Real and integer helpers.** Python's float `%` and `//`, integer power with
//! Numba's wrap-around, `gamma` / `lgamma`, `frexp` / `ldexp`.

use std::f64::consts::{E, FRAC_PI_2, LN_10, LN_2};

pub use num_complex::Complex64;

use crate::error::{raise, ErrorKind, STATUS_ERROR, STATUS_OK};

/// Functions from the C math library (always linked by `std` on the supported targets).
mod libm {
    unsafe extern "C" {
        pub safe fn asinh(x: f64) -> f64;
        pub safe fn tgamma(x: f64) -> f64;
        #[cfg(unix)]
        pub fn lgamma_r(x: f64, sign: *mut i32) -> f64;
        #[cfg(not(unix))]
        pub safe fn lgamma(x: f64) -> f64;
        pub safe fn ldexp(x: f64, exp: i32) -> f64;
        /// `double complex cpow(double complex, double complex)`: a `double complex`
        /// passes and returns as a `#[repr(C)]` pair of doubles on the supported ABIs.
        pub safe fn cpow(x: super::Complex64, y: super::Complex64) -> super::Complex64;
    }
}

/// `f64::MAX / 4`: beyond this, `|x| + |y|`-style intermediates may overflow.
const LARGE: f64 = f64::MAX / 4.0;
/// `sqrt(f64::MAX / 4)`.
const SQRT_LARGE: f64 = 6.703903964971298e153;
/// `ln(f64::MAX / 4)`: beyond this, `exp(x)` is close to overflowing.
const LOG_LARGE: f64 = 708.3964185322641;
/// `sqrt(f64::MIN_POSITIVE)`.
const SQRT_MIN_POSITIVE: f64 = 1.4916681462400413e-154;
/// 2^53, used to lift subnormal inputs into the normal range.
const TWO_POW_53: f64 = 9007199254740992.0;

#[inline]
fn c(re: f64, im: f64) -> Complex64 {
    Complex64::new(re, im)
}

/// `ln(hypot(x, y))` for huge `x` or `y`, computed without overflow.
#[inline]
fn ln_hypot_large(x: f64, y: f64) -> f64 {
    (x / 2.0).hypot(y / 2.0).ln() + LN_2
}

/// Principal square root, branch cut along the negative real axis (continuous from
/// above for `+0.0` imaginary part, from below for `-0.0`).
pub fn sqrt(z: Complex64) -> Complex64 {
    let (x, y) = (z.re, z.im);
    if y.is_infinite() {
        return c(f64::INFINITY, y);
    }
    if x == 0.0 && y == 0.0 {
        return c(0.0, y);
    }
    let (ax, ay) = (x.abs(), y.abs());
    // s = sqrt((|x| + |z|) / 2), computed without overflow or loss of precision.
    let s = if ax < f64::MIN_POSITIVE && ay < f64::MIN_POSITIVE {
        // Both parts subnormal: scale by 2^53 (odd power of two), take the root, and
        // scale back by 2^-27; 2^(53/2) * 2^-27 = 2^-1/2 supplies the halving.
        let sx = ax * TWO_POW_53;
        let t = (sx + sx.hypot(ay * TWO_POW_53)).sqrt();
        libm::ldexp(t, -27)
    } else {
        let sx = ax / 8.0;
        2.0 * (sx + sx.hypot(ay / 8.0)).sqrt()
    };
    let d = ay / (2.0 * s);
    if x >= 0.0 {
        c(s, d.copysign(y))
    } else {
        c(d, s.copysign(y))
    }
}

/// `cmath.rect(r, phi)`: the complex number with modulus `r` and argument `phi`.
///
/// Finite inputs give `r cos(phi) + i r sin(phi)` (for `phi == 0` exactly `r + i r*phi`,
/// keeping the sign of zero). The rest follow CPython's special values: an infinite `r`
/// with a finite non-zero `phi` is infinite in the direction of `phi`; a zero `r` is zero
/// whatever `phi` (signed like `r + i r*phi` for `phi = ±0`); an infinite `r` with a zero
/// `phi` keeps `phi` as imaginary part (sign flipped for `-inf`); a NaN `r` with a zero
/// `phi` gives `nan + 0j`; everything else involving NaN or an infinite `phi` is NaN,
/// except an infinite `r` with a non-finite `phi`, which is `inf + nan j`.
pub fn rect(r: f64, phi: f64) -> Complex64 {
    if r.is_finite() && phi.is_finite() {
        return if phi == 0.0 {
            c(r, r * phi)
        } else {
            c(r * phi.cos(), r * phi.sin())
        };
    }
    if r.is_infinite() && phi.is_finite() {
        if phi != 0.0 {
            let sign = r.signum();
            return c(
                sign * f64::INFINITY.copysign(phi.cos()),
                sign * f64::INFINITY.copysign(phi.sin()),
            );
        }
        // r = ±inf, phi = ±0: the imaginary part is phi, negated for -inf.
        return c(r, phi * r.signum());
    }
    if r == 0.0 {
        // A zero modulus with an infinite or NaN phi.
        return c(0.0, 0.0);
    }
    if r.is_nan() {
        return if phi == 0.0 {
            c(f64::NAN, 0.0)
        } else {
            c(f64::NAN, f64::NAN)
        };
    }
    if r.is_infinite() {
        // phi is infinite or NaN.
        return c(f64::INFINITY, f64::NAN);
    }
    // A finite non-zero r with an infinite or NaN phi (CPython raises for infinite phi).
    c(f64::NAN, f64::NAN)
}

/// [`rect`] with `r` and `phi` passed as the real and imaginary parts of `z`, for the
/// complex-function ABI.
fn rect_parts(z: Complex64) -> Complex64 {
    rect(z.re, z.im)
}

/// Complex exponential.
pub fn exp(z: Complex64) -> Complex64 {
    let (x, y) = (z.re, z.im);
    if !x.is_finite() || !y.is_finite() {
        return exp_nonfinite(x, y);
    }
    if x > LOG_LARGE {
        // exp(x) may overflow while exp(x) * cos(y) does not.
        let l = (x - 1.0).exp();
        c(l * y.cos() * E, l * y.sin() * E)
    } else {
        let l = x.exp();
        c(l * y.cos(), l * y.sin())
    }
}

fn exp_nonfinite(x: f64, y: f64) -> Complex64 {
    if x.is_nan() {
        return if y == 0.0 { c(x, y) } else { c(x, f64::NAN) };
    }
    if x.is_infinite() {
        if x > 0.0 {
            if y == 0.0 {
                c(x, y)
            } else if y.is_finite() {
                c(x * y.cos(), x * y.sin())
            } else {
                c(x, f64::NAN)
            }
        } else if y.is_finite() {
            c(0.0 * y.cos(), 0.0 * y.sin())
        } else {
            c(0.0, 0.0)
        }
    } else {
        // x finite, y infinite or NaN.
        c(f64::NAN, f64::NAN)
    }
}

/// Natural logarithm, principal branch; `log(0)` is `-inf + i*atan2(y, x)`.
pub fn log(z: Complex64) -> Complex64 {
    let (x, y) = (z.re, z.im);
    let (ax, ay) = (x.abs(), y.abs());
    let re = if ax > LARGE || ay > LARGE {
        ln_hypot_large(ax, ay)
    } else if ax < f64::MIN_POSITIVE && ay < f64::MIN_POSITIVE {
        if ax > 0.0 || ay > 0.0 {
            // Subnormal: scale into the normal range first.
            (ax * TWO_POW_53).hypot(ay * TWO_POW_53).ln() - 53.0 * LN_2
        } else {
            f64::NEG_INFINITY
        }
    } else {
        let h = ax.hypot(ay);
        if (0.71..=1.73).contains(&h) {
            // Near |z| = 1: ln|z| = log1p(|z|^2 - 1) / 2 with |z|^2 - 1 formed exactly.
            let (big, small) = if ax > ay { (ax, ay) } else { (ay, ax) };
            ((big - 1.0) * (big + 1.0) + small * small).ln_1p() / 2.0
        } else {
            h.ln()
        }
    };
    c(re, y.atan2(x))
}

/// Base-10 logarithm.
pub fn log10(z: Complex64) -> Complex64 {
    let l = log(z);
    c(l.re / LN_10, l.im / LN_10)
}

/// Hyperbolic sine.
pub fn sinh(z: Complex64) -> Complex64 {
    let (x, y) = (z.re, z.im);
    if !x.is_finite() || !y.is_finite() {
        return if x.is_infinite() {
            if y == 0.0 {
                c(x, y)
            } else if y.is_finite() {
                c(x * y.cos(), f64::INFINITY * y.sin())
            } else {
                c(f64::INFINITY, f64::NAN)
            }
        } else if x == 0.0 {
            c(0.0, f64::NAN)
        } else if x.is_nan() && y == 0.0 {
            c(x, y)
        } else {
            c(f64::NAN, f64::NAN)
        };
    }
    if x.abs() > LOG_LARGE {
        let xm1 = x - 1.0f64.copysign(x);
        c(y.cos() * xm1.sinh() * E, y.sin() * xm1.cosh() * E)
    } else {
        c(y.cos() * x.sinh(), y.sin() * x.cosh())
    }
}

/// Hyperbolic cosine.
pub fn cosh(z: Complex64) -> Complex64 {
    let (x, y) = (z.re, z.im);
    if !x.is_finite() || !y.is_finite() {
        return if x.is_infinite() {
            if y == 0.0 {
                c(f64::INFINITY, y * x.signum())
            } else if y.is_finite() {
                c(f64::INFINITY * y.cos(), x * y.sin())
            } else {
                c(f64::INFINITY, f64::NAN)
            }
        } else if x == 0.0 || (x.is_nan() && y == 0.0) {
            c(f64::NAN, 0.0)
        } else {
            c(f64::NAN, f64::NAN)
        };
    }
    if x.abs() > LOG_LARGE {
        let xm1 = x - 1.0f64.copysign(x);
        c(y.cos() * xm1.cosh() * E, y.sin() * xm1.sinh() * E)
    } else {
        c(y.cos() * x.cosh(), y.sin() * x.sinh())
    }
}

/// Hyperbolic tangent.
pub fn tanh(z: Complex64) -> Complex64 {
    let (x, y) = (z.re, z.im);
    if x.is_infinite() && !y.is_finite() {
        return c(1.0f64.copysign(x), 0.0);
    }
    if x.is_nan() && y == 0.0 {
        return c(x, y);
    }
    if x.abs() > SQRT_LARGE {
        c(
            1.0f64.copysign(x),
            4.0 * y.sin() * y.cos() * (-2.0 * x.abs()).exp(),
        )
    } else {
        // tanh(x + iy) = (tx (1 + ty^2) + i ty sech^2 x) / (1 + tx^2 ty^2)
        let tx = x.tanh();
        let ty = y.tan();
        let sech = 1.0 / x.cosh();
        let txty = tx * ty;
        let denom = 1.0 + txty * txty;
        c(tx * (1.0 + ty * ty) / denom, ((ty / denom) * sech) * sech)
    }
}

/// `-i * f(i * z)`, the rotation that turns the hyperbolic functions into the
/// circular ones.
#[inline]
fn rotated(z: Complex64, f: fn(Complex64) -> Complex64) -> Complex64 {
    let r = f(c(-z.im, z.re));
    c(r.im, -r.re)
}

/// Sine: `-i sinh(iz)`.
pub fn sin(z: Complex64) -> Complex64 {
    rotated(z, sinh)
}

/// Cosine: `cosh(iz)`.
pub fn cos(z: Complex64) -> Complex64 {
    cosh(c(-z.im, z.re))
}

/// Tangent: `-i tanh(iz)`.
pub fn tan(z: Complex64) -> Complex64 {
    rotated(z, tanh)
}

/// Inverse hyperbolic sine; branch cuts on the imaginary axis beyond `±i`.
pub fn asinh(z: Complex64) -> Complex64 {
    let (x, y) = (z.re, z.im);
    if x.is_nan() && y == 0.0 {
        return c(x, y);
    }
    if x.abs() > LARGE || y.abs() > LARGE {
        let re = ln_hypot_large(x, y) + LN_2;
        let re = if x.is_nan() { re } else { re.copysign(x) };
        c(re, y.atan2(x.abs()))
    } else {
        // With s1 = sqrt(1 - iz), s2 = sqrt(1 + iz):
        // asinh z = asinh(Im(conj(s1) s2)) + i atan2(y, Re(s1 s2)).
        let s1 = sqrt(c(1.0 + y, -x));
        let s2 = sqrt(c(1.0 - y, x));
        c(
            libm::asinh(s1.re * s2.im - s2.re * s1.im),
            y.atan2(s1.re * s2.re - s1.im * s2.im),
        )
    }
}

/// Inverse hyperbolic cosine; branch cut on the real axis below 1.
pub fn acosh(z: Complex64) -> Complex64 {
    let (x, y) = (z.re, z.im);
    if x.abs() > LARGE || y.abs() > LARGE {
        c(ln_hypot_large(x, y) + LN_2, y.atan2(x))
    } else {
        let s1 = sqrt(c(x - 1.0, y));
        let s2 = sqrt(c(x + 1.0, y));
        c(
            libm::asinh(s1.re * s2.re + s1.im * s2.im),
            2.0 * s1.im.atan2(s2.re),
        )
    }
}

/// Inverse hyperbolic tangent; branch cuts on the real axis beyond `±1`.
/// `atanh(±1)` is `±inf` (CPython raises `ValueError`).
pub fn atanh(z: Complex64) -> Complex64 {
    let (x, y) = (z.re, z.im);
    if x < 0.0 {
        // atanh is odd; work in the right half-plane.
        let r = atanh(c(-x, -y));
        return c(-r.re, -r.im);
    }
    let ay = y.abs();
    if x.is_infinite() || y.is_infinite() {
        // Here x is +inf, finite, or NaN.
        let re = if x.is_nan() { 0.0 } else { 0.0f64.copysign(x) };
        return c(re, if y.is_nan() { y } else { FRAC_PI_2.copysign(y) });
    }
    if x == 0.0 && y.is_nan() {
        return c(x, y);
    }
    if x > SQRT_LARGE || ay > SQRT_LARGE {
        let h = (x / 2.0).hypot(y / 2.0);
        c(x / 4.0 / h / h, FRAC_PI_2.copysign(y))
    } else if x == 1.0 && ay < SQRT_MIN_POSITIVE {
        if ay == 0.0 {
            c(f64::INFINITY, y)
        } else {
            c(
                -(ay.sqrt() / ay.hypot(2.0).sqrt()).ln(),
                (2.0f64.atan2(-ay) / 2.0).copysign(y),
            )
        }
    } else {
        let one_minus_x = 1.0 - x;
        c(
            (4.0 * x / (one_minus_x * one_minus_x + ay * ay)).ln_1p() / 4.0,
            -(-2.0 * y).atan2(one_minus_x * (1.0 + x) - ay * ay) / 2.0,
        )
    }
}

/// Inverse sine: `-i asinh(iz)`.
pub fn asin(z: Complex64) -> Complex64 {
    rotated(z, asinh)
}

/// Inverse cosine; branch cuts on the real axis beyond `±1`.
pub fn acos(z: Complex64) -> Complex64 {
    let (x, y) = (z.re, z.im);
    if y.is_nan() {
        return if x == 0.0 {
            c(FRAC_PI_2, y)
        } else if x.is_infinite() {
            c(y, f64::INFINITY)
        } else {
            c(f64::NAN, f64::NAN)
        };
    }
    if x.abs() > LARGE || y.abs() > LARGE {
        c(y.abs().atan2(x), (ln_hypot_large(x, y) + LN_2).copysign(-y))
    } else {
        let s1 = sqrt(c(1.0 - x, -y));
        let s2 = sqrt(c(1.0 + x, y));
        c(
            2.0 * s1.re.atan2(s2.re),
            libm::asinh(s2.re * s1.im - s2.im * s1.re),
        )
    }
}

/// Inverse tangent: `-i atanh(iz)`.
pub fn atan(z: Complex64) -> Complex64 {
    rotated(z, atanh)
}

/// Complex product in the textbook order (as CPython's `complex.__mul__`).
#[inline]
fn mul(a: Complex64, b: Complex64) -> Complex64 {
    c(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
}

/// Complex quotient `a / b` by Smith's method (scale by the larger component of `b`
/// so no intermediate overflows needlessly). `None` when `b == 0`.
pub fn div(a: Complex64, b: Complex64) -> Option<Complex64> {
    let (abr, abi) = (b.re.abs(), b.im.abs());
    if abr >= abi {
        if abr == 0.0 {
            return None;
        }
        // |b.im / b.re| <= 1
        let ratio = b.im / b.re;
        let denom = b.re + b.im * ratio;
        Some(c(
            (a.re + a.im * ratio) / denom,
            (a.im - a.re * ratio) / denom,
        ))
    } else if abi >= abr {
        // |b.re / b.im| < 1
        let ratio = b.re / b.im;
        let denom = b.re * ratio + b.im;
        Some(c(
            (a.re * ratio + a.im) / denom,
            (a.im * ratio - a.re) / denom,
        ))
    } else {
        // A NaN component in b: neither comparison holds.
        Some(c(f64::NAN, f64::NAN))
    }
}

/// Message of the `ZeroDivisionError` raised by `0j ** negative_or_complex`.
pub const ZERO_POW_MSG: &str = "0.0 to a negative or complex power";
/// Message of the `ZeroDivisionError` raised by complex division by zero.
pub const CDIV_ZERO_MSG: &str = "complex division by zero";
/// Message of the `OverflowError` raised when a complex power overflows.
pub const CPOW_OVERFLOW_MSG: &str = "complex exponentiation";

/// `a ** n` for a non-negative integer `n`, by repeated squaring.
fn powu(a: Complex64, n: u32) -> Complex64 {
    let mut result = c(1.0, 0.0);
    let mut power = a;
    let mut bits = n;
    while bits > 0 {
        if bits & 1 == 1 {
            result = mul(result, power);
        }
        bits >>= 1;
        power = mul(power, power);
    }
    result
}

/// `a ** b` by the polar formula.
fn pow_polar(a: Complex64, b: Complex64) -> Option<Complex64> {
    if b.re == 0.0 && b.im == 0.0 {
        return Some(c(1.0, 0.0));
    }
    if a.re == 0.0 && a.im == 0.0 {
        if b.im != 0.0 || b.re < 0.0 {
            return None;
        }
        return Some(c(0.0, 0.0));
    }
    let modulus = a.re.hypot(a.im);
    let arg = a.im.atan2(a.re);
    let mut len = modulus.powf(b.re);
    let mut phase = arg * b.re;
    if b.im != 0.0 {
        len /= (arg * b.im).exp();
        phase += b.im * modulus.ln();
    }
    Some(c(len * phase.cos(), len * phase.sin()))
}

/// Python's `a ** b` for complex operands. Integral real exponents up to 100 in
/// magnitude use repeated multiplication (exact for small Gaussian integers), others
/// the polar formula. Errors: `ZeroDivisionError` for zero to a negative or complex
/// power, `OverflowError` when the result is infinite.
pub fn pow(a: Complex64, b: Complex64) -> Result<Complex64, (ErrorKind, &'static str)> {
    let r = if b.im == 0.0 && b.re == b.re.floor() && b.re.abs() <= 100.0 {
        let n = b.re as i32;
        if n > 0 {
            Some(powu(a, n.unsigned_abs()))
        } else {
            div(c(1.0, 0.0), powu(a, n.unsigned_abs()))
        }
    } else {
        pow_polar(a, b)
    };
    match r {
        None => Err((ErrorKind::ZeroDivisionError, ZERO_POW_MSG)),
        Some(r) if r.re.is_infinite() || r.im.is_infinite() => {
            Err((ErrorKind::OverflowError, CPOW_OVERFLOW_MSG))
        }
        Some(r) => Ok(r),
    }
}

/// NumPy's complex power of arrays: no exceptions (infinities and NaNs come out as
/// they fall). Zero to a power with a positive real part is 0, to any other power
/// NaN; integral real exponents below 100 in magnitude multiply
/// (squaring), a negative one then divides 1 by the product with NumPy's division;
/// other exponents take the C library's `cpow`.
pub fn numpy_pow(a: Complex64, b: Complex64) -> Complex64 {
    if b.re == 0.0 && b.im == 0.0 {
        return c(1.0, 0.0);
    }
    if a.re == 0.0 && a.im == 0.0 {
        return if b.re > 0.0 {
            c(0.0, 0.0)
        } else {
            c(f64::NAN, f64::NAN)
        };
    }
    let integral = b.im == 0.0 && b.re == b.re.trunc() && b.re.abs() < 100.0;
    if !integral {
        return libm::cpow(a, b);
    }
    let n = b.re as i32;
    // Small positive powers multiply directly; the others square and multiply into 1
    // (whose zero imaginary part turns an infinite factor's into NaN, as NumPy's does).
    let product = match n {
        1 => a,
        2 => mul(a, a),
        3 => mul(mul(a, a), a),
        _ => {
            // Least significant bit first; the square is only taken while bits remain.
            let k = n.unsigned_abs();
            let mut result = c(1.0, 0.0);
            let mut power = a;
            let mut bits = k;
            loop {
                if bits & 1 == 1 {
                    result = mul(result, power);
                }
                bits >>= 1;
                if bits == 0 {
                    break result;
                }
                power = mul(power, power);
            }
        }
    };
    if n < 0 {
        numpy_div(c(1.0, 0.0), product)
    } else {
        product
    }
}

/// NumPy's complex quotient: Smith's method, scaled by a reciprocal; a zero divisor
/// divides each part by zero.
fn numpy_div(a: Complex64, b: Complex64) -> Complex64 {
    let (abr, abi) = (b.re.abs(), b.im.abs());
    if abr >= abi {
        if abr == 0.0 && abi == 0.0 {
            return c(a.re / abr, a.im / abr);
        }
        let ratio = b.im / b.re;
        let scale = 1.0 / (b.re + b.im * ratio);
        c((a.re + a.im * ratio) * scale, (a.im - a.re * ratio) * scale)
    } else {
        let ratio = b.re / b.im;
        let scale = 1.0 / (b.im + b.re * ratio);
        c((a.re * ratio + a.im) * scale, (a.im * ratio - a.re) * scale)
    }
}

/// NumPy's complex reciprocal (`np.reciprocal`, and `a ** -1` of an array).
pub fn numpy_reciprocal(z: Complex64) -> Complex64 {
    if z.im.abs() <= z.re.abs() {
        let r = z.im / z.re;
        let d = z.re + z.im * r;
        c(1.0 / d, -r / d)
    } else {
        let r = z.re / z.im;
        let d = z.re * r + z.im;
        c(r / d, -1.0 / d)
    }
}

/// `extern "C"` [`numpy_pow`]: writes `a ** b` to `out` as `[re, im]`.
///
/// # Safety
///
/// `out` must be null or valid for writing two `f64`s.
pub unsafe extern "C" fn oxjit_rt_numpy_cpow(
    are: f64,
    aim: f64,
    bre: f64,
    bim: f64,
    out: *mut [f64; 2],
) {
    // SAFETY: forwarded from the caller.
    unsafe { store(out, numpy_pow(c(are, aim), c(bre, bim))) }
}

/// Writes `z` through `out` (ignored when `out` is null).
///
/// # Safety
///
/// `out` must be null or valid for writing two `f64`s.
#[inline]
unsafe fn store(out: *mut [f64; 2], z: Complex64) {
    if !out.is_null() {
        // SAFETY: the caller guarantees `out` is writable.
        unsafe { out.write([z.re, z.im]) };
    }
}

macro_rules! complex_unary_abi {
    ($($name:ident => $func:ident;)*) => {
        $(
            #[doc = concat!("`extern \"C\"` wrapper of [`", stringify!($func), "`]: writes `",
                stringify!($func), "(re + i*im)` to `out` as `[re, im]`.")]
            ///
            /// # Safety
            ///
            /// `out` must be null or valid for writing two `f64`s.
            pub unsafe extern "C" fn $name(re: f64, im: f64, out: *mut [f64; 2]) {
                // SAFETY: forwarded from the caller.
                unsafe { store(out, $func(c(re, im))) }
            }
        )*
    };
}

complex_unary_abi! {
    oxjit_rt_csqrt => sqrt;
    oxjit_rt_cexp => exp;
    oxjit_rt_clog => log;
    oxjit_rt_clog10 => log10;
    oxjit_rt_csin => sin;
    oxjit_rt_ccos => cos;
    oxjit_rt_ctan => tan;
    oxjit_rt_casin => asin;
    oxjit_rt_cacos => acos;
    oxjit_rt_catan => atan;
    oxjit_rt_csinh => sinh;
    oxjit_rt_ccosh => cosh;
    oxjit_rt_ctanh => tanh;
    oxjit_rt_casinh => asinh;
    oxjit_rt_cacosh => acosh;
    oxjit_rt_catanh => atanh;
    oxjit_rt_crect => rect_parts;
    oxjit_rt_numpy_creciprocal => numpy_reciprocal;
}

/// Python's complex `a ** b` (see [`pow`]). Writes the result to `out` and returns 0,
/// or raises (`ZeroDivisionError` / `OverflowError`), writes `0j`, and returns 1.
///
/// # Safety
///
/// `out` must be null or valid for writing two `f64`s.
pub unsafe extern "C" fn oxjit_rt_cpow(
    are: f64,
    aim: f64,
    bre: f64,
    bim: f64,
    out: *mut [f64; 2],
) -> i32 {
    match pow(c(are, aim), c(bre, bim)) {
        Ok(r) => {
            // SAFETY: forwarded from the caller.
            unsafe { store(out, r) };
            STATUS_OK
        }
        Err((kind, msg)) => {
            // SAFETY: forwarded from the caller.
            unsafe { store(out, c(0.0, 0.0)) };
            raise(kind, msg);
            STATUS_ERROR
        }
    }
}

/// Python's complex `a / b` (see [`div`]). Writes the quotient to `out` and returns 0,
/// or, when `b == 0`, raises `ZeroDivisionError("complex division by zero")`, writes
/// `0j`, and returns 1.
///
/// # Safety
///
/// `out` must be null or valid for writing two `f64`s.
pub unsafe extern "C" fn oxjit_rt_cdiv(
    are: f64,
    aim: f64,
    bre: f64,
    bim: f64,
    out: *mut [f64; 2],
) -> i32 {
    match div(c(are, aim), c(bre, bim)) {
        Some(q) => {
            // SAFETY: forwarded from the caller.
            unsafe { store(out, q) };
            STATUS_OK
        }
        None => {
            // SAFETY: forwarded from the caller.
            unsafe { store(out, c(0.0, 0.0)) };
            raise(ErrorKind::ZeroDivisionError, CDIV_ZERO_MSG);
            STATUS_ERROR
        }
    }
}

// ---------------------------------------------------------------------------------
// Real and integer helpers.
// ---------------------------------------------------------------------------------

/// Message of the `ValueError` raised for a negative integer exponent.
pub const NEG_INT_POW_MSG: &str =
    "negative exponent for integer power is not supported in compiled code; use a float";

/// `base ** exp` for integers by repeated squaring, wrapping on overflow (as Numba
/// does). Writes the result to `out` and returns 0; for `exp < 0` raises
/// `ZeroDivisionError` (base 0, as Python) or `ValueError` and returns 1 (`out` untouched).
///
/// # Safety
///
/// `out` must be valid for writing an `i64` (it may be null on the error path only).
pub unsafe extern "C" fn oxjit_rt_pow_i64(base: i64, exp: i64, out: *mut i64) -> i32 {
    if exp < 0 && base == 0 {
        raise(
            ErrorKind::ZeroDivisionError,
            "0.0 cannot be raised to a negative power",
        );
        return STATUS_ERROR;
    }
    if exp < 0 {
        raise(ErrorKind::ValueError, NEG_INT_POW_MSG);
        return STATUS_ERROR;
    }
    let result = wrapping_pow(base as u64, exp as u64) as i64;
    if !out.is_null() {
        // SAFETY: the caller guarantees `out` is writable.
        unsafe { out.write(result) };
    }
    STATUS_OK
}

/// `base ** exp` for unsigned integers, wrapping modulo 2^64 (every exponent is valid).
pub extern "C" fn oxjit_rt_pow_u64(base: u64, exp: u64) -> u64 {
    wrapping_pow(base, exp)
}

/// `base ** exp` modulo 2^64 by repeated squaring (the same bits serve signed bases).
fn wrapping_pow(base: u64, exp: u64) -> u64 {
    let mut result: u64 = 1;
    let mut power = base;
    let mut bits = exp;
    while bits > 0 {
        if bits & 1 == 1 {
            result = result.wrapping_mul(power);
        }
        bits >>= 1;
        if bits > 0 {
            power = power.wrapping_mul(power);
        }
    }
    result
}

/// Python's float `a % b`: the result has the sign of `b` (`-1.0 % 3.0 == 2.0`,
/// `1.0 % -3.0 == -2.0`), and a zero result is `0.0` with the sign of `b`.
/// `b == 0` gives NaN; callers raise `ZeroDivisionError` themselves.
pub extern "C" fn oxjit_rt_fmod_py(a: f64, b: f64) -> f64 {
    let m = a % b; // C fmod: exact, sign of a
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m + b
        } else {
            m
        }
    } else {
        0.0f64.copysign(b)
    }
}

/// Python's float `divmod(a, b)`: returns the floor quotient and writes the
/// remainder (as [`oxjit_rt_fmod_py`]) to `rem` (if not null). `b == 0` gives NaNs;
/// callers raise `ZeroDivisionError` themselves.
///
/// # Safety
///
/// `rem` must be null or valid for writing an `f64`.
pub unsafe extern "C" fn oxjit_rt_divmod_f64(a: f64, b: f64, rem: *mut f64) -> f64 {
    let (q, r) = divmod_f64(a, b);
    if !rem.is_null() {
        // SAFETY: the caller guarantees `rem` is writable.
        unsafe { rem.write(r) };
    }
    q
}

/// Python's float `a // b` (the quotient half of `divmod`). `b == 0` gives NaN;
/// callers raise `ZeroDivisionError` themselves.
pub extern "C" fn oxjit_rt_floordiv_f64(a: f64, b: f64) -> f64 {
    divmod_f64(a, b).0
}

/// Python's float `divmod`: `(floor quotient, remainder with the sign of b)`.
pub fn divmod_f64(a: f64, b: f64) -> (f64, f64) {
    let mut m = a % b;
    // (a - m) is an exact multiple of b, so this division is nearly exact.
    let mut d = (a - m) / b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
            d -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(b);
    }
    let q = if d != 0.0 {
        // Snap d to the nearest integer (it is within rounding of one).
        let f = d.floor();
        if d - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0.0f64.copysign(a / b)
    };
    (q, m)
}

/// Gamma function (C `tgamma`).
pub extern "C" fn oxjit_rt_gamma(x: f64) -> f64 {
    libm::tgamma(x)
}

/// Natural log of the absolute value of the gamma function (C `lgamma`, via the
/// thread-safe `lgamma_r` where available).
pub extern "C" fn oxjit_rt_lgamma(x: f64) -> f64 {
    #[cfg(unix)]
    {
        let mut sign = 0i32;
        // SAFETY: `sign` is a valid out-pointer.
        unsafe { libm::lgamma_r(x, &mut sign) }
    }
    #[cfg(not(unix))]
    {
        libm::lgamma(x)
    }
}

/// `math.frexp`: returns the mantissa `m` with `0.5 <= |m| < 1` and writes the
/// exponent `e` (if `exp` is not null) so that `x == m * 2**e`. Zero, infinities and
/// NaN are returned unchanged with exponent 0.
///
/// # Safety
///
/// `exp` must be null or valid for writing an `i32`.
pub unsafe extern "C" fn oxjit_rt_frexp(x: f64, exp: *mut i32) -> f64 {
    let (m, e) = frexp(x);
    if !exp.is_null() {
        // SAFETY: the caller guarantees `exp` is writable.
        unsafe { exp.write(e) };
    }
    m
}

/// Rust-side `frexp` (see [`oxjit_rt_frexp`]).
pub fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let (x, bias) = if x.abs() < f64::MIN_POSITIVE {
        (x * TWO_POW_53, -53)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    // Replace the exponent field with that of 0.5 (biased 1022).
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022u64 << 52));
    (m, biased - 1022 + bias)
}

/// `math.ldexp`: `x * 2**exp`, correctly rounded (C `ldexp`). Overflow gives an
/// infinity; callers wanting Python's `OverflowError` check the result.
pub extern "C" fn oxjit_rt_ldexp(x: f64, exp: i32) -> f64 {
    libm::ldexp(x, exp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::take_error;
    use std::f64::consts::{FRAC_PI_2, FRAC_PI_4, PI};

    /// Relative closeness, per component, with an absolute floor for tiny components.
    fn close(a: f64, b: f64, tol: f64) -> bool {
        if a.is_nan() || b.is_nan() {
            return a.is_nan() && b.is_nan();
        }
        if a == b {
            return true;
        }
        (a - b).abs() <= tol * a.abs().max(b.abs()).max(1e-300)
    }

    #[track_caller]
    fn check(name: &str, f: fn(Complex64) -> Complex64, z: (f64, f64), want: (f64, f64)) {
        let got = f(c(z.0, z.1));
        assert!(
            close(got.re, want.0, 1e-14) && close(got.im, want.1, 1e-14),
            "{name}({z:?}) = {got:?}, want {want:?}"
        );
        // Signs of zero must match too.
        if want.0 == 0.0 {
            assert_eq!(
                got.re.is_sign_negative(),
                want.0.is_sign_negative(),
                "{name}({z:?}) re sign"
            );
        }
        if want.1 == 0.0 {
            assert_eq!(
                got.im.is_sign_negative(),
                want.1.is_sign_negative(),
                "{name}({z:?}) im sign"
            );
        }
    }

    #[test]
    fn derived_constants() {
        assert_eq!(SQRT_LARGE, (f64::MAX / 4.0).sqrt());
        assert_eq!(LOG_LARGE, (f64::MAX / 4.0).ln());
        assert_eq!(SQRT_MIN_POSITIVE, f64::MIN_POSITIVE.sqrt());
        assert_eq!(TWO_POW_53, 2f64.powi(53));
    }

    // Expected values below were produced by CPython 3.11's cmath module.

    #[test]
    fn sqrt_values() {
        check("sqrt", sqrt, (-4.0, 0.0), (0.0, 2.0));
        check("sqrt", sqrt, (-4.0, -0.0), (0.0, -2.0));
        check("sqrt", sqrt, (0.0, -0.0), (0.0, -0.0));
        check("sqrt", sqrt, (-0.0, 0.0), (0.0, 0.0));
        check("sqrt", sqrt, (3.0, 4.0), (2.0, 1.0));
        check("sqrt", sqrt, (-4.0, 1e-10), (2.5e-11, 2.0));
        check(
            "sqrt",
            sqrt,
            (1.5, -2.5),
            (1.4858458781822983, -0.8412716408576514),
        );
        check(
            "sqrt",
            sqrt,
            (5e-324, 5e-324),
            (2.4421097261308304e-162, 1.0115549693666347e-162),
        );
        check(
            "sqrt",
            sqrt,
            (1e308, 1e308),
            (1.09868411346781e154, 4.5508986056222734e153),
        );
        check("sqrt", sqrt, (f64::NEG_INFINITY, 1.0), (0.0, f64::INFINITY));
        check(
            "sqrt",
            sqrt,
            (1.0, f64::NEG_INFINITY),
            (f64::INFINITY, f64::NEG_INFINITY),
        );
    }

    #[test]
    fn exp_log_values() {
        check("exp", exp, (0.0, 0.0), (1.0, 0.0));
        check("exp", exp, (0.0, -0.0), (1.0, -0.0));
        check(
            "exp",
            exp,
            (1.0, 2.0),
            (-1.1312043837568135, 2.4717266720048188),
        );
        check(
            "exp",
            exp,
            (709.5, 0.5),
            (1.1891123654305422e308, 6.496150459387445e307),
        );
        check("exp", exp, (f64::NEG_INFINITY, 2.0), (-0.0, 0.0));
        check("log", log, (1.0, 0.0), (0.0, 0.0));
        check("log", log, (-1.0, 0.0), (0.0, PI));
        check("log", log, (-1.0, -0.0), (0.0, -PI));
        check(
            "log",
            log,
            (1.0, 2.0),
            (0.8047189562170503, 1.1071487177940904),
        );
        check(
            "log",
            log,
            (1.0000000001, 1e-5),
            (1.500000082565371e-10, 9.999999998666668e-06),
        );
        check("log", log, (1e308, -1e308), (709.542782232446, -FRAC_PI_4));
        check("log", log, (5e-324, 0.0), (-744.4400719213813, 0.0));
        check("log10", log10, (-100.0, 0.0), (2.0, 1.3643763538418412));
        let l0 = log(c(0.0, -0.0));
        assert_eq!(l0.re, f64::NEG_INFINITY);
        assert!(l0.im == 0.0 && l0.im.is_sign_negative());
    }

    #[test]
    fn trig_and_hyperbolic_values() {
        check(
            "sin",
            sin,
            (1.0, 2.0),
            (3.165778513216168, 1.9596010414216063),
        );
        check(
            "cos",
            cos,
            (1.0, 2.0),
            (2.0327230070196656, -3.0518977991518),
        );
        check(
            "tan",
            tan,
            (1.0, 2.0),
            (0.0338128260798967, 1.0147936161466335),
        );
        check(
            "sinh",
            sinh,
            (1.0, 2.0),
            (-0.4890562590412937, 1.4031192506220405),
        );
        check(
            "cosh",
            cosh,
            (1.0, 2.0),
            (-0.64214812471552, 1.0686074213827783),
        );
        check(
            "tanh",
            tanh,
            (1.0, 2.0),
            (1.16673625724092, -0.24345820118572534),
        );
        check("sin", sin, (-0.0, 0.0), (-0.0, 0.0));
        check("cos", cos, (0.0, 0.0), (1.0, -0.0));
        check("tanh", tanh, (1e200, -3.0), (1.0, 0.0));
        check(
            "cosh",
            cosh,
            (710.0, 1.0),
            (6.035162617272641e307, 9.399208879688905e307),
        );
    }

    #[test]
    fn inverse_values() {
        check(
            "asin",
            asin,
            (1.0, 2.0),
            (0.4270785863924761, 1.5285709194809982),
        );
        check(
            "acos",
            acos,
            (1.0, 2.0),
            (1.1437177404024204, -1.5285709194809982),
        );
        check(
            "atan",
            atan,
            (1.0, 2.0),
            (1.3389725222944935, 0.40235947810852507),
        );
        check(
            "asinh",
            asinh,
            (1.0, 2.0),
            (1.4693517443681852, 1.063440023577752),
        );
        check(
            "acosh",
            acosh,
            (1.0, 2.0),
            (1.5285709194809982, 1.1437177404024204),
        );
        check(
            "atanh",
            atanh,
            (1.0, 2.0),
            (0.17328679513998632, 1.1780972450961724),
        );
        // Branch cuts: the sign of zero picks the side.
        check("asin", asin, (2.0, 0.0), (FRAC_PI_2, 1.3169578969248166));
        check("asin", asin, (2.0, -0.0), (FRAC_PI_2, -1.3169578969248166));
        check("acos", acos, (2.0, 0.0), (0.0, -1.3169578969248166));
        check("acos", acos, (2.0, -0.0), (0.0, 1.3169578969248166));
        check("atanh", atanh, (2.0, 0.0), (0.5493061443340549, FRAC_PI_2));
        check(
            "atanh",
            atanh,
            (2.0, -0.0),
            (0.5493061443340549, -FRAC_PI_2),
        );
        check(
            "atanh",
            atanh,
            (-2.0, 0.0),
            (-0.5493061443340549, FRAC_PI_2),
        );
        check("acosh", acosh, (-2.0, 0.0), (1.3169578969248166, PI));
        check("acosh", acosh, (-2.0, -0.0), (1.3169578969248166, -PI));
        check("atan", atan, (0.0, 2.0), (FRAC_PI_2, 0.5493061443340549));
        check("atan", atan, (-0.0, 2.0), (-FRAC_PI_2, 0.5493061443340549));
        check("asinh", asinh, (0.0, 2.0), (1.3169578969248166, FRAC_PI_2));
        check(
            "asinh",
            asinh,
            (-0.0, 2.0),
            (-1.3169578969248166, FRAC_PI_2),
        );
        check("atanh", atanh, (-0.0, 0.0), (-0.0, 0.0));
        check(
            "atanh",
            atanh,
            (1.0, 1e-200),
            (230.60508288968455, FRAC_PI_4),
        );
        check(
            "asinh",
            asinh,
            (1e300, 1e300),
            (691.8152486690535, FRAC_PI_4),
        );
        check(
            "acos",
            acos,
            (-1e300, 1e300),
            (2.356194490192345, -691.8152486690535),
        );
        check(
            "atanh",
            atanh,
            (1e300, -1e300),
            (4.999999999999999e-301, -FRAC_PI_2),
        );
        let inf = atanh(c(1.0, 0.0));
        assert_eq!((inf.re, inf.im), (f64::INFINITY, 0.0));
    }

    #[test]
    fn nonfinite_inputs_follow_annex_g() {
        let (inf, nan) = (f64::INFINITY, f64::NAN);
        check("sinh", sinh, (inf, 0.0), (inf, 0.0));
        check("sinh", sinh, (-inf, -0.0), (-inf, -0.0));
        check("cosh", cosh, (-inf, 0.0), (inf, -0.0));
        check("cosh", cosh, (0.0, nan), (nan, 0.0));
        check("tanh", tanh, (inf, inf), (1.0, 0.0));
        check("tanh", tanh, (nan, -0.0), (nan, -0.0));
        check("atanh", atanh, (inf, 2.0), (0.0, FRAC_PI_2));
        check("atanh", atanh, (-inf, 0.0), (-0.0, FRAC_PI_2));
        check("atanh", atanh, (nan, -inf), (0.0, -FRAC_PI_2));
        check("acos", acos, (0.0, nan), (FRAC_PI_2, nan));
        check("asinh", asinh, (nan, -0.0), (nan, -0.0));
        check("sin", sin, (nan, 0.0), (nan, -0.0));
        check("cos", cos, (0.0, inf), (inf, -0.0));
        check("tan", tan, (inf, inf), (0.0, 1.0));
        check("atan", atan, (0.0, inf), (FRAC_PI_2, 0.0));
        check("log", log, (-inf, inf), (inf, 3.0 * FRAC_PI_4));
        check("log", log, (nan, inf), (inf, nan));
        check("sqrt", sqrt, (-inf, nan), (nan, inf));
        check("exp", exp, (inf, -0.0), (inf, -0.0));
        check("exp", exp, (nan, 0.0), (nan, 0.0));
    }

    #[test]
    fn abi_wrappers_write_out() {
        let mut out = [0.0; 2];
        unsafe { oxjit_rt_csqrt(-9.0, 0.0, &mut out) };
        assert_eq!(out, [0.0, 3.0]);
        unsafe { oxjit_rt_cexp(0.0, 0.0, &mut out) };
        assert_eq!(out, [1.0, 0.0]);
        unsafe { oxjit_rt_catanh(0.5, 0.0, &mut out) };
        assert_eq!(out, [atanh(c(0.5, 0.0)).re, 0.0]);
        // Null out is ignored.
        unsafe { oxjit_rt_clog(1.0, 1.0, std::ptr::null_mut()) };
    }

    #[test]
    fn division() {
        let mut out = [0.0; 2];
        assert_eq!(unsafe { oxjit_rt_cdiv(1.0, 2.0, 3.0, 4.0, &mut out) }, 0);
        assert_eq!(out, [0.44, 0.08]);
        assert_eq!(unsafe { oxjit_rt_cdiv(1.0, 1.0, 0.0, 2.0, &mut out) }, 0);
        assert_eq!(out, [0.5, -0.5]);
        // Smith's method avoids overflow in |b|^2.
        assert_eq!(
            unsafe { oxjit_rt_cdiv(1e300, 1e300, 1e300, 1e300, &mut out) },
            0
        );
        assert_eq!(out, [1.0, 0.0]);
        assert_eq!(unsafe { oxjit_rt_cdiv(1.0, 0.0, 0.0, -0.0, &mut out) }, 1);
        assert_eq!(
            take_error(),
            Some((
                ErrorKind::ZeroDivisionError,
                "complex division by zero".into()
            ))
        );
        let q = div(c(1.0, 1.0), c(f64::NAN, 1.0)).unwrap();
        assert!(q.re.is_nan() && q.im.is_nan());
    }

    #[test]
    fn power() {
        let p = |a: (f64, f64), b: (f64, f64)| pow(c(a.0, a.1), c(b.0, b.1));
        // Integer exponents multiply exactly, as CPython does.
        assert_eq!(p((1.0, 2.0), (2.0, 0.0)), Ok(c(-3.0, 4.0)));
        assert_eq!(p((1.0, 2.0), (3.0, 0.0)), Ok(c(-11.0, -2.0)));
        assert_eq!(p((1.0, 2.0), (-1.0, 0.0)), Ok(c(0.2, -0.4)));
        assert_eq!(p((2.0, 3.0), (0.0, 0.0)), Ok(c(1.0, 0.0)));
        assert_eq!(p((0.0, 0.0), (0.0, 0.0)), Ok(c(1.0, 0.0)));
        assert_eq!(p((0.0, 0.0), (2.5, 0.0)), Ok(c(0.0, 0.0)));
        assert_eq!(p((0.0, 0.0), (3.0, 0.0)), Ok(c(0.0, 0.0)));
        let r = p((1.0, 2.0), (0.5, 0.25)).unwrap();
        assert!(close(r.re, 0.8259032269525077, 1e-14), "{r:?}");
        assert!(close(r.im, 0.7767752634267686, 1e-14), "{r:?}");
        let r = p((-8.0, 0.0), (1.0 / 3.0, 0.0)).unwrap();
        assert!(close(r.re, 1.0000000000000002, 1e-14), "{r:?}");
        assert!(close(r.im, 1.7320508075688772, 1e-14), "{r:?}");

        let zero_pow = Err((ErrorKind::ZeroDivisionError, ZERO_POW_MSG));
        assert_eq!(p((0.0, 0.0), (-1.0, 0.0)), zero_pow);
        assert_eq!(p((0.0, 0.0), (-1.5, 0.0)), zero_pow);
        assert_eq!(p((0.0, 0.0), (1.0, 1.0)), zero_pow);
        assert_eq!(
            p((1e200, 0.0), (2.0, 0.0)),
            Err((ErrorKind::OverflowError, CPOW_OVERFLOW_MSG))
        );

        let mut out = [9.0; 2];
        assert_eq!(unsafe { oxjit_rt_cpow(0.0, 0.0, -2.0, 0.0, &mut out) }, 1);
        assert_eq!(
            take_error(),
            Some((
                ErrorKind::ZeroDivisionError,
                "0.0 to a negative or complex power".into()
            ))
        );
        assert_eq!(unsafe { oxjit_rt_cpow(0.0, 1.0, 2.0, 0.0, &mut out) }, 0);
        assert_eq!(out, [-1.0, 0.0]);
        assert_eq!(take_error(), None);
    }

    #[test]
    fn integer_power() {
        let pw = |b: i64, e: i64| {
            let mut out = 0;
            let st = unsafe { oxjit_rt_pow_i64(b, e, &mut out) };
            (st, out)
        };
        assert_eq!(pw(2, 10), (0, 1024));
        assert_eq!(pw(-3, 3), (0, -27));
        assert_eq!(pw(0, 0), (0, 1));
        assert_eq!(pw(7, 0), (0, 1));
        assert_eq!(pw(0, 5), (0, 0));
        assert_eq!(pw(-1, i64::MAX), (0, -1));
        assert_eq!(pw(2, 63), (0, i64::MIN));
        assert_eq!(pw(2, 64), (0, 0));
        assert_eq!(pw(3, 40), (0, 3i64.wrapping_pow(40)));
        assert_eq!(pw(2, -1).0, 1);
        assert_eq!(
            take_error(),
            Some((ErrorKind::ValueError, NEG_INT_POW_MSG.into()))
        );
    }

    #[test]
    fn python_float_mod_and_floordiv() {
        let m = oxjit_rt_fmod_py;
        assert_eq!(m(-1.0, 3.0), 2.0);
        assert_eq!(m(1.0, -3.0), -2.0);
        assert_eq!(m(7.5, 2.0), 1.5);
        assert_eq!(m(-7.5, -2.0), -1.5);
        let z = m(3.0, -3.0);
        assert!(z == 0.0 && z.is_sign_negative());
        let z = m(-3.0, 3.0);
        assert!(z == 0.0 && z.is_sign_positive());
        let z = m(-0.0, 1.0);
        assert!(z == 0.0 && z.is_sign_positive());
        assert_eq!(m(-1e-20, 1.0), 1.0); // CPython: -1e-20 % 1.0 == 1.0
        assert!(m(1.0, 0.0).is_nan());
        assert!(m(f64::INFINITY, 2.0).is_nan());
        assert_eq!(m(3.0, f64::INFINITY), 3.0);

        let f = oxjit_rt_floordiv_f64;
        assert_eq!(f(7.0, 2.0), 3.0);
        assert_eq!(f(-7.0, 2.0), -4.0);
        assert_eq!(f(7.0, -2.0), -4.0);
        assert_eq!(f(-7.0, -2.0), 3.0);
        assert_eq!(f(1.0, 0.1), 9.0); // CPython: 1.0 // 0.1 == 9.0
        let z = f(0.0, -5.0);
        assert!(z == 0.0 && z.is_sign_negative());
        let z = f(-1.0, f64::INFINITY);
        assert_eq!(z, -1.0);
        let z = f(1.0, f64::INFINITY);
        assert!(z == 0.0 && z.is_sign_positive());

        let mut r = 0.0;
        assert_eq!(unsafe { oxjit_rt_divmod_f64(-7.5, 2.0, &mut r) }, -4.0);
        assert_eq!(r, 0.5);
    }
}

/// Python's `round(x, ndigits)` for ints: `x` itself for `ndigits >= 0`, else the
/// nearest multiple of `10**-ndigits`, halves to the even multiple (`round(25, -1)` is
/// 20). A multiple beyond int64 wraps, as int64 arithmetic does.
#[no_mangle]
pub extern "C" fn oxjit_rt_round_int(x: i64, ndigits: i64) -> i64 {
    if ndigits >= 0 {
        return x;
    }
    // Past 10**38 (beyond i128) every int64 is under half a step: it rounds to 0.
    let Some(p) = 10i128.checked_pow(ndigits.unsigned_abs().min(40) as u32) else {
        return 0;
    };
    let x = x as i128;
    let (q, r) = (x.div_euclid(p), x.rem_euclid(p));
    let q = match (2 * r).cmp(&p) {
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal if q % 2 != 0 => q + 1,
        _ => q,
    };
    (q * p) as i64
}

/// Python's `round(x, ndigits)` for floats: the decimal value of `x` rounded to `ndigits`
/// places (half to even on the exact binary value), as CPython computes it.
#[no_mangle]
pub extern "C" fn oxjit_rt_round_ndigits(x: f64, ndigits: i64) -> f64 {
    if !x.is_finite() || x == 0.0 || ndigits > 323 {
        return x;
    }
    if ndigits < -308 {
        return 0.0f64.copysign(x);
    }
    if ndigits >= 0 {
        // Rust's formatting with a precision is correctly rounded, ties to even.
        let s = format!("{:.*}", ndigits as usize, x);
        return s.parse::<f64>().map(|r| r.copysign(x)).unwrap_or(x);
    }
    // Negative ndigits: keep `exponent + 1 + ndigits` significant digits.
    let exp10 = x.abs().log10().floor() as i64;
    let sig = exp10 + 1 + ndigits;
    let scale = 10f64.powi((-ndigits) as i32);
    if sig <= 0 {
        // Only the leading digit's half decides between 0 and one unit of 10**-ndigits.
        let r = if x.abs() > 0.5 * scale { scale } else { 0.0 };
        return r.copysign(x);
    }
    let s = format!("{:.*e}", (sig - 1) as usize, x);
    s.parse::<f64>().unwrap_or(x)
}

#[cfg(test)]
mod round_tests {
    use super::oxjit_rt_round_ndigits as r;

    #[test]
    fn round_int_matches_python() {
        use super::oxjit_rt_round_int as ri;
        // (x, ndigits, Python's round(x, ndigits))
        for (x, n, want) in [
            (1234, -1, 1230),
            (1235, -1, 1240),
            (25, -1, 20),
            (35, -1, 40),
            (-25, -1, -20),
            (-26, -1, -30),
            (5, -1, 0),
            (15, -1, 20),
            (7, 3, 7),
            (4_000_000_000_000_000_000, -19, 0),
            (-1_500, -3, -2_000),
            (999, -40, 0),
        ] {
            assert_eq!(ri(x, n), want, "round({x}, {n})");
        }
    }

    #[test]
    fn matches_cpython() {
        assert_eq!(r(2.675, 2), 2.67);
        assert_eq!(r(0.125, 2), 0.12);
        assert_eq!(r(0.375, 2), 0.38);
        assert_eq!(r(1e300, 5), 1e300);
        assert_eq!(r(5e-324, 400), 5e-324);
        assert_eq!(r(0.5, 400), 0.5);
        assert_eq!(r(1234.5, -2), 1200.0);
        assert_eq!(r(1250.0, -2), 1200.0);
        assert_eq!(r(1350.0, -2), 1400.0);
        assert_eq!(r(-2.5, 0), -2.0);
    }
}
