//! Library functions with Python bodies type without Python: the body is served by the
//! driver's library host and typed as a callee of the user's function.

use oxjit_testkit::{parse_type, try_typed_ir, TestHost};

fn typed(source: &str, args: &[&str]) -> Result<String, String> {
    let mut host = TestHost::new();
    let f = host.add("f", source);
    let types: Vec<_> = args.iter().map(|a| parse_type(a).unwrap()).collect();
    try_typed_ir(&host, f, &types)
}

#[test]
fn cumulative_bodies_type_for_every_layout_and_axis() {
    for arr in [
        "array(float64, 1d, C)",
        "array(int32, 2d, A)",
        "array(complex64, 3d, F)",
        "array(bool, 0d, C)",
    ] {
        let flat = typed("def f(a):\n    return np.cumsum(a)\n", &[arr]).unwrap();
        assert!(flat.contains("-> array("), "{flat}");
        let axis = typed("def f(a):\n    return a.cumprod(axis=-1)\n", &[arr]).unwrap();
        assert!(axis.contains("-> array("), "{axis}");
    }
}

#[test]
fn a_bad_argument_is_refused_by_the_typing_rule_not_the_body() {
    let err = typed(
        "def f(a):\n    return np.cumsum(a, axis=1.5)\n",
        &["array(float64, 2d, C)"],
    )
    .unwrap_err();
    assert!(err.contains("axis must be an integer"), "{err}");
    assert!(!err.contains("pylib"), "{err}");
}

/// Every registry entry is documented, and each of its examples types (through its
/// Python body, when it has one).
#[test]
fn every_registry_entry_is_documented_and_its_examples_compile() {
    use oxjit_builtins::registry::REGISTRY;
    let mut seen = std::collections::HashSet::new();
    for builtin in REGISTRY {
        let name = builtin.names[0];
        assert!(!builtin.doc.trim().is_empty(), "{name} has no doc line");
        assert!(!builtin.examples.is_empty(), "{name} has no example");
        for n in builtin.names {
            assert!(seen.insert(*n), "{n} is registered twice");
            assert!(
                oxjit_builtins::names().iter().any(|m| m == n),
                "{n} missing from names()"
            );
        }
        for ex in builtin.examples {
            let params: Vec<String> = (0..ex.args.len())
                .map(|i| ((b'a' + i as u8) as char).to_string())
                .collect();
            let source = format!("def f({}):\n    return {}\n", params.join(", "), ex.call);
            if let Err(e) = typed(&source, ex.args) {
                panic!("{name}: example `{}` does not compile:\n{e}", ex.call);
            }
        }
    }
}

/// Every loop of every table ufunc compiles through its kernel, on scalars and arrays.
#[test]
fn every_ufunc_loop_compiles_on_scalars_and_arrays() {
    use oxjit_builtins::ufunc::{parse_loop, UFUNCS};
    for u in UFUNCS {
        for (types, _) in u.loops {
            let (ins, _) = parse_loop(types);
            let params: Vec<String> = (0..ins.len())
                .map(|i| ((b'a' + i as u8) as char).to_string())
                .collect();
            let source = format!(
                "def f({p}):\n    return np.{}({p})\n",
                u.name,
                p = params.join(", ")
            );
            let scalars: Vec<String> = ins.iter().map(|d| d.name().to_string()).collect();
            let arrays: Vec<String> = scalars
                .iter()
                .map(|d| format!("array({d}, 2d, A)"))
                .collect();
            for args in [&scalars, &arrays] {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                if let Err(e) = typed(&source, &args) {
                    panic!("np.{} loop {types} does not compile:\n{e}", u.name);
                }
            }
        }
    }
}

/// A body is typed once per signature per process, however many functions call it.
#[test]
fn a_body_is_typed_once_per_signature() {
    use oxjit_builtins::pylib::{id_of, Body};
    use oxjit_driver::Driver;
    let mut host = TestHost::new();
    let f = host.add("f", "def f(a):\n    return np.cumsum(a)\n");
    let g = host.add("g", "def g(a):\n    return np.cumsum(a) + a.cumsum()\n");
    let driver = Driver::new();
    let f64_1d = [parse_type("array(float64, 1d, C)").unwrap()];
    let i32_2d = [parse_type("array(int32, 2d, A)").unwrap()];
    for (func, args) in [(f, &f64_1d), (g, &f64_1d), (f, &i32_2d), (g, &i32_2d)] {
        driver.typed(&host, func, args).unwrap();
    }
    let body = id_of(Body {
        file: "numpy/cumulative.py",
        entry: "cumsum_flat",
    })
    .unwrap();
    assert_eq!(driver.typed_specialisations(body), 2);
}

/// Every runtime function a primitive calls exists in the runtime's symbol table (a
/// misspelt name would only fail when the JIT links the first call).
#[test]
fn primitives_call_runtime_functions_that_exist() {
    for name in oxjit_builtins::primitives::RUNTIME_SYMBOLS {
        assert!(
            oxjit_runtime::lookup(name).is_some(),
            "{name} is not a runtime symbol"
        );
    }
}
