//! A function's storage and the builder methods the frontend uses.

use crate::entity::EntityMap;
use crate::{Block, Inst, Op, Value};
use oxjit_diagnostics::{SourceFile, Span};
use std::sync::Arc;

/// Where a value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueDef {
    Inst(Inst),
    Param(Block, u32),
}

#[derive(Clone, Debug, Default)]
pub struct BlockData {
    pub params: Vec<Value>,
    pub insts: Vec<Inst>,
    /// The block's exception edge, inside a `try`: when any op of the block raises,
    /// control goes to this handler block with these arguments (values available at the
    /// block's start, so the handler sees the variables as they were before the raise).
    pub unwind: Option<(Block, Vec<Value>)>,
}

#[derive(Clone, Debug)]
pub struct InstData {
    pub op: Op,
    /// The value an op produces; `None` for terminators.
    pub result: Option<Value>,
    pub span: Span,
}

/// One Python function in SSA form.
#[derive(Clone, Debug)]
pub struct Function {
    pub name: String,
    pub param_names: Vec<String>,
    pub source: Arc<SourceFile>,
    pub blocks: EntityMap<Block, BlockData>,
    pub insts: EntityMap<Inst, InstData>,
    pub values: EntityMap<Value, ValueDef>,
    /// The Python variable a value was assigned to, for dumps and messages.
    pub value_names: EntityMap<Value, Option<String>>,
    pub entry: Block,
    /// Whether the function is a generator (its body has a `yield`).
    pub is_generator: bool,
}

impl Function {
    pub fn new(name: &str, param_names: Vec<String>, source: Arc<SourceFile>) -> Function {
        let mut blocks = EntityMap::new();
        let entry = blocks.push(BlockData::default());
        Function {
            name: name.to_string(),
            param_names,
            source,
            blocks,
            insts: EntityMap::new(),
            values: EntityMap::new(),
            value_names: EntityMap::new(),
            entry,
            is_generator: false,
        }
    }

    pub fn add_block(&mut self) -> Block {
        self.blocks.push(BlockData::default())
    }

    pub fn add_block_param(&mut self, block: Block) -> Value {
        let index = self.blocks[block].params.len() as u32;
        let v = self.values.push(ValueDef::Param(block, index));
        self.value_names.push(None);
        self.blocks[block].params.push(v);
        v
    }

    /// Appends an op to `block`; returns its result (`None` for a terminator).
    pub fn push(&mut self, block: Block, op: Op, span: Span) -> Option<Value> {
        let is_term = op.is_terminator();
        let inst = self.insts.push(InstData {
            op,
            result: None,
            span,
        });
        let result = if is_term {
            None
        } else {
            let v = self.values.push(ValueDef::Inst(inst));
            self.value_names.push(None);
            self.insts[inst].result = Some(v);
            Some(v)
        };
        self.blocks[block].insts.push(inst);
        result
    }

    /// Inserts a value-producing op at the start of `block`.
    pub fn push_front(&mut self, block: Block, op: Op, span: Span) -> Value {
        debug_assert!(!op.is_terminator());
        let inst = self.insts.push(InstData {
            op,
            result: None,
            span,
        });
        let v = self.values.push(ValueDef::Inst(inst));
        self.value_names.push(None);
        self.insts[inst].result = Some(v);
        self.blocks[block].insts.insert(0, inst);
        v
    }

    /// The block's terminator, if it has one yet.
    pub fn terminator(&self, block: Block) -> Option<Inst> {
        let last = *self.blocks[block].insts.last()?;
        self.insts[last].op.is_terminator().then_some(last)
    }

    pub fn is_terminated(&self, block: Block) -> bool {
        self.terminator(block).is_some()
    }

    /// The op that defines `v`, if an instruction does.
    pub fn def_op(&self, v: Value) -> Option<&Op> {
        match self.values[v] {
            ValueDef::Inst(i) => Some(&self.insts[i].op),
            ValueDef::Param(..) => None,
        }
    }

    /// Span of the instruction defining `v` (block parameters get their block's first span).
    pub fn value_span(&self, v: Value) -> Span {
        match self.values[v] {
            ValueDef::Inst(i) => self.insts[i].span,
            ValueDef::Param(b, _) => self.blocks[b]
                .insts
                .first()
                .map(|&i| self.insts[i].span)
                .unwrap_or_default(),
        }
    }

    /// Every outgoing edge of `block`: its terminator's, then its exception edge.
    pub fn edges(&self, block: Block) -> Vec<(Block, &[Value])> {
        let mut out = self
            .terminator(block)
            .map(|t| self.insts[t].op.successors())
            .unwrap_or_default();
        if let Some((handler, args)) = &self.blocks[block].unwind {
            out.push((*handler, args.as_slice()));
        }
        out
    }

    /// Calls `f` on the target and argument list of each outgoing edge of `block`
    /// (the exception edge included), mutably.
    pub fn for_each_edge_mut(
        &mut self,
        block: Block,
        mut f: impl FnMut(&mut Block, &mut Vec<Value>),
    ) {
        if let Some(t) = self.terminator(block) {
            self.insts[t].op.for_each_edge_mut(&mut f);
        }
        if let Some((handler, args)) = &mut self.blocks[block].unwind {
            f(handler, args);
        }
    }

    /// The values a block's exception edge passes (read wherever the block may raise).
    pub fn unwind_args(&self, block: Block) -> &[Value] {
        self.blocks[block]
            .unwind
            .as_ref()
            .map(|(_, args)| args.as_slice())
            .unwrap_or_default()
    }

    /// Predecessor blocks of every block (a block appears once per edge).
    pub fn predecessors(&self) -> EntityMap<Block, Vec<Block>> {
        let mut preds: EntityMap<Block, Vec<Block>> = EntityMap::with_default(self.blocks.len());
        for b in self.blocks.keys() {
            for (succ, _) in self.edges(b) {
                preds[succ].push(b);
            }
        }
        preds
    }

    /// Blocks reachable from the entry, in reverse post-order (definitions before uses,
    /// loop headers before their bodies).
    pub fn reverse_postorder(&self) -> Vec<Block> {
        let mut seen = vec![false; self.blocks.len()];
        let mut order = Vec::with_capacity(self.blocks.len());
        // Iterative DFS: (block, next successor index).
        let mut stack = vec![(self.entry, 0usize)];
        seen[self.entry.index_usize()] = true;
        while let Some(&mut (b, ref mut next)) = stack.last_mut() {
            let succs = self.edges(b);
            if let Some((s, _)) = succs.get(*next) {
                *next += 1;
                let s = *s;
                if !seen[s.index_usize()] {
                    seen[s.index_usize()] = true;
                    stack.push((s, 0));
                }
            } else {
                order.push(b);
                stack.pop();
            }
        }
        order.reverse();
        order
    }
}

impl Block {
    /// The block's position in the arena.
    pub fn index_usize(self) -> usize {
        crate::entity::EntityId::index(self)
    }
}
