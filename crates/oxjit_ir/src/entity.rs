//! Entity ids (`v3`, `block2`, `inst7`) and a dense map keyed by them.

use std::fmt;
use std::marker::PhantomData;

/// An id that indexes an [`EntityMap`].
pub trait EntityId: Copy + Eq {
    fn new(index: usize) -> Self;
    fn index(self) -> usize;
}

macro_rules! entity {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u32);
        impl EntityId for $name {
            fn new(index: usize) -> Self {
                $name(index as u32)
            }
            fn index(self) -> usize {
                self.0 as usize
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
        }
    };
}

entity!(
    /// An SSA value: an instruction's result or a block parameter.
    Value,
    "v"
);
entity!(
    /// A basic block.
    Block,
    "block"
);
entity!(
    /// An instruction.
    Inst,
    "inst"
);

/// A dense map from ids to data: the primary store when ids are handed out by [`push`],
/// or a side table (filled with a default) when keyed by ids made elsewhere.
///
/// [`push`]: EntityMap::push
#[derive(Clone, Debug)]
pub struct EntityMap<K, V> {
    items: Vec<V>,
    _key: PhantomData<K>,
}

impl<K: EntityId, V> Default for EntityMap<K, V> {
    fn default() -> Self {
        EntityMap {
            items: Vec::new(),
            _key: PhantomData,
        }
    }
}

impl<K: EntityId, V> EntityMap<K, V> {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn push(&mut self, v: V) -> K {
        self.items.push(v);
        K::new(self.items.len() - 1)
    }
    pub fn len(&self) -> usize {
        self.items.len()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn keys(&self) -> impl Iterator<Item = K> + use<K, V> {
        (0..self.items.len()).map(K::new)
    }
    pub fn iter(&self) -> impl Iterator<Item = (K, &V)> {
        self.items.iter().enumerate().map(|(i, v)| (K::new(i), v))
    }
    pub fn get(&self, k: K) -> Option<&V> {
        self.items.get(k.index())
    }
}

impl<K: EntityId, V: Clone + Default> EntityMap<K, V> {
    /// A side table with a default entry for each of `n` ids.
    pub fn with_default(n: usize) -> Self {
        EntityMap {
            items: vec![V::default(); n],
            _key: PhantomData,
        }
    }
    /// Mutable access that grows the table with defaults as needed.
    pub fn entry(&mut self, k: K) -> &mut V {
        if k.index() >= self.items.len() {
            self.items.resize(k.index() + 1, V::default());
        }
        &mut self.items[k.index()]
    }
}

impl<K: EntityId, V> std::ops::Index<K> for EntityMap<K, V> {
    type Output = V;
    fn index(&self, k: K) -> &V {
        &self.items[k.index()]
    }
}

impl<K: EntityId, V> std::ops::IndexMut<K> for EntityMap<K, V> {
    fn index_mut(&mut self, k: K) -> &mut V {
        &mut self.items[k.index()]
    }
}

impl Value {
    /// The value's position in the arena (for dense side tables outside this crate).
    pub fn index_usize(self) -> usize {
        self.0 as usize
    }
}
