//! Catching exceptions in compiled code: which `except` clause matches the exception
//! being raised, taking it out of the thread-local (`except E as e`), and raising it
//! again.
//!
//! Compiled code knows an exception class by a name (see [`crate::error`]): the bare
//! name for Python's built-in classes, `module.qualname` for any other. Whether the
//! exception being raised is an instance of a clause's class is decided here, from the
//! names of the raised class's bases: fixed for the kinds compiled code raises itself,
//! registered by the host ([`register_class`]) for every other class it compiles.

use crate::error::{ErrorKind, PendingError, REGISTERED_MESSAGE_SEPARATOR};
use crate::memory::{new_meminfo, MemInfo};
use std::cell::OnceCell;
use std::collections::HashMap;
use std::ffi::c_void;
use std::sync::{Mutex, OnceLock, PoisonError};

/// The names of each registered class's bases, nearest first (its `__mro__` less itself).
static BASES: Mutex<Option<HashMap<String, Vec<String>>>> = Mutex::new(None);

/// Records the bases of exception class `name` (names as compiled code knows classes).
pub fn register_class(name: &str, bases: Vec<String>) {
    let mut table = BASES.lock().unwrap_or_else(PoisonError::into_inner);
    table
        .get_or_insert_with(HashMap::new)
        .insert(canonical(name).to_string(), bases);
}

/// Built-in classes are known by their bare names, however they were spelt.
fn canonical(name: &str) -> &str {
    name.strip_prefix("builtins.").unwrap_or(name)
}

/// The bases of the classes compiled code raises by [`ErrorKind`], as Python has them.
fn kind_bases(kind: ErrorKind) -> &'static [&'static str] {
    const EXCEPTION: [&str; 2] = ["Exception", "BaseException"];
    match kind {
        ErrorKind::ZeroDivisionError | ErrorKind::OverflowError => {
            &["ArithmeticError", "Exception", "BaseException"]
        }
        ErrorKind::IndexError | ErrorKind::KeyError => {
            &["LookupError", "Exception", "BaseException"]
        }
        ErrorKind::UnboundLocalError => &["NameError", "Exception", "BaseException"],
        ErrorKind::AxisError => &[
            "ValueError",
            "IndexError",
            "LookupError",
            "Exception",
            "BaseException",
        ],
        _ => &EXCEPTION,
    }
}

/// The name compiled code knows NumPy's `AxisError` by.
const AXIS_ERROR: &str = "numpy.exceptions.AxisError";

/// Whether `pending` is an instance of the class compiled code knows as `class`.
fn is_instance(pending: &(ErrorKind, String), class: &str) -> bool {
    let class = canonical(class);
    let (kind, msg) = pending;
    let raised = match kind {
        ErrorKind::Registered => canonical(
            msg.split(REGISTERED_MESSAGE_SEPARATOR)
                .next()
                .unwrap_or_default(),
        ),
        ErrorKind::AxisError => AXIS_ERROR,
        kind => kind.name(),
    };
    if raised == class {
        return true;
    }
    if *kind != ErrorKind::Registered {
        return kind_bases(*kind).contains(&class);
    }
    let table = BASES.lock().unwrap_or_else(PoisonError::into_inner);
    match table.as_ref().and_then(|t| t.get(raised)) {
        Some(bases) => bases.iter().any(|b| canonical(b) == class),
        // A class nobody registered (one a library body raises by name) is at least an
        // Exception.
        None => matches!(class, "Exception" | "BaseException"),
    }
}

/// Whether the exception being raised is an instance of the class named by the UTF-8
/// text `name[..len]`.
///
/// # Safety
///
/// `name` must be valid for reading `len` bytes.
pub unsafe extern "C" fn oxjit_rt_exception_matches(name: *const u8, len: usize) -> bool {
    // SAFETY: the caller guarantees `name[..len]` is readable.
    let bytes = unsafe { std::slice::from_raw_parts(name, len) };
    let class = String::from_utf8_lossy(bytes);
    crate::error::peek_error(|pending| pending.is_some_and(|p| is_instance(p, &class)))
}

/// What a caught exception's memory block holds.
struct Caught {
    exception: PendingError,
    /// `str(e)`, as code points, once asked for.
    text: OnceCell<Vec<u32>>,
}

/// How the host writes `str(e)` (Python's own `str` of the exception object).
static TEXT_HOOK: OnceLock<fn(&PendingError) -> String> = OnceLock::new();

/// Sets how `str(e)` of a caught exception is written (the host's Python does it).
pub fn set_text_hook(hook: fn(&PendingError) -> String) {
    let _ = TEXT_HOOK.set(hook);
}

unsafe extern "C" fn drop_caught(data: *mut u8, _size: usize, _info: *mut c_void) {
    // SAFETY: `data` came from `Box::into_raw` in `oxjit_rt_catch`, released once.
    drop(unsafe { Box::from_raw(data.cast::<Caught>()) });
}

/// Takes the exception being raised (it stops propagating) into a new memory block,
/// which compiled code holds as the caught exception object.
pub extern "C" fn oxjit_rt_catch() -> *mut MemInfo {
    let exception = PendingError::take().unwrap_or(PendingError {
        kind: ErrorKind::RuntimeError,
        msg: "no exception was being raised".to_string(),
        args: None,
        cause: None,
    });
    let caught = Caught {
        exception,
        text: OnceCell::new(),
    };
    let data = Box::into_raw(Box::new(caught)).cast::<u8>();
    new_meminfo(
        data,
        std::mem::size_of::<Caught>(),
        Some(drop_caught),
        std::ptr::null_mut(),
    )
}

/// The record in a caught exception's block.
///
/// # Safety
///
/// `caught` must be a block [`oxjit_rt_catch`] made, still referenced.
unsafe fn caught<'a>(caught: *mut MemInfo) -> &'a Caught {
    // SAFETY: the caller holds a reference, so the block and its data are alive.
    unsafe { &*(*caught).data.cast::<Caught>() }
}

/// Raises a caught exception again (`raise e`, or a bare `raise` in its handler).
///
/// # Safety
///
/// `caught` must be a block [`oxjit_rt_catch`] made, still referenced.
pub unsafe extern "C" fn oxjit_rt_reraise(caught_block: *mut MemInfo) {
    // SAFETY: forwarded from the caller.
    unsafe { caught(caught_block) }.exception.clone().restore();
}

/// Makes a caught exception the cause of the exception being raised (`raise x from e`).
///
/// # Safety
///
/// `caught` must be a block [`oxjit_rt_catch`] made, still referenced.
pub unsafe extern "C" fn oxjit_rt_set_cause(caught_block: *mut MemInfo) {
    // SAFETY: forwarded from the caller.
    let cause = unsafe { caught(caught_block) }.exception.clone();
    PendingError::set_cause(cause);
}

/// `str(e)` of a caught exception, as code points.
fn text_of(c: &Caught) -> &[u32] {
    c.text.get_or_init(|| {
        let text = match TEXT_HOOK.get() {
            Some(hook) => hook(&c.exception),
            None => c.exception.msg.clone(),
        };
        text.chars().map(|ch| ch as u32).collect()
    })
}

/// The number of code points of `str(e)`.
///
/// # Safety
///
/// `caught` must be a block [`oxjit_rt_catch`] made, still referenced.
pub unsafe extern "C" fn oxjit_rt_exception_text_len(caught_block: *mut MemInfo) -> i64 {
    // SAFETY: forwarded from the caller.
    text_of(unsafe { caught(caught_block) }).len() as i64
}

/// Writes the code points of `str(e)` to `out`.
///
/// # Safety
///
/// `caught` must be a block [`oxjit_rt_catch`] made, still referenced, and `out` must
/// have room for [`oxjit_rt_exception_text_len`] code points.
pub unsafe extern "C" fn oxjit_rt_exception_text(caught_block: *mut MemInfo, out: *mut u32) {
    // SAFETY: forwarded from the caller.
    let text = text_of(unsafe { caught(caught_block) });
    // SAFETY: the caller made room for the text.
    unsafe { std::ptr::copy_nonoverlapping(text.as_ptr(), out, text.len()) };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{clear_error, raise, take_error};

    fn matches(class: &str) -> bool {
        // SAFETY: a live string.
        unsafe { oxjit_rt_exception_matches(class.as_ptr(), class.len()) }
    }

    #[test]
    fn builtin_kinds_match_their_bases() {
        raise(ErrorKind::KeyError, "k");
        assert!(matches("KeyError"));
        assert!(matches("LookupError"));
        assert!(matches("builtins.LookupError"));
        assert!(matches("Exception"));
        assert!(!matches("IndexError"));
        assert!(!matches("ValueError"));
        raise(ErrorKind::AxisError, "axis");
        assert!(matches("ValueError") && matches("IndexError"));
        assert!(matches(AXIS_ERROR));
        clear_error();
        assert!(!matches("Exception"));
    }

    #[test]
    fn registered_classes_match_their_registered_bases() {
        register_class("m.Mine", vec!["m.Base".into(), "ValueError".into()]);
        let text = format!("m.Mine{REGISTERED_MESSAGE_SEPARATOR}boom");
        raise(ErrorKind::Registered, text);
        assert!(matches("m.Mine") && matches("m.Base") && matches("ValueError"));
        assert!(!matches("m.Other") && !matches("KeyError"));
        raise(ErrorKind::Registered, "m.Unknown");
        assert!(matches("Exception") && !matches("ValueError"));
        clear_error();
    }

    #[test]
    fn caught_exceptions_raise_again() {
        raise(ErrorKind::ValueError, "bad");
        let caught = oxjit_rt_catch();
        assert!(take_error().is_none());
        // SAFETY: `caught` is alive until the decref below.
        unsafe { oxjit_rt_reraise(caught) };
        assert_eq!(
            take_error(),
            Some((ErrorKind::ValueError, "bad".to_string()))
        );
        // SAFETY: the one reference oxjit_rt_catch gave.
        unsafe { crate::memory::oxjit_rt_decref(caught) };
    }
}
