//! `np.count_nonzero(a)`: how many elements are not zero (or False). Body:
//! `pylib/numpy/count_nonzero.py`.

use crate::ndarray::check_kwargs;
use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{CallArgs, Intrinsic, NoMatch, Typed};
use oxjit_types::Type;

pub const BUILTIN: Builtin = Builtin {
    names: &["numpy.count_nonzero"],
    doc: "the number of elements that are not zero",
    type_call,
    examples: &[
        Ex {
            call: "np.count_nonzero(a)",
            args: &["array(float64, 3d, A)"],
        },
        Ex {
            call: "np.count_nonzero(a)",
            args: &["array(bool, 0d, C)"],
        },
        Ex {
            call: "np.count_nonzero(a)",
            args: &["complex64"],
        },
    ],
};

fn type_call(_name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    check_kwargs("count_nonzero", a, &[])?;
    let entry = match a.types {
        [Type::Array(_)] => "count_nonzero",
        [Type::Scalar(_)] => "count_nonzero_scalar",
        _ => {
            return Err(NoMatch::new("np.count_nonzero() takes one array or number")
                .with_signatures(&["np.count_nonzero(a)"]))
        }
    };
    let body = Body {
        file: "numpy/count_nonzero.py",
        entry,
    };
    Ok(Typed::new(
        Type::I64,
        a.types.to_vec(),
        Intrinsic::Body(body),
    ))
}
