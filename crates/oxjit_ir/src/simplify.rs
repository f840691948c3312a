//! Removal of trivial block parameters: a parameter whose incoming arguments are all one
//! value (or the parameter itself) is that value. SSA construction creates many of these
//! for variables merely read inside loops; removing them gives inference and codegen the
//! plain data flow (a loop bound is the caller's `n`, not a loop-carried copy of it).

use crate::entity::EntityMap;
use crate::{Block, Function, Value, ValueDef};

impl Function {
    /// Replaces trivial block parameters by the value they always receive.
    pub fn remove_trivial_params(&mut self) {
        let preds = self.predecessors();
        let mut replace: EntityMap<Value, Option<Value>> =
            EntityMap::with_default(self.values.len());
        let resolve = |replace: &EntityMap<Value, Option<Value>>, mut v: Value| {
            while let Some(Some(r)) = replace.get(v) {
                v = *r;
            }
            v
        };
        loop {
            let mut changed = false;
            for b in self.blocks.keys().collect::<Vec<Block>>() {
                let params = self.blocks[b].params.clone();
                for (idx, &p) in params.iter().enumerate() {
                    if replace[p].is_some() {
                        continue;
                    }
                    let mut same: Option<Value> = None;
                    let mut trivial = true;
                    for &pred in &preds[b] {
                        for (succ, args) in self.edges(pred) {
                            if succ != b {
                                continue;
                            }
                            let a = resolve(&replace, args[idx]);
                            if a == p || Some(a) == same {
                                continue;
                            }
                            if same.is_none() {
                                same = Some(a);
                            } else {
                                trivial = false;
                            }
                        }
                    }
                    if trivial {
                        if let Some(s) = same {
                            replace[p] = Some(s);
                            changed = true;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        // Rewrite uses, then drop the parameters and their edge arguments.
        for inst in self.insts.keys().collect::<Vec<_>>() {
            self.insts[inst].op.map_args(|v| *v = resolve(&replace, *v));
        }
        for b in self.blocks.keys().collect::<Vec<Block>>() {
            if let Some((_, args)) = &mut self.blocks[b].unwind {
                args.iter_mut().for_each(|v| *v = resolve(&replace, *v));
            }
        }
        for b in self.blocks.keys().collect::<Vec<Block>>() {
            let params = std::mem::take(&mut self.blocks[b].params);
            let keep: Vec<bool> = params.iter().map(|&p| replace[p].is_none()).collect();
            if keep.iter().all(|&k| k) {
                self.blocks[b].params = params;
                continue;
            }
            let mut unique_preds = preds[b].clone();
            unique_preds.sort();
            unique_preds.dedup();
            for pred in unique_preds {
                self.for_each_edge_mut(pred, |target, args| {
                    if *target == b && args.len() == keep.len() {
                        let mut i = 0;
                        args.retain(|_| {
                            i += 1;
                            keep[i - 1]
                        });
                    }
                });
            }
            let kept: Vec<Value> = params
                .into_iter()
                .zip(&keep)
                .filter(|(_, &k)| k)
                .map(|(p, _)| p)
                .collect();
            for (i, &p) in kept.iter().enumerate() {
                self.values[p] = ValueDef::Param(b, i as u32);
            }
            self.blocks[b].params = kept;
        }
    }
}
