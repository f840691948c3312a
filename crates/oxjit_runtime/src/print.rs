//! `print(...)` in compiled code, and the arguments of exceptions raised with values.
//!
//! Compiled code hands over the items of one `print` call one at a time
//! (`oxjit_rt_print_*`), then `oxjit_rt_print_end`, which passes them to the hook the host
//! installed ([`set_print_hook`]): the Python side prints them with Python's `print`, so
//! numbers read exactly as Python writes them. Without a hook they go to stdout.

use std::cell::RefCell;
use std::sync::OnceLock;

/// One item of a `print` call, as compiled code had it.
#[derive(Clone, Debug, PartialEq)]
pub enum PrintItem {
    Int(i64),
    UInt(u64),
    Bool(bool),
    Float32(f32),
    Float(f64),
    Complex64(f32, f32),
    Complex(f64, f64),
    Str(String),
}

thread_local! {
    static PENDING: RefCell<Vec<PrintItem>> = const { RefCell::new(Vec::new()) };
}

static HOOK: OnceLock<fn(Vec<PrintItem>)> = OnceLock::new();

/// Installs the function that prints a call's items (the first one installed stays).
pub fn set_print_hook(hook: fn(Vec<PrintItem>)) {
    let _ = HOOK.set(hook);
}

fn push(item: PrintItem) {
    PENDING.with(|p| p.borrow_mut().push(item));
}

pub extern "C" fn oxjit_rt_print_i64(x: i64) {
    push(PrintItem::Int(x));
}

pub extern "C" fn oxjit_rt_print_u64(x: u64) {
    push(PrintItem::UInt(x));
}

/// A bool, passed as an integer (0 or 1) for a plain C calling convention.
pub extern "C" fn oxjit_rt_print_bool(x: i64) {
    push(PrintItem::Bool(x != 0));
}

pub extern "C" fn oxjit_rt_print_f32(x: f32) {
    push(PrintItem::Float32(x));
}

pub extern "C" fn oxjit_rt_print_f64(x: f64) {
    push(PrintItem::Float(x));
}

pub extern "C" fn oxjit_rt_print_c64(re: f32, im: f32) {
    push(PrintItem::Complex64(re, im));
}

pub extern "C" fn oxjit_rt_print_c128(re: f64, im: f64) {
    push(PrintItem::Complex(re, im));
}

/// A string item: `len` bytes of UTF-8 at `text`.
///
/// # Safety
/// `text` must address `len` readable bytes.
pub unsafe extern "C" fn oxjit_rt_print_str(text: *const u8, len: i64) {
    // SAFETY: forwarded from the caller.
    let bytes = unsafe { std::slice::from_raw_parts(text, len.max(0) as usize) };
    push(PrintItem::Str(String::from_utf8_lossy(bytes).into_owned()));
}

/// A string item: `len` code points at `text` (a run-time string; a lone surrogate
/// prints as U+FFFD).
///
/// # Safety
/// `text` must address `len` readable `u32`s.
pub unsafe extern "C" fn oxjit_rt_print_ucs4(text: *const u32, len: i64) {
    let points = if len <= 0 {
        &[][..]
    } else {
        // SAFETY: forwarded from the caller.
        unsafe { std::slice::from_raw_parts(text, len as usize) }
    };
    let text = points
        .iter()
        .map(|&c| char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    push(PrintItem::Str(text));
}

/// Takes the items handed over since the last call without printing them (they become
/// the arguments of an exception: see [`crate::error::oxjit_rt_raise_with_items`]).
pub fn take_items() -> Vec<PrintItem> {
    PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()))
}

/// Prints the items handed over since the last call.
pub extern "C" fn oxjit_rt_print_end() {
    let items = take_items();
    match HOOK.get() {
        Some(hook) => hook(items),
        None => {
            let text: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
            println!("{}", text.join(" "));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_collected_per_call() {
        oxjit_rt_print_i64(-3);
        oxjit_rt_print_bool(1);
        let text = "x=";
        // SAFETY: a valid string.
        unsafe { oxjit_rt_print_str(text.as_ptr(), text.len() as i64) };
        let items = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
        assert_eq!(
            items,
            vec![
                PrintItem::Int(-3),
                PrintItem::Bool(true),
                PrintItem::Str("x=".into())
            ]
        );
    }
}
