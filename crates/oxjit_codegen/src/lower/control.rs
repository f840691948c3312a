//! Terminators: jumps, branches, returns and raises.

use crate::function::{exception_kind, to_memory, FuncGen};
use inkwell::values::BasicValueEnum;
use oxjit_diagnostics::{DResult, Diagnostic};
use oxjit_ir::{Inst, Op};
use oxjit_types::Type;

impl<'c> FuncGen<'c, '_> {
    /// Emits `Jump`, `Branch`, `Return`, `Raise`, `Resume`: they end the block and have no
    /// value.
    pub(crate) fn lower_terminator(&mut self, inst: Inst) -> DResult<Option<BasicValueEnum<'c>>> {
        let data = &self.tf.func.insts[inst];
        match &data.op {
            Op::Jump(target, args) => {
                self.edge(*target, args);
                self.builder
                    .build_unconditional_branch(self.blocks[target])
                    .unwrap();
            }
            Op::Branch {
                cond,
                then_block,
                then_args,
                else_block,
                else_args,
            } => {
                // Usually a bool already; a chained comparison of arrays branches on one.
                let c = self.truth(self.val(*cond), self.ty(*cond));
                // Each edge gets its own block for its reference-count work; LLVM folds the
                // empty ones away.
                let then_edge = self.ctx.append_basic_block(self.func, "edge");
                let else_edge = self.ctx.append_basic_block(self.func, "edge");
                self.builder
                    .build_conditional_branch(c, then_edge, else_edge)
                    .unwrap();
                for (edge_bb, target, args) in [
                    (then_edge, then_block, then_args),
                    (else_edge, else_block, else_args),
                ] {
                    self.builder.position_at_end(edge_bb);
                    self.edge(*target, args);
                    self.builder
                        .build_unconditional_branch(self.blocks[target])
                        .unwrap();
                }
            }
            // The end of a generator: no more values.
            Op::Return(_) if self.generator.is_some() => {
                self.release_all();
                self.finish_generator();
                self.builder
                    .build_return(Some(&self.ctx.i32_type().const_int(2, false)))
                    .unwrap();
            }
            Op::Return(v) => {
                let (x, t) = self.operand(*v);
                let x = self.convert(x, &t, &self.tf.ret);
                // The caller gets its own reference; every local one is given back.
                self.incref(x, &self.tf.ret);
                self.release_all();
                let out = self.func.get_nth_param(0).unwrap().into_pointer_value();
                let x = if self.is_entry {
                    to_memory(self.ctx, &self.builder, &self.tf.ret, x)
                } else {
                    x
                };
                self.builder.build_store(out, x).unwrap();
                self.builder
                    .build_return(Some(&self.ctx.i32_type().const_zero()))
                    .unwrap();
            }
            // No handler clause matched: the exception goes on to the enclosing handler,
            // or out of the function.
            Op::Resume => self.return_error(),
            Op::Raise(v) => {
                self.record_raise(*v)?;
                self.return_error();
            }
            Op::RaiseFrom(v, cause) => {
                self.record_raise(*v)?;
                self.set_cause(*cause);
                self.return_error();
            }

            op => unreachable!("lower_terminator of {op:?}"),
        }
        Ok(None)
    }

    /// Records the exception `raise v` raises (a class, a call of one, or a caught
    /// exception raised again); the caller leaves afterwards.
    fn record_raise(&self, v: oxjit_ir::Value) -> DResult<()> {
        if matches!(self.ty(v), Type::CaughtException) {
            self.record_reraise(v);
            return Ok(());
        }
        let (name, msg) = match self.ty(v) {
            Type::ExceptionClass(n) => (n.clone(), None),
            Type::Exception(n, m) => (n.clone(), m.clone()),
            t => return Err(Diagnostic::internal(format!("raise of {t}"))),
        };
        let (kind, text) = exception_kind(&name, msg.as_deref());
        // `raise E(x, "y")`: the constructor's values become the arguments.
        let values = match self.tf.func.def_op(v) {
            Some(Op::Call { args, .. }) if msg.is_none() => args.clone(),
            _ => vec![],
        };
        if values.is_empty() {
            self.record(kind, &text);
        } else {
            for a in &values {
                let (value, t) = self.operand(*a);
                self.print_item(value, &t);
            }
            self.record_with_items(kind, &text);
        }
        Ok(())
    }
}
