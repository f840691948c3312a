//! Direct checks of the SSA frontend's output: it verifies, trivial block parameters are
//! gone, and every instruction carries a span inside the source.

use oxjit_diagnostics::SourceFile;
use oxjit_ir::{Function, Op, Value, ValueDef};
use oxjit_testkit::{lower, lowered_ir, split_functions};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// Every function of every fixture that lowers (the `err_*` ones may stop in the frontend).
fn fixture_functions() -> Vec<(String, Function)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        for f in split_functions(&text) {
            let label = format!("{}:{}", path.file_name().unwrap().to_string_lossy(), f.name);
            let file = SourceFile::new(&label, f.first_line, &f.source);
            let def = oxjit_syntax::parse_function(&file).unwrap();
            if let Ok(func) = oxjit_frontend::lower_function(&def, &file) {
                out.push((label, func));
            }
        }
    }
    assert!(
        out.len() >= 15,
        "only {} fixture functions lowered",
        out.len()
    );
    out
}

const LOOPS: &str = "\
def f(n, a):
    s = 0
    i = 0
    while i < n:
        if a[i] > 0:
            s += a[i]
        i += 1
    for j in range(n):
        for k in range(j, n):
            s -= a[k]
    return s
";

#[test]
fn frontend_output_verifies() {
    for (label, func) in fixture_functions() {
        if let Err(e) = oxjit_ir::verify(&func) {
            panic!("{label}: {e}\n{func}");
        }
    }
    oxjit_ir::verify(&lower(LOOPS).unwrap()).unwrap();
}

#[test]
fn every_instruction_has_a_span_inside_the_source() {
    let mut functions = fixture_functions();
    functions.push(("LOOPS".into(), lower(LOOPS).unwrap()));
    for (label, func) in functions {
        let len = func.source.text.len() as u32;
        for b in func.reverse_postorder() {
            for &inst in &func.blocks[b].insts {
                let data = &func.insts[inst];
                let span = data.span;
                assert!(
                    span.start <= span.end && span.end <= len,
                    "{label}: {inst} has span {span:?} outside 0..{len}"
                );
                // Only the "never assigned" placeholder may point nowhere.
                if !matches!(data.op, Op::Undef) {
                    assert!(
                        span.start < span.end,
                        "{label}: {inst} ({:?}) has an empty span",
                        data.op
                    );
                }
            }
        }
    }
}

/// How many parameters each reachable block has.
fn block_params(func: &Function) -> Vec<usize> {
    func.reverse_postorder()
        .into_iter()
        .map(|b| func.blocks[b].params.len())
        .collect()
}

#[test]
fn variables_only_read_in_a_loop_get_no_block_parameter() {
    // `n` is only read in the loop: the header carries `i` and `s`, nothing else.
    let func = lower(
        "def f(n):\n    s = 0\n    i = 0\n    while i < n:\n        s += i\n        i += 1\n    return s\n",
    )
    .unwrap();
    assert_eq!(block_params(&func).iter().sum::<usize>(), 2, "\n{func}");
    // The loop test compares against the argument itself, not a loop-carried copy.
    let n = func
        .insts
        .iter()
        .find(|(_, d)| matches!(d.op, Op::Arg(0)))
        .and_then(|(_, d)| d.result)
        .unwrap();
    let compares_n = func.insts.iter().any(|(_, d)| match d.op {
        Op::Compare(_, a, b) => matches!(func.values[a], ValueDef::Param(..)) && b == n,
        _ => false,
    });
    assert!(compares_n, "the loop test should read v0 directly:\n{func}");

    // A `for` over `range(n)` carries its hidden counter and `s`; `n` and the range do not
    // travel around the loop.
    let func =
        lower("def g(n):\n    s = 0.0\n    for i in range(n):\n        s += n\n    return s\n")
            .unwrap();
    assert_eq!(block_params(&func).iter().sum::<usize>(), 2, "\n{func}");
}

/// Block parameters whose incoming arguments are all one value (or the parameter itself).
fn trivial_params(func: &Function) -> Vec<String> {
    let mut incoming: HashMap<Value, HashSet<Value>> = HashMap::new();
    for b in func.reverse_postorder() {
        let Some(t) = func.terminator(b) else {
            continue;
        };
        for (succ, args) in func.insts[t].op.successors() {
            for (&p, &a) in func.blocks[succ].params.iter().zip(args.iter()) {
                if a != p {
                    incoming.entry(p).or_default().insert(a);
                }
            }
        }
    }
    incoming
        .into_iter()
        .filter(|(_, args)| args.len() <= 1)
        .map(|(p, args)| format!("{p} <- {args:?}"))
        .collect()
}

#[test]
fn no_trivial_block_parameters_remain() {
    let mut functions = fixture_functions();
    functions.push(("LOOPS".into(), lower(LOOPS).unwrap()));
    for (label, func) in functions {
        let trivial = trivial_params(&func);
        assert!(trivial.is_empty(), "{label}: trivial {trivial:?}\n{func}");
    }
}

#[test]
fn nested_loops_carry_only_what_they_assign() {
    // while header (i, s), if-merge (s), outer for header (counter, s), inner for header
    // (counter, s); nothing for `n` or `a`.
    let func = lower(LOOPS).unwrap();
    assert_eq!(block_params(&func).iter().sum::<usize>(), 7, "\n{func}");
}

#[test]
fn lowered_ir_text() {
    insta::assert_snapshot!(lowered_ir(
        "def clip(x, lo, hi):\n    if x < lo:\n        x = lo\n    elif x > hi:\n        x = hi\n    return x\n"
    ));
}

#[test]
fn unsupported_constructs_stop_in_the_frontend() {
    for (src, what) in [
        (
            "def f(x):\n    try:\n        pass\n    except* Exception:\n        pass\n",
            "except*",
        ),
        ("def f(x):\n    return lambda y: y\n", "lambda"),
        ("def f(*args):\n    return 1\n", "*args"),
        (
            "def f(x):\n    return {i for i in x}\n",
            "set comprehension",
        ),
    ] {
        let err = lower(src).unwrap_err();
        assert!(
            err.render().contains(what),
            "expected {what:?} in:\n{}",
            err.render()
        );
    }
}
