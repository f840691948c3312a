//! The AST walk: statements and expressions to IR.

mod containers;
mod exceptions;

use crate::ssa::SsaBuilder;
use oxjit_diagnostics::{DResult, Diagnostic, SourceFile, Span};
use oxjit_ir::{BinOp, Block, CmpOp, Const, Function, Op, UnaryOp, Value};
use oxjit_syntax::ast::{self, Expr, Stmt};
use oxjit_syntax::span_of;
use std::collections::HashSet;
use std::sync::Arc;

/// Lowers one function definition to SSA IR.
pub fn lower_function(def: &ast::StmtFunctionDef, file: &Arc<SourceFile>) -> DResult<Function> {
    let params = &def.parameters;
    let unsupported_params = params.vararg.as_ref().map(|p| span_of(&**p)).or_else(|| {
        params
            .kwarg
            .as_ref()
            .map(|p| span_of(&**p))
            .or_else(|| params.kwonlyargs.first().map(span_of))
    });
    if let Some(span) = unsupported_params {
        return Err(Diagnostic::unsupported(
            "*args, **kwargs and keyword-only parameters are not supported in compiled functions",
        )
        .at(file, span));
    }
    if def.is_async {
        return Err(
            Diagnostic::unsupported("async functions cannot be compiled").at(file, span_of(def)),
        );
    }
    let names: Vec<String> = params
        .posonlyargs
        .iter()
        .chain(params.args.iter())
        .map(|p| p.parameter.name.id.as_str().to_string())
        .collect();
    let mut locals: HashSet<String> = names.iter().cloned().collect();
    collect_assigned(&def.body, &mut locals);

    let func = Function::new(def.name.id.as_str(), names.clone(), file.clone());
    let entry = func.entry;
    let mut lower = Lower {
        func,
        file: file.clone(),
        ssa: SsaBuilder::default(),
        cur: entry,
        locals,
        loops: Vec::new(),
        hidden: 0,
        scoped: Vec::new(),
        unwinds: Vec::new(),
        finallies: Vec::new(),
        handling: Vec::new(),
        guard_fresh: true,
    };
    lower.ssa.seal(&mut lower.func, entry);
    for (i, name) in names.iter().enumerate() {
        let span = span_of(&*def.parameters);
        let v = lower.push(Op::Arg(i as u32), span);
        lower.func.value_names[v] = Some(name.clone());
        lower.ssa.def_var(name, entry, v);
    }
    lower.stmts(&def.body)?;
    // Falling off the end returns None.
    let end_span = span_of(def.body.last().expect("a def has a body"));
    if !lower.func.is_terminated(lower.cur) {
        let none = lower.push(Op::Const(Const::None), end_span);
        lower.terminate(Op::Return(none), end_span);
    }
    // Blocks nobody reaches still need a terminator for the printer.
    for b in lower.func.blocks.keys().collect::<Vec<_>>() {
        if !lower.func.is_terminated(b) {
            let none = lower
                .func
                .push(b, Op::Const(Const::None), end_span)
                .unwrap();
            lower.func.push(b, Op::Return(none), end_span);
        }
    }
    let mut func = lower.func;
    func.remove_trivial_params();
    oxjit_ir::verify(&func).map_err(|e| Diagnostic::internal(format!("invalid IR: {e}")))?;
    Ok(func)
}

/// The names an assignment target binds (`a`, `(a, b)`, `[a, *b]`).
fn target_names(e: &Expr, out: &mut HashSet<String>) {
    match e {
        Expr::Name(n) => {
            out.insert(n.id.as_str().to_string());
        }
        Expr::Tuple(t) => t.elts.iter().for_each(|e| target_names(e, out)),
        Expr::List(l) => l.elts.iter().for_each(|e| target_names(e, out)),
        Expr::Starred(s) => target_names(&s.value, out),
        _ => {}
    }
}

/// Every name a statement list binds (Python's rule for which names are local).
fn collect_assigned(body: &[Stmt], out: &mut HashSet<String>) {
    for stmt in body {
        match stmt {
            Stmt::Assign(a) => a.targets.iter().for_each(|t| target_names(t, out)),
            Stmt::AugAssign(a) => target_names(&a.target, out),
            Stmt::AnnAssign(a) => target_names(&a.target, out),
            Stmt::For(f) => {
                target_names(&f.target, out);
                collect_assigned(&f.body, out);
                collect_assigned(&f.orelse, out);
            }
            Stmt::While(w) => {
                collect_assigned(&w.body, out);
                collect_assigned(&w.orelse, out);
            }
            Stmt::If(i) => {
                collect_assigned(&i.body, out);
                for clause in &i.elif_else_clauses {
                    collect_assigned(&clause.body, out);
                }
            }
            Stmt::With(w) => {
                for item in &w.items {
                    if let Some(v) = &item.optional_vars {
                        target_names(v, out);
                    }
                }
                collect_assigned(&w.body, out);
            }
            Stmt::Try(t) => {
                collect_assigned(&t.body, out);
                for ast::ExceptHandler::ExceptHandler(h) in &t.handlers {
                    if let Some(name) = &h.name {
                        out.insert(name.id.as_str().to_string());
                    }
                    collect_assigned(&h.body, out);
                }
                collect_assigned(&t.orelse, out);
                collect_assigned(&t.finalbody, out);
            }
            Stmt::FunctionDef(f) => {
                out.insert(f.name.id.as_str().to_string());
            }
            Stmt::ClassDef(c) => {
                out.insert(c.name.id.as_str().to_string());
            }
            _ => {}
        }
    }
}

struct LoopCtx {
    continue_to: Block,
    break_to: Block,
}

struct Lower {
    func: Function,
    file: Arc<SourceFile>,
    ssa: SsaBuilder,
    /// The block being filled.
    cur: Block,
    locals: HashSet<String>,
    loops: Vec<LoopCtx>,
    /// Counter for names of compiler-made variables (loop counters).
    hidden: u32,
    /// Comprehension variables in scope, innermost last: (Python name, hidden name). A
    /// comprehension has its own scope, so `[x for x in a]` leaves an outer `x` alone.
    scoped: Vec<(String, String)>,
    /// The `try` bodies being lowered, innermost last.
    unwinds: Vec<exceptions::UnwindCtx>,
    /// The `finally` bodies a `return`, `break` or `continue` may leave, innermost last.
    finallies: Vec<exceptions::FinallyCtx>,
    /// The exceptions the enclosing `except` clauses handle (for a bare `raise`).
    handling: Vec<Value>,
    /// Whether the current block has had neither ops nor assignments since it took its
    /// exception edge.
    guard_fresh: bool,
}

fn unsupported(file: &Arc<SourceFile>, what: &str, span: Span) -> Diagnostic {
    Diagnostic::typing(format!("unsupported construct: {what}"))
        .at(file, span)
        .with_label("not supported in compiled code")
}

impl Lower {
    fn push(&mut self, op: Op, span: Span) -> Value {
        self.guard_fresh = false;
        self.func
            .push(self.cur, op, span)
            .expect("not a terminator")
    }

    fn konst(&mut self, c: Const, span: Span) -> Value {
        self.push(Op::Const(c), span)
    }

    /// Ends the current block with a terminator, recording its edges.
    fn terminate(&mut self, op: Op, span: Span) {
        for (succ, _) in op.successors() {
            self.ssa.add_edge(self.cur, succ);
        }
        self.func.push(self.cur, op, span);
    }

    fn jump(&mut self, to: Block, args: Vec<Value>, span: Span) {
        self.terminate(Op::Jump(to, args), span);
    }

    fn branch(&mut self, cond: Value, then_block: Block, else_block: Block, span: Span) {
        self.terminate(
            Op::Branch {
                cond,
                then_block,
                then_args: Vec::new(),
                else_block,
                else_args: Vec::new(),
            },
            span,
        );
    }

    /// Continues in `block`; statements after a `return`/`break` land in a fresh block no
    /// edge reaches.
    fn switch_to(&mut self, block: Block) {
        self.cur = block;
        self.guard_current();
    }

    fn start_dead_block(&mut self) {
        let b = self.func.add_block();
        self.ssa.seal(&mut self.func, b);
        self.switch_to(b);
    }

    fn seal(&mut self, b: Block) {
        self.ssa.seal(&mut self.func, b);
    }

    /// The variable `name` refers to here: a comprehension's own, or the function's.
    fn resolve(&self, name: &str) -> Option<String> {
        self.scoped
            .iter()
            .rev()
            .find(|(python, _)| python == name)
            .map(|(_, hidden)| hidden.clone())
    }

    fn read_var(&mut self, name: &str, span: Span) -> Value {
        if let Some(hidden) = self.resolve(name) {
            return self.ssa.use_var(&mut self.func, &hidden, self.cur);
        }
        if self.locals.contains(name) || name.starts_with('$') {
            self.ssa.use_var(&mut self.func, name, self.cur)
        } else {
            self.push(Op::Global(name.to_string()), span)
        }
    }

    fn write_var(&mut self, name: &str, v: Value) {
        self.guard_fresh = false;
        if self.func.value_names[v].is_none() {
            self.func.value_names[v] = Some(name.to_string());
        }
        match self.resolve(name) {
            Some(hidden) => self.ssa.def_var(&hidden, self.cur, v),
            None => self.ssa.def_var(name, self.cur, v),
        }
    }

    fn fresh_name(&mut self, what: &str) -> String {
        self.hidden += 1;
        format!("${what}{}", self.hidden)
    }

    // ---- statements -------------------------------------------------------------------

    fn stmts(&mut self, body: &[Stmt]) -> DResult<()> {
        for s in body {
            if self.func.is_terminated(self.cur) {
                self.start_dead_block();
            }
            self.split_for_statement(span_of(s));
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, stmt: &Stmt) -> DResult<()> {
        let span = span_of(stmt);
        match stmt {
            Stmt::Expr(e) if matches!(&*e.value, Expr::Yield(_)) => {
                let Expr::Yield(y) = &*e.value else {
                    unreachable!()
                };
                let value = match &y.value {
                    Some(v) => self.expr(v)?,
                    None => self.konst(Const::None, span),
                };
                self.func.is_generator = true;
                let resume = self.func.add_block();
                self.terminate(
                    Op::Yield {
                        value,
                        resume,
                        args: Vec::new(),
                    },
                    span,
                );
                self.seal(resume);
                self.switch_to(resume);
            }
            Stmt::Expr(e) => {
                // Docstrings and other bare constants have no effect.
                if !matches!(
                    &*e.value,
                    Expr::StringLiteral(_) | Expr::NumberLiteral(_) | Expr::EllipsisLiteral(_)
                ) {
                    self.expr(&e.value)?;
                }
            }
            Stmt::Pass(_) => {}
            Stmt::Assign(a) => {
                let v = self.expr(&a.value)?;
                for t in &a.targets {
                    self.assign(t, v)?;
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(value) = &a.value {
                    let v = self.expr(value)?;
                    self.assign(&a.target, v)?;
                }
            }
            Stmt::AugAssign(a) => self.aug_assign(a)?,
            Stmt::Return(r) => {
                let v = match &r.value {
                    Some(e) => self.expr(e)?,
                    None => self.konst(Const::None, span),
                };
                self.run_finallies_for_return(span)?;
                if !self.func.is_terminated(self.cur) {
                    self.terminate(Op::Return(v), span);
                }
            }
            Stmt::If(i) => self.if_stmt(i)?,
            Stmt::While(w) => self.while_stmt(w)?,
            Stmt::For(f) => self.for_stmt(f)?,
            Stmt::Break(_) => {
                let Some(ctx) = self.loops.last() else {
                    return Err(Diagnostic::typing("'break' outside loop").at(&self.file, span));
                };
                let to = ctx.break_to;
                self.run_finallies_for_loop_exit(span)?;
                if !self.func.is_terminated(self.cur) {
                    self.jump(to, Vec::new(), span);
                }
            }
            Stmt::Continue(_) => {
                let Some(ctx) = self.loops.last() else {
                    return Err(
                        Diagnostic::typing("'continue' not properly in loop").at(&self.file, span)
                    );
                };
                let to = ctx.continue_to;
                self.run_finallies_for_loop_exit(span)?;
                if !self.func.is_terminated(self.cur) {
                    self.jump(to, Vec::new(), span);
                }
            }
            Stmt::Raise(r) => self.raise_stmt(r)?,
            Stmt::Assert(a) => {
                let cond = self.expr(&a.test)?;
                let truth = self.push(Op::Truth(cond), span);
                let ok = self.func.add_block();
                let fail = self.func.add_block();
                self.branch(truth, ok, fail, span);
                self.seal(ok);
                self.seal(fail);
                self.switch_to(fail);
                let class = self.push(Op::Global("AssertionError".into()), span);
                let exc = match &a.msg {
                    Some(m) => {
                        let msg = self.expr(m)?;
                        self.push(
                            Op::Call {
                                func: class,
                                args: vec![msg],
                                kwargs: Vec::new(),
                                star: None,
                            },
                            span,
                        )
                    }
                    None => class,
                };
                self.terminate(Op::Raise(exc), span);
                self.switch_to(ok);
            }
            Stmt::With(w) => {
                if w.is_async {
                    return Err(unsupported(&self.file, "`async with`", span));
                }
                for item in &w.items {
                    let ctx = self.expr(&item.context_expr)?;
                    let entered = self.push(Op::EnterContext(ctx), span_of(&item.context_expr));
                    if let Some(target) = &item.optional_vars {
                        self.assign(target, entered)?;
                    }
                }
                self.stmts(&w.body)?;
            }
            Stmt::FunctionDef(_) => {
                return Err(
                    unsupported(&self.file, "nested function definition", span).with_help(
                        "define the inner function at module level and decorate it with @njit",
                    ),
                )
            }
            Stmt::ClassDef(_) => {
                return Err(unsupported(&self.file, "class definition", span)
                    .with_help("define classes outside compiled functions"))
            }
            Stmt::Try(t) => self.try_stmt(t)?,
            Stmt::Import(_) | Stmt::ImportFrom(_) => {
                return Err(
                    unsupported(&self.file, "import inside a compiled function", span)
                        .with_help("import at module level; compiled code sees module globals"),
                )
            }
            Stmt::Delete(d) => self.delete(d)?,
            Stmt::Global(_) | Stmt::Nonlocal(_) => {
                return Err(
                    unsupported(&self.file, "`global`/`nonlocal` declarations", span)
                        .with_help("globals are frozen at compile time and cannot be assigned"),
                )
            }
            Stmt::Match(_) => return Err(unsupported(&self.file, "`match` statement", span)),
            Stmt::TypeAlias(_) | Stmt::IpyEscapeCommand(_) => {
                return Err(unsupported(&self.file, "this statement", span))
            }
        }
        Ok(())
    }

    fn assign(&mut self, target: &Expr, v: Value) -> DResult<()> {
        let span = span_of(target);
        match target {
            Expr::Name(n) => self.write_var(n.id.as_str(), v),
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. })
                if elts.iter().any(|e| matches!(e, Expr::Starred(_))) =>
            {
                self.starred_assign(elts, v, span)?
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let count = elts.len() as u32;
                let items: Vec<Value> = (0..count)
                    .map(|index| {
                        self.push(
                            Op::Unpack {
                                tuple: v,
                                index,
                                count,
                            },
                            span,
                        )
                    })
                    .collect();
                for (e, item) in elts.iter().zip(items) {
                    self.assign(e, item)?;
                }
            }
            Expr::Subscript(s) => {
                let obj = self.expr(&s.value)?;
                let index = self.index_expr(&s.slice)?;
                self.push(
                    Op::SetItem {
                        target: obj,
                        index,
                        value: v,
                    },
                    span,
                );
            }
            Expr::Attribute(_) => {
                return Err(unsupported(&self.file, "assignment to an attribute", span))
            }
            _ => return Err(unsupported(&self.file, "this assignment target", span)),
        }
        Ok(())
    }

    /// `a, *rest, b = t`: the items before and after the starred target by position
    /// (from the end for those after), the starred one as the tuple of the rest.
    fn starred_assign(&mut self, elts: &[Expr], v: Value, span: Span) -> DResult<()> {
        let star = elts
            .iter()
            .position(|e| matches!(e, Expr::Starred(_)))
            .expect("a starred target");
        if elts
            .iter()
            .filter(|e| matches!(e, Expr::Starred(_)))
            .count()
            > 1
        {
            return Err(
                Diagnostic::typing("multiple starred expressions in assignment")
                    .at(&self.file, span),
            );
        }
        let after = elts.len() - star - 1;
        let mut values = Vec::with_capacity(elts.len());
        for (i, _) in elts.iter().enumerate() {
            let item = if i == star {
                self.push(
                    Op::UnpackRest {
                        tuple: v,
                        start: star as u32,
                        after: after as u32,
                    },
                    span,
                )
            } else {
                let position = if i < star {
                    i as i64
                } else {
                    i as i64 - elts.len() as i64
                };
                let k = self.konst(Const::Int(position), span);
                self.push(Op::GetItem(v, k), span)
            };
            values.push(item);
        }
        for (e, item) in elts.iter().zip(values) {
            match e {
                Expr::Starred(s) => self.assign(&s.value, item)?,
                e => self.assign(e, item)?,
            }
        }
        Ok(())
    }

    fn aug_assign(&mut self, a: &ast::StmtAugAssign) -> DResult<()> {
        let span = span_of(a);
        let op = binop(a.op);
        match &*a.target {
            Expr::Name(n) => {
                let old = self.read_var(n.id.as_str(), span_of(&*a.target));
                let rhs = self.expr(&a.value)?;
                let new = self.push(Op::InplaceBinary(op, old, rhs), span);
                self.write_var(n.id.as_str(), new);
            }
            Expr::Subscript(s) => {
                // The container and index are evaluated once, as Python does.
                let obj = self.expr(&s.value)?;
                let index = self.index_expr(&s.slice)?;
                let old = self.push(Op::GetItem(obj, index), span_of(&*a.target));
                let rhs = self.expr(&a.value)?;
                let new = self.push(Op::InplaceBinary(op, old, rhs), span);
                self.push(
                    Op::SetItem {
                        target: obj,
                        index,
                        value: new,
                    },
                    span,
                );
            }
            _ => {
                return Err(unsupported(
                    &self.file,
                    "this augmented assignment target",
                    span,
                ))
            }
        }
        Ok(())
    }

    fn if_stmt(&mut self, i: &ast::StmtIf) -> DResult<()> {
        let merge = self.func.add_block();
        let mut clauses: Vec<(Option<&Expr>, &[Stmt], Span)> =
            vec![(Some(&*i.test), &i.body[..], span_of(&*i.test))];
        for c in &i.elif_else_clauses {
            clauses.push((c.test.as_ref(), &c.body[..], span_of(c)));
        }
        let mut has_else = false;
        for (test, body, span) in clauses {
            match test {
                Some(test) => {
                    let then_b = self.func.add_block();
                    let next = self.func.add_block();
                    self.branch_on(test, then_b, next)?;
                    self.seal(then_b);
                    self.seal(next);
                    self.switch_to(then_b);
                    self.stmts(body)?;
                    if !self.func.is_terminated(self.cur) {
                        self.jump(merge, Vec::new(), span);
                    }
                    self.switch_to(next);
                }
                None => {
                    has_else = true;
                    self.stmts(body)?;
                    if !self.func.is_terminated(self.cur) {
                        self.jump(merge, Vec::new(), span);
                    }
                }
            }
        }
        if !has_else {
            self.jump(merge, Vec::new(), span_of(i));
        }
        self.seal(merge);
        self.switch_to(merge);
        Ok(())
    }

    fn while_stmt(&mut self, w: &ast::StmtWhile) -> DResult<()> {
        let span = span_of(&*w.test);
        let header = self.func.add_block();
        let body = self.func.add_block();
        let orelse = self.func.add_block();
        let exit = self.func.add_block();
        self.jump(header, Vec::new(), span);
        self.switch_to(header);
        // `while True:` leaves only through break or return: no edge to `else`/after.
        let always = matches!(&*w.test, Expr::BooleanLiteral(b) if b.value)
            || matches!(&*w.test, Expr::NumberLiteral(n) if matches!(&n.value, ast::Number::Int(i) if i.as_i64() != Some(0)));
        if always {
            self.jump(body, Vec::new(), span);
        } else {
            self.branch_on(&w.test, body, orelse)?;
        }
        self.seal(body);
        self.seal(orelse);
        let ctx = LoopCtx {
            continue_to: header,
            break_to: exit,
        };
        self.loop_body(body, &w.body, ctx, span)?;
        self.seal(header);
        self.loop_else(orelse, &w.orelse, exit, span)
    }

    /// Fills a loop's `else:` block (reached when the loop ends without `break`) and
    /// continues after the loop.
    fn loop_else(&mut self, orelse: Block, body: &[Stmt], exit: Block, span: Span) -> DResult<()> {
        self.switch_to(orelse);
        self.stmts(body)?;
        if !self.func.is_terminated(self.cur) {
            self.jump(exit, Vec::new(), span);
        }
        self.seal(exit);
        self.switch_to(exit);
        Ok(())
    }

    /// Lowers a loop body into `body`, closing it with a jump to `continue_to`.
    fn loop_body(
        &mut self,
        body_block: Block,
        body: &[Stmt],
        ctx: LoopCtx,
        span: Span,
    ) -> DResult<()> {
        self.switch_to(body_block);
        let continue_to = ctx.continue_to;
        self.loops.push(ctx);
        let result = self.stmts(body);
        self.loops.pop();
        result?;
        if !self.func.is_terminated(self.cur) {
            self.jump(continue_to, Vec::new(), span);
        }
        Ok(())
    }

    fn for_stmt(&mut self, f: &ast::StmtFor) -> DResult<()> {
        if f.is_async {
            return Err(unsupported(&self.file, "`async for`", span_of(f)));
        }
        let span = span_of(&*f.iter);
        let iterable = self.expr(&f.iter)?;
        let (orelse, exit) = self.counted_loop(iterable, span, |this, item, latch, exit| {
            this.assign(&f.target, item)?;
            let ctx = LoopCtx {
                continue_to: latch,
                break_to: exit,
            };
            let body_rest = this.cur;
            this.loop_body(body_rest, &f.body, ctx, span)
        })?;
        self.loop_else(orelse, &f.orelse, exit, span)
    }

    /// A loop over `iterable`: a hidden counter `k` from 0 while `k < iterlen(iterable)`,
    /// and `body(item, latch, exit)` emitted at `iterget(iterable, k)` (it ends by jumping
    /// to `latch` to go on, or to `exit`). Returns the blocks reached when the items run
    /// out (the `else:` of a loop) and the exit, neither filled nor the exit sealed.
    fn counted_loop(
        &mut self,
        iterable: Value,
        span: Span,
        body: impl FnOnce(&mut Self, Value, Block, Block) -> DResult<()>,
    ) -> DResult<(Block, Block)> {
        let zero = self.konst(Const::Int(0), span);
        let counter = self.fresh_name("k");
        self.write_var(&counter, zero);
        let header = self.func.add_block();
        let body_block = self.func.add_block();
        let latch = self.func.add_block();
        let orelse = self.func.add_block();
        let exit = self.func.add_block();
        self.jump(header, Vec::new(), span);
        self.switch_to(header);
        let k = self.read_var(&counter, span);
        // The length is read on every step: a list may grow inside the loop, and Python
        // then visits the new items too. (For arrays and ranges LLVM hoists it.)
        let n = self.push(Op::IterLen(iterable, k), span);
        let more = self.push(Op::Compare(CmpOp::Lt, k, n), span);
        self.branch(more, body_block, orelse, span);
        self.seal(body_block);
        self.seal(orelse);

        self.switch_to(body_block);
        let k = self.read_var(&counter, span);
        let item = self.push(Op::IterGet(iterable, k), span);
        body(self, item, latch, exit)?;
        self.seal(latch);
        self.switch_to(latch);
        let k = self.read_var(&counter, span);
        let one = self.konst(Const::Int(1), span);
        let next = self.push(Op::Binary(BinOp::Add, k, one), span);
        self.write_var(&counter, next);
        self.jump(header, Vec::new(), span);
        self.seal(header);
        Ok((orelse, exit))
    }

    // ---- expressions ------------------------------------------------------------------

    /// Jumps to `then_block` if `e` is true, else to `else_block`. `and`, `or` and `not`
    /// become branches rather than a value: each operand's test then dominates the code it
    /// guards, so `while n < k and x * x <= 4.0: x = x * x ...` computes `x * x` once.
    fn branch_on(&mut self, e: &Expr, then_block: Block, else_block: Block) -> DResult<()> {
        match e {
            Expr::BoolOp(b) => {
                let last = b.values.len() - 1;
                for operand in &b.values[..last] {
                    let next = self.func.add_block();
                    match b.op {
                        ast::BoolOp::And => self.branch_on(operand, next, else_block)?,
                        ast::BoolOp::Or => self.branch_on(operand, then_block, next)?,
                    }
                    self.seal(next);
                    self.switch_to(next);
                }
                self.branch_on(&b.values[last], then_block, else_block)
            }
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => {
                self.branch_on(&u.operand, else_block, then_block)
            }
            _ => {
                let cond = self.condition(e)?;
                self.branch(cond, then_block, else_block, span_of(e));
                Ok(())
            }
        }
    }

    /// A condition: the value's truth as a bool.
    fn condition(&mut self, e: &Expr) -> DResult<Value> {
        let v = self.expr(e)?;
        Ok(self.push(Op::Truth(v), span_of(e)))
    }

    /// The index of a subscript: tuples of indices become one tuple value.
    fn index_expr(&mut self, e: &Expr) -> DResult<Value> {
        self.expr(e)
    }

    fn exprs(&mut self, es: &[Expr]) -> DResult<Vec<Value>> {
        es.iter().map(|e| self.expr(e)).collect()
    }

    fn expr(&mut self, e: &Expr) -> DResult<Value> {
        let span = span_of(e);
        Ok(match e {
            Expr::Name(n) => self.read_var(n.id.as_str(), span),
            Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => match i.as_i64() {
                    Some(i) => self.konst(Const::Int(i), span),
                    None => {
                        return Err(Diagnostic::typing("integer literal does not fit in int64")
                            .at(&self.file, span))
                    }
                },
                ast::Number::Float(x) => self.konst(Const::Float(*x), span),
                ast::Number::Complex { real, imag } => {
                    self.konst(Const::Complex(*real, *imag), span)
                }
            },
            Expr::BooleanLiteral(b) => self.konst(Const::Bool(b.value), span),
            Expr::NoneLiteral(_) => self.konst(Const::None, span),
            Expr::StringLiteral(s) => self.konst(Const::Str(s.value.to_str().to_string()), span),
            Expr::BinOp(b) => {
                let l = self.expr(&b.left)?;
                let r = self.expr(&b.right)?;
                self.push(Op::Binary(binop(b.op), l, r), span)
            }
            Expr::UnaryOp(u) => {
                let v = self.expr(&u.operand)?;
                let op = match u.op {
                    ast::UnaryOp::Invert => UnaryOp::Invert,
                    ast::UnaryOp::Not => UnaryOp::Not,
                    ast::UnaryOp::UAdd => UnaryOp::Pos,
                    ast::UnaryOp::USub => UnaryOp::Neg,
                };
                self.push(Op::Unary(op, v), span)
            }
            Expr::BoolOp(b) => self.bool_op(b)?,
            Expr::Compare(c) => self.compare(c)?,
            Expr::If(i) => {
                let then_b = self.func.add_block();
                let else_b = self.func.add_block();
                let merge = self.func.add_block();
                let result = self.func.add_block_param(merge);
                self.branch_on(&i.test, then_b, else_b)?;
                self.seal(then_b);
                self.seal(else_b);
                self.switch_to(then_b);
                let a = self.expr(&i.body)?;
                self.jump(merge, vec![a], span);
                self.switch_to(else_b);
                let b = self.expr(&i.orelse)?;
                self.jump(merge, vec![b], span);
                self.seal(merge);
                self.switch_to(merge);
                result
            }
            Expr::Call(c) => self.call(c)?,
            Expr::Attribute(a) => {
                let obj = self.expr(&a.value)?;
                self.push(Op::GetAttr(obj, a.attr.id.as_str().to_string()), span)
            }
            Expr::Subscript(s) => {
                let obj = self.expr(&s.value)?;
                let index = self.index_expr(&s.slice)?;
                self.push(Op::GetItem(obj, index), span)
            }
            Expr::Tuple(t) => {
                let items = self.exprs(&t.elts)?;
                self.push(Op::MakeTuple(items), span)
            }
            Expr::Slice(s) => {
                let mut parts = Vec::new();
                for part in [&s.lower, &s.upper, &s.step] {
                    parts.push(match part {
                        Some(e) => self.expr(e)?,
                        None => self.konst(Const::None, span),
                    });
                }
                let slice = self.push(Op::Global("slice".into()), span);
                self.push(
                    Op::Call {
                        func: slice,
                        args: parts,
                        kwargs: Vec::new(),
                        star: None,
                    },
                    span,
                )
            }
            Expr::List(l) => {
                let items = self.exprs(&l.elts)?;
                self.new_list(items, span)
            }
            Expr::Named(_) => {
                return Err(unsupported(&self.file, "assignment expression (:=)", span))
            }
            Expr::Lambda(_) => return Err(unsupported(&self.file, "lambda", span)),
            Expr::Dict(d) => return self.dict_display(d, span),
            Expr::Set(_) => return Err(unsupported(&self.file, "set literal", span)),
            Expr::ListComp(c) => return self.list_comprehension(c, span),
            Expr::SetComp(_) => return Err(unsupported(&self.file, "set comprehension", span)),
            Expr::DictComp(c) => return self.dict_comprehension(c, span),
            Expr::Generator(_) => {
                return Err(unsupported(&self.file, "generator expression", span))
            }
            Expr::Yield(_) => {
                return Err(unsupported(
                    &self.file,
                    "`yield` as an expression (a generator's send())",
                    span,
                )
                .with_help("write `yield value` as a statement of its own"))
            }
            Expr::Await(_) | Expr::YieldFrom(_) => {
                return Err(unsupported(&self.file, "`await` and `yield from`", span))
            }
            Expr::FString(_) | Expr::TString(_) => {
                return Err(unsupported(&self.file, "formatted string", span))
            }
            Expr::BytesLiteral(_) => return Err(unsupported(&self.file, "bytes literal", span)),
            Expr::EllipsisLiteral(_) => return Err(unsupported(&self.file, "Ellipsis", span)),
            Expr::Starred(_) => return Err(unsupported(&self.file, "starred expression", span)),
            Expr::IpyEscapeCommand(_) => {
                return Err(unsupported(&self.file, "IPython escape", span))
            }
        })
    }

    fn call(&mut self, c: &ast::ExprCall) -> DResult<Value> {
        let span = span_of(c);
        // One starred argument, last among the positional ones: `f(x, *args)`.
        let mut positional: &[Expr] = &c.arguments.args;
        let mut starred = None;
        if let Some((Expr::Starred(s), before)) = positional.split_last() {
            starred = Some(&s.value);
            positional = before;
        }
        if let Some(bad) = positional.iter().find(|a| matches!(a, Expr::Starred(_))) {
            return Err(unsupported(
                &self.file,
                "*args in a call other than as the last positional argument",
                span_of(bad),
            ));
        }
        let mut kwargs = Vec::new();
        for kw in c.arguments.keywords.iter() {
            let Some(name) = &kw.arg else {
                return Err(unsupported(&self.file, "**kwargs in a call", span_of(kw)));
            };
            kwargs.push((name.id.as_str().to_string(), kw.value.clone()));
        }
        let call = if let (Expr::Attribute(a), None) = (&*c.func, starred) {
            let obj = self.expr(&a.value)?;
            let args = self.exprs(positional)?;
            let kwargs = self.keyword_values(&kwargs)?;
            Op::MethodCall {
                obj,
                name: a.attr.id.as_str().to_string(),
                args,
                kwargs,
            }
        } else {
            let func = self.expr(&c.func)?;
            let args = self.exprs(positional)?;
            let star = starred.map(|e| self.expr(e)).transpose()?;
            let kwargs = self.keyword_values(&kwargs)?;
            Op::Call {
                func,
                args,
                kwargs,
                star,
            }
        };
        Ok(self.push(call, span))
    }

    fn keyword_values(&mut self, kwargs: &[(String, Expr)]) -> DResult<Vec<(String, Value)>> {
        kwargs
            .iter()
            .map(|(k, e)| Ok((k.clone(), self.expr(e)?)))
            .collect()
    }

    /// `a and b` / `a or b`: short-circuit, the value is the last operand evaluated.
    fn bool_op(&mut self, b: &ast::ExprBoolOp) -> DResult<Value> {
        let span = span_of(b);
        let merge = self.func.add_block();
        let result = self.func.add_block_param(merge);
        let last = b.values.len() - 1;
        for (i, operand) in b.values.iter().enumerate() {
            let v = self.expr(operand)?;
            if i == last {
                self.jump(merge, vec![v], span);
                break;
            }
            let truth = self.push(Op::Truth(v), span_of(operand));
            let next = self.func.add_block();
            // `and` continues while true; `or` while false.
            let (then_block, else_block, then_args, else_args) = match b.op {
                ast::BoolOp::And => (next, merge, vec![], vec![v]),
                ast::BoolOp::Or => (merge, next, vec![v], vec![]),
            };
            self.terminate(
                Op::Branch {
                    cond: truth,
                    then_block,
                    then_args,
                    else_block,
                    else_args,
                },
                span,
            );
            self.seal(next);
            self.switch_to(next);
        }
        self.seal(merge);
        self.switch_to(merge);
        Ok(result)
    }

    /// `a < b < c` is `a < b and b < c` with `b` evaluated once.
    fn compare(&mut self, c: &ast::ExprCompare) -> DResult<Value> {
        let span = span_of(c);
        let mut left = self.expr(&c.left)?;
        if c.ops.len() == 1 {
            let right = self.expr(&c.comparators[0])?;
            return Ok(self.push(Op::Compare(cmpop(c.ops[0]), left, right), span));
        }
        let merge = self.func.add_block();
        let result = self.func.add_block_param(merge);
        let last = c.ops.len() - 1;
        for (i, (op, right)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
            let r = self.expr(right)?;
            let cmp = self.push(Op::Compare(cmpop(*op), left, r), span);
            if i == last {
                self.jump(merge, vec![cmp], span);
                break;
            }
            let next = self.func.add_block();
            self.terminate(
                Op::Branch {
                    cond: cmp,
                    then_block: next,
                    then_args: vec![],
                    else_block: merge,
                    else_args: vec![cmp],
                },
                span,
            );
            self.seal(next);
            self.switch_to(next);
            left = r;
        }
        self.seal(merge);
        self.switch_to(merge);
        Ok(result)
    }
}

fn binop(op: ast::Operator) -> BinOp {
    use ast::Operator as O;
    match op {
        O::Add => BinOp::Add,
        O::Sub => BinOp::Sub,
        O::Mult => BinOp::Mul,
        O::MatMult => BinOp::MatMul,
        O::Div => BinOp::Div,
        O::Mod => BinOp::Mod,
        O::Pow => BinOp::Pow,
        O::LShift => BinOp::LShift,
        O::RShift => BinOp::RShift,
        O::BitOr => BinOp::BitOr,
        O::BitXor => BinOp::BitXor,
        O::BitAnd => BinOp::BitAnd,
        O::FloorDiv => BinOp::FloorDiv,
    }
}

fn cmpop(op: ast::CmpOp) -> CmpOp {
    use ast::CmpOp as C;
    match op {
        C::Eq => CmpOp::Eq,
        C::NotEq => CmpOp::Ne,
        C::Lt => CmpOp::Lt,
        C::LtE => CmpOp::Le,
        C::Gt => CmpOp::Gt,
        C::GtE => CmpOp::Ge,
        C::Is => CmpOp::Is,
        C::IsNot => CmpOp::IsNot,
        C::In => CmpOp::In,
        C::NotIn => CmpOp::NotIn,
    }
}
