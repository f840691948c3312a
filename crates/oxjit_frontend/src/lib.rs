//! Python AST to SSA IR.
//!
//! In: a function definition from `oxjit_syntax`. Out: an `oxjit_ir::Function` in SSA form
//! with a span on every instruction, or a TypingError-kind diagnostic pointing at the first
//! construct outside the compiled subset (`class`, comprehensions, `try`, ...).
//!
//! SSA is built directly while walking the AST, with the on-the-fly algorithm of Braun et
//! al.: each block remembers the value a variable last had there ([`ssa`]), reads in blocks
//! whose predecessors are not all known yet create block parameters that are filled in when
//! the block is sealed. Names never assigned in the function become `Op::Global` reads,
//! resolved later against the function's globals and closure.
//!
//! `for` loops become a counted loop over any iterable: a hidden counter `k` from 0 while
//! `k < iterlen(it)` (read at every step, as a list may grow) and `x = iterget(it, k)` in
//! the body. For `range` that is a plain
//! induction variable LLVM can vectorise; arrays, tuples, `enumerate` and `zip` fit the same
//! shape.

mod lower;
mod ssa;

pub use lower::lower_function;
