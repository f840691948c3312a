//! `prange(...)`: Numba's parallel range. Typed and run as `range`; the parallel stage
//! (`oxjit_parallel`) recognises a `for` loop over it by this name and, under
//! `parallel=True`, spreads its iterations over threads.

use crate::registry::{Builtin, Ex};
use crate::{CallArgs, NoMatch, Typed};

pub const BUILTIN: Builtin = Builtin {
    names: &["oxjit.prange"],
    doc: "a range whose loop iterations run on all cores under parallel=True",
    type_call,
    examples: &[
        Ex {
            call: "prange(a)",
            args: &["int64"],
        },
        Ex {
            call: "prange(a, b, -2)",
            args: &["int32", "uint8"],
        },
    ],
};

fn type_call(_name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    crate::python::type_call("builtins.range", a)
        .expect("range is a builtin")
        .map_err(|e| NoMatch {
            message: e.message.replace("range(", "prange("),
            signatures: e.signatures.iter().map(|s| format!("p{s}")).collect(),
        })
}
