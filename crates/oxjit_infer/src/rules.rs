//! The typing rule of each op: [`Infer::rule`] dispatches to one module per op family;
//! the helpers they share (calls, attributes, items, NEP 50 weakness) live here.

mod access;
mod arith;
mod calls;
mod dicts;
mod exceptions;
mod literal_strings;
mod named_tuples;
mod values;

use crate::{def_op, is_param, join_return, value_name, ArgSource, Host, Resolved};
use oxjit_builtins::{type_call, CallArgs, Intrinsic, NoMatch, Typed};
use oxjit_diagnostics::{DResult, Diagnostic};
use oxjit_ir::{BinOp, Block, CmpOp, Const, EntityMap, Function, Inst, Op, UnaryOp, Value};
use oxjit_types::{kind_rank, promote, ArrayType, Callable, Dtype, GlobalValue, Layout, Type};

pub(crate) struct Infer<'a> {
    pub types: EntityMap<Value, Option<Type>>,
    pub resolved: EntityMap<Inst, Resolved>,
    pub ret: Option<Type>,
    pub arg_types: Vec<Type>,
    pub numpy_scalars: crate::NumpyScalarArgs,
    pub host: &'a dyn Host,
    pub func: &'a Function,
    /// Set once the types have settled with some empty list still untyped (its only
    /// appends are in pruned branches, or take values nothing types): it becomes a list
    /// of float64, which it can be since nothing is ever added to it.
    pub settled: bool,
    /// How values flow through block parameters and into containers (see `weak.rs`),
    /// gathered on first use.
    pub flow: std::cell::OnceCell<crate::weak::Flow>,
    /// Answers of `is_weak` in the current round of the fixpoint.
    pub weak_answers: std::cell::RefCell<std::collections::HashMap<Value, bool>>,
    /// The optional operands the instruction being typed uses as values: `t` gives
    /// their value's type (see `optional.rs`).
    pub unwrapping: Vec<Value>,
    /// Every instruction's optional operands used as values.
    pub unwraps: crate::optional::Unwraps,
}

/// Result of one rule: a type, or "operands not typed yet".
type Rule = DResult<Option<Type>>;

impl Infer<'_> {
    fn err(&self, inst: Inst, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::typing(msg).at(&self.func.source, self.func.insts[inst].span)
    }

    pub(crate) fn t(&self, v: Value) -> Option<&Type> {
        match self.types[v].as_ref() {
            Some(Type::Optional(inner)) if self.unwrapping.contains(&v) => Some(inner),
            t => t,
        }
    }

    /// Describes a value for messages: `x (float64)` or `float64`.
    fn describe(&self, v: Value) -> String {
        let t = self
            .t(v)
            .map(|t| t.to_string())
            .unwrap_or_else(|| "?".into());
        match value_name(self.func, v) {
            Some(n) => format!("{n} ({t})"),
            None => t,
        }
    }

    pub(crate) fn visit(&mut self, inst: Inst, ret: &mut Option<Type>) -> DResult<bool> {
        let data = &self.func.insts[inst];
        let mut changed = false;
        // Edges: every jump argument joins into the target's parameter.
        for (target, args) in data.op.successors() {
            changed |= self.join_edge(inst, target, args)?;
        }
        if let Op::Return(v) = data.op {
            if let Some(t) = self.t(v).cloned() {
                join_return(ret, &t).map_err(|(a, b)| {
                    self.err(
                        inst,
                        format!("the function returns values of incompatible types: {a} and {b}"),
                    )
                    .with_note("every return statement must give types that unify (int and float do; a value and None make an optional value)")
                })?;
            }
            return Ok(changed);
        }
        let Some(result) = data.result else {
            match data.op {
                Op::Raise(v) => self.check_raise(inst, v)?,
                Op::RaiseFrom(v, cause) => self.check_raise_from(inst, v, cause)?,
                _ => {}
            }
            return Ok(changed);
        };
        let unwraps = self.optional_operands(inst);
        self.unwrapping = unwraps.iter().map(|(v, _)| *v).collect();
        let rule = self.rule(inst);
        self.unwrapping.clear();
        if unwraps.is_empty() {
            self.unwraps.remove(&inst);
        } else {
            self.unwraps.insert(inst, unwraps);
        }
        if let Some(t) = rule? {
            if self.types[result].as_ref() != Some(&t) {
                self.types[result] = Some(t);
                changed = true;
            }
        }
        Ok(changed)
    }

    pub(crate) fn join_edge(&mut self, inst: Inst, target: Block, args: &[Value]) -> DResult<bool> {
        let mut changed = false;
        for (i, &a) in args.iter().enumerate() {
            let p = self.func.blocks[target].params[i];
            let Some(t) = self.t(a).cloned() else {
                continue;
            };
            let mut slot = self.types[p].clone();
            // A variable None on one path and a value on another is optional.
            match crate::join_return(&mut slot, &t) {
                Ok(c) => {
                    if c {
                        self.types[p] = slot;
                        changed = true;
                    }
                }
                Err((old, new)) => {
                    let name = value_name(self.func, p)
                        .or_else(|| value_name(self.func, a))
                        .map(|n| format!("variable '{n}'"))
                        .unwrap_or_else(|| "a value".to_string());
                    // Point at the value that brought the second type (the assignment's
                    // right-hand side), and say where the first one came from.
                    let span_of = |v: Value| match self.func.values[v] {
                        oxjit_ir::ValueDef::Inst(def) => Some(self.func.insts[def].span),
                        _ => None,
                    };
                    let at = span_of(a).unwrap_or(self.func.insts[inst].span);
                    let mut d = Diagnostic::typing(format!(
                        "cannot unify {old} and {new} for {name}"
                    ))
                    .at(&self.func.source, at)
                    .with_note(format!(
                        "{name} is {old} on one path and {new} on another; compiled code needs one type"
                    ));
                    if let Some(first) = self.incoming_of_type(target, i, &old).and_then(span_of) {
                        d = d.with_note(format!(
                            "it is {old} from line {}",
                            self.func.source.line_number(first)
                        ));
                    }
                    return Err(d);
                }
            }
        }
        Ok(changed)
    }

    /// A value some jump passes to parameter `i` of `target` whose type is `t`.
    fn incoming_of_type(&self, target: Block, i: usize, t: &Type) -> Option<Value> {
        self.func.blocks.keys().find_map(|b| {
            self.func
                .edges(b)
                .into_iter()
                .filter(|(succ, _)| *succ == target)
                .filter_map(|(_, args)| args.get(i).copied())
                .find(|v| self.t(*v) == Some(t))
        })
    }

    /// `raise x from e`: `x` a new exception, `e` a caught one.
    fn check_raise_from(&self, inst: Inst, v: Value, cause: Value) -> DResult<()> {
        self.check_raise(inst, v)?;
        if matches!(self.t(v), Some(Type::CaughtException)) {
            return Err(self.err(
                inst,
                "`raise e from cause` of a caught exception is not supported in compiled code",
            ));
        }
        match self.t(cause) {
            Some(Type::CaughtException) | None => Ok(()),
            Some(t) => Err(self.err(
                inst,
                format!("the cause of a raise in compiled code must be a caught exception (`except E as e`), not {t}"),
            )),
        }
    }

    fn check_raise(&self, inst: Inst, v: Value) -> DResult<()> {
        match self.t(v) {
            Some(Type::ExceptionClass(_) | Type::Exception(..) | Type::CaughtException) | None => {
                Ok(())
            }
            Some(t) => Err(self.err(
                inst,
                format!("exceptions must derive from BaseException, not {t}"),
            )),
        }
    }

    /// The result type of `inst`, by op family (one module each under `rules/`).
    fn rule(&mut self, inst: Inst) -> Rule {
        match &self.func.insts[inst].op {
            Op::Arg(_) | Op::Const(_) | Op::Undef | Op::Global(_) => self.rule_value(inst),
            Op::Binary(..)
            | Op::InplaceBinary(..)
            | Op::Unary(..)
            | Op::Compare(..)
            | Op::Truth(_) => self.rule_arithmetic(inst),
            Op::Call { .. } | Op::MethodCall { .. } => self.rule_call(inst),
            Op::ExceptionMatches(class) => self.rule_exception_matches(inst, *class),
            Op::Catch => self.rule_catch(),
            Op::Jump(..)
            | Op::Branch { .. }
            | Op::Return(_)
            | Op::Raise(_)
            | Op::RaiseFrom(..)
            | Op::Resume
            | Op::Yield { .. } => {
                unreachable!("terminators have no result")
            }
            _ => self.rule_access(inst),
        }
    }

    /// `a @= b`: the product must have `a`'s shape (checked at run time) and cast to its
    /// dtype within a kind, as NumPy requires; `b` needs two dimensions.
    fn inplace_matmul(
        &mut self,
        inst: Inst,
        target: ArrayType,
        ta: &Type,
        tb: &Type,
    ) -> DResult<Type> {
        if target.readonly {
            return Err(self.err(inst, format!("cannot modify a readonly array ({ta})")));
        }
        if tb.array().is_none_or(|b| b.ndim < 2) {
            return Err(self.err(
                inst,
                format!(
                    "in-place matrix multiplication needs a second operand of at least two \
                     dimensions, not {tb}"
                ),
            ));
        }
        let typed = oxjit_builtins::numpy::matmul::matmul_type(Some(ta), Some(tb))
            .map_err(|m| self.err(inst, m))?;
        let product = *typed
            .result
            .array()
            .expect("a matrix product of arrays is an array");
        if kind_rank(product.dtype) > kind_rank(target.dtype) {
            return Err(self.err(
                inst,
                format!(
                    "cannot cast the {} result of @ to the {} target in place",
                    product.dtype.name(),
                    target.dtype.name()
                ),
            ));
        }
        self.resolve_library_now(inst, typed)?;
        Ok(ta.clone())
    }

    fn truth_ok(&self, inst: Inst, v: Value) -> DResult<()> {
        match self.t(v) {
            // An array's truth is its one element's (ValueError at run time for any other
            // size, as in NumPy); a list's is whether it has items.
            Some(
                Type::Scalar(_)
                | Type::None
                | Type::Tuple(_)
                | Type::Range
                | Type::Str(_)
                | Type::Array(_)
                | Type::List(_)
                | Type::Dict(_)
                | Type::DictView(..)
                | Type::Unicode
                | Type::Optional(_),
            )
            | None => Ok(()),
            Some(t) => Err(self.err(inst, format!("{t} has no truth value in compiled code"))),
        }
    }

    /// The type of the global (or module attribute) `inst` reads. The host is asked once
    /// per instruction, not on every fixpoint round: the answer is frozen at compile time
    /// anyway, and freezing a global array copies it.
    fn global_value(
        &mut self,
        inst: Inst,
        name: &str,
        lookup: impl FnOnce() -> GlobalValue,
    ) -> DResult<Type> {
        if let Resolved::Const(known) = &self.resolved[inst] {
            if let Some(t) = known.type_of() {
                return Ok(t);
            }
        }
        let g = lookup();
        let t =
            match &g {
                GlobalValue::Undefined => {
                    if let Some((module, attr)) = name.rsplit_once('.') {
                        let mut d =
                            self.err(inst, format!("module '{module}' has no attribute '{attr}'"));
                        let close = oxjit_builtins::closest_names(name);
                        if !close.is_empty() {
                            d = d.with_help(format!("did you mean {}?", close.join(", ")));
                        }
                        return Err(d);
                    }
                    return Err(self
                        .err(inst, format!("name '{name}' is not defined"))
                        .with_note("globals are looked up when the function compiles"));
                }
                GlobalValue::NotYet(what) => {
                    return Err(Diagnostic::unsupported(format!(
                        "global '{name}' is {what}: not supported by oxjit yet"
                    ))
                    .at(&self.func.source, self.func.insts[inst].span))
                }
                GlobalValue::Unsupported(what) => return Err(self
                    .err(
                        inst,
                        format!("global '{name}' is {what}, which compiled code cannot use"),
                    )
                    .with_help(
                        "pass it as an argument, or use a number, tuple, module, or @njit function",
                    )),
                _ => g.type_of().ok_or_else(|| {
                    self.err(
                        inst,
                        format!("global '{name}' cannot be used in compiled code"),
                    )
                })?,
            };
        self.resolved[inst] = Resolved::Const(g);
        Ok(t)
    }

    fn getattr(&mut self, inst: Inst, t: &Type, name: &str) -> DResult<Type> {
        let bad = || {
            self.err(
                inst,
                format!("{t} has no attribute '{name}' in compiled code"),
            )
        };
        Ok(match t {
            Type::Module(m) => {
                let host = self.host;
                return self
                    .global_value(inst, &format!("{m}.{name}"), || host.module_attr(m, name));
            }
            // A namedtuple's field (codegen reads the item).
            Type::Tuple(tuple) if tuple.field_index(name).is_some() => {
                tuple[tuple.field_index(name).expect("checked above")].clone()
            }
            Type::Array(a) if name == "flat" => {
                let typed = oxjit_builtins::numpy::flat::attribute(a);
                return self.resolve_library_now(inst, typed);
            }
            Type::Array(a) => match name {
                "shape" | "strides" => Type::tuple(vec![Type::I64; a.ndim as usize]),
                "ndim" | "size" | "itemsize" | "nbytes" => Type::I64,
                "dtype" => Type::DtypeValue(a.dtype),
                "T" => {
                    let layout = match (a.ndim, a.layout) {
                        (0 | 1, l) => l,
                        (_, Layout::C) => Layout::F,
                        (_, Layout::F) => Layout::C,
                        (_, Layout::A) => Layout::A,
                    };
                    Type::Array(ArrayType { layout, ..*a })
                }
                // A complex array's parts are strided views; a real array is its own real
                // part, and its imaginary part a new read-only array of zeros (as NumPy).
                "real" | "imag" if a.dtype.is_complex() => Type::Array(ArrayType {
                    dtype: a.dtype.real_of(),
                    layout: Layout::A,
                    ..*a
                }),
                // Numba's ctypes view, which compiled code only passes on: the array.
                "real" | "ctypes" => t.clone(),
                "imag" => Type::Array(ArrayType {
                    layout: Layout::C,
                    readonly: true,
                    ..*a
                }),
                _ => return Err(bad()),
            },
            Type::Range if matches!(name, "start" | "stop" | "step") => Type::I64,
            Type::Scalar(d) => match name {
                "real" | "imag" => Type::Scalar(d.real_of()),
                _ => return Err(bad()),
            },
            Type::DtypeValue(_) if name == "itemsize" => Type::I64,
            Type::NumberInfo(d) => {
                let (t, value) =
                    oxjit_builtins::numpy::number_info::attribute(*d, name).ok_or_else(bad)?;
                self.resolved[inst] = Resolved::Const(value);
                t
            }
            _ => return Err(bad()),
        })
    }

    pub(crate) fn const_int(&self, v: Value) -> Option<i64> {
        crate::constant_int(self.func, &self.resolved, v)
    }

    fn getitem(&mut self, inst: Inst, t: &Type, it: &Type, index: Value) -> DResult<Type> {
        if let Some(typed) = oxjit_builtins::python::strings::getitem(t, it) {
            let typed = typed.map_err(|no| self.no_match(inst, no))?;
            return self.resolve_library_now(inst, typed);
        }
        match t {
            Type::Array(a) => {
                // An array index (`a[mask]`, `a[idx]`) makes a new array: a library body.
                match oxjit_builtins::numpy::fancy_index::getitem(a, it) {
                    Some(Ok(typed)) => return self.resolve_library_now(inst, typed),
                    Some(Err(no)) => return Err(self.no_match(inst, no)),
                    None => {}
                }
                let kinds = crate::arrays::index_kinds(it).ok_or_else(|| {
                    self.err(inst, format!("array index of type {it} is not supported"))
                        .with_note("indices are integers, slices (a:b:c), None, and integer or boolean arrays")
                })?;
                crate::arrays::index_array(a, &kinds).map_err(|m| self.err(inst, m))
            }
            Type::Dict(d) => {
                if oxjit_builtins::dict::key_convertible(&d.key, it) {
                    let typed = oxjit_builtins::dict::getitem(d);
                    self.resolve_library_now(inst, typed)
                } else {
                    Err(self.err(
                        inst,
                        format!("a key of type {it} cannot be looked up in {t}"),
                    ))
                }
            }
            Type::List(elem) => {
                if it.is_index() {
                    Ok((**elem).clone())
                } else {
                    Err(self.err(inst, format!("list indices must be integers, not {it}")))
                }
            }
            Type::Tuple(items) if matches!(it, Type::Slice { .. }) => {
                match crate::tuple_slice(self.func, &self.resolved, index, items.len()) {
                    Some(positions) => Ok(Type::tuple(
                        positions.into_iter().map(|i| items[i].clone()).collect(),
                    )),
                    None => Err(self
                        .err(inst, format!("cannot slice {t} with bounds known only at run time"))
                        .with_note("a tuple's slice needs constant bounds (t[1:], t[::-1]), so that its length is known")),
                }
            }
            Type::Tuple(items) => {
                if !it.is_index() {
                    return Err(self.err(inst, format!("tuple indices must be integers, not {it}")));
                }
                if let Some(i) = self.const_int(index) {
                    let len = items.len() as i64;
                    let j = if i < 0 { i + len } else { i };
                    if j < 0 || j >= len {
                        return Err(self.err(inst, format!("tuple index {i} out of range for {t}")));
                    }
                    return Ok(items[j as usize].clone());
                }
                match items.first() {
                    Some(first) if items.iter().all(|x| x == first) => Ok(first.clone()),
                    _ => Err(self
                        .err(inst, format!("cannot index {t} with a non-constant index"))
                        .with_note("heterogeneous tuples need a constant index")),
                }
            }
            _ => Err(self.err(inst, format!("{t} is not subscriptable in compiled code"))),
        }
    }

    fn setitem(&mut self, inst: Inst, t: &Type, it: &Type, vt: &Type) -> DResult<()> {
        if let Type::Dict(d) = t {
            let fits = oxjit_builtins::dict::key_convertible(&d.key, it)
                && oxjit_builtins::list::storable(&d.value, vt);
            return if fits {
                Ok(())
            } else {
                Err(self
                    .err(inst, format!("cannot store {it}: {vt} into {t}"))
                    .with_note("a compiled dict has one key type and one value type"))
            };
        }
        if let Type::List(elem) = t {
            let scalar_ok = matches!((&**elem, vt), (Type::Scalar(e), Type::Scalar(d)) if !d.is_complex() || e.is_complex());
            let same = oxjit_types::unify(elem, vt).as_ref() == Some(&**elem);
            return if it.is_index() && (same || scalar_ok) {
                Ok(())
            } else {
                Err(self.err(
                    inst,
                    format!("cannot store {vt} into {t} at an index of type {it}"),
                ))
            };
        }
        let Type::Array(a) = t else {
            return Err(self.err(inst, format!("{t} does not support item assignment")));
        };
        if a.readonly {
            return Err(self.err(inst, format!("cannot modify a readonly array ({t})")));
        }
        // An array index (`a[mask] = x`, `a[idx] = x`): a library body.
        match oxjit_builtins::numpy::fancy_index::setitem(a, it, vt) {
            Some(Ok(typed)) => {
                self.resolve_library_now(inst, typed)?;
                return Ok(());
            }
            Some(Err(no)) => return Err(self.no_match(inst, no)),
            None => {}
        }
        let kinds = crate::arrays::index_kinds(it)
            .ok_or_else(|| self.err(inst, format!("array index of type {it} is not supported")))?;
        let target = crate::arrays::index_array(a, &kinds).map_err(|m| self.err(inst, m))?;
        let complex_ok = |d: Dtype| !d.is_complex() || a.dtype.is_complex();
        match (&target, vt) {
            (_, Type::Scalar(d)) if complex_ok(*d) => Ok(()),
            (Type::Array(dst), Type::Array(src))
                if src.ndim <= dst.ndim && complex_ok(src.dtype) =>
            {
                Ok(())
            }
            _ => Err(self.err(
                inst,
                format!("cannot store {vt} into {target} (an element or slice of {t})"),
            )),
        }
    }

    /// `v` and the block parameters it flows into, transitively: the names one container
    /// made in the function goes by.
    fn aliases(&self, v: Value) -> Vec<Value> {
        let func = self.func;
        let mut aliases = vec![v];
        let mut i = 0;
        while i < aliases.len() {
            let a = aliases[i];
            for b in func.blocks.keys() {
                for (target, args) in func.edges(b) {
                    for (k, arg) in args.iter().enumerate() {
                        let p = func.blocks[target].params[k];
                        if *arg == a && !aliases.contains(&p) {
                            aliases.push(p);
                        }
                    }
                }
            }
            i += 1;
        }
        aliases
    }

    /// The unified type of everything appended or inserted into the list `v` (or to block parameters it
    /// flows into): `None` if nothing is appended, `Some(None)` while not typed yet.
    fn appended_type(&self, v: Value) -> Option<Option<Type>> {
        let func = self.func;
        let aliases = self.aliases(v);
        let mut found = false;
        let mut elem: Option<Type> = None;
        for (_, data) in func.insts.iter() {
            if let Op::MethodCall {
                obj, name, args, ..
            } = &data.op
            {
                // The item `append(x)` or `insert(i, x)` stores.
                let item = match (name.as_str(), args.as_slice()) {
                    ("append", [x]) | ("insert", [_, x]) => Some(*x),
                    _ => None,
                };
                if let Some(item) = item.filter(|_| aliases.contains(obj)) {
                    found = true;
                    if let Some(t) = self.t(item).map(stored_form) {
                        let t = &t;
                        elem = match elem {
                            None => Some(t.clone()),
                            Some(e) => Some(oxjit_types::unify(&e, t).unwrap_or(e)),
                        };
                    }
                }
            }
        }
        found.then_some(elem)
    }

    fn binary(
        &mut self,
        inst: Inst,
        op: BinOp,
        a: Value,
        b: Value,
        ta: &Type,
        tb: &Type,
    ) -> DResult<Type> {
        if let Some(typed) = oxjit_builtins::python::strings::operator(op.symbol(), ta, tb) {
            let typed = typed.map_err(|no| self.no_match(inst, no))?;
            return self.resolve_library_now(inst, typed);
        }
        // Only an error needs the note: build it there, not on every fixpoint visit.
        let note = |this: &Self| {
            format!(
                "operand types: {} {} {}",
                this.describe(a),
                op.symbol(),
                this.describe(b)
            )
        };
        // `l + m`: a new list of both lists' items (numbers meet in one type).
        if let (BinOp::Add, Type::List(x), Type::List(y)) = (op, ta, tb) {
            let elem = match (&**x, &**y) {
                (Type::Scalar(p), Type::Scalar(q)) => Some(Type::Scalar(promote(*p, *q))),
                (p, q) if p == q => Some(p.clone()),
                _ => None,
            };
            return elem.map(|e| Type::List(Box::new(e))).ok_or_else(|| {
                self.err(
                    inst,
                    format!(
                        "cannot concatenate {ta} and {tb}: items of a compiled list have one type"
                    ),
                )
            });
        }
        if op == BinOp::MatMul {
            let typed = oxjit_builtins::numpy::matmul::matmul_type(Some(ta), Some(tb))
                .map_err(|m| self.err(inst, m).with_note(note(self)))?;
            return self.resolve_library_now(inst, typed);
        }
        if ta.array().is_some() || tb.array().is_some() {
            // NumPy computes `a ** 2` (a Python int 2) as np.square(a), whose loop for
            // bools is int8's.
            let square_of_bools = op == BinOp::Pow
                && matches!(ta, Type::Array(x) if x.dtype == Dtype::Bool)
                && matches!(tb, Type::Scalar(Dtype::I64))
                && self.const_int(b) == Some(2);
            if square_of_bools {
                return Ok(crate::arrays::result_array(
                    Dtype::I8,
                    ta.array().unwrap().ndim,
                ));
            }
            return crate::arrays::binary(op, ta, tb, self.is_weak(a) && self.is_weak(b))
                .map_err(|m| self.err(inst, m).with_note(note(self)));
        }
        self.scalar_binary_type(op, (a, ta), (b, tb))
            .map_err(|m| self.err(inst, m).with_note(note(self)))
    }

    /// [`binary_type`], with NEP 50 (a Python number meeting a NumPy scalar takes its
    /// dtype within its kind: `np.float32(x) * 2.0` is float32), except that a Python int
    /// raised to a negative constant is a float (`x ** -1`, `2 ** -2`), as in Python and
    /// Numba; other integer powers stay integers (a NumPy integer to a negative power
    /// raises ValueError, as in NumPy).
    fn scalar_binary_type(
        &self,
        op: BinOp,
        (a, ta): (Value, &Type),
        (b, tb): (Value, &Type),
    ) -> Result<Type, String> {
        if let (Type::Scalar(Dtype::Bool), Type::Scalar(Dtype::Bool)) = (ta, tb) {
            if !self.is_weak(a) || !self.is_weak(b) {
                // NumPy bools add and multiply as bools (or, and), as its arrays do.
                let as_array = Type::Array(ArrayType {
                    dtype: Dtype::Bool,
                    ndim: 0,
                    layout: Layout::C,
                    readonly: false,
                });
                return crate::arrays::binary(op, &as_array, tb, false);
            }
        }
        let mut t = binary_type(op, ta, tb)?;
        if let (Type::Scalar(x), Type::Scalar(y)) = (ta, tb) {
            // Weakness matters only between different dtypes one of which a Python number
            // can have (asking walks definitions: not for every `x + y`).
            let python = |d: &Dtype| oxjit_types::is_python_dtype(*d);
            if x != y && (python(x) || python(y)) {
                let (weak_a, weak_b) = (self.is_weak(a), self.is_weak(b));
                if weak_a != weak_b {
                    let (strong, weak) = if weak_a { (*y, *x) } else { (*x, *y) };
                    let d = Type::Scalar(oxjit_types::promote_weak(strong, weak));
                    t = binary_type(op, &d, &d)?;
                }
            }
        }
        let negative_exponent =
            op == BinOp::Pow && self.const_int(b).is_some_and(|e| e < 0) && self.is_weak(a);
        if negative_exponent && t.scalar().is_some_and(|d| d.is_integer()) {
            return Ok(Type::F64);
        }
        Ok(t)
    }

    fn call(
        &mut self,
        inst: Inst,
        ft: &Type,
        args: &[Value],
        kw_names: &[String],
        kw_values: &[Value],
    ) -> Rule {
        let Some((types, kwargs)) = self.call_types(None, args, kw_names, kw_values) else {
            return Ok(None);
        };
        match ft {
            Type::Function(Callable::Builtin(name)) => {
                if name == "builtins.slice" {
                    if types.len() <= 3 && types.iter().all(|t| t.is_index() || *t == Type::None) {
                        let unit_step = types.len() < 3 || types[2] == Type::None;
                        return Ok(Some(Type::Slice { unit_step }));
                    }
                    return Err(self.err(
                        inst,
                        format!(
                            "slice bounds must be integers or None, not ({})",
                            join_types(&types)
                        ),
                    ));
                }
                if name == "$dict" || name == "builtins.dict" {
                    return self.dict_call(inst, name, &types, !kwargs.is_empty());
                }
                if name == "$list" {
                    let Some(first) = types.first() else {
                        // `l = []`: the items' type comes from what is appended to it.
                        let result = self.func.insts[inst].result.expect("calls have a result");
                        return match self.appended_type(result) {
                            Some(None) if self.settled => Ok(Some(Type::List(Box::new(Type::F64)))),
                            Some(Some(t)) if !list_item_supported(&t) => Err(self
                                .err(inst, format!("lists of {t} are not supported"))
                                .with_note(
                                    "list items are numbers, strings, arrays, lists, dicts, or tuples of numbers",
                                )),
                            Some(Some(t)) => Ok(Some(Type::List(Box::new(t)))),
                            Some(None) => Ok(None),
                            None => Err(self
                                .err(inst, "cannot infer the element type of an empty list")
                                .with_help(
                                    "append to it in the function, or start it with an element",
                                )),
                        };
                    };
                    let mut elem = stored_form(first);
                    for t in &types[1..] {
                        elem = oxjit_types::unify(&elem, t).ok_or_else(|| {
                            self.err(
                                inst,
                                format!("list items must have one type; got {elem} and {t}"),
                            )
                        })?;
                    }
                    if !list_item_supported(&elem) {
                        return Err(self
                            .err(inst, format!("lists of {elem} are not supported"))
                            .with_note(
                                "list items are numbers, strings, arrays, lists, dicts, or tuples of numbers",
                            ));
                    }
                    return Ok(Some(Type::List(Box::new(elem))));
                }
                let strong: Vec<bool> = args.iter().map(|&v| !self.is_weak(v)).collect();
                let call_args = CallArgs {
                    types: &types,
                    kwargs: &kwargs,
                    strong: &strong,
                };
                match type_call(name, &call_args) {
                    Some(Ok(mut typed)) => {
                        if typed.intrinsic == Intrinsic::Pow {
                            let t = self
                                .scalar_binary_type(
                                    BinOp::Pow,
                                    (args[0], &types[0]),
                                    (args[1], &types[1]),
                                )
                                .map_err(|m| self.err(inst, m))?;
                            typed.result = t.clone();
                            typed.args = vec![t.clone(), t];
                        }
                        self.resolve_library_call(inst, typed)
                    }
                    Some(Err(no)) => Err(self.no_match(inst, no)),
                    None => Err(self.unsupported_function(inst, name)),
                }
            }
            Type::Function(Callable::Jitted(id)) => {
                self.call_jitted(inst, *id, &types, kw_names, &kwargs)
            }
            Type::Function(Callable::NamedTuple(class)) => self
                .call_named_tuple(inst, class, &types, &kwargs)
                .map(Some),
            Type::Function(Callable::CFunction(f)) => {
                let typed = oxjit_builtins::ffi::type_call(
                    f,
                    &CallArgs {
                        types: &types,
                        kwargs: &kwargs,
                        strong: &[],
                    },
                )
                .map_err(|no| self.no_match(inst, no))?;
                let result = typed.result.clone();
                self.resolved[inst] = Resolved::Builtin(typed);
                Ok(Some(result))
            }
            Type::Function(Callable::Overloaded(handle)) => {
                let id = self
                    .host
                    .resolve_overload(*handle, &types, &kwargs)
                    .map_err(|d| d.at(&self.func.source, self.func.insts[inst].span))?;
                self.call_jitted(inst, id, &types, kw_names, &kwargs)
            }
            Type::DtypeValue(d) => {
                let typed = match types.as_slice() {
                    [Type::Scalar(s)] if !s.is_complex() || d.is_complex() => {
                        Typed::new(Type::Scalar(*d), types.clone(), Intrinsic::Cast)
                    }
                    [] => Typed::new(Type::Scalar(*d), vec![], Intrinsic::Cast),
                    _ => {
                        return Err(self.err(
                            inst,
                            format!("cannot convert ({}) to {}", join_types(&types), d.name()),
                        ))
                    }
                };
                self.resolved[inst] = Resolved::Builtin(typed);
                Ok(Some(Type::Scalar(*d)))
            }
            Type::ExceptionClass(name) => {
                // One constant string is the message; numbers and strings known only
                // when the code runs become the exception's arguments as they are.
                let (msg, args) = match types.as_slice() {
                    [] => (None, vec![]),
                    [Type::Str(s)] => (Some(s.clone()), vec![]),
                    ts if ts
                        .iter()
                        .all(|t| matches!(t, Type::Scalar(_) | Type::Str(_) | Type::Unicode)) =>
                    {
                        (None, types.clone())
                    }
                    _ => {
                        return Err(self
                            .err(
                                inst,
                                format!("{name}(...) takes numbers and strings in compiled code"),
                            )
                            .with_note(format!("arguments given: ({})", join_types(&types))))
                    }
                };
                self.resolved[inst] = Resolved::Builtin(Typed::new(
                    Type::Exception(name.clone(), msg.clone()),
                    args,
                    Intrinsic::Exception,
                ));
                Ok(Some(Type::Exception(name.clone(), msg)))
            }
            _ => Err(self.err(inst, format!("{ft} is not callable"))),
        }
    }

    /// A library function no typing rule knows: named, with the supported ones close to
    /// it, and what to do instead.
    fn unsupported_function(&self, inst: Inst, name: &str) -> Diagnostic {
        let mut d = self.err(
            inst,
            format!("{} is not supported in compiled code", display_name(name)),
        );
        let close = oxjit_builtins::closest_names(name);
        if !close.is_empty() {
            let close: Vec<String> = close.iter().map(|n| display_name(n)).collect();
            d = d.with_note(format!("supported and close: {}", close.join(", ")));
        }
        d.with_help("compute it outside the compiled function and pass the result in")
    }

    fn call_jitted(
        &mut self,
        inst: Inst,
        id: u64,
        types: &[Type],
        kw_names: &[String],
        kwargs: &[(String, Type)],
    ) -> Rule {
        let (params, defaults) = self.host.callee_params(id).map_err(|d| {
            let span = self.func.insts[inst].span;
            d.at(&self.func.source, span)
        })?;
        let mut sources = Vec::with_capacity(params.len());
        let mut arg_types = Vec::with_capacity(params.len());
        if types.len() > params.len() {
            return Err(self.err(
                inst,
                format!(
                    "the callee takes {} arguments but {} were given",
                    params.len(),
                    types.len()
                ),
            ));
        }
        for (i, p) in params.iter().enumerate() {
            if i < types.len() {
                sources.push(ArgSource::Positional(i));
                arg_types.push(types[i].clone());
            } else if let Some(k) = kw_names.iter().position(|k| k == p) {
                sources.push(ArgSource::Keyword(k));
                arg_types.push(kwargs[k].1.clone());
            } else if let Some(Some(d)) = defaults.get(i) {
                let t = d.type_of().ok_or_else(|| {
                    self.err(
                        inst,
                        format!("the default of parameter '{p}' cannot be used in compiled code"),
                    )
                })?;
                sources.push(ArgSource::Default(d.clone()));
                arg_types.push(t);
            } else {
                return Err(self.err(inst, format!("missing argument '{p}' in call")));
            }
        }
        if let Some(k) = kw_names.iter().find(|k| !params.contains(k)) {
            return Err(self.err(inst, format!("unexpected keyword argument '{k}'")));
        }
        // `f(x, a=3)` with `a` the first parameter: Python's TypeError, at compile time.
        if let Some(k) = kw_names
            .iter()
            .find(|k| params.iter().take(types.len()).any(|p| p == *k))
        {
            return Err(self.err(inst, format!("got multiple values for argument '{k}'")));
        }
        let ret = if id == self.host.self_id() && arg_types == self.arg_types {
            self.ret.clone()
        } else {
            let span = self.func.insts[inst].span;
            self.host.callee_return(id, &arg_types).map_err(|d| {
                d.with_note(format!(
                    "during typing of a call at {}:{}",
                    self.func.source.filename,
                    self.func.source.line_number(span)
                ))
            })?
        };
        self.resolved[inst] = Resolved::Jitted {
            id,
            args: arg_types,
            sources,
        };
        Ok(ret)
    }

    /// A method call: a library method, or else one given with
    /// `oxjit.extending.overload_method`.
    fn method(
        &mut self,
        inst: Inst,
        ot: &Type,
        name: &str,
        args: &[Value],
        kw_names: &[String],
        kw_values: &[Value],
    ) -> Rule {
        let builtin = self.builtin_method(inst, ot, name, args, kw_names, kw_values);
        let Err(not_builtin) = builtin else {
            return builtin;
        };
        let Some((types, kwargs)) = self.call_types(Some(ot), args, kw_names, kw_values) else {
            return Ok(None);
        };
        let overload = self
            .host
            .resolve_method(ot, name, &types, &kwargs)
            .map_err(|d| d.at(&self.func.source, self.func.insts[inst].span))?;
        match overload {
            Some(id) => self.call_jitted(inst, id, &types, kw_names, &kwargs),
            None => Err(not_builtin),
        }
    }

    /// `obj.name` given with `oxjit.extending.overload_attribute`: a call of its
    /// implementation with `obj`; else the error the library gave.
    fn overloaded_attribute(
        &mut self,
        inst: Inst,
        t: &Type,
        name: &str,
        not_builtin: Diagnostic,
    ) -> Rule {
        let overload = self
            .host
            .resolve_attribute(t, name)
            .map_err(|d| d.at(&self.func.source, self.func.insts[inst].span))?;
        match overload {
            Some(id) => self.call_jitted(inst, id, std::slice::from_ref(t), &[], &[]),
            None => Err(not_builtin),
        }
    }

    fn builtin_method(
        &mut self,
        inst: Inst,
        ot: &Type,
        name: &str,
        args: &[Value],
        kw_names: &[String],
        kw_values: &[Value],
    ) -> Rule {
        if !kw_names.is_empty() && !matches!(ot, Type::Array(_)) {
            return Err(self.err(
                inst,
                format!("keyword arguments to .{name}() are not supported"),
            ));
        }
        match (ot, name, args.len()) {
            (Type::Scalar(d), "conjugate", 0) => {
                let t = Type::Scalar(*d);
                self.resolved[inst] =
                    Resolved::Builtin(Typed::new(t.clone(), vec![t.clone()], Intrinsic::Conjugate));
                Ok(Some(t))
            }
            (
                Type::Array(_) | Type::List(_) | Type::Dict(_) | Type::Unicode | Type::Str(_),
                _,
                _,
            ) => {
                let prefix = match ot {
                    Type::Array(_) => "ndarray",
                    Type::List(_) => "list",
                    Type::Dict(_) => "dict",
                    _ => "str",
                };
                let Some((types, kwargs)) = self.call_types(Some(ot), args, kw_names, kw_values)
                else {
                    return Ok(None);
                };
                let qual = format!("{prefix}.{name}");
                // The receiver, then which arguments are NumPy scalars (NEP 50).
                let strong: Vec<bool> = std::iter::once(false)
                    .chain(args.iter().map(|&v| !self.is_weak(v)))
                    .collect();
                match type_call(
                    &qual,
                    &CallArgs {
                        types: &types,
                        kwargs: &kwargs,
                        strong: &strong,
                    },
                ) {
                    Some(Ok(typed)) => self.resolve_library_call(inst, typed),
                    Some(Err(no)) => Err(self.no_match(inst, no)),
                    None => Err(self.err(
                        inst,
                        format!("{ot} has no method '{name}' in compiled code"),
                    )),
                }
            }
            _ => Err(self.err(
                inst,
                format!("{ot} has no method '{name}' in compiled code"),
            )),
        }
    }

    /// The types of a call's arguments (after `receiver`, a method's, when given) and of
    /// its keyword arguments; `None` while one is not typed yet.
    fn call_types(
        &self,
        receiver: Option<&Type>,
        args: &[Value],
        kw_names: &[String],
        kw_values: &[Value],
    ) -> Option<(Vec<Type>, Vec<(String, Type)>)> {
        let types = receiver
            .cloned()
            .into_iter()
            .map(Some)
            .chain(args.iter().map(|v| self.t(*v).cloned()))
            .collect::<Option<Vec<_>>>()?;
        let kwargs = kw_names
            .iter()
            .zip(kw_values)
            .map(|(k, v)| Some((k.clone(), self.t(*v)?.clone())))
            .collect::<Option<Vec<_>>>()?;
        Some((types, kwargs))
    }

    fn no_match(&self, inst: Inst, no: NoMatch) -> Diagnostic {
        let mut d = self.err(inst, no.message);
        if !no.signatures.is_empty() {
            d = d.with_note(format!(
                "signatures that exist: {}",
                no.signatures.join("; ")
            ));
        }
        d
    }

    /// After the fixpoint: every used value must have a type.
    /// The value a branch condition must have, when the types decide it: `x is None` and
    /// `x is not None` where `x` is None or not an optional, and `not` of those.
    fn decided_condition(&self, cond: Value) -> Option<bool> {
        match def_op(self.func, cond)? {
            Op::Compare(op @ (CmpOp::Is | CmpOp::IsNot), a, b) => {
                let (ta, tb) = (self.t(*a)?, self.t(*b)?);
                // An optional value is None or not when the code runs.
                if matches!(ta, Type::Optional(_)) || matches!(tb, Type::Optional(_)) {
                    return None;
                }
                let same = match (ta == &Type::None, tb == &Type::None) {
                    (true, true) => true,
                    (false, false) => return None,
                    _ => false,
                };
                Some(same == (*op == CmpOp::Is))
            }
            Op::Unary(UnaryOp::Not, c) => self.decided_condition(*c).map(|x| !x),
            Op::Truth(c) => self.decided_condition(*c),
            // `if False:`, `while 0:`, `if DEBUG:` with a constant global: Numba prunes
            // the branch never taken, so it neither types nor joins its values.
            Op::Const(c) => match c {
                Const::Int(i) => Some(*i != 0),
                Const::Float(x) => Some(*x != 0.0),
                Const::Bool(b) => Some(*b),
                Const::Complex(re, im) => Some(*re != 0.0 || *im != 0.0),
                Const::Str(s) => Some(!s.is_empty()),
                Const::None => Some(false),
            },
            Op::Global(_) => {
                let oxjit_ir::ValueDef::Inst(inst) = self.func.values[cond] else {
                    return None;
                };
                self.global_truth(inst)
            }
            // `if (1, 2):` — a tuple display is true unless empty.
            Op::MakeTuple(items) => Some(!items.is_empty()),
            // `if LEVEL == 2:` with constants on both sides.
            Op::Compare(op, a, b) => {
                let (x, y) = (self.constant_number(*a)?, self.constant_number(*b)?);
                let ord = match (x, y) {
                    (Number::Int(x), Number::Int(y)) => x.partial_cmp(&y),
                    (x, y) => x.as_f64().partial_cmp(&y.as_f64()),
                };
                use std::cmp::Ordering::*;
                Some(match op {
                    CmpOp::Eq => ord == Some(Equal),
                    CmpOp::Ne => ord != Some(Equal),
                    CmpOp::Lt => ord == Some(Less),
                    CmpOp::Le => matches!(ord, Some(Less | Equal)),
                    CmpOp::Gt => ord == Some(Greater),
                    CmpOp::Ge => matches!(ord, Some(Greater | Equal)),
                    _ => return None,
                })
            }
            _ => None,
        }
    }

    /// The number `v` holds at compile time: a literal or a constant global.
    fn constant_number(&self, v: Value) -> Option<Number> {
        let oxjit_ir::ValueDef::Inst(inst) = self.func.values[v] else {
            return None;
        };
        match &self.func.insts[inst].op {
            Op::Const(Const::Int(i)) => Some(Number::Int(*i)),
            Op::Const(Const::Bool(b)) => Some(Number::Int(*b as i64)),
            Op::Const(Const::Float(x)) => Some(Number::Float(*x)),
            Op::Global(_) => match &self.resolved[inst] {
                Resolved::Const(GlobalValue::Int(i)) => Some(Number::Int(*i)),
                Resolved::Const(GlobalValue::Bool(b)) => Some(Number::Int(*b as i64)),
                Resolved::Const(GlobalValue::Float(x)) => Some(Number::Float(*x)),
                _ => None,
            },
            _ => None,
        }
    }

    /// The truth of a global the host gave as a constant (`DEBUG = False`).
    fn global_truth(&self, inst: Inst) -> Option<bool> {
        match &self.resolved[inst] {
            Resolved::Const(g) => match g {
                GlobalValue::Int(i) => Some(*i != 0),
                GlobalValue::Float(x) => Some(*x != 0.0),
                GlobalValue::Bool(b) => Some(*b),
                GlobalValue::Complex(re, im) => Some(*re != 0.0 || *im != 0.0),
                GlobalValue::Str(s) => Some(!s.is_empty()),
                GlobalValue::None => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// The taken edge of a branch the types decide, if `inst` is one.
    fn decided_edge(&self, inst: Inst) -> Option<(Block, Vec<Value>)> {
        let Op::Branch {
            cond,
            then_block,
            then_args,
            else_block,
            else_args,
        } = &self.func.insts[inst].op
        else {
            return None;
        };
        Some(if self.decided_condition(*cond)? {
            (*then_block, then_args.clone())
        } else {
            (*else_block, else_args.clone())
        })
    }

    /// The successors of terminator `t` that execution can take: one for a branch the
    /// types decide, all of them otherwise.
    pub(crate) fn taken_successors(&self, t: Inst) -> Vec<Block> {
        match self.decided_edge(t) {
            Some((target, _)) => vec![target],
            None => self.func.insts[t]
                .op
                .successors()
                .iter()
                .map(|e| e.0)
                .collect(),
        }
    }

    /// Branches in `live` blocks that the types decide, with their taken edge.
    pub(crate) fn decided_branches(&self, live: &[Block]) -> Vec<(Inst, Block, Vec<Value>)> {
        live.iter()
            .filter_map(|&b| {
                let t = self.func.terminator(b)?;
                let (target, args) = self.decided_edge(t)?;
                Some((t, target, args))
            })
            .collect()
    }

    pub(crate) fn check_all_typed(&self, order: &[Block]) -> DResult<()> {
        for &b in order {
            for &inst in &self.func.blocks[b].insts {
                let mut missing = None;
                let op = &self.func.insts[inst].op;
                // A jump may pass "never assigned" to a parameter that other paths type (a
                // loop variable read after its loop, as Python allows).
                let jump_args: Vec<Value> = op
                    .successors()
                    .iter()
                    .flat_map(|(_, a)| a.iter().copied())
                    .collect();
                op.for_each_arg(|v| {
                    // An untyped block parameter is one no path assigns (a variable a
                    // `try` body assigns, seen by its handler before the assignment).
                    let passes_undef = jump_args.contains(&v)
                        && (matches!(def_op(self.func, v), Some(Op::Undef))
                            || is_param(self.func, v));
                    if missing.is_none() && self.types[v].is_none() && !passes_undef {
                        missing = Some(v);
                    }
                });
                if let Some(v) = missing {
                    let what = match value_name(self.func, v) {
                        Some(n) => format!("variable '{n}' may be used before it is assigned"),
                        None if matches!(def_op(self.func, v), Some(Op::Undef)) || is_param(self.func, v) => {
                            "a variable may be used before it is assigned".to_string()
                        }
                        None => "cannot determine the type of this value (a recursive call with no base case?)".to_string(),
                    };
                    return Err(self.err(inst, what));
                }
            }
        }
        Ok(())
    }
}

fn display_name(qualname: &str) -> String {
    qualname
        .strip_prefix("builtins.")
        .map(|n| format!("{n}()"))
        .unwrap_or_else(|| format!("{qualname}()"))
}

fn join_types(ts: &[Type]) -> String {
    ts.iter()
        .map(|t| t.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The type a `for` loop over `t` binds.
pub fn item_type(t: &Type) -> Option<Type> {
    Some(match t {
        Type::Range => Type::I64,
        Type::List(elem) => (**elem).clone(),
        Type::Dict(d) => d.key.clone(),
        Type::DictView(view, d) => d.view_item(*view),
        Type::Unicode | Type::Str(_) => Type::Unicode,
        Type::Array(a) if a.ndim == 1 => Type::Scalar(a.dtype),
        Type::Array(a) if a.ndim > 1 => Type::Array(ArrayType {
            ndim: a.ndim - 1,
            layout: if a.layout == Layout::C {
                Layout::C
            } else {
                Layout::A
            },
            ..*a
        }),
        Type::Tuple(items) => {
            let first = items.first()?;
            if items.iter().all(|x| x == first) {
                first.clone()
            } else {
                return None;
            }
        }
        Type::Enumerate(inner) => Type::tuple(vec![Type::I64, item_type(inner)?]),
        Type::Generator(item) => (**item).clone(),
        Type::Zip(items) => Type::Tuple(items.iter().map(item_type).collect::<Option<_>>()?),
        _ => return None,
    })
}

/// The result type of `a op b`, or why there is none.
pub(crate) fn binary_type(op: BinOp, a: &Type, b: &Type) -> Result<Type, String> {
    let unsupported = || format!("unsupported operand types for {}: {a} and {b}", op.symbol());
    match (a, b) {
        (Type::Scalar(x), Type::Scalar(y)) => {
            let d = promote(*x, *y);
            let int_or_bool = |d: Dtype| d.is_integer() || d == Dtype::Bool;
            let lift_bool = |d: Dtype| if d == Dtype::Bool { Dtype::I64 } else { d };
            let r = match op {
                BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Pow => lift_bool(d),
                BinOp::Div => {
                    if int_or_bool(d) {
                        Dtype::F64
                    } else {
                        d
                    }
                }
                BinOp::FloorDiv | BinOp::Mod => {
                    if d.is_complex() {
                        return Err(unsupported());
                    }
                    lift_bool(d)
                }
                BinOp::LShift | BinOp::RShift => {
                    if !int_or_bool(*x) || !int_or_bool(*y) {
                        return Err(unsupported());
                    }
                    if d.is_float() {
                        Dtype::U64
                    } else {
                        lift_bool(d)
                    }
                }
                BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => {
                    if !int_or_bool(*x) || !int_or_bool(*y) {
                        return Err(unsupported());
                    }
                    // uint64 with a signed int promotes to float64; bits stay in uint64.
                    if d.is_float() {
                        Dtype::U64
                    } else {
                        d
                    }
                }
                BinOp::MatMul => return Err(unsupported()),
            };
            Ok(Type::Scalar(r))
        }
        (Type::Tuple(x), Type::Tuple(y)) if op == BinOp::Add => {
            Ok(Type::Tuple(x.iter().chain(y).cloned().collect()))
        }
        (Type::Array(_), _) | (_, Type::Array(_)) => Err(format!(
            "array expressions ({a} {} {b}) are not supported yet",
            op.symbol()
        )),
        _ => Err(unsupported()),
    }
}

/// A real number known at compile time.
#[derive(Clone, Copy)]
enum Number {
    Int(i64),
    Float(f64),
}

impl Number {
    fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(x) => x,
        }
    }
}

/// The type a container stores a value of type `t` as: a constant string becomes a
/// run-time one (a list of `"a"` may later hold `"b"`).
fn stored_form(t: &Type) -> Type {
    match t {
        Type::Str(_) => Type::Unicode,
        t => t.clone(),
    }
}

/// What a list made in compiled code can hold: its memory handling releases arrays and
/// lists it holds directly, not ones inside tuples.
fn list_item_supported(t: &Type) -> bool {
    match t {
        Type::Scalar(_) | Type::Array(_) | Type::List(_) | Type::Dict(_) | Type::Unicode => true,
        Type::Tuple(items) => items
            .iter()
            .all(|t| matches!(t, Type::Scalar(_) | Type::Tuple(_)) && list_item_supported(t)),
        _ => false,
    }
}

fn compare_ok(op: CmpOp, a: &Type, b: &Type) -> Result<(), String> {
    let bad = || format!("'{}' is not supported between {a} and {b}", op.symbol());
    match op {
        CmpOp::Is | CmpOp::IsNot => Ok(()),
        CmpOp::In | CmpOp::NotIn => match b {
            Type::Tuple(items) if items.iter().all(|t| compare_ok(CmpOp::Eq, a, t).is_ok()) => {
                Ok(())
            }
            Type::List(elem) if oxjit_builtins::list::searchable(elem, a) => Ok(()),
            Type::Dict(d) | Type::DictView(oxjit_types::DictView::Keys, d)
                if oxjit_builtins::dict::key_convertible(&d.key, a) =>
            {
                Ok(())
            }
            Type::Range if a.is_integer() || *a == Type::BOOL => Ok(()),
            _ => Err(bad()),
        },
        _ => match (a, b) {
            (Type::Scalar(x), Type::Scalar(y)) => {
                let ordering = !matches!(op, CmpOp::Eq | CmpOp::Ne);
                if ordering && (x.is_complex() || y.is_complex()) {
                    Err(bad())
                } else {
                    Ok(())
                }
            }
            (Type::DtypeValue(_), Type::DtypeValue(_)) | (Type::None, _) | (_, Type::None)
                if matches!(op, CmpOp::Eq | CmpOp::Ne) =>
            {
                Ok(())
            }
            (Type::Tuple(x), Type::Tuple(y)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
                if x.len() == y.len() {
                    x.iter()
                        .zip(y)
                        .try_for_each(|(p, q)| compare_ok(CmpOp::Eq, p, q))
                } else {
                    Ok(())
                }
            }
            // Lexicographic, as Python: the first unequal pair decides, else the lengths.
            (Type::Tuple(x), Type::Tuple(y)) => x.iter().zip(y).try_for_each(|(p, q)| {
                compare_ok(CmpOp::Eq, p, q)?;
                compare_ok(op, p, q)
            }),
            (Type::Array(_), _) | (_, Type::Array(_)) => Err(format!(
                "array comparisons ({a} {} {b}) are not supported yet",
                op.symbol()
            )),
            _ => Err(bad()),
        },
    }
}
