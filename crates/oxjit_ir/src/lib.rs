//! oxjit's intermediate representation: SSA with block parameters.
//!
//! In: built by the frontend through [`Function`]'s builder methods. Out: a [`Function`]
//! that inference annotates with types in side tables and codegen lowers.
//!
//! Shape (after Cranelift): [`Value`], [`Block`] and [`Inst`] are `Copy` u32 ids into
//! arenas; each instruction is one variant of the closed [`Op`] enum, so adding an op makes
//! the compiler list every match that must handle it; spans live in a side table. Every
//! block ends in exactly one terminator, whose jump arguments feed the target's parameters
//! (no phi nodes).
//!
//! Modules: `entity` (ids and maps), `op` (the op set), `function` (storage and builder),
//! `print` (compact text form), `verify` (structural checks), `simplify` (trivial parameter
//! removal).

pub mod entity;
mod function;
mod op;
mod print;
mod simplify;
mod verify;

pub use entity::{Block, EntityMap, Inst, Value};
pub use function::{BlockData, Function, InstData, ValueDef};
pub use op::{BinOp, CmpOp, Const, NoneUse, Op, UnaryOp};
pub use verify::verify;
