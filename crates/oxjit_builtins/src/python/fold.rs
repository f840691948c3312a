//! Python's `sum(iterable, start=0)`, `min(iterable)` and `max(iterable)` (1-d arrays,
//! lists, homogeneous tuples, ranges). Bodies: `pylib/python/fold.py`.

use super::{iterated_number, numeric};
use crate::pylib::Body;
use crate::{Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::{promote, Dtype, Type};

/// The call of `name` on the iterable forms; `None` for the other forms of `min`/`max`
/// (several numbers) and for other functions.
pub(super) fn type_fold(
    name: &str,
    a: &[Type],
    fail: &dyn Fn() -> NoMatch,
) -> Option<Result<Typed, NoMatch>> {
    Some(match (name, a) {
        ("min" | "max", [Type::Tuple(items)]) if !items.is_empty() => {
            // Items of several number types are compared in their common type.
            let Some(ds) = items.iter().map(numeric).collect::<Option<Vec<_>>>() else {
                return Some(Err(fail()));
            };
            let d = ds.into_iter().reduce(promote).unwrap();
            let tuple = Type::tuple(vec![Type::Scalar(d); items.len()]);
            Ok(extreme(name, tuple, d))
        }
        ("min" | "max", [it]) if iterated_number(it).is_some() => {
            let (d, _) = iterated_number(it).unwrap();
            if d.is_complex() {
                return Some(Err(fail()));
            }
            Ok(extreme(name, it.clone(), d))
        }
        ("sum", [it, rest @ ..]) if rest.len() <= 1 && iterated_number(it).is_some() => {
            let (e, numpy_items) = iterated_number(it).unwrap();
            let start = match rest {
                [Type::Scalar(s)] => *s,
                [] => Dtype::I64,
                _ => return Some(Err(fail())),
            };
            // Python adds left to right from `start` (0): a Python number, weak beside
            // an array's NumPy scalars (NEP 50); items of a dtype no Python number has
            // (uint64, float32, ...) are NumPy scalars wherever they are kept.
            let numpy_items = numpy_items || !oxjit_types::is_python_dtype(e);
            let d = if numpy_items && oxjit_types::is_python_dtype(start) {
                oxjit_types::promote_weak(e, start)
            } else {
                promote(e, start)
            };
            // Python's bools add as ints (True + True is 2); NumPy's add as `or`, which a
            // bool array with a bool start keeps.
            let d = if d == Dtype::Bool && !numpy_items {
                Dtype::I64
            } else {
                d
            };
            let entry = if d == Dtype::Bool {
                "sum_bools"
            } else {
                "sum_items"
            };
            let start_slot = if rest.is_empty() {
                Slot::Int(0)
            } else {
                Slot::Positional(1)
            };
            Ok(Typed::new(
                Type::Scalar(d),
                vec![it.clone(), Type::Scalar(d), Type::DtypeValue(d)],
                Intrinsic::Body(body(entry)),
            )
            .with_sources(vec![Slot::Positional(0), start_slot, Slot::Dtype(d)]))
        }
        _ => return None,
    })
}

/// `min(items)` / `max(items)`, the items converted to `d`.
fn extreme(name: &str, items: Type, d: Dtype) -> Typed {
    let entry = if name == "max" {
        "max_items"
    } else {
        "min_items"
    };
    Typed::new(
        Type::Scalar(d),
        vec![items, Type::DtypeValue(d)],
        Intrinsic::Body(body(entry)),
    )
    .with_sources(vec![Slot::Positional(0), Slot::Dtype(d)])
}

/// A `def` of `pylib/python/fold.py`.
fn body(entry: &'static str) -> Body {
    Body {
        file: "python/fold.py",
        entry,
    }
}
