//! Library functions whose bodies are written in Python.
//!
//! In: the `.py` files under `crates/oxjit_builtins/pylib/`, embedded at build time. Out:
//! every top-level `def` in them as a [`LibDef`] with a stable handle, which the driver
//! serves to the compiler like any jitted function's source (see `oxjit_driver::library`).
//!
//! A typing rule that wants a body returns [`crate::Intrinsic::Body`] naming the file and
//! the `def`; inference resolves the call as a call to that function, specialised for the
//! argument types the rule chose, and LLVM inlines it into the caller. Bodies use the
//! subset of Python oxjit compiles; inside them `np` is NumPy, `math` is `math`, the other
//! `def`s of the same file are callable by name, and `AxisError` is NumPy's.

use std::sync::OnceLock;

/// Handles of library functions start here, far from the host's own handles.
pub const LIB_ID_BASE: u64 = 1 << 62;

/// One embedded file: its path under `pylib/` and its text.
struct PyFile {
    path: &'static str,
    source: &'static str,
}

macro_rules! pylib_files {
    ($($path:literal),* $(,)?) => {
        &[$(PyFile { path: $path, source: include_str!(concat!("../pylib/", $path)) }),*]
    };
}

/// Every file of Python bodies. A new file is one line here.
static FILES: &[PyFile] = pylib_files![
    "list/search.py",
    "math/gcd.py",
    "math/integers.py",
    "math/isclose.py",
    "math/modf.py",
    "math/polar.py",
    "python/dicts.py",
    "python/divmod.py",
    "python/reversed.py",
    "python/fold.py",
    "python/strings.py",
    "numpy/_shared.py",
    "numpy/arange.py",
    "numpy/atleast.py",
    "numpy/concatenate.py",
    "numpy/count_nonzero.py",
    "numpy/cumulative.py",
    "numpy/eye.py",
    "numpy/fancy_index.py",
    "numpy/fill.py",
    "numpy/flat.py",
    "numpy/histogram.py",
    "numpy/linalg.py",
    "numpy/linspace.py",
    "numpy/matmul.py",
    "numpy/random.py",
    "numpy/reductions.py",
    "numpy/round.py",
    "numpy/searchsorted.py",
    "numpy/sort.py",
    "numpy/trace.py",
    "numpy/ufuncs.py",
];

/// One `def` of a library file.
#[derive(Debug)]
pub struct LibDef {
    /// The file, as `pylib/numpy/cumulative.py` (what diagnostics show).
    pub file: &'static str,
    pub name: String,
    /// The `def` statement and its body.
    pub source: String,
    /// 1-based line of the `def` in its file.
    pub first_line: u32,
}

/// A reference to a body from a typing rule: the file (relative to `pylib/`) and the `def`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Body {
    pub file: &'static str,
    pub entry: &'static str,
}

/// Every library `def`, in file order; a def's handle is `LIB_ID_BASE + index`.
pub fn defs() -> &'static [LibDef] {
    static DEFS: OnceLock<Vec<LibDef>> = OnceLock::new();
    DEFS.get_or_init(|| FILES.iter().flat_map(split_defs).collect())
}

/// The handle of a body, or `None` when no file defines it (a registry mistake, which the
/// registry test catches).
pub fn id_of(body: Body) -> Option<u64> {
    defs()
        .iter()
        .position(|d| d.file.strip_prefix("pylib/") == Some(body.file) && d.name == body.entry)
        .map(|i| LIB_ID_BASE + i as u64)
}

/// The library function a handle names, if it is one.
pub fn def_of(id: u64) -> Option<&'static LibDef> {
    let i = id.checked_sub(LIB_ID_BASE)?;
    defs().get(usize::try_from(i).ok()?)
}

/// The handle of `name` defined in the same file as `id`, or else in the `_shared.py`
/// of its directory (how bodies call their helpers).
pub fn sibling(id: u64, name: &str) -> Option<u64> {
    let file = def_of(id)?.file;
    let shared = format!("{}/_shared.py", file.rsplit_once('/')?.0);
    let find = |f: &str| {
        defs()
            .iter()
            .position(|d| d.file == f && d.name == name)
            .map(|i| LIB_ID_BASE + i as u64)
    };
    find(file).or_else(|| find(&shared))
}

/// Splits a file into its top-level `def`s. Other top-level lines (imports kept for
/// editors and linters, comments) belong to no function.
fn split_defs(file: &PyFile) -> Vec<LibDef> {
    let path: &'static str = Box::leak(format!("pylib/{}", file.path).into_boxed_str());
    let mut out: Vec<LibDef> = Vec::new();
    let mut current: Option<LibDef> = None;
    for (n, line) in file.source.lines().enumerate() {
        let top_level = !line.is_empty() && !line.starts_with([' ', '\t']);
        if top_level {
            out.extend(current.take());
            if let Some(rest) = line.strip_prefix("def ") {
                let name = rest.split('(').next().unwrap_or("").trim().to_string();
                current = Some(LibDef {
                    file: path,
                    name,
                    source: String::new(),
                    first_line: n as u32 + 1,
                });
            }
        }
        if let Some(def) = current.as_mut() {
            def.source.push_str(line);
            def.source.push('\n');
        }
    }
    out.extend(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_def_has_a_unique_handle_and_its_own_source() {
        let defs = defs();
        assert!(!defs.is_empty());
        for (i, d) in defs.iter().enumerate() {
            assert!(d.source.starts_with(&format!("def {}(", d.name)), "{d:?}");
            let body = Body {
                file: d.file.strip_prefix("pylib/").unwrap(),
                entry: Box::leak(d.name.clone().into_boxed_str()),
            };
            assert_eq!(id_of(body), Some(LIB_ID_BASE + i as u64));
            assert_eq!(def_of(LIB_ID_BASE + i as u64).unwrap().name, d.name);
        }
    }
}
