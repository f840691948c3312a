//! `oxjit_runtime`: the leaf runtime that JIT-compiled code calls into.
//!
//! This crate owns:
//!
//! * **memory blocks with reference counts** ([`memory`]): [`MemInfo`] blocks, the
//!   analogue of Numba's NRT `MemInfo`, used for array buffers allocated by compiled
//!   code and for wrapping buffers owned elsewhere (e.g. a NumPy array);
//! * **the array header layout** ([`mod@array`]) shared by code generation and the Python
//!   boundary, documented field by field, with field indices and byte offsets;
//! * **error reporting from compiled code** ([`error`]): compiled functions return an
//!   `i32` status (0 = ok, 1 = exception raised) and park the exception kind and
//!   message in a thread-local that the Python boundary takes and re-raises;
//! * **the random number generator** ([`random`]): NumPy's legacy Mersenne Twister,
//!   one per thread;
//! * **math helpers not in libm** ([`cmath`]): complex functions matching CPython's
//!   `cmath` module, complex division and power with Python semantics, and the
//!   float/int helpers Python semantics need (`%`, `//`, integer power, ...);
//! * **the worker threads of parallel work** ([`pool`]): one pool per process, and
//!   the running of `prange` loops' chunks on it ([`parallel`]).
//!
//! Everything callable from compiled code is an `extern "C"` function, and every one
//! of them is listed, by name and address, in one table: [`symbols()`]. The JIT
//! registers that table in a single loop; the names in it equal the Rust function
//! names (all prefixed `oxjit_rt_`), and [`mod@symbols`] also exports each name as a
//! constant for code generation.
//!
//! This crate depends on no other oxjit crate and knows nothing about Python objects:
//! the `parent` pointer of an array header is opaque here.

pub mod array;
pub mod cmath;
pub mod dict;
pub mod error;
pub mod exceptions;
pub mod generator;
pub mod libm;
pub mod list;
pub mod memory;
pub mod parallel;
pub mod pool;
pub mod print;
pub mod random;
pub mod reduce;
pub mod symbols;
pub mod text;

pub use array::{header_size, ArrayHeader, MAX_NDIM};
pub use error::{take_error, ErrorKind, STATUS_ERROR, STATUS_OK};
pub use memory::{stats, AllocStats, MemInfo};
pub use symbols::{lookup, symbols};
