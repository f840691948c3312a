//! Moving a `prange` loop's body into a chunk function, and the loop's place in its
//! function into one call that runs the chunks.
//!
//! The chunk function takes the values the body reads from outside, each reduction's
//! identity and an iteration range `lo..hi`; it runs the loop's own blocks (copied, ids
//! renumbered) with `k` from `lo` to `hi` and returns its reductions' partial results.
//! Constants and globals read from outside, and the range being iterated, are made again
//! inside rather than passed.

use crate::find::PrangeLoop;
use oxjit_infer::{ParallelLoop, Reduction, Resolved, TypedFunction};
use oxjit_ir::{
    BinOp, Block, CmpOp, Const, EntityMap, Function, Inst, InstData, Op, Value, ValueDef,
};
use oxjit_types::{GlobalValue, Type};
use std::collections::{HashMap, HashSet};

/// Values read inside the loop but defined outside it, in order of first use.
pub fn live_ins(tf: &TypedFunction, lp: &PrangeLoop) -> Vec<Value> {
    let func = &tf.func;
    let mut defined: HashSet<Value> = HashSet::new();
    for &b in &lp.blocks {
        defined.extend(func.blocks[b].params.iter().copied());
        defined.extend(
            func.blocks[b]
                .insts
                .iter()
                .filter_map(|&i| func.insts[i].result),
        );
    }
    // The range itself is made again inside (see `chunk_function`): what it is made
    // from is read instead.
    let mut out = Vec::new();
    let insts = lp
        .blocks
        .iter()
        .flat_map(|&b| func.blocks[b].insts.iter().copied());
    for inst in insts.chain([lp.range_call]) {
        func.insts[inst].op.for_each_arg(|v| {
            if v != lp.iterable && !defined.contains(&v) && !out.contains(&v) {
                out.push(v);
            }
        });
    }
    out
}

/// Whether a live-in is copied into the chunk function instead of passed to it.
fn copied_in(tf: &TypedFunction, v: Value) -> bool {
    matches!(
        tf.func.def_op(v),
        Some(Op::Const(_) | Op::Global(_) | Op::Undef)
    )
}

/// A typed function under construction: the IR plus its side tables.
struct Builder {
    func: Function,
    types: HashMap<Value, Type>,
    resolved: HashMap<Inst, Resolved>,
}

impl Builder {
    fn push(&mut self, b: Block, op: Op, ty: Type, res: Resolved, src: &InstData) -> Value {
        let v = self
            .func
            .push(b, op, src.span)
            .expect("a value-producing op");
        self.types.insert(v, ty);
        let inst = self.last_inst(b);
        self.resolved.insert(inst, res);
        v
    }

    fn last_inst(&self, b: Block) -> Inst {
        *self.func.blocks[b].insts.last().expect("just pushed")
    }

    fn finish(self, arg_types: Vec<Type>, ret: Type) -> TypedFunction {
        let mut types = EntityMap::with_default(self.func.values.len());
        for (v, t) in self.types {
            *types.entry(v) = Some(t);
        }
        let mut resolved = EntityMap::with_default(self.func.insts.len());
        for (i, r) in self.resolved {
            *resolved.entry(i) = r;
        }
        TypedFunction {
            func: self.func,
            arg_types,
            ret,
            types,
            resolved,
        }
    }
}

/// The chunk function of `lp`: arguments are the passed live-ins, one identity per
/// reduction, then `lo` and `hi`.
pub fn chunk_function(
    tf: &TypedFunction,
    lp: &PrangeLoop,
    live: &[Value],
    reductions: &[Reduction],
    name: String,
) -> TypedFunction {
    let src = &tf.func;
    let carried: Vec<Value> = src.blocks[lp.header].params[1..].to_vec();
    debug_assert_eq!(reductions.len(), carried.len());
    let mut names: Vec<String> = live
        .iter()
        .filter(|v| !copied_in(tf, **v))
        .map(|v| {
            src.value_names[*v]
                .clone()
                .unwrap_or_else(|| format!("{v}"))
        })
        .collect();
    names.extend((0..carried.len()).map(|j| format!("$identity{j}")));
    names.extend(["$lo".to_string(), "$hi".to_string()]);
    let mut chunk = Chunk {
        tf,
        span: &src.insts[lp.bound_check],
        out: Builder {
            func: Function::new(&name, names, src.source.clone()),
            types: HashMap::new(),
            resolved: HashMap::new(),
        },
        vmap: HashMap::new(),
        arg_types: Vec::new(),
    };
    chunk.bring_live_ins(lp, live);
    let mut start = Vec::new();
    for (&r, kind) in carried.iter().zip(reductions) {
        start.push(chunk.identity(tf.ty(r), *kind));
    }
    let lo = chunk.arg(&Type::I64);
    let hi = chunk.arg(&Type::I64);
    start.insert(0, lo);
    let done = chunk.copy_loop(lp, start, hi);
    chunk.return_partials(done, &carried)
}

/// A chunk function under construction: its IR, and where each value of the source
/// function went.
struct Chunk<'a> {
    tf: &'a TypedFunction,
    /// The span new instructions get (the loop's bound check).
    span: &'a InstData,
    out: Builder,
    vmap: HashMap<Value, Value>,
    arg_types: Vec<Type>,
}

impl Chunk<'_> {
    /// The next argument, of type `t`.
    fn arg(&mut self, t: &Type) -> Value {
        let entry = self.out.func.entry;
        let n = self.arg_types.len() as u32;
        self.arg_types.push(t.clone());
        self.out
            .push(entry, Op::Arg(n), t.clone(), Resolved::Nothing, self.span)
    }

    /// The live-ins: passed as arguments, or (constants and globals) made again; then
    /// the range, made again from its bounds so code generation sees its constant start
    /// and step (`prange(n)` counts from 0 by 1: no multiplication, no negative index to
    /// wrap around).
    fn bring_live_ins(&mut self, lp: &PrangeLoop, live: &[Value]) {
        let (tf, src) = (self.tf, &self.tf.func);
        let entry = self.out.func.entry;
        for &v in live {
            let t = tf.ty(v).clone();
            let copy = if copied_in(tf, v) {
                let ValueDef::Inst(i) = src.values[v] else {
                    unreachable!("copied live-ins are instructions")
                };
                let d = &src.insts[i];
                self.out
                    .push(entry, d.op.clone(), t, tf.resolved[i].clone(), d)
            } else {
                self.arg(&t)
            };
            self.out.func.value_names[copy] = src.value_names[v].clone();
            self.vmap.insert(v, copy);
        }
        let d = &src.insts[lp.range_call];
        let mut op = d.op.clone();
        op.map_args(|v| *v = self.vmap[v]);
        let resolved = tf.resolved[lp.range_call].clone();
        let range = self.out.push(entry, op, Type::Range, resolved, d);
        self.vmap.insert(lp.iterable, range);
    }

    /// A reduction's starting value: its identity, passed in; an array reduction is
    /// given the array it updates, and each chunk adds (multiplies) into a fresh array of
    /// zeros (ones) like it.
    fn identity(&mut self, t: &Type, kind: Reduction) -> Value {
        let v = self.arg(t);
        if !matches!(t, Type::Array(_)) {
            return v;
        }
        let entry = self.out.func.entry;
        fresh_array_like(&mut self.out, entry, v, kind, t, self.span)
    }

    /// Copies the loop's blocks, entered with the header's arguments `start` and bounded
    /// by `hi`; returns the block that leaving through the header now reaches.
    fn copy_loop(&mut self, lp: &PrangeLoop, start: Vec<Value>, hi: Value) -> Block {
        let (tf, src) = (self.tf, &self.tf.func);
        let mut bmap: HashMap<Block, Block> = HashMap::new();
        for &b in &lp.blocks {
            let nb = self.out.func.add_block();
            bmap.insert(b, nb);
            for &p in &src.blocks[b].params {
                let np = self.out.func.add_block_param(nb);
                if let Some(t) = tf.types[p].clone() {
                    self.out.types.insert(np, t);
                }
                self.out.func.value_names[np] = src.value_names[p].clone();
                self.vmap.insert(p, np);
            }
        }
        let done = self.out.func.add_block();
        let entry = self.out.func.entry;
        let enter = Op::Jump(bmap[&lp.header], start);
        self.out.func.push(entry, enter, self.span.span);
        for &b in &lp.blocks {
            for &inst in &src.blocks[b].insts {
                let d = &src.insts[inst];
                let mut op = d.op.clone();
                op.map_args(|v| *v = self.vmap.get(v).copied().unwrap_or(*v));
                retarget(&mut op, &bmap, lp.exit, done);
                if inst == lp.bound_check {
                    op = Op::Compare(CmpOp::Lt, self.vmap[&lp.index], hi);
                }
                let nb = bmap[&b];
                let resolved = tf.resolved[inst].clone();
                match d.result {
                    Some(r) => {
                        let t = tf.types[r].clone().expect("loop values are typed");
                        let nv = self.out.push(nb, op, t, resolved, d);
                        self.out.func.value_names[nv] = src.value_names[r].clone();
                        self.vmap.insert(r, nv);
                    }
                    None => {
                        self.out.func.push(nb, op, d.span);
                        let i = self.out.last_inst(nb);
                        self.out.resolved.insert(i, resolved);
                    }
                }
            }
        }
        // The blocks' exception edges are left behind (`find` allows no `try` inside the
        // loop): a chunk that raises fails, and the call of the chunks raises where the
        // loop was, inside its `try`.
        done
    }

    /// `done` returns the tuple of the carried variables (the partial results), or
    /// None without any; the finished function.
    fn return_partials(mut self, done: Block, carried: &[Value]) -> TypedFunction {
        let partials: Vec<Value> = carried.iter().map(|r| self.vmap[r]).collect();
        let (op, ret) = if partials.is_empty() {
            (Op::Const(oxjit_ir::Const::None), Type::None)
        } else {
            let types = partials.iter().map(|p| self.out.types[p].clone()).collect();
            (Op::MakeTuple(partials), Type::tuple(types))
        };
        let result = self
            .out
            .push(done, op, ret.clone(), Resolved::Nothing, self.span);
        self.out.func.push(done, Op::Return(result), self.span.span);
        self.out.finish(self.arg_types, ret)
    }
}

/// `np.zeros_like(v)` (`np.ones_like(v)` for a product), in `block`.
fn fresh_array_like(
    out: &mut Builder,
    block: Block,
    v: Value,
    kind: Reduction,
    t: &Type,
    span: &InstData,
) -> Value {
    let name = match kind {
        Reduction::Product => "ones_like",
        _ => "zeros_like",
    };
    let args = oxjit_builtins::CallArgs {
        types: std::slice::from_ref(t),
        kwargs: &[],
        strong: &[],
    };
    let typed = oxjit_builtins::type_call(&format!("numpy.{name}"), &args)
        .and_then(Result::ok)
        .expect("np.zeros_like and np.ones_like type for every array");
    let module = Type::Module("numpy".into());
    let numpy = GlobalValue::Module("numpy".into());
    let np = out.push(
        block,
        Op::Global("np".into()),
        module,
        Resolved::Const(numpy),
        span,
    );
    let call = Op::MethodCall {
        obj: np,
        name: name.into(),
        args: vec![v],
        kwargs: Vec::new(),
    };
    let result = typed.result.clone();
    out.push(block, call, result, Resolved::Builtin(typed), span)
}

/// `def combine(acc, part): acc op= part`: how an array reduction's partial results
/// (`part`, a chunk's array) join the array the loop updates.
pub fn array_combiner(
    tf: &TypedFunction,
    name: String,
    kind: Reduction,
    t: &Type,
) -> TypedFunction {
    let Type::Array(a) = t else {
        unreachable!("combiners are for array reductions")
    };
    let op = match kind {
        Reduction::Product => BinOp::Mul,
        _ => BinOp::Add,
    };
    let mut out = Builder {
        func: Function::new(
            &name,
            vec!["acc".into(), "part".into()],
            tf.func.source.clone(),
        ),
        types: HashMap::new(),
        resolved: HashMap::new(),
    };
    let entry = out.func.entry;
    let span = InstData {
        op: Op::Undef,
        result: None,
        span: Default::default(),
    };
    let acc = out.push(entry, Op::Arg(0), t.clone(), Resolved::Nothing, &span);
    let part = out.push(entry, Op::Arg(1), t.clone(), Resolved::Nothing, &span);
    let update = Op::InplaceBinary(op, acc, part);
    out.push(
        entry,
        update,
        t.clone(),
        Resolved::ComputedIn(a.dtype),
        &span,
    );
    let none = out.push(
        entry,
        Op::Const(oxjit_ir::Const::None),
        Type::None,
        Resolved::Nothing,
        &span,
    );
    out.func.push(entry, Op::Return(none), span.span);
    let i = out.last_inst(entry);
    out.resolved.insert(i, Resolved::Nothing);
    out.finish(vec![t.clone(), t.clone()], Type::None)
}

/// Points a copied terminator's edges at the copied blocks; the loop's exit becomes `done`
/// (whose parameters are none: the partial results are the header's own parameters).
fn retarget(op: &mut Op, bmap: &HashMap<Block, Block>, exit: Block, done: Block) {
    op.for_each_edge_mut(|b, args| {
        if *b == exit && !bmap.contains_key(b) {
            *b = done;
            args.clear();
        } else {
            *b = bmap[b];
        }
    });
}

/// Replaces the loop in `tf` by the call of its chunks: the preheader computes the trip
/// count, calls, unpacks the reductions' results and jumps to the loop's exit with them
/// in place of the header's parameters. The loop's blocks are left empty (unreachable).
pub fn replace_loop(tf: &mut TypedFunction, lp: &PrangeLoop, live: &[Value], region: ParallelLoop) {
    let passed: Vec<Value> = live
        .iter()
        .copied()
        .filter(|v| !copied_in(tf, *v))
        .collect();
    let carried: Vec<Value> = tf.func.blocks[lp.header].params[1..].to_vec();
    let p = lp.preheader;
    let term = tf
        .func
        .terminator(p)
        .expect("the preheader jumps to the loop");
    let Op::Jump(_, entry_args) = tf.func.insts[term].op.clone() else {
        unreachable!("find checks the preheader jumps")
    };
    let span = tf.func.insts[term].span;
    tf.func.blocks[p].insts.pop();
    let push = |tf: &mut TypedFunction, op: Op, t: Type, r: Resolved| {
        let v = tf.func.push(p, op, span).expect("a value-producing op");
        debug_assert_eq!(tf.types.len(), v.index_usize());
        tf.types.push(Some(t));
        tf.resolved.push(r);
        v
    };
    let count_resolution = tf.resolved[lp.trip_count].clone();
    // The trip count of the range, read before the first step.
    let start = push(tf, Op::Const(Const::Int(0)), Type::I64, Resolved::Nothing);
    let n = push(
        tf,
        Op::IterLen(lp.iterable, start),
        Type::I64,
        count_resolution,
    );
    let mut args = passed;
    args.push(n);
    args.extend(entry_args[1..].iter().copied());
    let ret = if carried.is_empty() {
        Type::None
    } else {
        Type::tuple(carried.iter().map(|r| tf.ty(*r).clone()).collect())
    };
    let call = Op::Call {
        func: lp.callable,
        args,
        kwargs: Vec::new(),
        star: None,
    };
    let call = push(tf, call, ret, Resolved::Parallel(Box::new(region)));
    let mut subst: HashMap<Value, Value> = HashMap::new();
    for (j, &r) in carried.iter().enumerate() {
        let unpack = Op::Unpack {
            tuple: call,
            index: j as u32,
            count: carried.len() as u32,
        };
        let t = tf.ty(r).clone();
        subst.insert(r, push(tf, unpack, t, Resolved::Nothing));
    }
    let blocks: Vec<Block> = tf.func.blocks.keys().collect();
    for b in blocks {
        if lp.contains(b) {
            continue;
        }
        for k in 0..tf.func.blocks[b].insts.len() {
            let inst = tf.func.blocks[b].insts[k];
            tf.func.insts[inst]
                .op
                .map_args(|v| *v = subst.get(v).copied().unwrap_or(*v));
        }
        if let Some((_, args)) = &mut tf.func.blocks[b].unwind {
            args.iter_mut()
                .for_each(|v| *v = subst.get(v).copied().unwrap_or(*v));
        }
    }
    let exit_args: Vec<Value> = lp
        .exit_args
        .iter()
        .map(|v| subst.get(v).copied().unwrap_or(*v))
        .collect();
    tf.func.push(p, Op::Jump(lp.exit, exit_args), span);
    tf.resolved.push(Resolved::Nothing);
    for &b in &lp.blocks {
        for inst in std::mem::take(&mut tf.func.blocks[b].insts) {
            tf.resolved[inst] = Resolved::Nothing;
        }
        tf.func.blocks[b].params.clear();
        tf.func.blocks[b].unwind = None;
    }
    tf.resolved[term] = Resolved::Nothing;
}
