//! The C math library functions compiled code calls (directly, or through LLVM's math
//! intrinsics), by the addresses this library was linked against.
//!
//! Resolving them by name in the running process can find glibc's compatibility versions
//! (`exp@GLIBC_2.2.5`, which wraps the fast routine in error-handling code and ran at
//! about half the speed); the link-time binding gets the current default versions.

use std::ffi::c_int;

macro_rules! libm_table {
    ($($name:ident ( $($arg:ty),* ) -> $ret:ty;)*) => {
        #[allow(clashing_extern_declarations)] // cmath.rs declares a few of these too
        extern "C" {
            $(fn $name($(_: $arg),*) -> $ret;)*
        }

        /// `(name, address)` of every libm function compiled code may call.
        pub fn libm_symbols() -> Vec<(&'static str, usize)> {
            vec![$((stringify!($name), $name as *const () as usize)),*]
        }
    };
}

libm_table! {
    exp(f64) -> f64; expf(f32) -> f32;
    exp2(f64) -> f64; exp2f(f32) -> f32;
    expm1(f64) -> f64; expm1f(f32) -> f32;
    log(f64) -> f64; logf(f32) -> f32;
    log2(f64) -> f64; log2f(f32) -> f32;
    log10(f64) -> f64; log10f(f32) -> f32;
    log1p(f64) -> f64; log1pf(f32) -> f32;
    pow(f64, f64) -> f64; powf(f32, f32) -> f32;
    sin(f64) -> f64; sinf(f32) -> f32;
    cos(f64) -> f64; cosf(f32) -> f32;
    tan(f64) -> f64; tanf(f32) -> f32;
    asin(f64) -> f64; asinf(f32) -> f32;
    acos(f64) -> f64; acosf(f32) -> f32;
    atan(f64) -> f64; atanf(f32) -> f32;
    atan2(f64, f64) -> f64; atan2f(f32, f32) -> f32;
    sinh(f64) -> f64; sinhf(f32) -> f32;
    cosh(f64) -> f64; coshf(f32) -> f32;
    tanh(f64) -> f64; tanhf(f32) -> f32;
    asinh(f64) -> f64; asinhf(f32) -> f32;
    acosh(f64) -> f64; acoshf(f32) -> f32;
    atanh(f64) -> f64; atanhf(f32) -> f32;
    erf(f64) -> f64; erff(f32) -> f32;
    erfc(f64) -> f64; erfcf(f32) -> f32;
    cbrt(f64) -> f64; cbrtf(f32) -> f32;
    hypot(f64, f64) -> f64; hypotf(f32, f32) -> f32;
    fmod(f64, f64) -> f64; fmodf(f32, f32) -> f32;
    ldexp(f64, c_int) -> f64;
}
