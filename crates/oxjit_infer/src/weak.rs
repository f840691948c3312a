//! NEP 50 weakness: which scalar values are Python numbers (they take the dtype of the
//! NumPy operand they meet) and which are NumPy scalars (they promote as themselves).
//! Read from a value's definition: literals, Python-number arguments, Python's
//! functions of Python numbers, items of Python tuples, lists and ranges are weak;
//! array elements and NumPy's functions' results are strong.
//!
//! A value is weak when its own definition allows it and every value it comes from is
//! weak: a greatest fixpoint over the values a query reaches (loops feed block parameters
//! back into themselves), solved with a worklist, so a query costs time linear in the
//! values it reaches however many paths join them.

use crate::rules::Infer;
use crate::{def_op, Resolved};
use oxjit_builtins::Intrinsic;
use oxjit_ir::{Block, Op, Value};
use oxjit_types::{Callable, Type};
use std::collections::HashMap;

/// A question the fixpoint answers: is this value weak, or are the items of this tuple,
/// list or range weak.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Node {
    Value(Value),
    Items(Value),
}

/// What one node's answer depends on: its own definition, and nodes that must all be weak.
struct WeakRule {
    local: bool,
    deps: Vec<Node>,
}

impl WeakRule {
    fn fixed(local: bool) -> WeakRule {
        WeakRule {
            local,
            deps: Vec::new(),
        }
    }
}

/// The values each block parameter receives, over every edge into its block.
pub(crate) type ParamSources = HashMap<(Block, u32), Vec<Value>>;

impl Infer<'_> {
    /// Whether `v` is a Python number (NEP 50 "weak"): a literal, a Python int/float/
    /// complex/bool argument (not a NumPy scalar one), or arithmetic and `math` results
    /// of such. Array elements and NumPy conversions are NumPy scalars. Arrays count as
    /// weak (they decide for themselves).
    pub(crate) fn is_weak(&self, v: Value) -> bool {
        if let Some(&known) = self.weak_answers.borrow().get(&v) {
            return known;
        }
        let answer = self.solve_weak(v);
        self.weak_answers.borrow_mut().insert(v, answer);
        answer
    }

    /// The fixpoint for one query (answers are kept for the rest of the round: the types
    /// they read change only between rounds once the types settle).
    fn solve_weak(&self, v: Value) -> bool {
        let root = Node::Value(v);
        let mut index: HashMap<Node, usize> = HashMap::from([(root, 0)]);
        let mut nodes = vec![root];
        let mut rules: Vec<WeakRule> = Vec::new();
        while rules.len() < nodes.len() {
            let rule = self.weak_rule(nodes[rules.len()]);
            for &d in &rule.deps {
                index.entry(d).or_insert_with(|| {
                    nodes.push(d);
                    nodes.len() - 1
                });
            }
            rules.push(rule);
        }
        // Start from every local answer; a node that is not weak makes everything that
        // depends on it not weak.
        let mut weak: Vec<bool> = rules.iter().map(|r| r.local).collect();
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
        for (i, rule) in rules.iter().enumerate() {
            for d in &rule.deps {
                dependents[index[d]].push(i);
            }
        }
        let mut work: Vec<usize> = (0..nodes.len()).filter(|&i| !weak[i]).collect();
        while let Some(n) = work.pop() {
            for &user in &dependents[n] {
                if weak[user] {
                    weak[user] = false;
                    work.push(user);
                }
            }
        }
        weak[0]
    }

    fn weak_rule(&self, node: Node) -> WeakRule {
        match node {
            Node::Value(v) => self.value_rule(v),
            Node::Items(v) => self.items_rule(v),
        }
    }

    fn value_rule(&self, v: Value) -> WeakRule {
        let Some(t) = self.t(v) else {
            return WeakRule::fixed(true);
        };
        let Type::Scalar(d) = t else {
            return WeakRule::fixed(true);
        };
        let default = oxjit_types::is_python_dtype(*d);
        let of = |local: bool, deps: Vec<Node>| WeakRule {
            local: default && local,
            deps,
        };
        match self.func.values[v] {
            // Weak when every incoming value is.
            oxjit_ir::ValueDef::Param(b, i) => {
                of(true, self.incoming(b, i).map(Node::Value).collect())
            }
            oxjit_ir::ValueDef::Inst(inst) => match &self.func.insts[inst].op {
                Op::Arg(i) => of(!self.numpy_scalars.contains(*i), vec![]),
                Op::Const(_) | Op::Global(_) => of(true, vec![]),
                // Arithmetic on a 0-d array gives a NumPy scalar.
                Op::Binary(_, a, b) | Op::InplaceBinary(_, a, b) => of(
                    !self.any_array(&[*a, *b]),
                    vec![Node::Value(*a), Node::Value(*b)],
                ),
                Op::Unary(_, a) => of(!self.any_array(&[*a]), vec![Node::Value(*a)]),
                Op::Call { .. } | Op::MethodCall { .. } => {
                    let r = self.python_result(inst);
                    of(r.local, r.deps)
                }
                // Items of Python tuples, lists and ranges are Python numbers.
                Op::IterGet(it, _) => of(true, vec![Node::Items(*it)]),
                Op::Unpack { tuple, index, .. } => {
                    of(true, vec![self.item_node(*tuple, Some(*index as i64))])
                }
                Op::GetItem(obj, i) if !matches!(self.t(*obj), Some(Type::Array(_))) => {
                    of(true, vec![self.item_node(*obj, self.const_int(*i))])
                }
                // An array's counts (`a.size`, `a.ndim`) are Python ints; so are a
                // module's number constants (`math.pi`, `np.inf`).
                Op::GetAttr(obj, name) => of(
                    match self.t(*obj) {
                        Some(Type::Array(_)) => {
                            matches!(name.as_str(), "ndim" | "size" | "itemsize" | "nbytes")
                        }
                        Some(Type::Module(_)) => true,
                        _ => false,
                    },
                    vec![],
                ),
                _ => WeakRule::fixed(false),
            },
        }
    }

    /// The values block parameter `i` of `b` receives.
    fn incoming(&self, b: Block, i: u32) -> impl Iterator<Item = Value> + '_ {
        self.param_sources()
            .get(&(b, i))
            .into_iter()
            .flat_map(|sources| sources.iter().copied())
    }

    /// Every block parameter's incoming values, gathered once per function.
    fn param_sources(&self) -> &ParamSources {
        self.param_sources.get_or_init(|| {
            let mut out = ParamSources::new();
            for (_, data) in self.func.insts.iter() {
                for (target, args) in data.op.successors() {
                    for (i, &a) in args.iter().enumerate() {
                        if !matches!(def_op(self.func, a), Some(Op::Undef)) {
                            out.entry((target, i as u32)).or_default().push(a);
                        }
                    }
                }
            }
            out
        })
    }

    /// Whether the call `inst` gives Python numbers: a Python function (math, abs,
    /// min, divmod, ... also those written in Python) of Python numbers, or a jitted
    /// function (its dispatcher gives Python code Python numbers, as Numba's does).
    /// NumPy's functions give NumPy scalars.
    fn python_result(&self, inst: oxjit_ir::Inst) -> WeakRule {
        let (Op::Call { args, .. } | Op::MethodCall { args, .. }) = &self.func.insts[inst].op
        else {
            return WeakRule::fixed(false);
        };
        let of_args = |python: bool| WeakRule {
            local: python,
            deps: args.iter().map(|a| Node::Value(*a)).collect(),
        };
        // int(x), float(x), complex(x), bool(x) and round(x) give Python numbers whatever
        // x is, and so do `math`'s functions (Python floats, ints, bools).
        let conversions = [
            "builtins.int",
            "builtins.float",
            "builtins.complex",
            "builtins.bool",
        ];
        let always_python = match &self.func.insts[inst].op {
            Op::Call { func, args, .. } => matches!(
                self.t(*func),
                Some(Type::Function(Callable::Builtin(name)))
                    if name.starts_with("math.") || conversions.contains(&name.as_str())
                        // round(x) is a Python int; round(x, n) keeps x's type.
                        || (name == "builtins.round" && args.len() == 1)
            ),
            Op::MethodCall { obj, .. } => {
                matches!(self.t(*obj), Some(Type::Module(m)) if m == "math")
            }
            _ => false,
        };
        if always_python {
            return WeakRule::fixed(true);
        }
        match &self.resolved[inst] {
            Resolved::Builtin(typed) => {
                let from_numpy = match &self.func.insts[inst].op {
                    Op::Call { func, .. } => matches!(
                        self.t(*func),
                        Some(Type::Function(Callable::Builtin(name)))
                            if name.starts_with("numpy.")
                    ),
                    Op::MethodCall { obj, .. } => {
                        matches!(self.t(*obj), Some(Type::Module(m)) if m == "numpy")
                    }
                    _ => false,
                };
                let python = matches!(
                    typed.intrinsic,
                    Intrinsic::Math(_)
                        | Intrinsic::Math2(_)
                        | Intrinsic::Abs
                        | Intrinsic::MinMax { .. }
                        | Intrinsic::Round { .. }
                        | Intrinsic::FloatToIntRound(_)
                        | Intrinsic::Len
                        | Intrinsic::Frexp
                );
                of_args(!from_numpy && python)
            }
            Resolved::Jitted { .. } => WeakRule::fixed(true),
            Resolved::Library { typed, .. } => of_args(
                matches!(typed.intrinsic, Intrinsic::Body(b) if !b.file.starts_with("numpy/")),
            ),
            _ => WeakRule::fixed(false),
        }
    }

    fn any_array(&self, values: &[Value]) -> bool {
        values
            .iter()
            .any(|v| matches!(self.t(*v), Some(Type::Array(_))))
    }

    /// What item `index` of `container` depends on: that item itself where the container
    /// is a tuple display `(a, b)` read at a known index, else all its items.
    fn item_node(&self, container: Value, index: Option<i64>) -> Node {
        if let (oxjit_ir::ValueDef::Inst(inst), Some(i)) = (self.func.values[container], index) {
            if let Op::MakeTuple(items) = &self.func.insts[inst].op {
                let n = items.len() as i64;
                let at = if i < 0 { i + n } else { i };
                if (0..n).contains(&at) {
                    return Node::Value(items[at as usize]);
                }
            }
        }
        Node::Items(container)
    }

    /// Whether the items of the tuple, list or range `v` are Python numbers: a range, a
    /// tuple or list built of Python numbers, a constant, a tuple argument, an array's
    /// shape or strides. Array elements are NumPy scalars.
    fn items_rule(&self, v: Value) -> WeakRule {
        match self.t(v) {
            Some(Type::Range) => return WeakRule::fixed(true),
            Some(Type::Tuple(_) | Type::List(_)) => {}
            _ => return WeakRule::fixed(false),
        }
        let inst = match self.func.values[v] {
            oxjit_ir::ValueDef::Inst(inst) => inst,
            // A tuple or list carried through a loop or a branch: as every incoming one.
            oxjit_ir::ValueDef::Param(b, i) => {
                return WeakRule {
                    local: true,
                    deps: self.incoming(b, i).map(Node::Items).collect(),
                };
            }
        };
        let all = |items: &[Value]| WeakRule {
            local: true,
            deps: items.iter().map(|x| Node::Value(*x)).collect(),
        };
        match &self.func.insts[inst].op {
            Op::MakeTuple(items) => all(items),
            // A list literal `[a, b]`.
            Op::Call { args, .. } if matches!(self.resolved[inst], Resolved::Nothing) => all(args),
            Op::Const(_) | Op::Global(_) | Op::Arg(_) => WeakRule::fixed(true),
            Op::Call { .. } | Op::MethodCall { .. } => self.python_result(inst),
            Op::GetAttr(obj, name) => WeakRule::fixed(
                matches!(self.t(*obj), Some(Type::Array(_)))
                    && matches!(name.as_str(), "shape" | "strides"),
            ),
            _ => WeakRule::fixed(false),
        }
    }
}
