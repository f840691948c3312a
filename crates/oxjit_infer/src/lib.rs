//! Type inference.
//!
//! In: an IR [`Function`], the types of its arguments, and a [`Host`] that says what global
//! names refer to and types calls to other jitted functions. Out: a [`TypedFunction`]: a
//! type for every value, the return type, and a [`Resolved`] entry per instruction telling
//! codegen which library intrinsic or callee a call is — or a TypingError diagnostic at the
//! offending expression, with the types involved and the signatures that exist.
//!
//! The algorithm is a forward data-flow fixpoint over the SSA graph: each instruction's
//! result type is computed from its operands' types, block parameters take the unification
//! of what every incoming edge passes (so `s = 0` then `s += x[i]` makes `s` a float64),
//! and the pass repeats until nothing changes. Self-recursion types once a non-recursive
//! return path has given the return type, as in Numba.

mod arrays;
mod generator;
mod library;
pub mod operator_ufuncs;
mod optional;
mod rules;
mod weak;

pub use rules::item_type;

use oxjit_builtins::Typed;
use oxjit_diagnostics::{DResult, Diagnostic};
use oxjit_ir::{Block, EntityMap, Function, Inst, Op, Value, ValueDef};
use oxjit_types::{unify, GlobalValue, Type};

/// What inference needs from the world outside the function.
pub trait Host {
    /// The function's handle (for recognising self-recursion).
    fn self_id(&self) -> u64;
    /// What a global (or closure) name refers to.
    fn global(&self, name: &str) -> GlobalValue;
    /// An attribute of a module (`math.pi`, `np.float64`).
    fn module_attr(&self, module: &str, attr: &str) -> GlobalValue;
    /// Parameter names and defaults of a jitted function.
    fn callee_params(&self, id: u64) -> DResult<(Vec<String>, Vec<Option<GlobalValue>>)>;
    /// The return type of a jitted function for these argument types; `Ok(None)` while it
    /// is itself being inferred (recursion).
    fn callee_return(&self, id: u64, args: &[Type]) -> DResult<Option<Type>>;
    /// The jitted implementation of the overloaded function `handle` for these argument
    /// types (`oxjit.extending.overload`).
    fn resolve_overload(
        &self,
        handle: u64,
        args: &[Type],
        kwargs: &[(String, Type)],
    ) -> DResult<u64>;
    /// The jitted implementation of the method `name` of `receiver` given with
    /// `oxjit.extending.overload_method`, if any; it takes the receiver first.
    fn resolve_method(
        &self,
        receiver: &Type,
        name: &str,
        args: &[Type],
        kwargs: &[(String, Type)],
    ) -> DResult<Option<u64>>;
    /// The jitted implementation of the attribute `name` of `receiver` given with
    /// `oxjit.extending.overload_attribute`, if any; it takes the receiver.
    fn resolve_attribute(&self, receiver: &Type, name: &str) -> DResult<Option<u64>>;
}

/// Where each argument of a call to a jitted function comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum ArgSource {
    Positional(usize),
    Keyword(usize),
    Default(GlobalValue),
    /// Item `k` of the call's starred tuple (`f(a, *t)`).
    StarItem(usize),
}

/// What codegen needs to know about an instruction beyond its operand types.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Resolved {
    #[default]
    Nothing,
    /// The value is this compile-time constant (globals, module attributes).
    Const(GlobalValue),
    /// A library call.
    Builtin(Typed),
    /// A call to a library function whose body is Python (`typed.intrinsic` names it):
    /// compiled as the callee `id` specialised for `typed.args`, its result converted to
    /// `typed.result`.
    Library { id: u64, typed: Typed },
    /// A call to a jitted function specialised for `args`.
    Jitted {
        id: u64,
        args: Vec<Type>,
        sources: Vec<ArgSource>,
    },
    /// The dtype an operation is computed in where its operands' types do not say it:
    /// `array op= value` before the result is stored in the array's own dtype (NumPy
    /// promotes first, NEP 50 weak or strong), and a float32 compared with a Python
    /// float, which NumPy converts to float32 first (`np.float32(0.1) == 0.1`).
    ComputedIn(oxjit_types::Dtype),
    /// A `prange` loop run on the worker pool (made by the parallel stage after inference).
    Parallel(Box<ParallelLoop>),
}

/// A `prange` loop replaced by a call: its arguments are the values the loop body reads
/// from outside (`live_ins` of them), the trip count, then the value each reduction
/// starts from; it returns the tuple of the reductions' results (`none` without any; an
/// array reduction's result is the array it started from, updated in place).
/// The body runs as the chunk function `chunk_id`, over ranges of iteration numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct ParallelLoop {
    /// The chunk function's key among the module's functions (with `chunk_args`). Its
    /// arguments are the live-in values, each reduction's identity, then the first and
    /// one-past-last iteration numbers of a chunk.
    pub chunk_id: u64,
    pub chunk_args: Vec<Type>,
    pub live_ins: usize,
    /// How each reduction's partial results combine, and their type.
    pub reductions: Vec<(Reduction, Type)>,
    /// For each array reduction, the function (taking the array and a chunk's partial
    /// array, of the reduction's type) that updates the array with the partial result.
    pub combiners: Vec<Option<u64>>,
}

/// The operator a reduction variable is updated with, which says how partial results
/// combine and what each chunk starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduction {
    /// `s += x`, `s -= x`, `s = s + x`: partials start at 0 and add up.
    Sum,
    /// `s *= x`, `s /= x`: partials start at 1 and multiply.
    Product,
    /// `s &= x`: partials start with every bit set.
    BitAnd,
    /// `s |= x`.
    BitOr,
    /// `s ^= x`.
    BitXor,
    /// `s = min(s, x)`: partials start at the type's largest value.
    Min,
    /// `s = max(s, x)`.
    Max,
    /// `s = np.maximum(s, x)` of reals: like `Max`, but a NaN wins.
    Maximum,
    /// `s = np.minimum(s, x)` of reals.
    Minimum,
    /// `s = s or x`: partials start false (the first true value wins, as in Python).
    Or,
    /// `s = s and x`: partials start true (the first false value wins).
    And,
}

/// A function specialised for its argument types.
#[derive(Clone, Debug)]
pub struct TypedFunction {
    pub func: Function,
    pub arg_types: Vec<Type>,
    pub ret: Type,
    pub types: EntityMap<Value, Option<Type>>,
    pub resolved: EntityMap<Inst, Resolved>,
}

/// The integer `v` is known to hold at compile time: a literal, a negated one, or a
/// global constant (`resolved` says which globals are constants). Inference and code
/// generation must agree on it: it picks the element of a tuple `t[-1]`.
pub fn constant_int(
    func: &Function,
    resolved: &EntityMap<Inst, Resolved>,
    v: Value,
) -> Option<i64> {
    let ValueDef::Inst(inst) = func.values[v] else {
        return None;
    };
    match &func.insts[inst].op {
        Op::Const(oxjit_ir::Const::Int(i)) => Some(*i),
        Op::Unary(oxjit_ir::UnaryOp::Neg, a) => constant_int(func, resolved, *a)?.checked_neg(),
        Op::Global(_) => match resolved[inst] {
            Resolved::Const(GlobalValue::Int(i)) => Some(i),
            _ => None,
        },
        _ => None,
    }
}

/// The positions `t[index]` takes of a tuple of `len` items when `index` is a slice with
/// bounds known at compile time (`t[1:]`, `t[::-1]`), by Python's rules; `None` when it
/// is not such a slice.
pub fn tuple_slice(
    func: &Function,
    resolved: &EntityMap<Inst, Resolved>,
    index: Value,
    len: usize,
) -> Option<Vec<usize>> {
    let Some(Op::Call { args, .. }) = def_op(func, index) else {
        return None;
    };
    let part = |v: Value| match def_op(func, v) {
        Some(Op::Const(oxjit_ir::Const::None)) => Some(None),
        _ => constant_int(func, resolved, v).map(Some),
    };
    let [start, stop, step] = args.as_slice() else {
        return None;
    };
    let (start, stop, step) = (part(*start)?, part(*stop)?, part(*step)?);
    let step = step.unwrap_or(1);
    if step == 0 {
        return None;
    }
    let n = len as i64;
    // Python's slice.indices(n).
    let clamp = |x: Option<i64>, default: i64| match x {
        None => default,
        Some(x) if x < 0 => (x + n).max(if step < 0 { -1 } else { 0 }),
        Some(x) => x.min(if step < 0 { n - 1 } else { n }),
    };
    let (lo, hi) = if step < 0 { (n - 1, -1) } else { (0, n) };
    let (mut i, stop) = (clamp(start, lo), clamp(stop, hi));
    let mut out = Vec::new();
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    Some(out)
}

impl TypedFunction {
    /// See [`constant_int`].
    pub fn constant_int(&self, v: Value) -> Option<i64> {
        constant_int(&self.func, &self.resolved, v)
    }

    pub fn ty(&self, v: Value) -> &Type {
        self.types[v]
            .as_ref()
            .expect("inference typed every value that is used")
    }

    /// The typed IR text (`v3: float64 = add v1, v2`).
    pub fn display(&self) -> String {
        let sig: Vec<String> = self.arg_types.iter().map(|t| t.to_string()).collect();
        format!(
            "# {}({}) -> {}\n{}",
            self.func.name,
            sig.join(", "),
            self.ret,
            self.func
                .display_with(&|v| self.types[v].as_ref().map(|t| t.to_string()))
        )
    }
}

/// Which arguments are NumPy scalars rather than Python numbers: bit `i` for argument `i`.
///
/// Both type as the same dtype, but under NumPy 2's promotion rules (NEP 50) a Python
/// int/float/complex is "weak" and takes an array operand's dtype, while a NumPy scalar
/// keeps its own (`float32 array * np.float64(2)` is float64, `* 2.0` is float32). Only
/// int64, float64 and complex128 arguments can differ this way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct NumpyScalarArgs(pub u64);

impl NumpyScalarArgs {
    pub fn contains(self, arg: u32) -> bool {
        arg < 64 && self.0 & (1 << arg) != 0
    }
}

/// Infers types for `func` called with `arg_types` (`numpy_scalars` says which scalar
/// arguments are NumPy scalars).
pub fn infer(
    mut func: Function,
    arg_types: &[Type],
    numpy_scalars: NumpyScalarArgs,
    host: &dyn Host,
) -> DResult<TypedFunction> {
    operator_ufuncs::rewrite(&mut func, host);
    if arg_types.len() != func.param_names.len() {
        return Err(Diagnostic::internal(format!(
            "{} takes {} arguments, {} types given",
            func.name,
            func.param_names.len(),
            arg_types.len()
        )));
    }
    let mut cx = rules::Infer {
        types: EntityMap::with_default(func.values.len()),
        resolved: EntityMap::with_default(func.insts.len()),
        ret: None,
        arg_types: arg_types.to_vec(),
        numpy_scalars,
        host,
        func: &func,
        settled: false,
        flow: Default::default(),
        weak_answers: Default::default(),
        unwrapping: Vec::new(),
        unwraps: Default::default(),
    };
    let order = func.reverse_postorder();
    // Blocks behind a branch whose condition the types decide (`if b is None:` with b
    // None) are never reached, so never typed, as Numba prunes them: `a + b` there would
    // not type. A condition is typed before its branch is (it dominates it), except for
    // loop-carried values, whose branches count as undecided.
    let mut reached = std::collections::HashSet::from([func.entry]);
    let mut yields: Option<Type> = None;
    for round in 0.. {
        cx.weak_answers.borrow_mut().clear();
        let mut changed = false;
        let mut ret: Option<Type> = None;
        yields = None;
        for &b in &order {
            if !reached.contains(&b) {
                continue;
            }
            for &inst in &func.blocks[b].insts {
                changed |= cx.visit(inst, &mut ret)?;
            }
            if let Some(t) = func.terminator(b) {
                for target in cx.taken_successors(t) {
                    changed |= reached.insert(target);
                }
                // An exception edge is taken whenever the block may raise.
                if let Some((handler, args)) = &func.blocks[b].unwind {
                    changed |= cx.join_edge(t, *handler, args)?;
                    changed |= reached.insert(*handler);
                }
                if let Op::Yield { value, .. } = func.insts[t].op {
                    generator::join_yield(&cx, t, value, &mut yields)?;
                }
            }
        }
        if ret != cx.ret {
            cx.ret = ret;
            changed = true;
        }
        if !changed && !cx.settled && has_untyped_list(&cx, &order, &reached) {
            cx.settled = true;
            continue;
        }
        if !changed {
            break;
        }
        if round > 100 {
            return Err(Diagnostic::internal("type inference did not converge"));
        }
    }
    let live: Vec<Block> = order
        .iter()
        .copied()
        .filter(|b| reached.contains(b))
        .collect();
    cx.check_all_typed(&live)?;
    // A function that always raises never returns: its calls have type None, as in Numba.
    let returns = live.iter().any(|&b| {
        func.terminator(b)
            .is_some_and(|t| matches!(func.insts[t].op, Op::Return(_)))
    });
    if !returns && cx.ret.is_none() {
        cx.ret = Some(Type::None);
    }
    if func.is_generator {
        cx.ret = Some(generator::result_type(&cx, &live, yields)?);
    }
    let ret = cx.ret.clone().ok_or_else(|| {
        Diagnostic::typing(format!(
            "cannot determine the return type of '{}': every path recurses or raises",
            func.name
        ))
        .at(
            &func.source,
            func.insts
                .iter()
                .next()
                .map(|(_, d)| d.span)
                .unwrap_or_default(),
        )
        .with_help("give the recursion a base case that returns without calling itself")
    })?;
    let decided = cx.decided_branches(&live);
    let (types, resolved, unwraps) = (cx.types, cx.resolved, cx.unwraps);
    // Decided branches become jumps, so later stages never see the pruned blocks.
    let mut func = func;
    for (inst, target, args) in decided {
        func.insts[inst].op = Op::Jump(target, args);
    }
    let mut typed = TypedFunction {
        func,
        arg_types: arg_types.to_vec(),
        ret,
        types,
        resolved,
    };
    optional::insert_unwraps(&mut typed, unwraps);
    Ok(typed)
}

/// Joins a returned type into the function's return type, as [`join`] does, except that
/// None and a value make an optional value (`OptionalType(T)`, as Numba types a function
/// that returns a number on some paths and falls off the end on others).
pub(crate) fn join_return(slot: &mut Option<Type>, t: &Type) -> Result<bool, (Type, Type)> {
    let can_be_none = |t: &Type| !t.is_compile_time() && !matches!(t, Type::Optional(_));
    let merged = match (slot.as_ref(), t) {
        (Some(Type::None), t) if can_be_none(t) => Type::Optional(Box::new(t.clone())),
        (Some(old), Type::None) if can_be_none(old) => Type::Optional(Box::new(old.clone())),
        (Some(Type::Optional(_)), Type::None) => return Ok(false),
        (Some(Type::Optional(x)), t) | (Some(t), Type::Optional(x)) => {
            let inner = match t {
                Type::Optional(y) => unify(x, y),
                Type::None => Some((**x).clone()),
                _ => unify(x, t),
            };
            match inner {
                Some(u) => Type::Optional(Box::new(u)),
                None => return Err((slot.clone().unwrap(), t.clone())),
            }
        }
        _ => return join(slot, t),
    };
    let changed = slot.as_ref() != Some(&merged);
    *slot = Some(merged);
    Ok(changed)
}

/// Joins a new type into a slot; reports whether the slot changed.
pub(crate) fn join(slot: &mut Option<Type>, t: &Type) -> Result<bool, (Type, Type)> {
    match slot {
        None => {
            *slot = Some(t.clone());
            Ok(true)
        }
        Some(old) if old == t => Ok(false),
        Some(old) => match unify(old, t) {
            Some(u) if &u == old => Ok(false),
            Some(u) => {
                *slot = Some(u);
                Ok(true)
            }
            None => Err((old.clone(), t.clone())),
        },
    }
}

pub(crate) fn value_name(func: &Function, v: Value) -> Option<&str> {
    func.value_names[v]
        .as_deref()
        .filter(|n| !n.starts_with('$'))
}

pub(crate) fn is_param(func: &Function, v: Value) -> bool {
    matches!(func.values[v], ValueDef::Param(..))
}

/// Whether a list or dict made in a reached block (`l = []`, `d = {}`) has no type yet.
fn has_untyped_list(
    cx: &rules::Infer<'_>,
    order: &[Block],
    reached: &std::collections::HashSet<Block>,
) -> bool {
    order
        .iter()
        .filter(|b| reached.contains(b))
        .flat_map(|&b| cx.func.blocks[b].insts.iter())
        .any(|&inst| {
            let data = &cx.func.insts[inst];
            let Op::Call { func: f, .. } = &data.op else {
                return false;
            };
            let is_list = matches!(cx.func.def_op(*f), Some(Op::Global(n)) if matches!(n.as_str(), "$list" | "$dict" | "dict"));
            is_list && data.result.is_some_and(|r| cx.types[r].is_none())
        })
}

pub(crate) fn def_op(func: &Function, v: Value) -> Option<&Op> {
    func.def_op(v)
}
