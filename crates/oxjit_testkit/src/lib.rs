//! Testing the stages below Python without Python.
//!
//! In: Python function source text, registered with a [`TestHost`], and argument types
//! spelled the way Numba prints them (`array(float64, 1d, C)`, [`parse_type`]).
//! Out: the text the stages produce — [`lowered_ir`] (the frontend's SSA IR) and
//! [`typed_ir`] (the typed IR after inference, or the rendered diagnostic) — for the
//! snapshot tests in `tests/`.
//!
//! [`TestHost`] implements [`HostEnv`] the way a plain Python module would: the registered
//! functions see each other as jitted globals, `math`/`cmath`/`np`/`numpy` as modules,
//! Python's builtins and exception classes under their usual names, and any constant set
//! with [`TestHost::set_global`].

use oxjit_diagnostics::{DResult, Diagnostic, SourceFile};
use oxjit_driver::{Driver, HostEnv};
use oxjit_syntax::ast::{self, Expr};
use oxjit_types::{ArrayType, Dtype, GlobalValue, Layout, Type};
use std::collections::HashMap;
use std::sync::Arc;

/// Functions of Python's `math` module.
const MATH_FUNCTIONS: &[&str] = &[
    "acos",
    "acosh",
    "asin",
    "asinh",
    "atan",
    "atan2",
    "atanh",
    "cbrt",
    "ceil",
    "comb",
    "copysign",
    "cos",
    "cosh",
    "degrees",
    "dist",
    "erf",
    "erfc",
    "exp",
    "exp2",
    "expm1",
    "fabs",
    "factorial",
    "floor",
    "fmod",
    "frexp",
    "fsum",
    "gamma",
    "gcd",
    "hypot",
    "isclose",
    "isfinite",
    "isinf",
    "isnan",
    "isqrt",
    "lcm",
    "ldexp",
    "lgamma",
    "log",
    "log10",
    "log1p",
    "log2",
    "modf",
    "perm",
    "pow",
    "prod",
    "radians",
    "remainder",
    "sin",
    "sinh",
    "sqrt",
    "tan",
    "tanh",
    "trunc",
];

/// Functions of Python's `cmath` module.
const CMATH_FUNCTIONS: &[&str] = &[
    "acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "exp", "isclose", "isfinite",
    "isinf", "isnan", "log", "log10", "phase", "polar", "rect", "sin", "sinh", "sqrt", "tan",
    "tanh",
];

/// Float constants of `math`, `cmath` and `numpy`.
fn module_constant(attr: &str) -> Option<f64> {
    Some(match attr {
        "pi" => std::f64::consts::PI,
        "e" => std::f64::consts::E,
        "tau" => std::f64::consts::TAU,
        "inf" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => return None,
    })
}

struct Registered {
    name: String,
    file: Arc<SourceFile>,
}

/// A [`HostEnv`] for functions given as source text: one Python module without Python.
///
/// Handles start at 1 and follow registration order, so snapshots that print
/// `Dispatcher(#2)` stay stable.
#[derive(Default)]
pub struct TestHost {
    funcs: Vec<Registered>,
    by_name: HashMap<String, u64>,
    globals: HashMap<String, GlobalValue>,
}

impl TestHost {
    pub fn new() -> TestHost {
        TestHost::default()
    }

    /// Registers the function `name` defined in `source` (its first `def`), as if it were
    /// the file `<fixture>/NAME.py`; returns its handle.
    pub fn add(&mut self, name: &str, source: &str) -> u64 {
        self.add_at(name, &format!("<fixture>/{name}.py"), 1, source)
    }

    /// Registers a function whose source starts at line `first_line` of `filename`, so
    /// diagnostics and `# line N` comments point into the real file.
    pub fn add_at(&mut self, name: &str, filename: &str, first_line: u32, source: &str) -> u64 {
        self.funcs.push(Registered {
            name: name.to_string(),
            file: SourceFile::new(filename, first_line, source),
        });
        let id = self.funcs.len() as u64;
        self.by_name.insert(name.to_string(), id);
        id
    }

    /// Defines a module-level global (a constant, or anything else a global can be).
    /// Takes precedence over every other way a name resolves.
    pub fn set_global(&mut self, name: &str, value: GlobalValue) {
        self.globals.insert(name.to_string(), value);
    }

    /// The handle of a registered function.
    pub fn id(&self, name: &str) -> Option<u64> {
        self.by_name.get(name).copied()
    }

    fn func(&self, id: u64) -> DResult<&Registered> {
        id.checked_sub(1)
            .and_then(|i| self.funcs.get(i as usize))
            .ok_or_else(|| Diagnostic::internal(format!("unknown function handle {id}")))
    }
}

impl HostEnv for TestHost {
    fn source(&self, func: u64) -> DResult<Arc<SourceFile>> {
        Ok(self.func(func)?.file.clone())
    }

    fn global(&self, _func: u64, name: &str) -> GlobalValue {
        if let Some(g) = self.globals.get(name) {
            return g.clone();
        }
        if let Some(&id) = self.by_name.get(name) {
            return GlobalValue::Jitted(id);
        }
        match name {
            "math" | "cmath" => return GlobalValue::Module(name.to_string()),
            "np" | "numpy" => return GlobalValue::Module("numpy".to_string()),
            "prange" | "get_thread_id" => {
                return GlobalValue::Builtin(format!("oxjit.{name}"));
            }
            _ => {}
        }
        // Python builtins compiled code may refer to, as the registry lists them (and
        // `slice`, which subscripts make).
        if oxjit_builtins::python::is_builtin_name(name) {
            return GlobalValue::Builtin(format!("builtins.{name}"));
        }
        if oxjit_builtins::python::EXCEPTIONS.contains(&name) {
            return GlobalValue::ExceptionClass(name.to_string());
        }
        GlobalValue::Undefined
    }

    fn module_attr(&self, module: &str, attr: &str) -> GlobalValue {
        match module {
            "math" | "cmath" => {
                if let Some(x) = module_constant(attr) {
                    return GlobalValue::Float(x);
                }
                let names = if module == "math" {
                    MATH_FUNCTIONS
                } else {
                    CMATH_FUNCTIONS
                };
                if names.contains(&attr) {
                    GlobalValue::Builtin(format!("{module}.{attr}"))
                } else {
                    GlobalValue::Undefined
                }
            }
            "numpy" => {
                if let Some(x) = module_constant(attr) {
                    return GlobalValue::Float(x);
                }
                match Dtype::from_name(attr) {
                    Some(d) => GlobalValue::Dtype(d),
                    None if matches!(attr, "random" | "linalg") => {
                        GlobalValue::Module(format!("numpy.{attr}"))
                    }
                    None => GlobalValue::Builtin(format!("numpy.{attr}")),
                }
            }
            // The class the Python host registers under its qualified name.
            "numpy.linalg" if attr == "LinAlgError" => {
                GlobalValue::ExceptionClass("numpy.linalg.LinAlgError".into())
            }
            "numpy.random" | "numpy.linalg" => GlobalValue::Builtin(format!("{module}.{attr}")),
            _ => GlobalValue::Undefined,
        }
    }

    fn params(&self, func: u64) -> DResult<(Vec<String>, Vec<Option<GlobalValue>>)> {
        let def = oxjit_syntax::parse_function(&self.func(func)?.file)?;
        let p = &def.parameters;
        Ok(p.posonlyargs
            .iter()
            .chain(p.args.iter())
            .map(|a| {
                (
                    a.parameter.name.id.as_str().to_string(),
                    a.default.as_deref().and_then(literal),
                )
            })
            .unzip())
    }

    fn name(&self, func: u64) -> String {
        self.func(func)
            .map(|f| f.name.clone())
            .unwrap_or_else(|_| format!("<unknown #{func}>"))
    }
}

/// The value of a simple literal default (`1`, `-2.5`, `True`, `None`, `'x'`, `(1, 2)`).
fn literal(e: &Expr) -> Option<GlobalValue> {
    Some(match e {
        Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => GlobalValue::Int(i.as_i64()?),
            ast::Number::Float(x) => GlobalValue::Float(*x),
            ast::Number::Complex { real, imag } => GlobalValue::Complex(*real, *imag),
        },
        Expr::BooleanLiteral(b) => GlobalValue::Bool(b.value),
        Expr::NoneLiteral(_) => GlobalValue::None,
        Expr::StringLiteral(s) => GlobalValue::Str(s.value.to_str().to_string()),
        Expr::Tuple(t) => GlobalValue::Tuple(t.elts.iter().map(literal).collect::<Option<_>>()?),
        Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => match literal(&u.operand)? {
            GlobalValue::Int(i) => GlobalValue::Int(i.checked_neg()?),
            GlobalValue::Float(x) => GlobalValue::Float(-x),
            GlobalValue::Complex(re, im) => GlobalValue::Complex(-re, -im),
            _ => return None,
        },
        _ => return None,
    })
}

/// Runs the frontend and inference on `func` for `arg_types`: the typed IR text, or the
/// rendered diagnostic when a stage rejects the function.
pub fn typed_ir(host: &TestHost, func: u64, arg_types: &[Type]) -> String {
    try_typed_ir(host, func, arg_types).unwrap_or_else(|e| e)
}

/// [`typed_ir`], telling success (`Ok`, the typed IR) from failure (`Err`, the rendered
/// diagnostic).
pub fn try_typed_ir(host: &TestHost, func: u64, arg_types: &[Type]) -> Result<String, String> {
    Driver::new()
        .typed(host, func, arg_types)
        .map(|t| t.display())
        .map_err(|d| d.render())
}

/// The frontend's SSA IR for the first function in `source` (untyped), or the rendered
/// diagnostic.
pub fn lowered_ir(source: &str) -> String {
    match lower(source) {
        Ok(f) => f.to_string(),
        Err(d) => d.render(),
    }
}

/// Parses and lowers the first function in `source` (file `<fixture>/test.py`).
pub fn lower(source: &str) -> DResult<oxjit_ir::Function> {
    let file = SourceFile::new("<fixture>/test.py", 1, source);
    let def = oxjit_syntax::parse_function(&file)?;
    oxjit_frontend::lower_function(&def, &file)
}

/// One top-level function of a multi-function source file.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceFunction {
    pub name: String,
    /// 1-based line of its first line (decorator or `def`) in the file.
    pub first_line: u32,
    /// Its text, up to the next top-level function.
    pub source: String,
}

/// Splits a file into its top-level functions: a `def` at column 0, with the decorators
/// above it, starts one; it runs to the next. Text before the first function is skipped.
pub fn split_functions(text: &str) -> Vec<SourceFunction> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut starts = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let begins = line.starts_with("def ") || line.starts_with('@');
        let after_decorator = i > 0 && lines[i - 1].starts_with('@');
        if begins && !after_decorator {
            starts.push(i);
        }
    }
    let mut out = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let Some(def) = lines[start..end].iter().find(|l| l.starts_with("def ")) else {
            continue;
        };
        let name = def["def ".len()..]
            .split('(')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        out.push(SourceFunction {
            name,
            first_line: start as u32 + 1,
            source: lines[start..end].concat(),
        });
    }
    out
}

/// Parses a type written the way Numba prints it: `int64`, `float64`, `bool`,
/// `complex128`, any other dtype name, `none`, `array(float64, 2d, C)`,
/// `UniTuple(int64 x 3)`, `Tuple(int64, float64)`.
pub fn parse_type(text: &str) -> Result<Type, String> {
    let mut p = TypeParser { s: text, pos: 0 };
    let t = p.ty()?;
    p.skip_ws();
    if p.pos != text.len() {
        return Err(format!("unexpected {:?} in type {text:?}", &text[p.pos..]));
    }
    Ok(t)
}

/// Parses `name(T1, T2, ...)`: a function name and its argument types.
pub fn parse_signature(text: &str) -> Result<(String, Vec<Type>), String> {
    let text = text.trim();
    let open = text
        .find('(')
        .ok_or_else(|| format!("expected NAME(TYPES) in {text:?}"))?;
    let name = text[..open].trim().to_string();
    let inner = text[open + 1..]
        .strip_suffix(')')
        .ok_or_else(|| format!("expected ')' at the end of {text:?}"))?;
    let mut p = TypeParser { s: inner, pos: 0 };
    let args = p.list()?;
    p.skip_ws();
    if p.pos != inner.len() {
        return Err(format!("unexpected {:?} in {text:?}", &inner[p.pos..]));
    }
    Ok((name, args))
}

struct TypeParser<'a> {
    s: &'a str,
    pos: usize,
}

impl TypeParser<'_> {
    fn skip_ws(&mut self) {
        while self.s[self.pos..].starts_with(' ') {
            self.pos += 1;
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_ws();
        if self.s[self.pos..].starts_with(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(format!("expected {c:?} at {:?}", &self.s[self.pos..]))
        }
    }

    fn word(&mut self) -> Result<&str, String> {
        self.skip_ws();
        let rest = &self.s[self.pos..];
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if len == 0 {
            return Err(format!("expected a name at {rest:?}"));
        }
        self.pos += len;
        Ok(&rest[..len])
    }

    /// Comma-separated types up to (not including) a `)` or the end.
    fn list(&mut self) -> Result<Vec<Type>, String> {
        let mut out = Vec::new();
        self.skip_ws();
        if self.pos == self.s.len() || self.s[self.pos..].starts_with(')') {
            return Ok(out);
        }
        loop {
            out.push(self.ty()?);
            if !self.eat(',') {
                return Ok(out);
            }
        }
    }

    fn ty(&mut self) -> Result<Type, String> {
        let word = self.word()?.to_string();
        match word.as_str() {
            "none" | "None" => Ok(Type::None),
            "readonly" => match self.ty()? {
                Type::Array(mut a) => {
                    a.readonly = true;
                    Ok(Type::Array(a))
                }
                t => Err(format!("readonly applies to arrays, not {t}")),
            },
            "array" => {
                self.expect('(')?;
                let dtype = self.word()?.to_string();
                let dtype = Dtype::from_name(&dtype).ok_or(format!("unknown dtype {dtype:?}"))?;
                self.expect(',')?;
                let nd = self.word()?.to_string();
                let ndim = nd
                    .strip_suffix('d')
                    .and_then(|n| n.parse::<u8>().ok())
                    .ok_or(format!("expected Nd, found {nd:?}"))?;
                self.expect(',')?;
                let layout = match self.word()? {
                    "C" => Layout::C,
                    "F" => Layout::F,
                    "A" => Layout::A,
                    l => return Err(format!("unknown layout {l:?}")),
                };
                self.expect(')')?;
                Ok(Type::Array(ArrayType {
                    dtype,
                    ndim,
                    layout,
                    readonly: false,
                }))
            }
            "list" | "reflected" => {
                if word == "reflected" && self.word()? != "list" {
                    return Err("expected 'reflected list(T)'".to_string());
                }
                self.expect('(')?;
                let item = self.ty()?;
                self.expect(')')?;
                Ok(Type::List(Box::new(item)))
            }
            "UniTuple" => {
                self.expect('(')?;
                let item = self.ty()?;
                if self.word()? != "x" {
                    return Err("expected 'x' in UniTuple(T x N)".to_string());
                }
                let n = self.word()?.to_string();
                let n: usize = n.parse().map_err(|_| format!("bad tuple length {n:?}"))?;
                self.expect(')')?;
                Ok(Type::tuple(vec![item; n]))
            }
            "Tuple" => {
                self.expect('(')?;
                let items = self.list()?;
                self.expect(')')?;
                Ok(Type::tuple(items))
            }
            name => Dtype::from_name(name)
                .map(Type::Scalar)
                .ok_or(format!("unknown type {name:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_round_trip_through_their_printed_names() {
        for text in [
            "int64",
            "float64",
            "bool",
            "complex128",
            "float32",
            "int32",
            "uint8",
            "none",
            "array(float64, 1d, C)",
            "array(int32, 2d, F)",
            "readonly array(uint8, 3d, A)",
            "UniTuple(int64 x 3)",
            "Tuple(int64, float64)",
            "Tuple(UniTuple(float64 x 2), array(bool, 1d, C))",
        ] {
            assert_eq!(parse_type(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn signatures_parse() {
        let (name, args) = parse_signature("f(array(float64, 2d, C), int64)").unwrap();
        assert_eq!(name, "f");
        assert_eq!(args.len(), 2);
        assert_eq!(parse_signature("g()").unwrap().1, vec![]);
        assert!(parse_type("array(float64, 2, C)").is_err());
        assert!(parse_type("int64 int64").is_err());
    }

    #[test]
    fn globals_resolve_like_a_module() {
        let mut host = TestHost::new();
        let f = host.add("f", "def f(x, y=2, z=-1.5, w=None, v=g):\n    return x\n");
        let g = host.add("g", "def g():\n    return 1\n");
        host.set_global("N", GlobalValue::Int(10));
        assert_eq!(host.global(f, "g"), GlobalValue::Jitted(g));
        assert_eq!(host.global(f, "N"), GlobalValue::Int(10));
        assert_eq!(host.global(f, "np"), GlobalValue::Module("numpy".into()));
        assert_eq!(
            host.global(f, "len"),
            GlobalValue::Builtin("builtins.len".into())
        );
        assert_eq!(
            host.global(f, "ValueError"),
            GlobalValue::ExceptionClass("ValueError".into())
        );
        assert_eq!(host.global(f, "nope"), GlobalValue::Undefined);
        assert_eq!(
            host.module_attr("math", "pi"),
            GlobalValue::Float(std::f64::consts::PI)
        );
        assert_eq!(
            host.module_attr("math", "sqrt"),
            GlobalValue::Builtin("math.sqrt".into())
        );
        assert_eq!(host.module_attr("math", "nope"), GlobalValue::Undefined);
        assert_eq!(
            host.module_attr("numpy", "float64"),
            GlobalValue::Dtype(Dtype::F64)
        );
        assert_eq!(
            host.module_attr("numpy", "sqrt"),
            GlobalValue::Builtin("numpy.sqrt".into())
        );
        let (names, defaults) = host.params(f).unwrap();
        assert_eq!(names, ["x", "y", "z", "w", "v"]);
        assert_eq!(
            defaults,
            vec![
                None,
                Some(GlobalValue::Int(2)),
                Some(GlobalValue::Float(-1.5)),
                Some(GlobalValue::None),
                None
            ]
        );
        assert_eq!(host.name(g), "g");
        assert!(host.source(99).is_err());
    }
}
