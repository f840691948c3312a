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
use crate::Resolved;
use containers::Part;
use oxjit_builtins::Intrinsic;
use oxjit_ir::{Block, Op, Value};
use oxjit_types::{Callable, Type};
use std::collections::HashMap;

mod containers;
pub(crate) use containers::Flow;

/// A question the fixpoint answers: is this value weak, or does this part of a
/// container (a tuple's items, a dict's keys, ...) hold only weak values.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Node {
    Value(Value),
    Part(Value, Part),
    /// Item `i` of a tuple carried through a loop or a branch (a block parameter): each
    /// position keeps its own answer (`(1, np.float32(2))` has a Python int first).
    TupleItem(Value, u32),
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
            Node::Part(v, part) => self.container_rule(v, part),
            Node::TupleItem(v, i) => match self.func.values[v] {
                oxjit_ir::ValueDef::Param(b, p) => WeakRule {
                    local: true,
                    deps: self
                        .incoming(b, p)
                        .map(|x| self.item_node(x, Some(i as i64)))
                        .collect(),
                },
                oxjit_ir::ValueDef::Inst(_) => self.container_rule(v, Part::Items),
            },
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
                    let r = self
                        .taken_out(inst)
                        .unwrap_or_else(|| self.python_result(inst));
                    of(r.local, r.deps)
                }
                // Items of Python tuples, lists, ranges and dicts are Python numbers.
                Op::IterGet(it, _) => of(true, vec![self.iterated_node(*it)]),
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
        self.flow()
            .sources
            .get(&(b, i))
            .into_iter()
            .flat_map(|sources| sources.iter().copied())
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
        // A Python function of Python numbers, and of containers of them (`sum(l)`,
        // `min(t)`); array elements are NumPy scalars (`sum(a)` is one).
        let of_args = |python: bool| WeakRule {
            local: python && !self.any_array(args),
            deps: args.iter().map(|a| self.argument_node(*a)).collect(),
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
            // A count is a Python int whatever it counts.
            Resolved::Builtin(typed) if typed.intrinsic == Intrinsic::Len => WeakRule::fixed(true),
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

    /// What a Python function's result depends on for its argument `a`: the items of a
    /// tuple or list, the keys of a dict (what iterating it gives), else `a` itself.
    fn argument_node(&self, a: Value) -> Node {
        match self.t(a) {
            Some(Type::Tuple(_) | Type::List(_) | Type::Dict(_) | Type::DictView(..)) => {
                self.iterated_node(a)
            }
            _ => Node::Value(a),
        }
    }

    fn any_array(&self, values: &[Value]) -> bool {
        values
            .iter()
            .any(|v| matches!(self.t(*v), Some(Type::Array(_))))
    }

    /// What item `index` of `container` depends on: that item itself where the container
    /// is a tuple display `(a, b)` read at a known index, that position of the tuples that
    /// reach a block parameter, the key or the value of a dict's `(key, value)` pair, a
    /// dict's values for `d[k]`, else all its items.
    fn item_node(&self, container: Value, index: Option<i64>) -> Node {
        if matches!(self.t(container), Some(Type::Dict(_))) {
            return Node::Part(container, Part::Values);
        }
        if let (Some(d), Some(i)) = (self.pair_source(container), index) {
            match i {
                0 | -2 => return Node::Part(d, Part::Keys),
                1 | -1 => return Node::Part(d, Part::Values),
                _ => {}
            }
        }
        let length = match self.t(container) {
            Some(Type::Tuple(t)) => t.items.len() as i64,
            _ => return Node::Part(container, Part::Items),
        };
        let Some(at) = index
            .map(|i| if i < 0 { i + length } else { i })
            .filter(|at| (0..length).contains(at))
        else {
            return Node::Part(container, Part::Items);
        };
        match self.func.values[container] {
            oxjit_ir::ValueDef::Inst(inst) => match &self.func.insts[inst].op {
                Op::MakeTuple(items) => Node::Value(items[at as usize]),
                _ => Node::Part(container, Part::Items),
            },
            oxjit_ir::ValueDef::Param(..) => Node::TupleItem(container, at as u32),
        }
    }

    /// What a value taken out of a container by a method depends on: `d.get(k, default)`,
    /// `d.pop(k, default)`, `d.setdefault(k, v)` on the dict's values and the default,
    /// `l.pop()` on the list's items.
    fn taken_out(&self, inst: oxjit_ir::Inst) -> Option<WeakRule> {
        let Op::MethodCall {
            obj, name, args, ..
        } = &self.func.insts[inst].op
        else {
            return None;
        };
        let obj = *obj;
        let part = match (self.t(obj), name.as_str()) {
            (Some(Type::Dict(_)), "get" | "pop" | "setdefault") => Part::Values,
            (Some(Type::List(_)), "pop") => Part::Items,
            _ => return None,
        };
        let mut deps = vec![Node::Part(obj, part)];
        if part == Part::Values {
            deps.extend(args.iter().skip(1).map(|a| Node::Value(*a)));
        }
        Some(WeakRule { local: true, deps })
    }
}
