//! Text as Python makes it: `upper`/`lower` with Unicode's full case mappings, `float(s)`,
//! and numbers as text, as Python writes them: `str(x)`/`repr(x)` of a float is the shortest
//! string that reads back as the same float, positional for exponents from -4 to 15 and
//! scientific (`1e+16`, `1.5e-05`) otherwise, `inf`, `nan`, `-0.0`.

/// Python's `repr` of `x`; of a float32 (`single`), the shortest text that reads back as
/// the same float32, as NumPy 2 writes one (positional from 1e-4 up to 1e6 only).
pub fn float_repr(x: f64, single: bool) -> String {
    let mut out = String::new();
    write_float_repr(x, single, |b| out.push(b as char));
    out
}

fn emit(put: &mut impl FnMut(u8), text: &[u8]) {
    text.iter().for_each(|&b| put(b));
}

/// [`float_repr`], one ASCII byte at a time into `put` (no allocation).
fn write_float_repr(x: f64, single: bool, mut put: impl FnMut(u8)) {
    if x.is_nan() {
        return emit(&mut put, b"nan");
    }
    if x.is_infinite() {
        return emit(&mut put, if x > 0.0 { b"inf" } else { b"-inf" });
    }
    if x == 0.0 {
        return emit(
            &mut put,
            if x.is_sign_negative() {
                b"-0.0"
            } else {
                b"0.0"
            },
        );
    }
    // Ryu gives the shortest round-trip digits, positional or scientific; read the
    // digits and the decimal exponent back out of either form.
    let mut buffer = ryu::Buffer::new();
    let shortest = if single {
        buffer.format_finite(x as f32)
    } else {
        buffer.format_finite(x)
    };
    let (negative, shortest) = match shortest.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, shortest),
    };
    let (mantissa, exponent) = match shortest.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().expect("ryu writes a decimal exponent")),
        None => (shortest, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits = [0u8; 24];
    let mut n = 0;
    for &b in whole.as_bytes().iter().chain(fraction.as_bytes()) {
        digits[n] = b;
        n += 1;
    }
    // The decimal point sits after `point` digits; drop leading and trailing zeros.
    let mut point = whole.len() as i32 + exponent;
    let lead = digits[..n].iter().take_while(|&&d| d == b'0').count();
    point -= lead as i32;
    let mut digits = &digits[lead..n];
    while digits.len() > 1 && digits[digits.len() - 1] == b'0' {
        digits = &digits[..digits.len() - 1];
    }
    if negative {
        put(b'-');
    }
    let exponent = point - 1;
    // NumPy writes a float32 positionally below 1e6 only.
    let positional = if single { -4..6 } else { -4..16 };
    if positional.contains(&exponent) {
        if point <= 0 {
            emit(&mut put, b"0.");
            (0..-point).for_each(|_| put(b'0'));
            emit(&mut put, digits);
        } else if point as usize >= digits.len() {
            emit(&mut put, digits);
            (0..point as usize - digits.len()).for_each(|_| put(b'0'));
            emit(&mut put, b".0");
        } else {
            let (int_part, frac_part) = digits.split_at(point as usize);
            emit(&mut put, int_part);
            put(b'.');
            emit(&mut put, frac_part);
        }
    } else {
        put(digits[0]);
        if digits.len() > 1 {
            put(b'.');
            emit(&mut put, &digits[1..]);
        }
        put(b'e');
        put(if exponent < 0 { b'-' } else { b'+' });
        let e = exponent.unsigned_abs();
        if e >= 100 {
            put(b'0' + (e / 100) as u8);
        }
        put(b'0' + (e / 10 % 10) as u8);
        put(b'0' + (e % 10) as u8);
    }
}

/// Whether `c` is whitespace to Python (`str.isspace`, `str.split()`, `float(s)`).
pub fn is_python_space(c: char) -> bool {
    matches!(c as u32, 9..=13 | 28..=32 | 0x85 | 0xA0 | 0x1680 | 0x2000..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000)
}

/// `float(text)` as Python reads it: surrounding whitespace, a sign, digits with single
/// underscores between them, a fraction, an exponent, `inf`/`infinity`/`nan` in any case.
/// `None` where Python raises ValueError (and for non-ASCII digits, which Python reads
/// but this does not).
pub fn parse_float(text: &str) -> Option<f64> {
    let t = text.trim_matches(is_python_space);
    let digits_around = |i: usize| {
        let b = t.as_bytes();
        i > 0 && i + 1 < b.len() && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit()
    };
    if t.char_indices().any(|(i, c)| c == '_' && !digits_around(i)) {
        return None;
    }
    let t = t.replace('_', "");
    let lower = t.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    if lower.len() - unsigned.len() > 1 {
        return None;
    }
    match unsigned {
        "inf" | "infinity" | "nan" => lower.parse().ok(),
        // Rust would also take "infinity" spelled otherwise; keep to digits here.
        _ if unsigned
            .bytes()
            .all(|c| c.is_ascii_digit() || b".e+-".contains(&c)) =>
        {
            lower.parse().ok()
        }
        _ => None,
    }
}

/// `float(s)` of the `len` code points at `text` into `out`; returns 0 after raising
/// ValueError as Python does when the text is not a float.
///
/// # Safety
/// `text` must address `len` readable `u32`s, `out` one writable f64.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_parse_float(text: *const u32, len: i64, out: *mut f64) -> i32 {
    let points = if len <= 0 {
        &[][..]
    } else {
        // SAFETY: forwarded from the caller.
        unsafe { std::slice::from_raw_parts(text, len as usize) }
    };
    let text: String = points
        .iter()
        .map(|&c| char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    match parse_float(&text) {
        Some(x) => {
            // SAFETY: forwarded from the caller.
            unsafe { *out = x };
            1
        }
        None => {
            crate::error::raise(
                crate::error::ErrorKind::ValueError,
                format!("could not convert string to float: '{text}'"),
            );
            0
        }
    }
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
    let mut n = 0;
    write_float_repr(x, single != 0, |b| {
        if n < FLOAT_REPR_MAX {
            // SAFETY: at most FLOAT_REPR_MAX code points, as the caller provides.
            unsafe { *out.add(n as usize) = b as u32 };
            n += 1;
        }
    });
    n
}

/// `s.upper()` (`lower == 0`) or `s.lower()` of `len` code points at `text`: a new memory
/// block of the mapped code points, their number in `out_len`. Full case mappings (`ß`
/// upper is `SS`) and the final-sigma rule of `lower`, as Python; lone surrogates stay.
/// Null (MemoryError raised) when the block cannot be had.
///
/// # Safety
/// `text` must address `len` readable `u32`s, `out_len` one writable i64.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_str_case(
    lower: i64,
    text: *const u32,
    len: i64,
    out_len: *mut i64,
) -> *mut crate::MemInfo {
    let points = if len <= 0 {
        &[][..]
    } else {
        // SAFETY: forwarded from the caller.
        unsafe { std::slice::from_raw_parts(text, len as usize) }
    };
    let mut mapped: Vec<u32> = Vec::with_capacity(points.len());
    // Runs of real characters go through `str`'s mappings (final sigma needs the run);
    // a lone surrogate, which a Rust string cannot hold, is kept as it is.
    for run in points.split_inclusive(|&c| char::from_u32(c).is_none()) {
        let (chars, surrogate) = match run.last() {
            Some(&c) if char::from_u32(c).is_none() => (&run[..run.len() - 1], Some(c)),
            _ => (run, None),
        };
        let s: String = chars.iter().filter_map(|&c| char::from_u32(c)).collect();
        let cased = if lower != 0 {
            s.to_lowercase()
        } else {
            s.to_uppercase()
        };
        mapped.extend(cased.chars().map(|c| c as u32));
        mapped.extend(surrogate);
    }
    let block = crate::memory::oxjit_rt_meminfo_alloc(mapped.len() * 4, 16);
    if !block.is_null() {
        // SAFETY: the block has room for the mapped code points.
        unsafe {
            std::ptr::copy_nonoverlapping(mapped.as_ptr(), (*block).data as *mut u32, mapped.len());
            *out_len = mapped.len() as i64;
        }
    }
    block
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
        let parse = super::parse_float;
        assert_eq!(parse(" 1_000.5e1\n"), Some(10005.0));
        assert_eq!(parse("-inf"), Some(f64::NEG_INFINITY));
        assert_eq!(parse("Infinity"), Some(f64::INFINITY));
        assert!(parse("nan").unwrap().is_nan());
        for bad in [
            "", " ", "1__0", "_1", "1_", "--1", "1e", "abc", "0x10", "1.5.5", "٣",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
        assert_eq!(float_repr(16777216.0, true), "1.6777216e+07");
    }
}
