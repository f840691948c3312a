//! End-to-end tests of the ORC wrapper: inkwell IR in, callable machine code out.
//!
//! All tests share the one process-wide JIT, and every exported name must be unique in it, so
//! each test uses its own function names.

use std::sync::atomic::{AtomicUsize, Ordering};

use inkwell::module::Module;
use inkwell::passes::PassBuilderOptions;
use inkwell::types::BasicType;
use inkwell::IntPredicate;
use oxjit_jit::{assembly_for_ir, host_cpu, host_target_machine, Jit, ModuleContext};

static HELPER_CALLS: AtomicUsize = AtomicUsize::new(0);

/// A "runtime helper" that JIT'd code calls by name.
extern "C" fn oxjit_test_helper(x: i64) -> i64 {
    HELPER_CALLS.fetch_add(1, Ordering::SeqCst);
    x * 10 + 7
}

/// `define i64 @<name>(i64 %x) { ret i64 (x + 1) }`
fn add_one_fn<'ctx>(module: &Module<'ctx>, name: &str) {
    let ctx = module.get_context();
    let i64t = ctx.i64_type();
    let f = module.add_function(name, i64t.fn_type(&[i64t.into()], false), None);
    let b = ctx.create_builder();
    b.position_at_end(ctx.append_basic_block(f, "entry"));
    let x = f.get_nth_param(0).unwrap().into_int_value();
    let y = b.build_int_add(x, i64t.const_int(1, false), "y").unwrap();
    b.build_return(Some(&y)).unwrap();
}

/// `define <ret> @<name>(<arg> %x) { ret call @<callee>(x) }`, with `callee` only declared.
fn call_external_fn<'ctx>(module: &Module<'ctx>, name: &str, callee: &str, float: bool) {
    let ctx = module.get_context();
    let ty: inkwell::types::BasicTypeEnum = if float {
        ctx.f64_type().into()
    } else {
        ctx.i64_type().into()
    };
    let fn_ty = ty.fn_type(&[ty.into()], false);
    let ext = module.add_function(callee, fn_ty, None);
    let f = module.add_function(name, fn_ty, None);
    let b = ctx.create_builder();
    b.position_at_end(ctx.append_basic_block(f, "entry"));
    let x = f.get_nth_param(0).unwrap();
    let r = b.build_call(ext, &[x.into()], "r").unwrap();
    let r = r.try_as_basic_value().basic().unwrap();
    b.build_return(Some(&r)).unwrap();
}

fn optimise(module: &Module<'_>) {
    module.verify().expect("module verifies");
    let tm = host_target_machine().expect("host target machine");
    module.set_triple(&tm.get_triple());
    module.set_data_layout(&tm.get_target_data().get_data_layout());
    module
        .run_passes("default<O3>", &tm, PassBuilderOptions::create())
        .expect("O3 pipeline runs");
}

#[test]
fn add1_helper_and_libm() {
    let jit = Jit::global().expect("JIT starts");
    jit.define_symbol("oxjit_test_helper", oxjit_test_helper as *const () as usize)
        .unwrap();
    // Idempotent: a second registration is accepted and ignored.
    jit.define_symbol("oxjit_test_helper", oxjit_test_helper as *const () as usize)
        .unwrap();

    let mctx = ModuleContext::new();
    let module = mctx.context().create_module("basic");
    add_one_fn(&module, "add1");
    call_external_fn(&module, "call_helper", "oxjit_test_helper", false);
    call_external_fn(&module, "call_erf", "erf", true);
    optimise(&module);

    let addrs = jit
        .add_module_and_lookup(&mctx, module, &["add1", "call_helper", "call_erf"])
        .expect("module compiles and links");
    drop(mctx);
    assert_eq!(addrs.len(), 3);
    assert!(addrs.iter().all(|&a| a != 0));

    // SAFETY: the signatures match the IR built above.
    let add1: extern "C" fn(i64) -> i64 = unsafe { std::mem::transmute(addrs[0]) };
    let call_helper: extern "C" fn(i64) -> i64 = unsafe { std::mem::transmute(addrs[1]) };
    let call_erf: extern "C" fn(f64) -> f64 = unsafe { std::mem::transmute(addrs[2]) };

    assert_eq!(add1(41), 42);
    assert_eq!(add1(-1), 0);
    assert_eq!(add1(i64::MAX), i64::MIN);

    let before = HELPER_CALLS.load(Ordering::SeqCst);
    assert_eq!(call_helper(5), 57);
    assert_eq!(HELPER_CALLS.load(Ordering::SeqCst), before + 1);

    assert_eq!(call_erf(0.0), 0.0);
    assert!((call_erf(0.5) - 0.520_499_877_813_046_5).abs() < 1e-15);
    assert!((call_erf(-2.0) + 0.995_322_265_018_952_7).abs() < 1e-15);
}

#[test]
fn two_modules_and_a_loop() {
    let jit = Jit::global().unwrap();

    let ctx_a = ModuleContext::new();
    let ma = ctx_a.context().create_module("a");
    add_one_fn(&ma, "two_modules_first");
    optimise(&ma);
    let [first] = jit
        .add_module_and_lookup(&ctx_a, ma, &["two_modules_first"])
        .unwrap()[..]
    else {
        panic!("one address expected")
    };

    // The second module calls into the first one by name.
    let ctx_b = ModuleContext::new();
    let mb = ctx_b.context().create_module("b");
    call_external_fn(&mb, "two_modules_second", "two_modules_first", false);
    // ... and has a loop: sum of 0..n.
    {
        let c = ctx_b.context();
        let i64t = c.i64_type();
        let f = mb.add_function("two_modules_sum", i64t.fn_type(&[i64t.into()], false), None);
        let b = c.create_builder();
        let entry = c.append_basic_block(f, "entry");
        let body = c.append_basic_block(f, "body");
        let done = c.append_basic_block(f, "done");
        b.position_at_end(entry);
        let n = f.get_nth_param(0).unwrap().into_int_value();
        let zero = i64t.const_zero();
        let skip = b
            .build_int_compare(IntPredicate::SLE, n, zero, "skip")
            .unwrap();
        b.build_conditional_branch(skip, done, body).unwrap();
        b.position_at_end(body);
        let i = b.build_phi(i64t, "i").unwrap();
        let acc = b.build_phi(i64t, "acc").unwrap();
        let acc2 = b
            .build_int_add(
                acc.as_basic_value().into_int_value(),
                i.as_basic_value().into_int_value(),
                "acc2",
            )
            .unwrap();
        let i2 = b
            .build_int_add(
                i.as_basic_value().into_int_value(),
                i64t.const_int(1, false),
                "i2",
            )
            .unwrap();
        i.add_incoming(&[(&zero, entry), (&i2, body)]);
        acc.add_incoming(&[(&zero, entry), (&acc2, body)]);
        let more = b
            .build_int_compare(IntPredicate::SLT, i2, n, "more")
            .unwrap();
        b.build_conditional_branch(more, body, done).unwrap();
        b.position_at_end(done);
        let out = b.build_phi(i64t, "out").unwrap();
        out.add_incoming(&[(&zero, entry), (&acc2, body)]);
        b.build_return(Some(&out.as_basic_value())).unwrap();
    }
    optimise(&mb);
    let addrs = jit
        .add_module_and_lookup(&ctx_b, mb, &["two_modules_second", "two_modules_sum"])
        .unwrap();

    // SAFETY: signatures match the IR.
    let first: extern "C" fn(i64) -> i64 = unsafe { std::mem::transmute(first) };
    let second: extern "C" fn(i64) -> i64 = unsafe { std::mem::transmute(addrs[0]) };
    let sum: extern "C" fn(i64) -> i64 = unsafe { std::mem::transmute(addrs[1]) };
    assert_eq!(first(1), 2);
    assert_eq!(second(10), 11);
    assert_eq!(sum(0), 0);
    assert_eq!(sum(1), 0);
    assert_eq!(sum(101), 5050);
}

#[test]
fn errors_are_returned_not_fatal() {
    let jit = Jit::global().unwrap();

    // Unresolvable external symbol.
    let mctx = ModuleContext::new();
    let m = mctx.context().create_module("unresolved");
    call_external_fn(&m, "calls_missing", "oxjit_no_such_symbol_anywhere", false);
    let err = jit
        .add_module_and_lookup(&mctx, m, &["calls_missing"])
        .unwrap_err();
    assert!(err.contains("oxjit_no_such_symbol_anywhere"), "{err}");

    // A name that is already defined by an earlier module.
    let mctx = ModuleContext::new();
    let m = mctx.context().create_module("dup1");
    add_one_fn(&m, "dup_name");
    jit.add_module_and_lookup(&mctx, m, &["dup_name"]).unwrap();
    let m = mctx.context().create_module("dup2"); // same context reused
    add_one_fn(&m, "dup_name");
    let err = jit
        .add_module_and_lookup(&mctx, m, &["dup_name"])
        .unwrap_err();
    assert!(err.contains("dup_name"), "{err}");

    // Asking for a name the module does not define.
    let m = mctx.context().create_module("nothere");
    add_one_fn(&m, "nothere_defined");
    let err = jit
        .add_module_and_lookup(&mctx, m, &["nothere_missing"])
        .unwrap_err();
    assert!(err.contains("nothere_missing"), "{err}");

    // A module from another context is refused (and freed normally).
    let other = ModuleContext::new();
    let m = other.context().create_module("foreign");
    add_one_fn(&m, "foreign_fn");
    let err = jit
        .add_module_and_lookup(&mctx, m, &["foreign_fn"])
        .unwrap_err();
    assert!(err.contains("ModuleContext"), "{err}");

    // Bad names.
    assert!(jit.define_symbol("nul\0name", 8).is_err());
    assert!(jit.define_symbol("null_address", 0).is_err());
    // Defining a name a module already defines.
    assert!(jit.define_symbol("dup_name", 8).is_err());

    // The JIT still works afterwards.
    let m = mctx.context().create_module("after_errors");
    add_one_fn(&m, "after_errors_fn");
    let [a] = jit
        .add_module_and_lookup(&mctx, m, &["after_errors_fn"])
        .unwrap()[..]
    else {
        panic!()
    };
    // SAFETY: signature matches.
    let f: extern "C" fn(i64) -> i64 = unsafe { std::mem::transmute(a) };
    assert_eq!(f(1), 2);
}

#[test]
fn empty_names_still_compiles_now() {
    let jit = Jit::global().unwrap();
    let mctx = ModuleContext::new();
    let m = mctx.context().create_module("eager");
    add_one_fn(&m, "eager_fn");
    assert_eq!(jit.add_module_and_lookup(&mctx, m, &[]).unwrap(), vec![]);
    // The context can be used again.
    let m = mctx.context().create_module("eager2");
    add_one_fn(&m, "eager_fn2");
    let addrs = jit
        .add_module_and_lookup(&mctx, m, &["eager_fn", "eager_fn2"])
        .unwrap();
    // SAFETY: signature matches.
    let f: extern "C" fn(i64) -> i64 = unsafe { std::mem::transmute(addrs[0]) };
    let g: extern "C" fn(i64) -> i64 = unsafe { std::mem::transmute(addrs[1]) };
    assert_eq!(f(2) + g(3), 7);
}

#[test]
fn threads_build_and_add_concurrently() {
    let handles: Vec<_> = (0..8)
        .map(|t| {
            // A context created here and moved to the worker (ModuleContext is Send).
            let mctx = ModuleContext::new();
            std::thread::spawn(move || {
                let jit = Jit::global().unwrap();
                let mut results = Vec::new();
                for k in 0..4 {
                    let name = format!("threaded_{t}_{k}");
                    let m = mctx.context().create_module(&name);
                    add_one_fn(&m, &name);
                    optimise(&m);
                    let [a] = jit.add_module_and_lookup(&mctx, m, &[&name]).unwrap()[..] else {
                        panic!()
                    };
                    // SAFETY: signature matches.
                    let f: extern "C" fn(i64) -> i64 = unsafe { std::mem::transmute(a) };
                    results.push(f(t * 100 + k));
                }
                results
            })
        })
        .collect();
    for (t, h) in handles.into_iter().enumerate() {
        let t = t as i64;
        assert_eq!(
            h.join().unwrap(),
            (0..4).map(|k| t * 100 + k + 1).collect::<Vec<_>>()
        );
    }
}

#[test]
fn assembly_text_and_host_info() {
    let ir = r#"
define double @oxjit_asm_probe(double %a, double %b) {
entry:
  %s = fadd double %a, %b
  ret double %s
}
"#;
    let asm = assembly_for_ir(ir).expect("assembly");
    assert!(asm.contains("oxjit_asm_probe"), "{asm}");
    assert!(asm.contains("ret"), "{asm}");
    assert!(!asm.contains('\0'));

    assert!(assembly_for_ir("this is not IR").is_err());

    let (cpu, features) = host_cpu();
    assert!(!cpu.is_empty());
    if cfg!(target_arch = "x86_64") {
        assert!(features.contains("+sse2"), "{features}");
    }
}
