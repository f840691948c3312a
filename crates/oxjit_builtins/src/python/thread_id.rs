//! `get_thread_id()` in compiled code: the number of the thread running it among the
//! threads of the parallel work it belongs to (0 for the thread that started it, and
//! outside parallel work), below `get_num_threads()`.

use crate::registry::{Builtin, Ex};
use crate::{no_kwargs, CallArgs, Intrinsic, NoMatch, Typed};
use oxjit_types::Type;

/// The runtime function that answers (`oxjit_runtime::parallel`).
pub const RUNTIME_SYMBOL: &str = "oxjit_rt_thread_id";

pub const BUILTIN: Builtin = Builtin {
    names: &["oxjit.get_thread_id"],
    doc: "the number of the thread running the code among those of its parallel work",
    type_call,
    examples: &[Ex {
        call: "get_thread_id() + a",
        args: &["int64"],
    }],
};

fn type_call(_name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    no_kwargs("get_thread_id", a)?;
    if !a.types.is_empty() {
        return Err(NoMatch::new("get_thread_id() takes no arguments"));
    }
    Ok(Typed::new(
        Type::I64,
        Vec::new(),
        Intrinsic::RuntimeCall(RUNTIME_SYMBOL),
    ))
}
