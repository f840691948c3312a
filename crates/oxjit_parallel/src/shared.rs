//! What the iterations of a `prange` loop may do to the values they share. Arrays are
//! shared as Numba shares them: writing one element from one iteration and reading it
//! from another is the program's race, and so it is for the numbers of a list. But a list
//! read from outside the loop may not change size (`append`, `pop`...) or order, nor have
//! its arrays replaced: its items could move, or be released twice, while another thread
//! uses them, so that is a TypingError rather than memory corruption. A dict shared by
//! the iterations may be read (`d[k]`, `in`, `get`) but not stored into, and not looped
//! over (a loop compacts it when it starts).

use oxjit_diagnostics::Diagnostic;
use oxjit_infer::TypedFunction;
use oxjit_ir::{Op, Value};
use oxjit_types::Type;

/// List methods that only read.
const READING: &[&str] = &["index", "count", "copy"];

/// Dict methods that only read.
const DICT_READING: &[&str] = &["get", "copy", "keys", "values", "items"];

/// An error for the first instruction of the loop that changes a list in `live` (the
/// values it reads from outside).
pub fn check_shared_lists(
    tf: &TypedFunction,
    blocks: &[oxjit_ir::Block],
    live: &[Value],
) -> Result<(), Diagnostic> {
    let func = &tf.func;
    let is_shared_list =
        |v: &Value| live.contains(v) && matches!(tf.types[*v], Some(Type::List(_)));
    let holds_managed =
        |v: Value| matches!(&tf.types[v], Some(Type::List(item)) if item.is_managed());
    let is_shared_dict =
        |v: &Value| live.contains(v) && matches!(tf.types[*v], Some(Type::Dict(_)));
    for &b in blocks {
        for &inst in &func.blocks[b].insts {
            let changed = match &func.insts[inst].op {
                Op::MethodCall { obj, name, .. } if is_shared_list(obj) => {
                    (!READING.contains(&name.as_str())).then_some((*obj, name.as_str()))
                }
                // Replacing an item releases the old one: for arrays (and lists), two
                // threads could release it twice. Numbers are written in place, as in
                // an array.
                Op::SetItem { target, .. } if is_shared_list(target) && holds_managed(*target) => {
                    Some((*target, "[...] ="))
                }
                // A dict is changed by storing, by every method but the reading ones,
                // and by a loop over it (which compacts it when it starts).
                Op::MethodCall { obj, name, .. } if is_shared_dict(obj) => {
                    (!DICT_READING.contains(&name.as_str())).then_some((*obj, name.as_str()))
                }
                Op::SetItem { target, .. } if is_shared_dict(target) => Some((*target, "[...] =")),
                Op::IterGet(it, _)
                    if is_shared_dict(it) || matches!(tf.types[*it], Some(Type::DictView(..))) =>
                {
                    Some((*it, "for ... in"))
                }
                _ => None,
            };
            if let Some((container, how)) = changed {
                let kind = match tf.types[container] {
                    Some(Type::List(_)) => "list",
                    _ => "dict",
                };
                let name = func.value_names[container].as_deref().unwrap_or(kind);
                return Err(Diagnostic::typing(format!(
                    "the prange loop changes the {kind} '{name}' ({how}), which all its threads \
                     share: a {kind} cannot be changed from several threads at once"
                ))
                .at(&func.source, func.insts[inst].span)
                .with_help(
                    "write into an array made before the loop, or use range() for this loop",
                ));
            }
        }
    }
    Ok(())
}
