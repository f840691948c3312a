//! Tuple types: the items, and the class when the tuple is a `collections.namedtuple`.
//!
//! A namedtuple is a tuple everywhere (indexing, unpacking, iteration, layout, equality
//! of values); its class adds attribute access by field name, construction from compiled
//! code and the class of the object returned to Python. `TupleType` derefs to its items,
//! so code that handles tuples handles namedtuples too.

use crate::Type;
use std::ops::Deref;
use std::sync::Arc;

/// The items of a tuple type, and its namedtuple class if it has one.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct TupleType {
    pub items: Vec<Type>,
    pub class: Option<Arc<NamedTupleClass>>,
}

/// A `collections.namedtuple` class, as the compiler knows it.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct NamedTupleClass {
    pub name: String,
    pub fields: Vec<String>,
    /// The host's handle of the class object (to make instances of it for Python).
    pub handle: u64,
}

impl TupleType {
    /// A namedtuple of class `class` holding `items`.
    pub fn named(class: Arc<NamedTupleClass>, items: Vec<Type>) -> TupleType {
        TupleType {
            items,
            class: Some(class),
        }
    }

    /// The index of field `name`, for a namedtuple.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.class.as_ref()?.fields.iter().position(|f| f == name)
    }
}

impl Deref for TupleType {
    type Target = Vec<Type>;
    fn deref(&self) -> &Vec<Type> {
        &self.items
    }
}

impl From<Vec<Type>> for TupleType {
    fn from(items: Vec<Type>) -> TupleType {
        TupleType { items, class: None }
    }
}

impl FromIterator<Type> for TupleType {
    fn from_iter<I: IntoIterator<Item = Type>>(iter: I) -> TupleType {
        TupleType::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl<'a> IntoIterator for &'a TupleType {
    type Item = &'a Type;
    type IntoIter = std::slice::Iter<'a, Type>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}
