//! Generator functions: what they yield, and what calling one gives
//! (`Type::Generator` of the values it yields).

use crate::join;
use crate::rules::Infer;
use oxjit_diagnostics::{DResult, Diagnostic};
use oxjit_ir::{Block, Inst, Op, Value};
use oxjit_types::Type;

/// Joins the type of a yielded value into the generator's item type.
pub(crate) fn join_yield(
    cx: &Infer<'_>,
    inst: Inst,
    value: Value,
    yields: &mut Option<Type>,
) -> DResult<()> {
    let Some(t) = cx.t(value).cloned() else {
        return Ok(());
    };
    join(yields, &t).map(|_| ()).map_err(|(a, b)| {
        Diagnostic::typing(format!(
            "the generator yields values of incompatible types: {a} and {b}"
        ))
        .at(&cx.func.source, cx.func.insts[inst].span)
        .with_note("every yield must give types that unify (int and float do)")
    })
}

/// The type a call of the generator function gives; its `return`s may not return a value.
pub(crate) fn result_type(cx: &Infer<'_>, live: &[Block], yields: Option<Type>) -> DResult<Type> {
    let func = cx.func;
    let first_span = || {
        func.insts
            .iter()
            .next()
            .map(|(_, d)| d.span)
            .unwrap_or_default()
    };
    // A list or dict from Python is copied in and written back when the call returns,
    // which for a generator is before its body runs.
    if let Some(t) = cx
        .arg_types
        .iter()
        .find(|t| matches!(t, Type::List(_) | Type::Dict(_)))
    {
        return Err(Diagnostic::typing(format!(
            "a generator cannot take a {t} argument in compiled code yet"
        ))
        .at(&func.source, first_span())
        .with_help("pass an array or a tuple"));
    }
    for &b in live {
        let Some(t) = func.terminator(b) else {
            continue;
        };
        if let Op::Return(v) = func.insts[t].op {
            if cx.t(v).is_some_and(|t| *t != Type::None) {
                return Err(Diagnostic::typing(
                    "a generator cannot return a value in compiled code",
                )
                .at(&func.source, func.insts[t].span)
                .with_help("end the generator with a bare `return`"));
            }
        }
    }
    let Some(item) = yields else {
        return Err(Diagnostic::typing(
            "cannot determine the type of the values this generator yields",
        )
        .at(&func.source, first_span()));
    };
    Ok(Type::Generator(Box::new(item)))
}
