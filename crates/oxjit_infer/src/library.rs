//! Calls of library functions: a typing rule's answer becomes either a primitive
//! ([`Resolved::Builtin`]) or a call of the function's Python body ([`Resolved::Library`]),
//! typed through the host like a call of a jitted function.

use crate::rules::Infer;
use crate::Resolved;
use oxjit_builtins::{pylib, Intrinsic, Typed};
use oxjit_diagnostics::{DResult, Diagnostic};
use oxjit_ir::Inst;
use oxjit_types::{ArrayType, Type};

impl Infer<'_> {
    /// Records how the call `inst` typed by a library rule is made; its result type.
    pub(crate) fn resolve_library_call(
        &mut self,
        inst: Inst,
        typed: Typed,
    ) -> DResult<Option<Type>> {
        let body = match &typed.intrinsic {
            Intrinsic::Body(body) => *body,
            _ => {
                // A primitive. A ufunc over arrays may call a body kernel per element,
                // `along_axis` a kernel per run: type the kernel for what it is given;
                // codegen calls it.
                if let Some((id, args)) = typed.compiled_callee() {
                    if self.callee_return(inst, id, &args)?.is_none() {
                        return Ok(None);
                    }
                }
                let result = typed.result.clone();
                self.resolved[inst] = Resolved::Builtin(typed);
                return Ok(Some(result));
            }
        };
        let what = format!("pylib/{}:{}", body.file, body.entry);
        let Some((id, ret)) = self.body_return(inst, body, &typed.args)? else {
            // Being typed further up this chain of calls: wait for it.
            return Ok(None);
        };
        // The typing rule promises the result type; the body must deliver it (numbers
        // may differ in width only: the call converts them).
        // An array the rule declares readonly may come back writable (the caller may
        // only read it).
        let readonly_of = |t: &Type| match t {
            Type::Array(a) => Some(ArrayType {
                readonly: true,
                ..*a
            }),
            _ => None,
        };
        let narrowed = matches!(&typed.result, Type::Array(r) if r.readonly)
            && readonly_of(&ret) == readonly_of(&typed.result);
        let agrees = ret == typed.result
            || narrowed
            || (ret.scalar().is_some() && typed.result.scalar().is_some());
        if !agrees {
            return Err(Diagnostic::internal(format!(
                "the library body {what} returns {ret} where its typing rule says {}",
                typed.result
            )));
        }
        let result = typed.result.clone();
        self.resolved[inst] = Resolved::Library { id, typed };
        Ok(Some(result))
    }

    /// [`Self::resolve_library_call`] for an operator (`a @ b`), which cannot wait: its
    /// body never calls the function being typed.
    pub(crate) fn resolve_library_now(&mut self, inst: Inst, typed: Typed) -> DResult<Type> {
        self.resolve_library_call(inst, typed)?.ok_or_else(|| {
            Diagnostic::internal("an operator's library body is being typed by its own caller")
        })
    }

    /// The handle of `body` and its return type for `args`; `None` while it is being
    /// typed further up the chain of calls.
    fn body_return(
        &self,
        inst: Inst,
        body: pylib::Body,
        args: &[Type],
    ) -> DResult<Option<(u64, Type)>> {
        let what = format!("pylib/{}:{}", body.file, body.entry);
        let id = pylib::id_of(body)
            .ok_or_else(|| Diagnostic::internal(format!("no library body {what}")))?;
        Ok(self.callee_return(inst, id, args)?.map(|r| (id, r)))
    }

    /// The return type of the compiled function `id` (a library body, or a jitted
    /// function passed as a kernel) for `args`.
    fn callee_return(&self, inst: Inst, id: u64, args: &[Type]) -> DResult<Option<Type>> {
        self.host.callee_return(id, args).map_err(|d| {
            let span = self.func.insts[inst].span;
            let d = match pylib::def_of(id) {
                Some(def) => d.with_note(format!(
                    "while typing the library body {}:{}",
                    def.file, def.name
                )),
                None => d,
            };
            d.at(&self.func.source, span)
        })
    }
}
