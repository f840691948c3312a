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
