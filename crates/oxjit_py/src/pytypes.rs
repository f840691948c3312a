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
