//! NumPy ufuncs described the way NumPy describes them: a name, the loops as NumPy's type
//! strings (`"dd->d"`: two float64 inputs, a float64 output), the identity, and each
//! loop's scalar kernel (a `def` of `pylib/numpy/ufuncs.py`).
//!
//! In: the ufunc's name and its inputs' element dtypes (Python numbers already given the
//! array operands' dtype, NEP 50, by [`crate::numpy`], which also broadcasts over
//! arrays). Out: the loop NumPy would pick — the first whose input types every input
//! casts to safely — as a [`Typed`] call of its kernel. `vectorize` will build ufuncs of
//! the same shape from users' functions.

use crate::pylib::Body;
use crate::{CallArgs, Intrinsic, NoMatch, Typed};
use oxjit_types::{promote, Dtype, Type};

/// One ufunc.
pub struct Ufunc {
    pub name: &'static str,
    pub doc: &'static str,
    /// The value of a reduction over nothing (`np.gcd.reduce([])` is 0), if any.
    pub identity: Option<i64>,
    /// NumPy's loops in NumPy's order, each with its kernel's `def`.
    pub loops: &'static [(&'static str, &'static str)],
    /// Bool inputs are refused rather than cast to the first integer loop (NumPy's
    /// `sign` has no meaning for bools).
    pub refuses_bool: bool,
}

const KERNELS: &str = "numpy/ufuncs.py";

/// Two-input loops over every integer type, all with the same kernel (NumPy's order).
macro_rules! int_loops {
    ($kernel:literal) => {
        &[
            ("bb->b", $kernel),
            ("BB->B", $kernel),
            ("hh->h", $kernel),
            ("HH->H", $kernel),
            ("ii->i", $kernel),
            ("II->I", $kernel),
            ("ll->l", $kernel),
            ("LL->L", $kernel),
        ]
    };
}

/// Two-input loops over bools, integers, floats (`real`) and complex numbers
/// (`complex`), NumPy's order.
macro_rules! numeric_loops {
    ($real:literal, $complex:literal) => {
        &[
            ("??->?", $real),
            ("bb->b", $real),
            ("BB->B", $real),
            ("hh->h", $real),
            ("HH->H", $real),
            ("ii->i", $real),
            ("II->I", $real),
            ("ll->l", $real),
            ("LL->L", $real),
            ("ff->f", $real),
            ("dd->d", $real),
            ("FF->F", $complex),
            ("DD->D", $complex),
        ]
    };
}

const FMAX_LOOPS: &[(&str, &str)] = numeric_loops!("fmax_real", "fmax_complex");
const FMIN_LOOPS: &[(&str, &str)] = numeric_loops!("fmin_real", "fmin_complex");

/// A logical ufunc's loops: every numeric input type (each character of `$ins` the type
/// of one input), a bool output.
macro_rules! logical_loops {
    ($kernel:literal, $($ins:literal),*) => {
        &[$((concat!($ins, "->?"), $kernel)),*]
    };
    (binary $kernel:literal) => {
        logical_loops!($kernel, "??", "bb", "BB", "hh", "HH", "ii", "II", "ll", "LL", "ff", "dd", "FF", "DD")
    };
    (unary $kernel:literal) => {
        logical_loops!($kernel, "?", "b", "B", "h", "H", "i", "I", "l", "L", "f", "d", "F", "D")
    };
}

const SIGN_LOOPS: &[(&str, &str)] = &[
    ("b->b", "sign"),
    ("B->B", "sign"),
    ("h->h", "sign"),
    ("H->H", "sign"),
    ("i->i", "sign"),
    ("I->I", "sign"),
    ("l->l", "sign"),
    ("L->L", "sign"),
    ("f->f", "sign"),
    ("d->d", "sign"),
];

const RECIPROCAL_LOOPS: &[(&str, &str)] = &[
    ("b->b", "reciprocal_int"),
    ("B->B", "reciprocal_int"),
    ("h->h", "reciprocal_int"),
    ("H->H", "reciprocal_int"),
    ("i->i", "reciprocal_int32"),
    ("I->I", "reciprocal_int"),
    ("l->l", "reciprocal_int64"),
    ("L->L", "reciprocal_int"),
    ("f->f", "reciprocal_float"),
    ("d->d", "reciprocal_float"),
    ("F->F", "reciprocal_complex"),
    ("D->D", "reciprocal_complex"),
];

const GCD_LOOPS: &[(&str, &str)] = int_loops!("gcd");
const LCM_LOOPS: &[(&str, &str)] = int_loops!("lcm");

/// Every ufunc of the table. A new ufunc is one entry here plus its kernels.
pub static UFUNCS: &[Ufunc] = &[
    Ufunc {
        name: "sign",
        doc: "elementwise -1, 0 or 1 by the sign of x (NaN stays NaN)",
        identity: None,
        loops: SIGN_LOOPS,
        refuses_bool: true,
    },
    Ufunc {
        name: "maximum",
        doc: "elementwise maximum, propagating NaNs",
        identity: None,
        loops: numeric_loops!("maximum_real", "maximum_complex"),
        refuses_bool: false,
    },
    Ufunc {
        name: "minimum",
        doc: "elementwise minimum, propagating NaNs",
        identity: None,
        loops: numeric_loops!("minimum_real", "minimum_complex"),
        refuses_bool: false,
    },
    Ufunc {
        name: "fmax",
        doc: "elementwise maximum, ignoring NaNs",
        identity: None,
        loops: FMAX_LOOPS,
        refuses_bool: false,
    },
    Ufunc {
        name: "fmin",
        doc: "elementwise minimum, ignoring NaNs",
        identity: None,
        loops: FMIN_LOOPS,
        refuses_bool: false,
    },
    Ufunc {
        name: "logical_and",
        doc: "elementwise truth of x and y",
        identity: Some(1),
        loops: logical_loops!(binary "logical_and"),
        refuses_bool: false,
    },
    Ufunc {
        name: "logical_or",
        doc: "elementwise truth of x or y",
        identity: Some(0),
        loops: logical_loops!(binary "logical_or"),
        refuses_bool: false,
    },
    Ufunc {
        name: "logical_xor",
        doc: "elementwise truth of x xor y",
        identity: Some(0),
        loops: logical_loops!(binary "logical_xor"),
        refuses_bool: false,
    },
    Ufunc {
        name: "logical_not",
        doc: "elementwise truth of not x",
        identity: None,
        loops: logical_loops!(unary "logical_not"),
        refuses_bool: false,
    },
    Ufunc {
        name: "reciprocal",
        doc: "elementwise 1 / x (integers truncate)",
        identity: None,
        loops: RECIPROCAL_LOOPS,
        refuses_bool: false,
    },
    Ufunc {
        name: "gcd",
        doc: "elementwise greatest common divisor of integers",
        identity: Some(0),
        loops: GCD_LOOPS,
        refuses_bool: false,
    },
    Ufunc {
        name: "lcm",
        doc: "elementwise least common multiple of integers",
        identity: None,
        loops: LCM_LOOPS,
        refuses_bool: false,
    },
];

/// The ufunc called `name` (without `numpy.`).
pub fn lookup(name: &str) -> Option<&'static Ufunc> {
    UFUNCS.iter().find(|u| u.name == name)
}

/// The dtype of one character of a NumPy type string.
pub fn dtype_of_char(c: char) -> Option<Dtype> {
    Some(match c {
        '?' => Dtype::Bool,
        'b' => Dtype::I8,
        'B' => Dtype::U8,
        'h' => Dtype::I16,
        'H' => Dtype::U16,
        'i' => Dtype::I32,
        'I' => Dtype::U32,
        'l' | 'q' => Dtype::I64,
        'L' | 'Q' => Dtype::U64,
        'f' => Dtype::F32,
        'd' => Dtype::F64,
        'F' => Dtype::C64,
        'D' => Dtype::C128,
        _ => return None,
    })
}

/// A loop's input and output dtypes from its type string.
pub fn parse_loop(types: &str) -> (Vec<Dtype>, Dtype) {
    let (ins, out) = types.split_once("->").expect("a loop is written ins->out");
    let dtype = |c| dtype_of_char(c).unwrap_or_else(|| panic!("unknown type char {c:?}"));
    (
        ins.chars().map(dtype).collect(),
        dtype(out.chars().next().unwrap()),
    )
}

/// Whether `from` casts to `to` without loss (NumPy's `can_cast(from, to, "safe")`).
fn casts_safely(from: Dtype, to: Dtype) -> bool {
    promote(from, to) == to
}

impl Ufunc {
    /// The call of the loop NumPy picks for scalar inputs of these types.
    pub fn type_scalar(&self, args: &CallArgs<'_>) -> Result<Typed, NoMatch> {
        let types: Vec<String> = args.types.iter().map(|t| t.to_string()).collect();
        let nin = self.loops[0].0.split_once("->").unwrap().0.len();
        let no_loop = || {
            let loops: Vec<&str> = self.loops.iter().map(|l| l.0).collect();
            NoMatch::new(format!(
                "np.{}() has no loop for ({})",
                self.name,
                types.join(", ")
            ))
            .with_signatures(&[&format!("loops (NumPy type codes): {}", loops.join(" "))])
        };
        if let Some((k, _)) = args.kwargs.first() {
            return Err(crate::unexpected_keyword(&format!("np.{}", self.name), k));
        }
        if args.types.len() != nin {
            return Err(NoMatch::new(format!(
                "np.{}() takes {nin} argument{}, {} given",
                self.name,
                if nin == 1 { "" } else { "s" },
                args.types.len()
            )));
        }
        let ins: Vec<Dtype> = args
            .types
            .iter()
            .map(|t| t.scalar())
            .collect::<Option<_>>()
            .ok_or_else(no_loop)?;
        if self.refuses_bool && ins.contains(&Dtype::Bool) {
            return Err(no_loop());
        }
        // NEP 50: Python numbers take the kind-compatible dtype of the NumPy operands.
        let strong = (0..ins.len())
            .filter(|&i| !args.is_weak(i))
            .map(|i| ins[i])
            .reduce(promote);
        let ins: Vec<Dtype> = match strong {
            Some(s) => (0..ins.len())
                .map(|i| {
                    if args.is_weak(i) && oxjit_types::is_python_dtype(ins[i]) {
                        oxjit_types::promote_weak(s, ins[i])
                    } else {
                        ins[i]
                    }
                })
                .collect(),
            None => ins,
        };
        for (types, kernel) in self.loops {
            let (loop_ins, out) = parse_loop(types);
            if ins.iter().zip(&loop_ins).all(|(&a, &b)| casts_safely(a, b)) {
                let body = Body {
                    file: KERNELS,
                    entry: kernel,
                };
                return Ok(Typed::new(
                    Type::Scalar(out),
                    loop_ins.into_iter().map(Type::Scalar).collect(),
                    Intrinsic::Body(body),
                ));
            }
        }
        Err(no_loop())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_loop_parses_and_names_a_kernel_of_the_right_arity() {
        for u in UFUNCS {
            let nin = parse_loop(u.loops[0].0).0.len();
            for (types, kernel) in u.loops {
                assert_eq!(parse_loop(types).0.len(), nin, "{} {types}", u.name);
                let body = Body {
                    file: KERNELS,
                    entry: kernel,
                };
                assert!(
                    crate::pylib::id_of(body).is_some(),
                    "{kernel} not in {KERNELS}"
                );
            }
        }
    }

    #[test]
    fn loop_selection_picks_the_first_safe_loop() {
        let pick = |name: &str, ins: &[Type]| {
            lookup(name)
                .unwrap()
                .type_scalar(&CallArgs {
                    types: ins,
                    kwargs: &[],
                    strong: &[],
                })
                .map(|t| t.result)
        };
        assert_eq!(pick("fmax", &[Type::I64, Type::F64]).unwrap(), Type::F64);
        assert_eq!(
            pick("fmax", &[Type::Scalar(Dtype::I8), Type::Scalar(Dtype::U8)]).unwrap(),
            Type::Scalar(Dtype::I16)
        );
        assert_eq!(
            pick("logical_and", &[Type::Scalar(Dtype::F32), Type::C128]).unwrap(),
            Type::BOOL
        );
        assert!(pick("gcd", &[Type::F64, Type::I64]).is_err());
        assert!(pick("gcd", &[Type::I64]).is_err());
    }
}
