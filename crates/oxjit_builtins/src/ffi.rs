//! Calls of C functions through a pointer with a declared signature (ctypes function
//! objects): the one primitive library code and users need to reach C (`scipy.special`
//! through `get_cython_function_address`, libm, LAPACK later).
//!
//! In: the function's signature and the call's argument types. Out: a [`Typed`] call of
//! [`Intrinsic::CCall`], the arguments converted to the declared C types.

use crate::{CallArgs, Intrinsic, NoMatch, Typed};
use oxjit_types::{CFunction, Type};

/// Types `f(args...)` for the C function `f`.
pub fn type_call(f: &CFunction, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let sig = format!(
        "{}",
        Type::Function(oxjit_types::Callable::CFunction(f.clone()))
    );
    if !a.kwargs.is_empty() {
        return Err(NoMatch::new("a C function takes no keyword arguments"));
    }
    if a.types.len() != f.args.len() {
        return Err(NoMatch::new(format!(
            "the C function takes {} argument{}, {} given",
            f.args.len(),
            if f.args.len() == 1 { "" } else { "s" },
            a.types.len()
        ))
        .with_signatures(&[&sig]));
    }
    for (i, (t, want)) in a.types.iter().zip(&f.args).enumerate() {
        match t.scalar() {
            Some(d) if d.is_complex() => {
                return Err(NoMatch::new(format!(
                    "argument {} of the C function is {}: complex numbers cannot be passed to C",
                    i + 1,
                    d.name()
                ))
                .with_signatures(&[&sig]))
            }
            Some(_) => {}
            None => {
                return Err(NoMatch::new(format!(
                    "argument {} of the C function must be a number ({}), not {t}",
                    i + 1,
                    want.name()
                ))
                .with_signatures(&[&sig]))
            }
        }
    }
    Ok(Typed::new(
        f.ret.map_or(Type::None, Type::Scalar),
        f.args.iter().map(|d| Type::Scalar(*d)).collect(),
        Intrinsic::CCall(f.address),
    ))
}
