//! How compiled code raises Python exceptions.
//!
//! Compiled functions return an `i32` status: [`STATUS_OK`] (0) on success,
//! [`STATUS_ERROR`] (1) when an exception was raised. The exception itself (its kind
//! and message) is stored in a thread-local by [`oxjit_rt_raise`] (or a helper such as
//! [`oxjit_rt_raise_index`]); the Python boundary, on seeing status 1, calls
//! [`take_error`] and raises the matching Python exception. Raising again before the
//! error is taken replaces it, as a new Python exception would.

use crate::print::PrintItem;
use std::cell::RefCell;

/// Status returned by compiled functions and fallible runtime helpers on success.
pub const STATUS_OK: i32 = 0;
/// Status returned when an exception was raised (details via [`take_error`]).
pub const STATUS_ERROR: i32 = 1;

/// The Python exception classes compiled code can raise. The discriminants are the
/// `kind` values passed to [`oxjit_rt_raise`].
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    ZeroDivisionError = 1,
    IndexError = 2,
    ValueError = 3,
    OverflowError = 4,
    TypeError = 5,
    RuntimeError = 6,
    MemoryError = 7,
    AssertionError = 8,
    KeyError = 9,
    UnboundLocalError = 10,
    /// NumPy's `AxisError` (a `ValueError` and an `IndexError`).
    AxisError = 11,
    /// Any other exception class, which the host registered under a name: the message is
    /// the name, then [`REGISTERED_MESSAGE_SEPARATOR`] and the message if one was given.
    Registered = 12,
}

/// Separates the class name from the message of an [`ErrorKind::Registered`] exception.
pub const REGISTERED_MESSAGE_SEPARATOR: char = '\u{1f}';

impl ErrorKind {
    /// Every kind, in discriminant order.
    pub const ALL: [ErrorKind; 12] = [
        ErrorKind::ZeroDivisionError,
        ErrorKind::IndexError,
        ErrorKind::ValueError,
        ErrorKind::OverflowError,
        ErrorKind::TypeError,
        ErrorKind::RuntimeError,
        ErrorKind::MemoryError,
        ErrorKind::AssertionError,
        ErrorKind::KeyError,
        ErrorKind::UnboundLocalError,
        ErrorKind::AxisError,
        ErrorKind::Registered,
    ];

    /// The kind with discriminant `v`, if any.
    pub fn from_i32(v: i32) -> Option<ErrorKind> {
        Self::ALL.into_iter().find(|k| *k as i32 == v)
    }

    /// The kind a built-in Python exception class is raised as, by the class's name.
    pub fn of_builtin(name: &str) -> Option<ErrorKind> {
        Self::ALL
            .into_iter()
            .filter(|k| !matches!(k, ErrorKind::AxisError | ErrorKind::Registered))
            .find(|k| k.name() == name)
    }

    /// The discriminant, as passed to [`oxjit_rt_raise`].
    pub fn as_i32(self) -> i32 {
        self as i32
    }

    /// The Python class name, e.g. `"ZeroDivisionError"`.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::ZeroDivisionError => "ZeroDivisionError",
            ErrorKind::IndexError => "IndexError",
            ErrorKind::ValueError => "ValueError",
            ErrorKind::OverflowError => "OverflowError",
            ErrorKind::TypeError => "TypeError",
            ErrorKind::RuntimeError => "RuntimeError",
            ErrorKind::MemoryError => "MemoryError",
            ErrorKind::AssertionError => "AssertionError",
            ErrorKind::KeyError => "KeyError",
            ErrorKind::UnboundLocalError => "UnboundLocalError",
            ErrorKind::AxisError => "AxisError",
            ErrorKind::Registered => "Exception",
        }
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

thread_local! {
    static PENDING: RefCell<Option<(ErrorKind, String)>> = const { RefCell::new(None) };
    /// The argument values of the pending exception, when it was raised with values
    /// known only at run time (`raise ValueError("bad", x)`).
    static PENDING_ARGS: RefCell<Option<Vec<PrintItem>>> = const { RefCell::new(None) };
    /// The cause of the pending exception (`raise x from e`).
    static PENDING_CAUSE: RefCell<Option<Box<PendingError>>> = const { RefCell::new(None) };
}

/// Records an exception for the current thread (Rust-side counterpart of
/// [`oxjit_rt_raise`]), replacing any pending one.
pub fn raise(kind: ErrorKind, msg: impl Into<String>) {
    let msg = msg.into();
    let _ = PENDING_ARGS.try_with(|p| p.borrow_mut().take());
    let _ = PENDING_CAUSE.try_with(|p| p.borrow_mut().take());
    // `try_with` fails only during thread teardown, when nobody can take the error.
    let _ = PENDING.try_with(|p| *p.borrow_mut() = Some((kind, msg)));
}

/// Takes the pending exception of the current thread, leaving none.
pub fn take_error() -> Option<(ErrorKind, String)> {
    PENDING.try_with(|p| p.borrow_mut().take()).ok().flatten()
}

/// Takes the argument values of the exception [`take_error`] gave, if it was raised
/// with run-time values; its message is then only the class name (for registered
/// classes).
pub fn take_error_args() -> Option<Vec<PrintItem>> {
    PENDING_ARGS
        .try_with(|p| p.borrow_mut().take())
        .ok()
        .flatten()
}

/// A pending exception taken out of one thread, to be raised in another (work a
/// parallel loop ran on a worker thread fails there, and the caller raises it), or held
/// by compiled code that caught it.
#[derive(Clone)]
pub struct PendingError {
    pub kind: ErrorKind,
    pub msg: String,
    pub args: Option<Vec<PrintItem>>,
    /// The exception this one was raised from (`raise x from e`).
    pub cause: Option<Box<PendingError>>,
}

impl PendingError {
    /// Takes the current thread's pending exception, if any.
    pub fn take() -> Option<PendingError> {
        let (kind, msg) = take_error()?;
        let cause = PENDING_CAUSE
            .try_with(|p| p.borrow_mut().take())
            .ok()
            .flatten();
        Some(PendingError {
            kind,
            msg,
            args: take_error_args(),
            cause,
        })
    }

    /// Makes it the current thread's pending exception again.
    pub fn restore(self) {
        raise(self.kind, self.msg);
        let _ = PENDING_ARGS.try_with(|p| *p.borrow_mut() = self.args);
        let _ = PENDING_CAUSE.try_with(|p| *p.borrow_mut() = self.cause);
    }

    /// Makes `cause` the cause of the current thread's pending exception.
    pub fn set_cause(cause: PendingError) {
        let _ = PENDING_CAUSE.try_with(|p| *p.borrow_mut() = Some(Box::new(cause)));
    }
}

/// Calls `f` with the current thread's pending exception (kind and message), if any.
pub fn peek_error<R>(f: impl FnOnce(Option<&(ErrorKind, String)>) -> R) -> R {
    let mut f = Some(f);
    PENDING
        .try_with(|p| (f.take().unwrap())(p.borrow().as_ref()))
        .unwrap_or_else(|_| (f.take().unwrap())(None))
}

/// Whether the current thread has a pending exception.
pub fn has_error() -> bool {
    PENDING.try_with(|p| p.borrow().is_some()).unwrap_or(false)
}

/// Discards the pending exception of the current thread, if any.
pub fn clear_error() {
    let _ = take_error();
    let _ = take_error_args();
}

/// Records exception `kind` with the UTF-8 message `msg[..len]` (copied; invalid
/// UTF-8 is replaced with U+FFFD) for the current thread. An unknown `kind` becomes
/// a `RuntimeError` that names it.
///
/// # Safety
///
/// `msg` must be valid for reading `len` bytes, or `len` must be 0 (then `msg` may be
/// null).
pub unsafe extern "C" fn oxjit_rt_raise(kind: i32, msg: *const u8, len: usize) {
    let text = if msg.is_null() || len == 0 {
        String::new()
    } else {
        // SAFETY: the caller guarantees `msg[..len]` is readable.
        let bytes = unsafe { std::slice::from_raw_parts(msg, len) };
        String::from_utf8_lossy(bytes).into_owned()
    };
    match ErrorKind::from_i32(kind) {
        Some(k) => raise(k, text),
        None => raise(
            ErrorKind::RuntimeError,
            format!("unknown error kind {kind}: {text}"),
        ),
    }
}

/// Like [`oxjit_rt_raise`], with the values compiled code handed over since (through the
/// `oxjit_rt_print_*` item functions) as the exception's arguments: `raise E(a, b)`.
///
/// # Safety
/// As [`oxjit_rt_raise`].
pub unsafe extern "C" fn oxjit_rt_raise_with_items(kind: i32, msg: *const u8, len: usize) {
    let items = crate::print::take_items();
    // SAFETY: forwarded from the caller.
    unsafe { oxjit_rt_raise(kind, msg, len) };
    let _ = PENDING_ARGS.try_with(|p| *p.borrow_mut() = Some(items));
}

/// Raises NumPy's out-of-bounds `IndexError`:
/// `"index {index} is out of bounds for axis {axis} with size {dim}"`.
/// `index` is the index as written (before wrapping negative indices).
pub extern "C" fn oxjit_rt_raise_index(index: i64, axis: i64, dim: i64) {
    raise(
        ErrorKind::IndexError,
        format!("index {index} is out of bounds for axis {axis} with size {dim}"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for k in ErrorKind::ALL {
            assert_eq!(ErrorKind::from_i32(k as i32), Some(k));
            assert_eq!(k.as_i32(), k as i32);
            assert_eq!(k.to_string(), k.name());
        }
        assert_eq!(ErrorKind::ZeroDivisionError as i32, 1);
        assert_eq!(ErrorKind::KeyError as i32, 9);
        assert_eq!(ErrorKind::from_i32(0), None);
        assert_eq!(ErrorKind::UnboundLocalError as i32, 10);
        assert_eq!(ErrorKind::AxisError as i32, 11);
        assert_eq!(ErrorKind::Registered as i32, 12);
        assert_eq!(ErrorKind::from_i32(13), None);
        assert_eq!(ErrorKind::from_i32(-1), None);
    }

    #[test]
    fn raise_then_take_clears() {
        clear_error();
        assert!(!has_error());
        let msg = "division by zero";
        unsafe { oxjit_rt_raise(1, msg.as_ptr(), msg.len()) };
        assert!(has_error());
        assert_eq!(
            take_error(),
            Some((ErrorKind::ZeroDivisionError, msg.to_string()))
        );
        assert!(!has_error());
        assert_eq!(take_error(), None);
    }

    #[test]
    fn later_raise_replaces_earlier() {
        raise(ErrorKind::ValueError, "first");
        raise(ErrorKind::KeyError, "second");
        assert_eq!(take_error(), Some((ErrorKind::KeyError, "second".into())));
    }

    #[test]
    fn empty_null_and_bad_messages() {
        unsafe { oxjit_rt_raise(8, std::ptr::null(), 0) };
        assert_eq!(
            take_error(),
            Some((ErrorKind::AssertionError, String::new()))
        );
        let bad = [b'a', 0xff, b'b'];
        unsafe { oxjit_rt_raise(3, bad.as_ptr(), bad.len()) };
        assert_eq!(
            take_error(),
            Some((ErrorKind::ValueError, "a\u{fffd}b".into()))
        );
        let msg = "boom";
        unsafe { oxjit_rt_raise(42, msg.as_ptr(), msg.len()) };
        let (k, m) = take_error().unwrap();
        assert_eq!(k, ErrorKind::RuntimeError);
        assert!(m.contains("42") && m.contains("boom"), "{m}");
    }

    #[test]
    fn index_error_uses_numpy_wording() {
        oxjit_rt_raise_index(-5, 1, 3);
        assert_eq!(
            take_error(),
            Some((
                ErrorKind::IndexError,
                "index -5 is out of bounds for axis 1 with size 3".into()
            ))
        );
    }

    #[test]
    fn errors_are_per_thread() {
        raise(ErrorKind::TypeError, "main");
        let other = std::thread::spawn(|| {
            let before = take_error();
            raise(ErrorKind::ValueError, "other");
            before
        })
        .join()
        .unwrap();
        assert_eq!(other, None);
        assert_eq!(take_error(), Some((ErrorKind::TypeError, "main".into())));
    }
}
