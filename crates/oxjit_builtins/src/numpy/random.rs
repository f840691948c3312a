//! NumPy's legacy random functions on compiled code's generator (NumPy's Mersenne
//! Twister, seeded by `np.random.seed` in compiled code): `seed`, `random`/
//! `random_sample`/`rand`, `randn`/`standard_normal`, `normal`, `uniform`,
//! `exponential`, `standard_gamma`/`gamma`, `chisquare`, `standard_t`, `laplace`,
//! `lognormal`, `noncentral_chisquare`, `poisson`, `binomial`, `randint`. Numbers, or
//! arrays of `size`. Body: `pylib/numpy/random.py`.

use crate::ndarray::{arg, array, check_kwargs};
use crate::pylib::Body;
use crate::registry::{Builtin, Ex};
use crate::{CallArgs, Intrinsic, NoMatch, Slot, Typed};
use oxjit_types::{Dtype, Type};

pub const BUILTIN: Builtin = Builtin {
    names: &[
        "numpy.random.seed",
        "numpy.random.random",
        "numpy.random.random_sample",
        "numpy.random.rand",
        "numpy.random.randn",
        "numpy.random.standard_normal",
        "numpy.random.normal",
        "numpy.random.uniform",
        "numpy.random.exponential",
        "numpy.random.standard_gamma",
        "numpy.random.gamma",
        "numpy.random.chisquare",
        "numpy.random.standard_t",
        "numpy.random.laplace",
        "numpy.random.lognormal",
        "numpy.random.noncentral_chisquare",
        "numpy.random.poisson",
        "numpy.random.binomial",
        "numpy.random.randint",
    ],
    doc: "NumPy's legacy random draws, bit for bit, from compiled code's own generator",
    type_call,
    examples: &[
        Ex {
            call: "np.random.seed(a)",
            args: &["int64"],
        },
        Ex {
            call: "np.random.random()",
            args: &[],
        },
        Ex {
            call: "np.random.normal(0.0, a, size=(b, 3))",
            args: &["float64", "int64"],
        },
        Ex {
            call: "np.random.rand(a, a)",
            args: &["int64"],
        },
        Ex {
            call: "np.random.uniform(a, 2, 10)",
            args: &["float32"],
        },
        Ex {
            call: "np.random.randint(a, size=4)",
            args: &["int32"],
        },
        Ex {
            call: "np.random.binomial(a, 0.25, 5)",
            args: &["int64"],
        },
        Ex {
            call: "np.random.poisson(a)",
            args: &["float64"],
        },
        Ex {
            call: "np.random.noncentral_chisquare(a, 2.0, size=(2, 2))",
            args: &["float64"],
        },
    ],
};

/// The number of dimensions `size` gives: `None` for no size (one number).
fn size_ndim(t: Option<&Type>) -> Result<Option<u8>, NoMatch> {
    match t {
        None | Some(Type::None) => Ok(None),
        Some(t) if t.is_index() => Ok(Some(1)),
        Some(Type::Tuple(items)) if items.iter().all(Type::is_index) => Ok(Some(items.len() as u8)),
        Some(t) => Err(NoMatch::new(format!(
            "size must be an int or a tuple of ints, not {t}"
        ))),
    }
}

fn body(entry: &'static str) -> Intrinsic {
    Intrinsic::Body(Body {
        file: "numpy/random.py",
        entry,
    })
}

fn real(t: &Type) -> bool {
    t.scalar().is_some_and(|d| !d.is_complex())
}

fn type_call(name: &str, a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    let short = name.rsplit('.').next().unwrap_or(name);
    match short {
        "seed" => {
            check_kwargs(short, a, &[])?;
            match a.types {
                [t] if t.is_index() => Ok(Typed::new(Type::None, vec![Type::I64], body("seed"))),
                _ => Err(NoMatch::new(
                    "np.random.seed() in compiled code takes one integer seed",
                )),
            }
        }
        "rand" | "randn" => {
            check_kwargs(short, a, &[])?;
            if !a.types.iter().all(Type::is_index) {
                return Err(NoMatch::new(format!(
                    "np.random.{short}(d0, d1, ...) takes ints"
                )));
            }
            let kind = if short == "rand" { 0 } else { 1 };
            let (a_, b_) = if kind == 1 { (0.0, 1.0) } else { (0.0, 0.0) };
            distribution(
                kind,
                (Slot::Float(a_), Slot::Float(b_)),
                Size::Dims(a.types.len()),
            )
        }
        "randint" => randint(a),
        _ => {
            // (parameter names, defaults, kind): kinds below INTEGER_KINDS draw floats,
            // the others int64 (see the body).
            let (params, defaults, kind): (&[&str], [f64; 2], i64) = match short {
                "normal" => (&["loc", "scale"], [0.0, 1.0], 1),
                "uniform" => (&["low", "high"], [0.0, 1.0], 2),
                "exponential" => (&["scale"], [1.0, 0.0], 3),
                "standard_gamma" => (&["shape"], [f64::NAN, 1.0], 4),
                "gamma" => (&["shape", "scale"], [f64::NAN, 1.0], 4),
                "chisquare" => (&["df"], [f64::NAN, 0.0], 5),
                "standard_normal" => (&[], [0.0, 1.0], 1),
                "standard_t" => (&["df"], [f64::NAN, 0.0], 6),
                "laplace" => (&["loc", "scale"], [0.0, 1.0], 7),
                "lognormal" => (&["mean", "sigma"], [0.0, 1.0], 8),
                "noncentral_chisquare" => (&["df", "nonc"], [f64::NAN, f64::NAN], 9),
                "poisson" => (&["lam"], [1.0, 0.0], INTEGER_KINDS),
                "binomial" => (&["n", "p"], [f64::NAN, f64::NAN], INTEGER_KINDS + 1),
                _ => (&[], [0.0, 0.0], 0),
            };
            let mut allowed: Vec<&str> = params.to_vec();
            allowed.push("size");
            check_kwargs(short, a, &allowed)?;
            let mut values = [Slot::Float(defaults[0]), Slot::Float(defaults[1])];
            for (i, p) in params.iter().enumerate() {
                match arg(a, i, p) {
                    // Parameters without a default (NaN) must be given.
                    None if defaults[i].is_nan() => {
                        return Err(NoMatch::new(format!(
                            "np.random.{short}() missing required argument '{p}'"
                        )))
                    }
                    None => {}
                    Some((slot, t)) if real(t) => values[i] = slot,
                    Some((_, t)) => {
                        return Err(NoMatch::new(format!(
                            "{p} of np.random.{short} must be a number, not {t} (arrays of \
                             parameters are not supported yet)"
                        )))
                    }
                }
            }
            let size = arg(a, params.len(), "size").map(|(s, t)| (s, t.clone()));
            distribution(kind, (values[0], values[1]), Size::Given(size))
        }
    }
}

/// The first kind whose draws are integers (`poisson`, then `binomial`).
const INTEGER_KINDS: i64 = 10;

enum Size {
    /// `size=` as given (absent: one number).
    Given(Option<(Slot, Type)>),
    /// `rand(d0, d1, ...)`: the positional ints are the shape.
    Dims(usize),
}

fn distribution(kind: i64, (x, y): (Slot, Slot), size: Size) -> Result<Typed, NoMatch> {
    let mut sources = vec![Slot::Int(kind), x, y];
    let mut args = vec![Type::I64, Type::F64, Type::F64];
    let ndim = match size {
        Size::Given(None) => None,
        Size::Given(Some((slot, t))) => {
            let n = size_ndim(Some(&t))?;
            if n.is_some() {
                sources.push(slot);
                args.push(t);
            }
            n
        }
        Size::Dims(0) => None,
        Size::Dims(n) => {
            sources.push(Slot::AllPositional);
            args.push(Type::tuple(vec![Type::I64; n]));
            Some(n as u8)
        }
    };
    let (dtype, one, many) = if kind >= INTEGER_KINDS {
        (Dtype::I64, "draw_int_one", "draw_int_array")
    } else {
        (Dtype::F64, "draw_one", "draw_array")
    };
    Ok(match ndim {
        None => Typed::new(Type::Scalar(dtype), args, body(one)),
        Some(n) => Typed::new(array(dtype, n), args, body(many)),
    }
    .with_sources(sources))
}

fn randint(a: &CallArgs<'_>) -> Result<Typed, NoMatch> {
    check_kwargs("randint", a, &["low", "high", "size", "dtype"])?;
    if arg(a, 3, "dtype").is_some() {
        return Err(NoMatch::new(
            "np.random.randint's dtype= is not supported yet",
        ));
    }
    let int = |t: &Type| t.is_index();
    let high = arg(a, 1, "high").filter(|(_, t)| **t != Type::None);
    let (low, high) = match (arg(a, 0, "low"), high) {
        (Some((l, lt)), Some((h, ht))) if int(lt) && int(ht) => (l, h),
        (Some((h, ht)), None) if int(ht) => (Slot::Int(0), h),
        (None, _) => return Err(NoMatch::new("np.random.randint() needs at least one bound")),
        _ => {
            return Err(NoMatch::new(
                "np.random.randint's bounds must be integers (arrays of bounds are not \
                 supported yet)",
            ))
        }
    };
    let size = arg(a, 2, "size").map(|(s, t)| (s, t.clone()));
    match size {
        Some((slot, t)) if size_ndim(Some(&t))?.is_some() => {
            let n = size_ndim(Some(&t))?.unwrap_or(1);
            Ok(Typed::new(
                array(Dtype::I64, n),
                vec![Type::I64, Type::I64, t],
                body("randint_array"),
            )
            .with_sources(vec![low, high, slot]))
        }
        _ => Ok(
            Typed::new(Type::I64, vec![Type::I64, Type::I64], body("randint_one"))
                .with_sources(vec![low, high]),
        ),
    }
}
