//! Numbers as text, as Python writes them: `str(x)`/`repr(x)` of a float is the shortest
//! string that reads back as the same float, positional for exponents from -4 to 15 and
//! scientific (`1e+16`, `1.5e-05`) otherwise, `inf`, `nan`, `-0.0`.

/// Python's `repr` of `x`; of a float32 (`single`), the shortest text that reads back as
/// the same float32, as NumPy 2 writes one (positional from 1e-4 up to 1e6 only).
pub fn float_repr(x: f64, single: bool) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    // Rust's `{:e}` without a precision gives the shortest round-trip digits.
    let scientific = if single {
        format!("{:e}", x as f32)
    } else {
        format!("{x:e}")
    };
    let (mantissa, exponent) = scientific
        .split_once('e')
        .expect("`{:e}` writes an exponent");
    let exponent: i32 = exponent.parse().expect("`{:e}` writes a decimal exponent");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    // NumPy writes a float32 positionally below 1e6 only.
    let positional = if single { -4..6 } else { -4..16 };
    let body = if positional.contains(&exponent) {
        // Digits before the decimal point.
        let point = exponent + 1;
        if point <= 0 {
            format!("0.{}{digits}", "0".repeat((-point) as usize))
        } else if point as usize >= digits.len() {
            format!("{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            let (whole, fraction) = digits.split_at(point as usize);
            format!("{whole}.{fraction}")
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let mantissa = if rest.is_empty() {
            first.to_string()
        } else {
            format!("{first}.{rest}")
        };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{exp_sign}{:02}", exponent.abs())
    };
    format!("{sign}{body}")
}

/// Longest text [`oxjit_rt_float_repr`] writes, in code points.
pub const FLOAT_REPR_MAX: i64 = 32;

/// Writes `repr(x)` (of a float32 when `single` is non-zero) as code points at `out`
/// and returns how many.
///
/// # Safety
/// `out` must be writable for [`FLOAT_REPR_MAX`] `u32`s.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_float_repr(x: f64, single: i64, out: *mut u32) -> i64 {
    let text = float_repr(x, single != 0);
    let mut n = 0;
    for (i, c) in text.chars().take(FLOAT_REPR_MAX as usize).enumerate() {
        // SAFETY: at most FLOAT_REPR_MAX code points, as the caller provides.
        unsafe { *out.add(i) = c as u32 };
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::float_repr;

    #[test]
    fn writes_floats_as_python_does() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-300, "1.5e-300"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (f64::INFINITY, "inf"),
            (f64::NAN, "nan"),
        ];
        for &(x, want) in cases {
            assert_eq!(float_repr(x, false), want, "repr({x:?})");
        }
        assert_eq!(float_repr(0.1f32 as f64, true), "0.1");
        assert_eq!(float_repr(999999.0, true), "999999.0");
        assert_eq!(float_repr(16777216.0, true), "1.6777216e+07");
    }
}
