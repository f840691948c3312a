//! The one table of every function compiled code may call.
//!
//! [`symbols()`] lists each `extern "C"` function of this crate by name and address,
//! so the JIT can register them all in one loop. The names are the Rust function
//! names (`oxjit_rt_*`); each is also exported as a constant (e.g. [`INCREF`]) so code
//! generation refers to a checked name rather than a string literal. The table is
//! generated from one list below, in which every entry names a real function, so a
//! name can neither be misspelt nor go stale.

use std::sync::OnceLock;

use crate::array::*;
use crate::cmath::*;
use crate::dict::*;
use crate::error::*;
use crate::exceptions::*;
use crate::generator::*;
use crate::list::*;
use crate::memory::*;
use crate::parallel::*;
use crate::print::*;
use crate::random::*;
use crate::reduce::*;
use crate::text::*;

macro_rules! symbol_table {
    ($($(#[$doc:meta])* $konst:ident => $func:ident,)*) => {
        $(
            $(#[$doc])*
            #[doc = concat!("\n\nSymbol name of [`", stringify!($func), "`].")]
            pub const $konst: &str = stringify!($func);
        )*

        /// Every symbol name, in table order.
        pub const SYMBOL_NAMES: &[&str] = &[$(stringify!($func)),*];

        /// Every `extern "C"` function compiled code may call, as `(name, address)`.
        pub fn symbols() -> &'static [(&'static str, usize)] {
            static TABLE: OnceLock<Vec<(&'static str, usize)>> = OnceLock::new();
            TABLE.get_or_init(|| vec![$((stringify!($func), $func as *const () as usize)),*])
        }
    };
}

symbol_table! {
    // memory
    MEMINFO_ALLOC => oxjit_rt_meminfo_alloc,
    MEMINFO_ALLOC_ZEROED => oxjit_rt_meminfo_alloc_zeroed,
    MEMINFO_NEW_EXTERNAL => oxjit_rt_meminfo_new_external,
    INCREF => oxjit_rt_incref,
    DECREF => oxjit_rt_decref,
    MEMINFO_DATA => oxjit_rt_meminfo_data,
    // arrays
    RESHAPE_STRIDES => oxjit_rt_reshape_strides,
    // lists
    LIST_NEW => oxjit_rt_list_new,
    LIST_APPEND => oxjit_rt_list_append,
    LIST_INSERT => oxjit_rt_list_insert,
    LIST_POP => oxjit_rt_list_pop,
    LIST_EXTEND => oxjit_rt_list_extend,
    LIST_CLEAR => oxjit_rt_list_clear,
    LIST_REVERSE => oxjit_rt_list_reverse,
    LIST_COPY => oxjit_rt_list_copy,
    // dicts
    DICT_NEW => oxjit_rt_dict_new,
    DICT_FIND => oxjit_rt_dict_find,
    DICT_INSERT => oxjit_rt_dict_insert,
    DICT_REMOVE => oxjit_rt_dict_remove,
    DICT_ENTRY => oxjit_rt_dict_entry,
    DICT_LOOP_LEN => oxjit_rt_dict_loop_len,
    DICT_POPITEM => oxjit_rt_dict_popitem,
    DICT_CLEAR => oxjit_rt_dict_clear,
    DICT_COPY => oxjit_rt_dict_copy,
    // text
    FLOAT_REPR => oxjit_rt_float_repr,
    PARSE_FLOAT => oxjit_rt_parse_float,
    STR_CASE => oxjit_rt_str_case,
    PRINT_UCS4 => oxjit_rt_print_ucs4,
    // reductions
    SUM_F64 => oxjit_rt_sum_f64,
    SUM_F32 => oxjit_rt_sum_f32,
    SUM_F64_POOLED => oxjit_rt_sum_f64_pooled,
    SUM_F32_POOLED => oxjit_rt_sum_f32_pooled,
    SUM_C128 => oxjit_rt_sum_c128,
    SUM_C64 => oxjit_rt_sum_c64,
    // print
    PRINT_I64 => oxjit_rt_print_i64,
    PRINT_U64 => oxjit_rt_print_u64,
    PRINT_BOOL => oxjit_rt_print_bool,
    PRINT_F32 => oxjit_rt_print_f32,
    PRINT_F64 => oxjit_rt_print_f64,
    PRINT_C64 => oxjit_rt_print_c64,
    PRINT_C128 => oxjit_rt_print_c128,
    PRINT_STR => oxjit_rt_print_str,
    PRINT_END => oxjit_rt_print_end,
    // errors
    RAISE => oxjit_rt_raise,
    RAISE_WITH_ITEMS => oxjit_rt_raise_with_items,
    RAISE_INDEX => oxjit_rt_raise_index,
    EXCEPTION_MATCHES => oxjit_rt_exception_matches,
    CATCH => oxjit_rt_catch,
    RERAISE => oxjit_rt_reraise,
    SET_CAUSE => oxjit_rt_set_cause,
    EXCEPTION_TEXT_LEN => oxjit_rt_exception_text_len,
    EXCEPTION_TEXT => oxjit_rt_exception_text,
    // generators
    GENERATOR_NEW => oxjit_rt_generator_new,
    // complex math
    CSQRT => oxjit_rt_csqrt,
    CEXP => oxjit_rt_cexp,
    CLOG => oxjit_rt_clog,
    CLOG10 => oxjit_rt_clog10,
    CSIN => oxjit_rt_csin,
    CCOS => oxjit_rt_ccos,
    CTAN => oxjit_rt_ctan,
    CASIN => oxjit_rt_casin,
    CACOS => oxjit_rt_cacos,
    CATAN => oxjit_rt_catan,
    CSINH => oxjit_rt_csinh,
    CCOSH => oxjit_rt_ccosh,
    CTANH => oxjit_rt_ctanh,
    CASINH => oxjit_rt_casinh,
    CACOSH => oxjit_rt_cacosh,
    CATANH => oxjit_rt_catanh,
    CRECT => oxjit_rt_crect,
    CPOW => oxjit_rt_cpow,
    NUMPY_CPOW => oxjit_rt_numpy_cpow,
    NUMPY_CRECIPROCAL => oxjit_rt_numpy_creciprocal,
    CDIV => oxjit_rt_cdiv,
    // real and integer helpers
    POW_I64 => oxjit_rt_pow_i64,
    POW_U64 => oxjit_rt_pow_u64,
    FMOD_PY => oxjit_rt_fmod_py,
    FLOORDIV_F64 => oxjit_rt_floordiv_f64,
    DIVMOD_F64 => oxjit_rt_divmod_f64,
    GAMMA => oxjit_rt_gamma,
    LGAMMA => oxjit_rt_lgamma,
    FREXP => oxjit_rt_frexp,
    LDEXP => oxjit_rt_ldexp,
    ROUND_NDIGITS => oxjit_rt_round_ndigits,
    ROUND_INT => oxjit_rt_round_int,
    // parallel loops
    PARALLEL_FOR => oxjit_rt_parallel_for,
    PARALLEL_FREE => oxjit_rt_parallel_free,
    THREAD_ID => oxjit_rt_thread_id,
    // random numbers
    RANDOM_STATE => oxjit_rt_random_state,
    RANDOM_SEED => oxjit_rt_random_seed,
    RANDOM_DOUBLE => oxjit_rt_random_double,
    RANDOM_GAUSS => oxjit_rt_random_gauss,
    RANDOM_U32 => oxjit_rt_random_u32,
}

/// The address of the runtime function called `name`, if there is one.
pub fn lookup(name: &str) -> Option<usize> {
    symbols()
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, addr)| addr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_prefixed_and_addresses_nonzero() {
        let table = symbols();
        assert_eq!(table.len(), SYMBOL_NAMES.len());
        let mut names = HashSet::new();
        let mut addrs = HashSet::new();
        for (i, &(name, addr)) in table.iter().enumerate() {
            assert_eq!(name, SYMBOL_NAMES[i]);
            assert!(name.starts_with("oxjit_rt_"), "{name}");
            assert!(names.insert(name), "duplicate name {name}");
            assert_ne!(addr, 0, "{name}");
            assert!(addrs.insert(addr), "duplicate address for {name}");
        }
    }

    #[test]
    fn constants_and_lookup() {
        assert_eq!(INCREF, "oxjit_rt_incref");
        assert_eq!(CSQRT, "oxjit_rt_csqrt");
        assert_eq!(lookup(DECREF), Some(oxjit_rt_decref as *const () as usize));
        assert_eq!(lookup("oxjit_rt_nope"), None);
    }

    #[test]
    fn calling_through_the_table_works() {
        let addr = lookup(FMOD_PY).unwrap();
        // SAFETY: FMOD_PY names `extern "C" fn(f64, f64) -> f64`.
        let f: extern "C" fn(f64, f64) -> f64 = unsafe { std::mem::transmute(addr) };
        assert_eq!(f(-1.0, 3.0), 2.0);
    }
}
