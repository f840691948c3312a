//! Types as Python objects: what `.signatures` lists and `oxjit.types` exports, printed
//! with Numba's names (`float64`, `array(float64, 2d, C)`).

use oxjit_types::{ArrayType, Dtype, Layout, Type};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PySlice, PyTuple};

#[pyclass(name = "Type", module = "oxjit.types", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct NumbaType(pub Type);

#[pymethods]
impl NumbaType {
    fn __repr__(&self) -> String {
        self.0.to_string()
    }
    fn __str__(&self) -> String {
        self.0.to_string()
    }
    #[getter]
    fn name(&self) -> String {
        self.0.to_string()
    }
    /// `float64[:]`, `float64[:, ::1]` (C), `float64[::1, :]` (F): array types.
    fn __getitem__(&self, index: &Bound<'_, PyAny>) -> PyResult<NumbaType> {
        let Type::Scalar(dtype) = self.0 else {
            return Err(PyTypeError::new_err(
                "only scalar types can be sliced into array types",
            ));
        };
        let slices: Vec<Bound<'_, PyAny>> = match index.cast::<PyTuple>() {
            Ok(t) => t.iter().collect(),
            Err(_) => vec![index.clone()],
        };
        let mut steps = Vec::new();
        for s in &slices {
            let s = s.cast::<PySlice>().map_err(|_| {
                PyTypeError::new_err("array types are written with slices: float64[:, :]")
            })?;
            let step = s.getattr("step")?;
            steps.push(if step.is_none() {
                None
            } else {
                Some(step.extract::<i64>()?)
            });
        }
        let ndim = steps.len() as u8;
        let layout = if steps.last() == Some(&Some(1)) {
            Layout::C
        } else if ndim > 1 && steps.first() == Some(&Some(1)) {
            Layout::F
        } else {
            Layout::A
        };
        Ok(NumbaType(Type::Array(ArrayType {
            dtype,
            ndim,
            layout,
            readonly: false,
        })))
    }
    /// With types, `float64(int64, float64[:])`: a signature object
    /// (`oxjit.core.typing.Signature`, with `.return_type` and `.args`). With a value,
    /// `int64(3.7)`: the value converted to this scalar type, as NumPy converts
    /// (wrapping integers, truncating floats).
    #[pyo3(signature = (*args))]
    fn __call__(
        slf: &Bound<'_, Self>,
        py: Python<'_>,
        args: &Bound<'_, PyTuple>,
    ) -> PyResult<Py<PyAny>> {
        let classes = py.import("oxjit._typeclasses")?.getattr("NumbaType")?;
        let mut all_types = true;
        for a in args.iter() {
            all_types &= a.cast::<NumbaType>().is_ok() || a.is_instance(&classes)?;
        }
        if all_types {
            let signature = py.import("oxjit.core.typing")?.getattr("Signature")?;
            return Ok(signature.call1((slf, args))?.unbind());
        }
        let this = slf.get();
        let (Type::Scalar(d), 1) = (&this.0, args.len()) else {
            return Err(PyTypeError::new_err(format!(
                "{}(...) takes argument types (a signature) or one value to convert",
                this.0
            )));
        };
        let value = args.get_item(0)?;
        let np = py.import("numpy")?;
        let converted = np
            .call_method1("asarray", (value,))?
            .call_method1("astype", (d.name(),))?;
        Ok(converted.get_item(())?.unbind())
    }

    /// How the type is written in a signature string (`float64[:, ::1]`), which the
    /// decorators parse back.
    #[getter]
    fn _signature_text(&self) -> String {
        spelling(&self.0)
    }

    /// The type's structure, for `oxjit.types`' Numba-style classes: `(kind, ...)` with
    /// kind `"scalar"` (dtype name), `"array"` (dtype, ndim, layout, readonly),
    /// `"tuple"` (item types), `"list"` (item type), `"none"`, `"str"` (the constant
    /// text), `"dtype"` (dtype name), `"function"`, or `"other"`.
    #[getter]
    fn _structure<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        use pyo3::IntoPyObjectExt;
        let items: Vec<Py<PyAny>> = match &self.0 {
            Type::Scalar(d) => vec!["scalar".into_py_any(py)?, d.name().into_py_any(py)?],
            Type::Array(a) => vec![
                "array".into_py_any(py)?,
                a.dtype.name().into_py_any(py)?,
                a.ndim.into_py_any(py)?,
                a.layout.name().into_py_any(py)?,
                a.readonly.into_py_any(py)?,
            ],
            Type::Tuple(items) => {
                let mut s = vec![
                    "tuple".into_py_any(py)?,
                    PyTuple::new(py, items.iter().map(|t| NumbaType(t.clone())))?
                        .into_py_any(py)?,
                ];
                if let Some(class) = &items.class {
                    let object = crate::named_tuples::class_object(py, class.handle);
                    s.push(object.into_py_any(py)?);
                }
                s
            }
            Type::List(item) => vec![
                "list".into_py_any(py)?,
                NumbaType((**item).clone()).into_py_any(py)?,
            ],
            Type::Optional(inner) => vec![
                "optional".into_py_any(py)?,
                NumbaType((**inner).clone()).into_py_any(py)?,
            ],
            Type::None => vec!["none".into_py_any(py)?],
            Type::Str(text) => vec!["str".into_py_any(py)?, text.into_py_any(py)?],
            Type::DtypeValue(d) => vec!["dtype".into_py_any(py)?, d.name().into_py_any(py)?],
            Type::Function(_) => vec!["function".into_py_any(py)?],
            _ => vec!["other".into_py_any(py)?],
        };
        PyTuple::new(py, items)
    }

    #[getter]
    fn ndim(&self) -> PyResult<u8> {
        match &self.0 {
            Type::Array(a) => Ok(a.ndim),
            _ => Err(PyTypeError::new_err("not an array type")),
        }
    }
    #[getter]
    fn dtype(&self) -> PyResult<NumbaType> {
        match &self.0 {
            Type::Array(a) => Ok(NumbaType(Type::Scalar(a.dtype))),
            _ => Err(PyTypeError::new_err("not an array type")),
        }
    }
    #[getter]
    fn layout(&self) -> PyResult<&'static str> {
        match &self.0 {
            Type::Array(a) => Ok(a.layout.name()),
            _ => Err(PyTypeError::new_err("not an array type")),
        }
    }
}

/// A type from its Numba name: `float64`, `int32`, `boolean`, `none`...
#[pyfunction]
pub fn parse_type(name: &str) -> PyResult<NumbaType> {
    let t = match name {
        "none" => Type::None,
        "boolean" => Type::BOOL,
        "range_state64" => Type::Range,
        n => Type::Scalar(
            Dtype::from_name(n)
                .ok_or_else(|| PyValueError::new_err(format!("unknown type name {n:?}")))?,
        ),
    };
    Ok(NumbaType(t))
}

/// A type from its text in a signature: `float64[:, ::1]`, `readonly array(float32, 1d,
/// A)`, `UniTuple(int64, 2)`.
#[pyfunction(name = "parse_type_text")]
pub fn parse_type_text_py(text: &str) -> PyResult<NumbaType> {
    parse_type_text(text)
        .map(NumbaType)
        .map_err(PyValueError::new_err)
}

/// A signature's text parsed: `(return type or None, [argument types])`.
#[pyfunction(name = "parse_signature")]
pub fn parse_signature_py(text: &str) -> PyResult<(Option<NumbaType>, Vec<NumbaType>)> {
    let sig = parse_signature(text).map_err(PyValueError::new_err)?;
    Ok((
        sig.ret.map(NumbaType),
        sig.args.into_iter().map(NumbaType).collect(),
    ))
}

/// A parsed signature: `float64(int64, float64[:])` or `(int64, int64)`.
pub struct Signature {
    pub ret: Option<Type>,
    pub args: Vec<Type>,
}

/// Splits at top-level commas (not inside brackets or parentheses).
fn split_top(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(s[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    let last = s[start..].trim();
    if !last.is_empty() {
        out.push(last);
    }
    out
}

/// One type in Numba's notation: scalars, `float64[:, ::1]` arrays, `UniTuple(int64, 2)`,
/// `Tuple(int64, float64)`.
pub fn parse_type_text(text: &str) -> Result<Type, String> {
    let text = text.trim();
    // The printed form, `array(float64, 2d, C)` (what `str()` of an array type gives).
    let (readonly, rest) = match text.strip_prefix("readonly ") {
        Some(rest) => (true, rest.trim()),
        None => (false, text),
    };
    if let Some(inner) = rest
        .strip_prefix("array(")
        .and_then(|r| r.strip_suffix(')'))
    {
        let bad = || format!("an array type looks like array(float64, 2d, C), not {text:?}");
        let [dtype, ndim, layout] = split_top(inner)[..] else {
            return Err(bad());
        };
        let Type::Scalar(dtype) = parse_type_text(dtype)? else {
            return Err(bad());
        };
        let ndim: u8 = ndim
            .trim()
            .trim_end_matches('d')
            .parse()
            .map_err(|_| bad())?;
        let layout = match layout.trim() {
            "C" => Layout::C,
            "F" => Layout::F,
            "A" => Layout::A,
            _ => return Err(bad()),
        };
        return Ok(Type::Array(ArrayType {
            dtype,
            ndim,
            layout,
            readonly,
        }));
    }
    if let Some(inner) = text
        .strip_prefix("UniTuple(")
        .and_then(|r| r.strip_suffix(')'))
    {
        let parts = split_top(inner);
        if let [t, n] = parts.as_slice() {
            let n: usize = n
                .trim()
                .parse()
                .map_err(|_| format!("bad tuple length in {text:?}"))?;
            return Ok(Type::tuple(vec![parse_type_text(t)?; n]));
        }
        return Err(format!("bad UniTuple {text:?}"));
    }
    if let Some(inner) = text
        .strip_prefix("Tuple(")
        .and_then(|r| r.strip_suffix(')'))
    {
        return Ok(Type::Tuple(
            split_top(inner)
                .into_iter()
                .map(parse_type_text)
                .collect::<Result<_, _>>()?,
        ));
    }
    if let Some(open) = text.find('[') {
        let base = parse_type_text(&text[..open])?;
        let Type::Scalar(dtype) = base else {
            return Err(format!("only scalar types make arrays: {text:?}"));
        };
        let dims = text[open + 1..]
            .strip_suffix(']')
            .ok_or_else(|| format!("unclosed [ in {text:?}"))?;
        let parts = split_top(dims);
        let unit = |p: &str| p.replace(' ', "") == "::1";
        let layout = if parts.last().is_some_and(|p| unit(p)) {
            Layout::C
        } else if parts.len() > 1 && unit(parts[0]) {
            Layout::F
        } else {
            Layout::A
        };
        return Ok(Type::Array(ArrayType {
            dtype,
            ndim: parts.len() as u8,
            layout,
            readonly: false,
        }));
    }
    match text {
        "none" | "void" => Ok(Type::None),
        "boolean" | "bool_" => Ok(Type::BOOL),
        "intp" => Ok(Type::I64),
        n => Dtype::from_name(n)
            .map(Type::Scalar)
            .ok_or_else(|| format!("unknown type name {n:?}")),
    }
}

/// How a type is written in a signature string (`float64[:, ::1]`, `UniTuple(int64, 2)`),
/// which [`parse_type_text`] reads back.
pub fn spelling(t: &Type) -> String {
    match t {
        // `float64[:]` cannot say readonly; the printed form can.
        Type::Array(a) if a.readonly => t.to_string(),
        Type::Array(a) => {
            let n = a.ndim as usize;
            let dims: Vec<&str> = (0..n)
                .map(|i| match a.layout {
                    Layout::C if i + 1 == n => "::1",
                    Layout::F if i == 0 && n > 1 => "::1",
                    _ => ":",
                })
                .collect();
            format!("{}[{}]", a.dtype.name(), dims.join(", "))
        }
        Type::Tuple(items) => {
            let parts: Vec<String> = items.iter().map(spelling).collect();
            format!("Tuple({})", parts.join(", "))
        }
        other => other.to_string(),
    }
}

pub fn parse_signature(text: &str) -> Result<Signature, String> {
    let text = text.trim();
    let close = text
        .rfind(')')
        .ok_or_else(|| format!("a signature looks like 'float64(int64)', not {text:?}"))?;
    // The arguments are the last parenthesised group: the return type may have its own
    // (`UniTuple(int64, 2)(int64)`).
    let mut depth = 0i32;
    let mut open = None;
    for (i, c) in text[..=close].char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    open = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let open = open.ok_or_else(|| format!("unbalanced parentheses in {text:?}"))?;
    let ret_text = text[..open].trim();
    let ret = if ret_text.is_empty() {
        None
    } else {
        Some(parse_type_text(ret_text)?)
    };
    let args = split_top(&text[open + 1..close])
        .into_iter()
        .map(parse_type_text)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Signature { ret, args })
}

/// Whether a value of type `from` may be passed where a signature declares `to`: the same
/// type, a scalar of a kind that converts without losing its kind's meaning (bool → int →
/// float → complex), or an array of the same dtype and dimensions in a compatible layout.
pub fn converts(from: &Type, to: &Type) -> bool {
    conversion_cost(from, to).is_some()
}

/// How a value of type `from` converts to a declared `to`, as Numba ranks conversions
/// when it picks among declared signatures: 0 exact, 1 a promotion within a kind
/// (int32 to int64, an array to layout A), 2 safe (int64 to float64), 3 unsafe but
/// allowed (float64 to float32, int64 to float32); `None` when it does not convert.
pub fn conversion_cost(from: &Type, to: &Type) -> Option<u8> {
    if from == to {
        return Some(0);
    }
    let rank = |d: Dtype| match d.kind() {
        oxjit_types::Kind::Bool => 0,
        oxjit_types::Kind::Signed | oxjit_types::Kind::Unsigned => 1,
        oxjit_types::Kind::Float => 2,
        oxjit_types::Kind::Complex => 3,
    };
    match (from, to) {
        (Type::Scalar(a), Type::Scalar(b)) if rank(*a) <= rank(*b) => {
            let safe = oxjit_types::promote(*a, *b) == *b;
            Some(match (safe, a.kind() == b.kind()) {
                (true, true) => 1,
                (true, false) => 2,
                (false, _) => 3,
            })
        }
        (Type::Array(a), Type::Array(b)) => (a.dtype == b.dtype
            && a.ndim == b.ndim
            && (b.layout == Layout::A || a.layout == b.layout)
            && (b.readonly || !a.readonly))
            .then_some(1),
        (Type::Tuple(xs), Type::Tuple(ys)) if xs.len() == ys.len() => xs
            .iter()
            .zip(ys)
            .map(|(x, y)| conversion_cost(x, y))
            .try_fold(0, |worst, c| c.map(|c| worst.max(c))),
        _ => None,
    }
}

/// How well argument types fit a declared signature, smaller is better: the numbers
/// of unsafe, safe and promoting conversions, compared in that order (Numba's rule);
/// `None` when some argument does not convert.
pub fn signature_fit(args: &[Type], declared: &[Type]) -> Option<[usize; 3]> {
    if args.len() != declared.len() {
        return None;
    }
    let mut counts = [0usize; 3];
    for (a, d) in args.iter().zip(declared) {
        match conversion_cost(a, d)? {
            0 => {}
            c => counts[3 - c as usize] += 1,
        }
    }
    Some(counts)
}
