//! Containers: list and dict displays, comprehensions, and `del` of items.

use super::{target_names, unsupported, Lower};
use oxjit_diagnostics::{DResult, Span};
use oxjit_ir::{Op, Value};
use oxjit_syntax::ast::{self, Expr};
use oxjit_syntax::span_of;
use std::collections::HashSet;

/// What the innermost loop of a comprehension adds to its container.
#[derive(Clone, Copy)]
enum Produce<'a> {
    /// `[elt for ...]`: appended.
    Item(&'a Expr),
    /// `{key: value for ...}`: stored.
    Entry(&'a Expr, &'a Expr),
}

impl Lower {
    /// A new list of `items` (`[a, b]`).
    pub(super) fn new_list(&mut self, items: Vec<Value>, span: Span) -> Value {
        let make_list = self.push(Op::Global("$list".into()), span);
        self.push(
            Op::Call {
                func: make_list,
                args: items,
                kwargs: Vec::new(),
                star: None,
            },
            span,
        )
    }

    /// `{k: v, **other}` is not supported; `{a: b, c: d}` is a call of `$dict` with the
    /// keys and values alternating.
    pub(super) fn dict_display(&mut self, d: &ast::ExprDict, span: Span) -> DResult<Value> {
        let mut args = Vec::with_capacity(2 * d.items.len());
        for item in &d.items {
            let Some(key) = &item.key else {
                return Err(unsupported(&self.file, "`**` in a dict display", span));
            };
            args.push(self.expr(key)?);
            args.push(self.expr(&item.value)?);
        }
        Ok(self.new_dict(args, span))
    }

    fn new_dict(&mut self, keys_and_values: Vec<Value>, span: Span) -> Value {
        let make_dict = self.push(Op::Global("$dict".into()), span);
        self.push(
            Op::Call {
                func: make_dict,
                args: keys_and_values,
                kwargs: Vec::new(),
                star: None,
            },
            span,
        )
    }

    /// `[elt for t1 in it1 if c1 for t2 in it2 ...]`: an empty list, nested loops that
    /// append `elt`, then the list. Each target is a variable of the comprehension's own.
    pub(super) fn list_comprehension(
        &mut self,
        c: &ast::ExprListComp,
        span: Span,
    ) -> DResult<Value> {
        let list = self.new_list(Vec::new(), span);
        self.comprehension(&c.generators, Produce::Item(&c.elt), list, span)?;
        Ok(list)
    }

    /// `{k: v for ...}`: an empty dict, nested loops that store `v` under `k`, the dict.
    pub(super) fn dict_comprehension(
        &mut self,
        c: &ast::ExprDictComp,
        span: Span,
    ) -> DResult<Value> {
        let Some(key) = &c.key else {
            return Err(unsupported(
                &self.file,
                "`**` in a dict comprehension",
                span,
            ));
        };
        let dict = self.new_dict(Vec::new(), span);
        self.comprehension(&c.generators, Produce::Entry(key, &c.value), dict, span)?;
        Ok(dict)
    }

    fn comprehension(
        &mut self,
        generators: &[ast::Comprehension],
        produce: Produce<'_>,
        container: Value,
        span: Span,
    ) -> DResult<()> {
        let outer = self.scoped.len();
        let result = self.comprehension_loops(generators, produce, container, span);
        self.scoped.truncate(outer);
        result
    }

    fn comprehension_loops(
        &mut self,
        generators: &[ast::Comprehension],
        produce: Produce<'_>,
        container: Value,
        span: Span,
    ) -> DResult<()> {
        let Some((g, inner)) = generators.split_first() else {
            let op = match produce {
                Produce::Item(elt) => Op::MethodCall {
                    obj: container,
                    name: "append".into(),
                    args: vec![self.expr(elt)?],
                    kwargs: Vec::new(),
                },
                Produce::Entry(key, value) => {
                    let index = self.expr(key)?;
                    let value = self.expr(value)?;
                    Op::SetItem {
                        target: container,
                        index,
                        value,
                    }
                }
            };
            self.push(op, span);
            return Ok(());
        };
        if g.is_async {
            return Err(unsupported(
                &self.file,
                "`async for` in a comprehension",
                span,
            ));
        }
        // The iterable is evaluated before the target names come into scope.
        let iterable = self.expr(&g.iter)?;
        let mut names = HashSet::new();
        target_names(&g.target, &mut names);
        for name in names {
            let hidden = self.fresh_name(&format!("c_{name}_"));
            self.scoped.push((name, hidden));
        }
        let (orelse, exit) = self.counted_loop(iterable, span, |this, item, latch, _exit| {
            this.assign(&g.target, item)?;
            for cond in &g.ifs {
                let next = this.func.add_block();
                this.branch_on(cond, next, latch)?;
                this.seal(next);
                this.switch_to(next);
            }
            this.comprehension_loops(inner, produce, container, span)?;
            this.jump(latch, Vec::new(), span);
            Ok(())
        })?;
        self.loop_else(orelse, &[], exit, span)
    }

    /// `del a[i], d[k]`: each item target becomes a `__delitem__` call, left to right.
    pub(super) fn delete(&mut self, d: &ast::StmtDelete) -> DResult<()> {
        for target in &d.targets {
            let span = span_of(target);
            let Expr::Subscript(s) = target else {
                return Err(
                    unsupported(&self.file, "`del` of a name or attribute", span)
                        .with_help("`del` removes items: `del d[key]`, `del l[i]`"),
                );
            };
            let obj = self.expr(&s.value)?;
            let index = self.index_expr(&s.slice)?;
            self.push(
                Op::MethodCall {
                    obj,
                    name: "__delitem__".into(),
                    args: vec![index],
                    kwargs: Vec::new(),
                },
                span,
            );
        }
        Ok(())
    }
}
