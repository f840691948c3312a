//! The registry of library functions that live in files of their own: one [`Builtin`]
//! per file (its typing rule, and a Python body under `pylib/` where it is not a
//! primitive), made known by one line in [`REGISTRY`].
//!
//! Functions not yet moved into a file of their own are typed by the older tables of
//! [`crate::python`], [`crate::math`], [`crate::numpy`], [`crate::ndarray`] and
//! [`crate::list`]; [`crate::type_call`] asks this registry first.

use crate::{CallArgs, NoMatch, Typed};

use std::collections::HashMap;
use std::sync::OnceLock;
pub use Example as Ex;

/// One library function, or several names sharing one typing rule.
pub struct Builtin {
    /// Qualified names: `numpy.linspace`, `ndarray.cumsum` (a method: the receiver is
    /// the first argument).
    pub names: &'static [&'static str],
    /// What it computes, in one line (shown by `oxjit.list_builtins`' users and checked
    /// present by the registry test).
    pub doc: &'static str,
    /// The typing rule: the qualified name called and the call's arguments give the
    /// result type, the argument conversions and the body or primitive to call.
    pub type_call: fn(&str, &CallArgs<'_>) -> Result<Typed, NoMatch>,
    /// Calls that must compile, for the registry test: an expression over the
    /// parameters `a`, `b`, `c`... and their types, spelled as Numba prints them.
    pub examples: &'static [Example],
}

/// A call of a library function, as the registry test compiles it.
pub struct Example {
    /// `np.cumsum(a, axis=-1)`.
    pub call: &'static str,
    /// `array(int32, 2d, A)`, one per parameter used.
    pub args: &'static [&'static str],
}

/// Every function with a file of its own. A new function is one line here.
pub static REGISTRY: &[Builtin] = &[
    crate::list::search::BUILTIN,
    crate::math::gcd::BUILTIN,
    crate::python::reversed::BUILTIN,
    crate::math::integers::COMB,
    crate::math::integers::PROD,
    crate::math::isclose::BUILTIN,
    crate::math::polar::BUILTIN,
    crate::numpy::alloc::BUILTIN,
    crate::numpy::arange::BUILTIN,
    crate::numpy::atleast::BUILTIN,
    crate::numpy::count_nonzero::BUILTIN,
    crate::numpy::cumulative::BUILTIN,
    crate::numpy::eye::BUILTIN,
    crate::numpy::concatenate::BUILTIN,
    crate::numpy::fancy_index::BUILTIN,
    crate::numpy::fill::BUILTIN,
    crate::numpy::histogram::BUILTIN,
    crate::numpy::linalg::BUILTIN,
    crate::numpy::linspace::BUILTIN,
    crate::numpy::matmul::BUILTIN,
    crate::numpy::number_info::BUILTIN,
    crate::numpy::random::BUILTIN,
    crate::numpy::reductions::BUILTIN,
    crate::numpy::searchsorted::BUILTIN,
    crate::numpy::sort::BUILTIN,
    crate::numpy::trace::BUILTIN,
    crate::python::prange::BUILTIN,
    crate::python::strings::BUILTIN,
    crate::python::thread_id::BUILTIN,
    crate::python::type_of::BUILTIN,
];

/// The entry for a qualified name.
pub fn lookup(name: &str) -> Option<&'static Builtin> {
    static BY_NAME: OnceLock<HashMap<&'static str, &'static Builtin>> = OnceLock::new();
    BY_NAME
        .get_or_init(|| {
            REGISTRY
                .iter()
                .flat_map(|b| b.names.iter().map(move |n| (*n, b)))
                .collect()
        })
        .get(name)
        .copied()
}
