//! Weakness of what containers hold: the items of tuples, lists and ranges, and the keys
//! and values of dicts. A container holds Python numbers when everything put into it is
//! one: its display's items, and every later store (`l.append(x)`, `l[i] = x`,
//! `d[k] = v`, `d.setdefault(k, v)`, `d.update(e)`, `l.extend(m)`) into it or into any
//! name it goes by (a container carried through a loop is one object under several SSA
//! values, so they all share one answer).

use super::{Node, WeakRule};
use crate::rules::Infer;
use crate::Resolved;
use oxjit_ir::{Block, Op, Value};
use oxjit_types::{DictView, Type};
use std::collections::HashMap;

/// Which part of a container a node asks about.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Part {
    /// A tuple's, list's or range's items.
    Items,
    Keys,
    Values,
}

/// Structural facts gathered once per function: how values flow through block
/// parameters, and what is stored into each container value.
#[derive(Default)]
pub(crate) struct Flow {
    /// The values each block parameter receives, over every edge into its block.
    pub(super) sources: HashMap<(Block, u32), Vec<Value>>,
    /// The block parameters each value is passed to.
    flows_into: HashMap<Value, Vec<Value>>,
    /// What each store puts into the container it targets.
    stores: HashMap<Value, Vec<(Part, Stored)>>,
}

/// One thing a store puts into a container.
#[derive(Clone, Copy)]
enum Stored {
    /// A single value.
    One(Value),
    /// Every item (keys, values) of another container.
    AllOf(Value, Part),
}

impl Flow {
    pub(super) fn gather(func: &oxjit_ir::Function) -> Flow {
        let mut flow = Flow::default();
        for b in func.blocks.keys() {
            for (target, args) in func.edges(b) {
                for (i, &a) in args.iter().enumerate() {
                    if !matches!(crate::def_op(func, a), Some(Op::Undef)) {
                        flow.sources.entry((target, i as u32)).or_default().push(a);
                        let param = func.blocks[target].params[i];
                        flow.flows_into.entry(a).or_default().push(param);
                    }
                }
            }
        }
        for (_, data) in func.insts.iter() {
            let (container, stored): (Value, Vec<(Part, Stored)>) = match &data.op {
                // `d[k] = v` stores a key and a value; `l[i] = x` an item (arrays never
                // reach the container rules, so their stores do no harm here).
                Op::SetItem {
                    target,
                    index,
                    value,
                } => (
                    *target,
                    vec![
                        (Part::Keys, Stored::One(*index)),
                        (Part::Values, Stored::One(*value)),
                        (Part::Items, Stored::One(*value)),
                    ],
                ),
                Op::MethodCall {
                    obj, name, args, ..
                } => match (name.as_str(), args.as_slice()) {
                    ("append", [x]) | ("insert", [_, x]) => {
                        (*obj, vec![(Part::Items, Stored::One(*x))])
                    }
                    ("extend", [other]) => (
                        *obj,
                        vec![(Part::Items, Stored::AllOf(*other, Part::Items))],
                    ),
                    ("setdefault", [k, v]) => (
                        *obj,
                        vec![
                            (Part::Keys, Stored::One(*k)),
                            (Part::Values, Stored::One(*v)),
                        ],
                    ),
                    ("update", [other]) => (
                        *obj,
                        vec![
                            (Part::Keys, Stored::AllOf(*other, Part::Keys)),
                            (Part::Values, Stored::AllOf(*other, Part::Values)),
                        ],
                    ),
                    _ => continue,
                },
                _ => continue,
            };
            flow.stores.entry(container).or_default().extend(stored);
        }
        flow
    }
}

impl Infer<'_> {
    /// Whether the `part` of container `v` holds Python numbers.
    pub(super) fn container_rule(&self, v: Value, part: Part) -> WeakRule {
        let mut rule = match (self.t(v), part) {
            // Not typed yet: weak until shown otherwise. Types only widen between rounds,
            // and a weak answer gives the narrower type, so it must come first.
            (None, _) => return WeakRule::fixed(true),
            (Some(Type::Range), Part::Items) => return WeakRule::fixed(true),
            (Some(Type::Tuple(_) | Type::List(_)), Part::Items)
            | (Some(Type::Dict(_)), Part::Keys | Part::Values) => self.made_with(v, part),
            _ => return WeakRule::fixed(false),
        };
        // The same object under its other names, and what is stored into it later.
        let flow = self.flow();
        let names = self.container_names(v);
        rule.deps.extend(names.iter().map(|&n| Node::Part(n, part)));
        for stored in flow.stores.get(&v).into_iter().flatten() {
            match *stored {
                (p, Stored::One(x)) if p == part => rule.deps.push(Node::Value(x)),
                (p, Stored::AllOf(other, q)) if p == part => rule.deps.push(match self.t(other) {
                    Some(Type::DictView(..)) => self.view_node(other),
                    _ => Node::Part(other, q),
                }),
                _ => {}
            }
        }
        rule
    }

    /// The other SSA values the container `v` may be one with: for a parameter, the
    /// values passed in; for a list or dict (which can change after it is passed on),
    /// the block parameters it is passed to as well.
    fn container_names(&self, v: Value) -> Vec<Value> {
        let flow = self.flow();
        let mutable = matches!(self.t(v), Some(Type::List(_) | Type::Dict(_)));
        let mut names: Vec<Value> = match flow.flows_into.get(&v) {
            Some(params) if mutable => params.clone(),
            _ => Vec::new(),
        };
        if let oxjit_ir::ValueDef::Param(b, i) = self.func.values[v] {
            names.extend(self.incoming(b, i));
        }
        names
    }

    /// What the container `v` held when it was made.
    fn made_with(&self, v: Value, part: Part) -> WeakRule {
        let inst = match self.func.values[v] {
            oxjit_ir::ValueDef::Inst(inst) => inst,
            // Carried through a loop or a branch: its incoming names (added by the caller).
            oxjit_ir::ValueDef::Param(..) => return WeakRule::fixed(true),
        };
        let all = |items: &mut dyn Iterator<Item = &Value>| WeakRule {
            local: true,
            deps: items.map(|x| Node::Value(*x)).collect(),
        };
        let op = &self.func.insts[inst].op;
        match op {
            Op::MakeTuple(items) => all(&mut items.iter()),
            Op::Call { func, args, .. } if matches!(self.resolved[inst], Resolved::Nothing) => {
                // A list display `[a, b]`, or a dict display `{k1: v1, k2: v2}` whose
                // keys and values alternate.
                let is_dict =
                    matches!(crate::def_op(self.func, *func), Some(Op::Global(n)) if n == "$dict");
                match (is_dict, part) {
                    (false, _) => all(&mut args.iter()),
                    (true, Part::Keys) => all(&mut args.iter().step_by(2)),
                    (true, _) => all(&mut args.iter().skip(1).step_by(2)),
                }
            }
            Op::Const(_) | Op::Global(_) | Op::Arg(_) => WeakRule::fixed(true),
            // A `(key, value)` pair of `d.items()`, or of `d.popitem()`.
            _ if self.pair_source(v).is_some() => self.pair_rule(v),
            // An empty dict, or `dict(other)`: a copy of another dict.
            Op::Call { args, .. } if matches!(self.t(v), Some(Type::Dict(_))) => match args[..] {
                [] => WeakRule::fixed(true),
                [other] => WeakRule {
                    local: true,
                    deps: vec![Node::Part(other, part)],
                },
                _ => WeakRule::fixed(false),
            },
            Op::Call { .. } | Op::MethodCall { .. } => self.python_result(inst),
            Op::GetAttr(obj, name) => WeakRule::fixed(
                matches!(self.t(*obj), Some(Type::Array(_)))
                    && matches!(name.as_str(), "shape" | "strides"),
            ),
            _ => WeakRule::fixed(false),
        }
    }

    /// The items of a `(key, value)` tuple read from a dict: its keys and its values.
    fn pair_rule(&self, v: Value) -> WeakRule {
        match self.pair_source(v) {
            Some(d) => WeakRule {
                local: true,
                deps: vec![Node::Part(d, Part::Keys), Node::Part(d, Part::Values)],
            },
            None => WeakRule::fixed(false),
        }
    }

    /// The dict a `(key, value)` tuple comes from: an iteration of `d.items()`, or
    /// `d.popitem()`.
    pub(super) fn pair_source(&self, v: Value) -> Option<Value> {
        match crate::def_op(self.func, v)? {
            Op::IterGet(view, _) => match self.view_of(*view)? {
                (d, DictView::Items) => Some(d),
                _ => None,
            },
            Op::MethodCall { obj, name, .. }
                if name == "popitem" && matches!(self.t(*obj), Some(Type::Dict(_))) =>
            {
                Some(*obj)
            }
            _ => None,
        }
    }

    /// The dict and the kind of a view `d.keys()`, `d.values()` or `d.items()`.
    fn view_of(&self, view: Value) -> Option<(Value, DictView)> {
        let Some(Type::DictView(kind, _)) = self.t(view) else {
            return None;
        };
        match crate::def_op(self.func, view)? {
            Op::MethodCall { obj, .. } => Some((*obj, *kind)),
            _ => None,
        }
    }

    /// What the items a loop visits over `iterable` depend on.
    pub(super) fn iterated_node(&self, iterable: Value) -> Node {
        match self.t(iterable) {
            Some(Type::Dict(_)) => Node::Part(iterable, Part::Keys),
            Some(Type::DictView(..)) => self.view_node(iterable),
            _ => Node::Part(iterable, Part::Items),
        }
    }

    /// What the items of a dict view depend on (an items view's pairs depend on both).
    fn view_node(&self, view: Value) -> Node {
        match self.view_of(view) {
            Some((d, DictView::Keys)) => Node::Part(d, Part::Keys),
            Some((d, DictView::Values)) => Node::Part(d, Part::Values),
            // A pair: its own node asks about the keys and the values.
            Some((_, DictView::Items)) | None => Node::Part(view, Part::Items),
        }
    }

    pub(super) fn flow(&self) -> &Flow {
        self.flow.get_or_init(|| Flow::gather(self.func))
    }
}
