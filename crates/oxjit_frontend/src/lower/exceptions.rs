//! `try`/`except`/`else`/`finally` and `raise`.
//!
//! Every block lowered inside a `try` body gets an exception edge (`BlockData::unwind`) to
//! the try's dispatch block, passing the variables the body assigns as they were when the
//! block began. A new block begins at each statement of the body, so a handler sees the
//! variables as the statement that raised found them, as in Python. The dispatch block
//! tests the handler clauses in order (`exception_matches`), and a handler starts by
//! taking the exception (`catch`); when no clause matches, `resume` goes on raising.
//!
//! `finally` is a catch-all around the rest: its body is lowered once for the exceptional
//! path (then the exception is raised again), once where the statement completes, and
//! once before each `return`, `break` and `continue` that leaves it.

use super::{collect_assigned, unsupported, Lower};
use oxjit_diagnostics::{DResult, Diagnostic, Span};
use oxjit_ir::{Block, Op, Value};
use oxjit_syntax::ast::{self, Stmt};
use oxjit_syntax::span_of;
use std::collections::HashSet;

/// A `try` whose body is being lowered.
pub(super) struct UnwindCtx {
    /// Where an exception raised in the body goes.
    dispatch: Block,
    /// The variables the region assigns, in the order of the dispatch block's parameters.
    vars: Vec<String>,
}

/// A `finally` body that a `return`, `break` or `continue` leaving its `try` must run.
pub(super) struct FinallyCtx {
    body: Vec<Stmt>,
    /// How many loops enclosed the `try` (a `break` in a deeper loop does not leave it).
    loops: usize,
    /// How many `try` regions enclosed it (the body runs guarded by those only).
    unwinds: usize,
}

impl Lower {
    /// Gives the current block the exception edge of the innermost `try`, reading the
    /// variables as they are at the block's start.
    pub(super) fn guard_current(&mut self) {
        self.guard_fresh = true;
        let Some(ctx) = self.unwinds.last() else {
            return;
        };
        if self.func.blocks[self.cur].unwind.is_some() {
            return;
        }
        let dispatch = ctx.dispatch;
        let vars = ctx.vars.clone();
        let args: Vec<Value> = vars
            .iter()
            .map(|name| self.ssa.use_var(&mut self.func, name, self.cur))
            .collect();
        self.func.blocks[self.cur].unwind = Some((dispatch, args));
    }

    /// Inside a `try` body, starts a new block when the current one already holds ops or
    /// assignments, so that its exception edge passes the variables as they are now.
    pub(super) fn split_for_statement(&mut self, span: Span) {
        if !self.unwinds.is_empty() && !self.guard_fresh {
            self.continue_in_new_block(span);
        }
    }

    /// Goes on in a new block, which takes the exception edge of the `try` regions
    /// enclosing this point (the block left may have had an inner one).
    fn continue_in_new_block(&mut self, span: Span) {
        if self.func.is_terminated(self.cur) {
            return;
        }
        let next = self.func.add_block();
        self.jump(next, Vec::new(), span);
        self.seal(next);
        self.switch_to(next);
    }

    /// Starts a region whose exceptions go to a new dispatch block, which is returned.
    /// `region` is every statement the region covers (for the variables it assigns).
    fn begin_unwind(&mut self, region: &[&[Stmt]], span: Span) -> Block {
        let mut assigned = HashSet::new();
        for stmts in region {
            collect_assigned(stmts, &mut assigned);
        }
        let mut vars: Vec<String> = assigned
            .into_iter()
            .filter(|n| self.locals.contains(n))
            .collect();
        vars.sort();
        let entry = self.cur;
        let body = self.func.add_block();
        self.jump(body, Vec::new(), span);
        // The dispatch block reads the variables the region assigns from its parameters;
        // any other variable still has the value it had at the `try`, so the block is made
        // to look like a successor of the entry for SSA construction.
        let dispatch = self.func.add_block();
        self.ssa.add_edge(entry, dispatch);
        for name in &vars {
            let p = self.func.add_block_param(dispatch);
            self.func.value_names[p] = Some(name.clone());
            self.ssa.def_var(name, dispatch, p);
        }
        self.seal(dispatch);
        self.seal(body);
        self.unwinds.push(UnwindCtx { dispatch, vars });
        self.switch_to(body);
        dispatch
    }

    fn end_unwind(&mut self) {
        self.unwinds.pop();
    }

    pub(super) fn try_stmt(&mut self, t: &ast::StmtTry) -> DResult<()> {
        let span = span_of(t);
        if t.is_star {
            return Err(unsupported(&self.file, "`except*`", span));
        }
        if t.finalbody.is_empty() {
            return self.try_except(&t.body, &t.handlers, &t.orelse, span);
        }
        let handlers: Vec<&[Stmt]> = t
            .handlers
            .iter()
            .map(|ast::ExceptHandler::ExceptHandler(h)| &h.body[..])
            .collect();
        let mut region: Vec<&[Stmt]> = vec![&t.body, &t.orelse];
        region.extend(handlers);
        let dispatch = self.begin_unwind(&region, span);
        self.finallies.push(FinallyCtx {
            body: t.finalbody.to_vec(),
            loops: self.loops.len(),
            unwinds: self.unwinds.len() - 1,
        });
        let inner = if t.handlers.is_empty() {
            self.stmts(&t.body)
        } else {
            self.try_except(&t.body, &t.handlers, &t.orelse, span)
        };
        self.finallies.pop();
        self.end_unwind();
        inner?;
        let after = self.func.add_block();
        self.continue_in_new_block(span);
        if !self.func.is_terminated(self.cur) {
            self.stmts(&t.finalbody)?;
            if !self.func.is_terminated(self.cur) {
                self.jump(after, Vec::new(), span);
            }
        }
        // The exceptional path: hold the exception while the body runs, then raise it again.
        self.switch_to(dispatch);
        let caught = self.push(Op::Catch, span);
        self.stmts(&t.finalbody)?;
        // Raised again with the variables as the body left them.
        self.split_for_statement(span);
        if !self.func.is_terminated(self.cur) {
            self.terminate(Op::Raise(caught), span);
        }
        self.seal(after);
        self.switch_to(after);
        Ok(())
    }

    fn try_except(
        &mut self,
        body: &[Stmt],
        handlers: &[ast::ExceptHandler],
        orelse: &[Stmt],
        span: Span,
    ) -> DResult<()> {
        let dispatch = self.begin_unwind(&[body], span);
        let lowered = self.stmts(body);
        self.end_unwind();
        lowered?;
        let after = self.func.add_block();
        // `else` runs when the body raised nothing, outside the handlers' reach.
        self.continue_in_new_block(span);
        if !self.func.is_terminated(self.cur) {
            self.stmts(orelse)?;
            if !self.func.is_terminated(self.cur) {
                self.jump(after, Vec::new(), span);
            }
        }
        self.switch_to(dispatch);
        for (k, ast::ExceptHandler::ExceptHandler(h)) in handlers.iter().enumerate() {
            let hspan = span_of(h);
            let Some(class) = &h.type_ else {
                if k + 1 != handlers.len() {
                    return Err(
                        Diagnostic::typing("default 'except:' must be last").at(&self.file, hspan)
                    );
                }
                self.handler_body(h, after)?;
                self.seal(after);
                self.switch_to(after);
                return Ok(());
            };
            let class = self.expr(class)?;
            let matches = self.push(Op::ExceptionMatches(class), hspan);
            let run = self.func.add_block();
            let next = self.func.add_block();
            self.branch(matches, run, next, hspan);
            self.seal(run);
            self.seal(next);
            self.switch_to(run);
            self.handler_body(h, after)?;
            self.switch_to(next);
        }
        self.terminate(Op::Resume, span);
        self.seal(after);
        self.switch_to(after);
        Ok(())
    }

    /// One `except` clause that matched: take the exception, bind it, run the body.
    fn handler_body(&mut self, h: &ast::ExceptHandlerExceptHandler, after: Block) -> DResult<()> {
        let span = span_of(h);
        let caught = self.push(Op::Catch, span);
        if let Some(name) = &h.name {
            self.write_var(name.id.as_str(), caught);
        }
        self.handling.push(caught);
        let lowered = self.stmts(&h.body);
        self.handling.pop();
        lowered?;
        if !self.func.is_terminated(self.cur) {
            self.jump(after, Vec::new(), span);
        }
        Ok(())
    }

    /// `raise`, `raise exc` and `raise exc from cause`.
    pub(super) fn raise_stmt(&mut self, r: &ast::StmtRaise) -> DResult<()> {
        let span = span_of(r);
        let exc =
            match &r.exc {
                Some(exc) => self.expr(exc)?,
                // A bare `raise` raises again the exception its handler is handling.
                None => match self.handling.last() {
                    Some(&caught) => caught,
                    None => return Err(Diagnostic::typing(
                        "a bare `raise` outside an `except` clause has no exception to raise again",
                    )
                    .at(&self.file, span)),
                },
            };
        match r.cause.as_deref() {
            // `from None` only hides the context, which compiled code does not keep.
            None | Some(ast::Expr::NoneLiteral(_)) => self.terminate(Op::Raise(exc), span),
            Some(cause) => {
                let cause = self.expr(cause)?;
                self.terminate(Op::RaiseFrom(exc, cause), span);
            }
        }
        Ok(())
    }

    /// Before a `return`: the `finally` bodies of every `try` it leaves, innermost first.
    pub(super) fn run_finallies_for_return(&mut self, span: Span) -> DResult<()> {
        self.run_finallies(0, span)
    }

    /// Before a `break` or `continue`: the `finally` bodies of the `try`s inside the
    /// innermost loop.
    pub(super) fn run_finallies_for_loop_exit(&mut self, span: Span) -> DResult<()> {
        self.run_finallies(self.loops.len(), span)
    }

    /// Runs the `finally` bodies of the `try`s entered inside `loops` loops or more.
    fn run_finallies(&mut self, loops: usize, span: Span) -> DResult<()> {
        let mut k = self.finallies.len();
        while k > 0 && self.finallies[k - 1].loops >= loops {
            k -= 1;
            if self.func.is_terminated(self.cur) {
                break;
            }
            // The body runs outside its own `try` (and those inside it).
            let saved_finallies = self.finallies.split_off(k);
            let saved_unwinds = self.unwinds.split_off(saved_finallies[0].unwinds);
            let body = saved_finallies[0].body.clone();
            self.continue_in_new_block(span);
            let lowered = self.stmts(&body);
            self.unwinds.extend(saved_unwinds);
            self.finallies.extend(saved_finallies);
            lowered?;
        }
        Ok(())
    }
}
