//! Fixture files → snapshots of the typed IR (or of the diagnostic).
//!
//! Each `tests/fixtures/NAME.py` holds one or more top-level functions and header comments:
//!
//! ```text
//! # types: sum_loop(array(float64, 1d, C))    one line per signature to type
//! # global: N = 10                            a module constant (int, float or bool)
//! # expect: error                             every signature must fail to type
//! ```
//!
//! The snapshot `snapshots/fixtures__NAME.snap` holds, per signature, the typed IR text or
//! the rendered diagnostic. A fixture file with no test below fails `every_fixture_has_a_test`.

use oxjit_testkit::{parse_signature, split_functions, try_typed_ir, TestHost};
use oxjit_types::GlobalValue;
use std::path::PathBuf;

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A constant written after `# global: NAME =`.
fn constant(text: &str) -> GlobalValue {
    match text {
        "True" => GlobalValue::Bool(true),
        "False" => GlobalValue::Bool(false),
        "None" => GlobalValue::None,
        _ => text
            .parse::<i64>()
            .map(GlobalValue::Int)
            .or_else(|_| text.parse::<f64>().map(GlobalValue::Float))
            .unwrap_or_else(|_| panic!("unsupported constant {text:?}")),
    }
}

/// Runs one fixture; returns the snapshot text.
fn run(name: &str) -> String {
    let path = fixtures_dir().join(format!("{name}.py"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let filename = format!("<fixture>/{name}.py");
    let mut host = TestHost::new();
    let mut signatures = Vec::new();
    let mut expect_error = false;

    for line in text.lines() {
        if let Some(sig) = line.strip_prefix("# types:") {
            signatures.push(sig.trim().to_string());
        } else if let Some(g) = line.strip_prefix("# global:") {
            let (k, v) = g.split_once('=').expect("# global: NAME = VALUE");
            host.set_global(k.trim(), constant(v.trim()));
        } else if line.trim() == "# expect: error" {
            expect_error = true;
        }
    }
    let functions = split_functions(&text);
    assert!(!functions.is_empty(), "{name}: no function definitions");
    assert!(!signatures.is_empty(), "{name}: no `# types:` line");
    for f in &functions {
        host.add_at(&f.name, &filename, f.first_line, &f.source);
    }

    let mut out = Vec::new();
    for sig in &signatures {
        let (fname, args) = parse_signature(sig).unwrap_or_else(|e| panic!("{name}: {e}"));
        let id = host
            .id(&fname)
            .unwrap_or_else(|| panic!("{name}: no function {fname:?}"));
        match (try_typed_ir(&host, id, &args), expect_error) {
            (Ok(ir), false) | (Err(ir), true) => out.push(ir),
            (Ok(ir), true) => panic!("{name}: {sig} was expected to fail, but typed:\n{ir}"),
            (Err(d), false) => panic!("{name}: {sig} failed:\n{d}"),
        }
    }
    out.join("\n")
}

macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {
        const NAMES: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                let text = run(stringify!($name));
                insta::with_settings!({
                    description => concat!("tests/fixtures/", stringify!($name), ".py"),
                    omit_expression => true,
                }, {
                    insta::assert_snapshot!(stringify!($name), text);
                });
            }
        )*
    };
}

fixtures!(
    // Typing succeeds.
    int_float_unify,
    floor_division,
    chained_compare,
    if_elif_else,
    while_break_continue,
    range_args,
    array_loop,
    enumerate_zip,
    tuple_swap,
    heterogeneous_return,
    lu_kernel,
    math_functions,
    call_other,
    recursion_fib,
    global_constant,
    try_except,
    // Typing fails with a diagnostic.
    err_class,
    err_set_comprehension,
    err_undefined_global,
    err_int_plus_tuple,
    err_return_unify,
    err_use_before_assign,
    maybe_unassigned,
);

#[test]
fn every_fixture_has_a_test() {
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "py") {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            if !NAMES.contains(&stem.as_str()) {
                missing.push(stem);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "fixtures without a test in the fixtures! list: {missing:?}"
    );
}
