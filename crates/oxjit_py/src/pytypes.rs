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
    /// `float64(int64, int64)`: a signature, as the string the decorators accept.
    #[pyo3(signature = (*args))]
    fn __call__(&self, args: &Bound<'_, PyTuple>) -> PyResult<String> {
        let parts: Vec<String> = args
            .iter()
            .map(|a| a.str().map(|s| s.to_string()))
            .collect::<PyResult<_>>()?;
        Ok(format!("{}({})", self.0, parts.join(", ")))
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
            return Ok(Type::Tuple(vec![parse_type_text(t)?; n]));
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

pub fn parse_signature(text: &str) -> Result<Signature, String> {
    let text = text.trim();
    let open = text
        .find('(')
        .ok_or_else(|| format!("a signature looks like 'float64(int64)', not {text:?}"))?;
    let close = text
        .rfind(')')
        .ok_or_else(|| format!("unclosed ( in {text:?}"))?;
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
    if from == to {
        return true;
    }
    let rank = |d: Dtype| match d.kind() {
        oxjit_types::Kind::Bool => 0,
        oxjit_types::Kind::Signed | oxjit_types::Kind::Unsigned => 1,
        oxjit_types::Kind::Float => 2,
        oxjit_types::Kind::Complex => 3,
    };
    match (from, to) {
        (Type::Scalar(a), Type::Scalar(b)) => rank(*a) <= rank(*b),
        (Type::Array(a), Type::Array(b)) => {
            a.dtype == b.dtype
                && a.ndim == b.ndim
                && (b.layout == Layout::A || a.layout == b.layout)
                && (b.readonly || !a.readonly)
        }
        (Type::Tuple(xs), Type::Tuple(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| converts(x, y))
        }
        _ => false,
    }
}
