//! `np.atleast_1d(a)`, `np.atleast_2d(a)`, `np.atleast_3d(a)` of one array or number:
//! the array itself, a view with new axes, or a new array for a number. Body:
//! `pylib/numpy/atleast.py`.

use crate::ndarray::check_kwargs;
use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{CallArgs, Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::{ArrayType, Layout, Type};

pub const BUILTIN: Builtin = Builtin {
    names: &["numpy.atleast_1d", "numpy.atleast_2d", "numpy.atleast_3d"],
    doc: "the array with at least 1, 2 or 3 dimensions (a view), or a number as an array",
    type_call,
    examples: &[
        Ex {
            call: "np.atleast_2d(a)",
            args: &["array(float64, 1d, C)"],
        },
        Ex {
            call: "np.atleast_3d(a)",
            args: &["array(int8, 2d, F)"],
        },
        Ex {
            call: "np.atleast_1d(a)",
            args: &["float32"],
        },
        Ex {
            call: "np.atleast_2d(a)",
            args: &["array(bool, 0d, C)"],
        },
        Ex {
            call: "np.atleast_1d(a)",
            args: &["array(complex128, 3d, A)"],
        },
    ],
};

fn type_call(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let short = name.split_once('.').map_or(name, |(_, n)| n);
    let want: u8 = match short {
        "atleast_1d" => 1,
        "atleast_2d" => 2,
        _ => 3,
    };
    check_kwargs(short, a, &[])?;
    let body = |entry| {
        Intrinsic::Body(Body {
            file: "numpy/atleast.py",
            entry,
        })
    };
    match a.types {
        [Type::Scalar(d)] => {
            let entry = ["number_1d", "number_2d", "number_3d"][want as usize - 1];
            let result = Type::Array(ArrayType {
                dtype: *d,
                ndim: want,
                layout: Layout::C,
                readonly: false,
            });
            Ok(Typed::new(
                result,
                vec![Type::Scalar(*d), Type::DtypeValue(*d)],
                body(entry),
            )
            .with_sources(vec![Slot::Positional(0), Slot::Dtype(*d)]))
        }
        [Type::Array(arr)] => {
            let (entry, layout) = match (arr.ndim, want) {
                (n, w) if n >= w => ("itself", arr.layout),
                (0, 1) => ("zero_d_1d", Layout::C),
                (0, 2) => ("zero_d_2d", Layout::C),
                (0, _) => ("zero_d_3d", Layout::C),
                (1, 2) => ("one_d_2d", Layout::A),
                (1, _) => ("one_d_3d", Layout::A),
                _ => ("two_d_3d", Layout::A),
            };
            let result = Type::Array(ArrayType {
                ndim: arr.ndim.max(want),
                layout,
                ..*arr
            });
            Ok(Typed::new(result, vec![Type::Array(*arr)], body(entry)))
        }
        _ => Err(NoMatch::new(format!(
            "np.{short}() takes one array or number in compiled code"
        ))
        .with_signatures(&[&format!("np.{short}(a)")])),
    }
}
