//! The compact text form of a function, used by `OXJIT_DUMP` and snapshot tests:
//!
//! ```text
//! function add(v0 a, v1 b)
//! block0:
//!   v2 = add v0, v1          # line 2
//!   return v2
//! ```
//! With types (after inference) each result reads `v2: float64 = add v0, v1`.

use crate::{Const, Function, Op, Value};
use std::fmt::Write as _;

fn list(vals: &[Value]) -> String {
    vals.iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn kwlist(kwargs: &[(String, Value)]) -> String {
    kwargs
        .iter()
        .map(|(k, v)| format!(", {k}={v}"))
        .collect::<String>()
}

fn op_text(op: &Op) -> String {
    match op {
        Op::Arg(i) => format!("arg {i}"),
        Op::Const(c) => match c {
            Const::Int(i) => format!("const {i}"),
            Const::Float(x) => format!("const {x:?}"),
            Const::Bool(b) => format!("const {}", if *b { "True" } else { "False" }),
            Const::Complex(re, im) => format!("const complex({re:?}, {im:?})"),
            Const::Str(s) => format!("const {s:?}"),
            Const::None => "const None".to_string(),
        },
        Op::Global(n) => format!("global {n}"),
        Op::Undef => "undef".to_string(),
        Op::Binary(op, a, b) => format!("{} {a}, {b}", op.mnemonic()),
        Op::InplaceBinary(op, a, b) => format!("inplace_{} {a}, {b}", op.mnemonic()),
        Op::Unary(op, a) => format!("unary {} {a}", op.symbol()),
        Op::Compare(op, a, b) => format!("cmp {} {a}, {b}", op.symbol()),
        Op::Truth(a) => format!("truth {a}"),
        Op::GetAttr(a, n) => format!("getattr {a}.{n}"),
        Op::GetItem(a, i) => format!("getitem {a}[{i}]"),
        Op::SetItem {
            target,
            index,
            value,
        } => format!("setitem {target}[{index}] = {value}"),
        Op::Call {
            func,
            args,
            kwargs,
            star,
        } => {
            let star = star.map(|t| format!(", *{t}")).unwrap_or_default();
            format!("call {func}({}{star}{})", list(args), kwlist(kwargs))
        }
        Op::MethodCall {
            obj,
            name,
            args,
            kwargs,
        } => format!("callmethod {obj}.{name}({}{})", list(args), kwlist(kwargs)),
        Op::MakeTuple(items) => format!("tuple ({})", list(items)),
        Op::Unpack {
            tuple,
            index,
            count,
        } => format!("unpack {tuple}[{index} of {count}]"),
        Op::UnpackRest {
            tuple,
            start,
            after,
        } => format!("unpack_rest {tuple}[{start}:-{after}]"),
        Op::IterLen(a, k) => format!("iterlen {a} at {k}"),
        Op::IterGet(a, k) => format!("iterget {a}[{k}]"),
        Op::EnterContext(a) => format!("enter {a}"),
        Op::ExceptionMatches(a) => format!("exception_matches {a}"),
        Op::Catch => "catch".to_string(),
        Op::Unwrap(a, _) => format!("unwrap {a}"),
        Op::Jump(b, args) => format!("jump {b}({})", list(args)),
        Op::Branch {
            cond,
            then_block,
            then_args,
            else_block,
            else_args,
        } => format!(
            "branch {cond}, {then_block}({}), {else_block}({})",
            list(then_args),
            list(else_args)
        ),
        Op::Return(v) => format!("return {v}"),
        Op::Raise(v) => format!("raise {v}"),
        Op::Resume => "resume".to_string(),
        Op::RaiseFrom(v, cause) => format!("raise {v} from {cause}"),
        Op::Yield {
            value,
            resume,
            args,
        } => format!("yield {value}, then {resume}({})", list(args)),
    }
}

impl Function {
    /// Text form; `ty` gives a type annotation for a value when there is one.
    pub fn display_with(&self, ty: &dyn Fn(Value) -> Option<String>) -> String {
        let val = |v: Value| match ty(v) {
            Some(t) => format!("{v}: {t}"),
            None => v.to_string(),
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "function {}({})",
            self.name,
            self.param_names.join(", ")
        );
        let mut last_line = 0;
        for b in self.reverse_postorder() {
            let data = &self.blocks[b];
            let params = data.params.iter().map(|&p| val(p)).collect::<Vec<_>>();
            if params.is_empty() {
                let _ = writeln!(out, "{b}:");
            } else {
                let _ = writeln!(out, "{b}({}):", params.join(", "));
            }
            for &i in &data.insts {
                let inst = &self.insts[i];
                let line = self.source.line_number(inst.span);
                let text = match inst.result {
                    Some(r) => format!("{} = {}", val(r), op_text(&inst.op)),
                    None => op_text(&inst.op),
                };
                if line != last_line {
                    let _ = writeln!(out, "  {text:<48} # line {line}");
                    last_line = line;
                } else {
                    let _ = writeln!(out, "  {text}");
                }
            }
            if let Some((handler, args)) = &data.unwind {
                let _ = writeln!(out, "  unwind {handler}({})", list(args));
            }
        }
        out
    }
}

impl std::fmt::Display for Function {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.display_with(&|_| None))
    }
}
