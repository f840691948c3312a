//! Variable bookkeeping for SSA construction (Braun et al., "Simple and Efficient
//! Construction of Static Single Assignment Form").

use oxjit_diagnostics::Span;
use oxjit_ir::{Block, Function, Op, Value};
use std::collections::{HashMap, HashSet};

#[derive(Default)]
pub struct SsaBuilder {
    defs: HashMap<(String, Block), Value>,
    sealed: HashSet<Block>,
    incomplete: HashMap<Block, Vec<(String, Value)>>,
    preds: HashMap<Block, Vec<Block>>,
    undef: Option<Value>,
}

impl SsaBuilder {
    pub fn def_var(&mut self, name: &str, block: Block, v: Value) {
        self.defs.insert((name.to_string(), block), v);
    }

    /// Records an edge `from -> to`; call once per edge as it is emitted.
    pub fn add_edge(&mut self, from: Block, to: Block) {
        debug_assert!(!self.sealed.contains(&to), "edge into sealed {to}");
        self.preds.entry(to).or_default().push(from);
    }

    pub fn use_var(&mut self, func: &mut Function, name: &str, block: Block) -> Value {
        if let Some(&v) = self.defs.get(&(name.to_string(), block)) {
            return v;
        }
        let v = if !self.sealed.contains(&block) {
            let p = func.add_block_param(block);
            func.value_names[p] = Some(name.to_string());
            self.incomplete
                .entry(block)
                .or_default()
                .push((name.to_string(), p));
            p
        } else {
            let preds = self.preds.get(&block).cloned().unwrap_or_default();
            match preds.as_slice() {
                [] => self.undef(func),
                [only] => self.use_var(func, name, *only),
                _ => {
                    let p = func.add_block_param(block);
                    func.value_names[p] = Some(name.to_string());
                    self.def_var(name, block, p);
                    self.fill_param(func, name, block);
                    p
                }
            }
        };
        self.def_var(name, block, v);
        v
    }

    /// Marks `block` as having all its predecessors, completing its pending parameters.
    pub fn seal(&mut self, func: &mut Function, block: Block) {
        if !self.sealed.insert(block) {
            return;
        }
        for (name, _) in self.incomplete.remove(&block).unwrap_or_default() {
            self.fill_param(func, &name, block);
        }
    }

    /// Appends the value of `name` on every incoming edge of `block` to its jump arguments.
    fn fill_param(&mut self, func: &mut Function, name: &str, block: Block) {
        let mut preds = self.preds.get(&block).cloned().unwrap_or_default();
        preds.sort();
        preds.dedup();
        for pred in preds {
            let v = self.use_var(func, name, pred);
            let term = func
                .terminator(pred)
                .expect("a predecessor is terminated before its target is sealed");
            func.insts[term].op.for_each_edge_mut(|target, args| {
                if *target == block {
                    args.push(v);
                }
            });
        }
    }

    /// A value standing for "never assigned on this path" (inference reports its use).
    fn undef(&mut self, func: &mut Function) -> Value {
        if let Some(v) = self.undef {
            return v;
        }
        let v = func.push_front(func.entry, Op::Undef, Span::default());
        self.undef = Some(v);
        v
    }
}
