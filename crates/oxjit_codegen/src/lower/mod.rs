//! `FuncGen::inst` by op family: each file emits the LLVM for one family of IR ops, so a
//! feature touches the file of its ops only.

mod access;
mod arith;
mod calls;
mod control;
mod exceptions;
mod parallel;

pub(crate) use parallel::load_fields;
mod values;
