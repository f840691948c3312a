//! `collections.namedtuple` in compiled code: calling the class makes one of its tuples
//! (fields by position or by name). A field read by name is typed with the other
//! attributes (`rules::getattr`); everything else a namedtuple does it does as a tuple.

use super::Infer;
use oxjit_builtins::{Intrinsic, Slot, Typed};
use oxjit_diagnostics::DResult;
use oxjit_ir::Inst;
use oxjit_types::{NamedTupleClass, TupleType, Type};
use std::sync::Arc;

impl Infer<'_> {
    /// `Class(a, b, field=c)`: a tuple of the class, one item per field.
    pub(super) fn call_named_tuple(
        &mut self,
        inst: Inst,
        class: &Arc<NamedTupleClass>,
        types: &[Type],
        kwargs: &[(String, Type)],
    ) -> DResult<Type> {
        let fields = &class.fields;
        if types.len() > fields.len() {
            return Err(self.err(
                inst,
                format!(
                    "{}() takes {} fields, {} given",
                    class.name,
                    fields.len(),
                    types.len()
                ),
            ));
        }
        if let Some((k, _)) = kwargs.iter().find(|(k, _)| !fields.contains(k)) {
            return Err(self.err(inst, format!("{}() has no field '{k}'", class.name)));
        }
        let mut items = Vec::with_capacity(fields.len());
        let mut sources = Vec::with_capacity(fields.len());
        for (i, field) in fields.iter().enumerate() {
            let keyword = kwargs.iter().position(|(k, _)| k == field);
            match (i < types.len(), keyword) {
                (true, Some(_)) => {
                    return Err(
                        self.err(inst, format!("{}() got field '{field}' twice", class.name))
                    )
                }
                (true, None) => {
                    items.push(types[i].clone());
                    sources.push(Slot::Positional(i));
                }
                (false, Some(k)) => {
                    items.push(kwargs[k].1.clone());
                    sources.push(Slot::Keyword(k));
                }
                (false, None) => {
                    return Err(self
                        .err(inst, format!("{}() is missing field '{field}'", class.name))
                        .with_note("compiled code passes every field of a namedtuple"))
                }
            }
        }
        let result = Type::Tuple(TupleType::named(class.clone(), items.clone()));
        let typed = Typed::new(result, items, Intrinsic::MakeTuple).with_sources(sources);
        self.resolve_library_now(inst, typed)
    }
}
