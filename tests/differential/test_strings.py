"""Strings made at run time against CPython: ``str(n)``, concatenation and repetition,
comparisons, ``in``, indexing, iteration, lists of strings, the methods, and the errors
Python raises. Cases include empty strings, non-ASCII and astral characters.
"""
import numpy as np
import pytest

from oxjit import njit
from oxjit.errors import TypingError

from ._helpers import check_cases

WORDS = ["", "a", "abc", "héllo", "日本語", "😀x😀", "  spaced  out ", "a,b,,c,", "7,70,700"]

# --- making strings -----------------------------------------------------------------------------


@njit
def from_int(n):
    return str(n)


@njit
def from_other_ints(a, b, c):
    return str(a) + str(b) + str(c)


@njit
def from_bool_and_str(b, s):
    return str(b) + str(s)


@njit
def from_float(x):
    return str(x)


FLOATS = [0.0, -0.0, 1.0, 0.1, -2.5, 1e16, 1e15, 123456789012345678.0, 1e-4, 1e-5, 1.5e-300,
          5e-324, 1.7976931348623157e308, float("inf"), float("-inf"), float("nan"), 2.0**53, 1 / 3]


def test_str_of_numbers():
    check_cases(from_float, [(x,) for x in FLOATS])
    rng = np.random.default_rng(1)
    bits = rng.integers(0, 2**63, 2000, dtype=np.uint64) * 2 + rng.integers(0, 2, 2000, dtype=np.uint64)
    many = [float(x) for x in bits.view(np.float64) if np.isfinite(x)]
    compiled = [from_float(x) for x in many]
    assert compiled == [repr(x) for x in many]
    # A float32 reads as NumPy writes it: the shortest text that reads back as the float32.
    for x in np.array([0.1, 1 / 3, 16777216.0, 3e38, 1e-45], dtype=np.float32):
        assert from_float(x) == str(x)

    check_cases(from_int, [(0,), (7,), (-7,), (10,), (-100,), (2**63 - 1,), (-(2**63),), (123456789,)])
    check_cases(from_other_ints, [(np.int8(-5), np.uint32(4000000000), np.int16(300))])
    # uint64, past int64's range too.
    uint64s = [0, 7, 10, 2**63, 10**19, 2**64 - 1]
    check_cases(from_int, [(np.uint64(x),) for x in uint64s])
    check_cases(from_bool_and_str, [(True, "x"), (False, "")])


@njit
def parse_int(s):
    return int(s)


@njit
def parse_float(s):
    return float(s)


@njit
def parse_made_strings(n):
    return int(str(n) + "0") + float(str(n) + ".5")


def test_numbers_from_strings():
    texts = ["12", " -7 ", "1_000", "+0", "9223372036854775807", "-9223372036854775808", "", "abc",
             "1__0", "_1", "1_", "1.5", "--1", "\u3000 3\t", "1.5e3", "inf", " -Infinity ", "nan", "-0.0",
             "1_0.2_5", "1e", ".5", "5.", "1e-400", "1e400", "0x10"]
    check_cases(parse_int, [(s,) for s in texts])
    check_cases(parse_float, [(s,) for s in texts])
    check_cases(parse_made_strings, [(0,), (-12,), (123456,)])
    # Past int64 compiled code cannot hold the number: an OverflowError, not a wrong one.
    with pytest.raises(OverflowError):
        parse_int("9223372036854775808")


# --- operators ------------------------------------------------------------------------------------


@njit
def concat_and_repeat(a, b, n):
    return a + b, a * n, (a + "|") * 2


@njit
def comparisons(a, b):
    return a == b, a != b, a < b, a <= b, a > b, a >= b


@njit
def containment(a, b):
    return a in b, a not in b


@njit
def run_time_comparisons(n):
    a = str(n)
    b = str(n + 1)
    return a == b, a < b, a == str(n), "1" in a, a + b


def test_operators():
    pairs = [(a, b) for a in WORDS for b in WORDS[:5]]
    check_cases(concat_and_repeat, [(a, b, n) for a, b in pairs[:12] for n in (0, 1, 3, -1)])
    check_cases(comparisons, pairs)
    check_cases(containment, pairs)
    check_cases(run_time_comparisons, [(0,), (9,), (19,), (-1,)])


# --- indexing and iteration -------------------------------------------------------------------------


@njit
def index(s, i):
    return s[i]


@njit
def characters(s):
    out = []
    for c in s:
        out.append(c)
    return out, len(s)


@njit
def join_characters_backwards(s):
    chars = []
    for c in s:
        chars.append(c)
    chars.reverse()
    return "".join(chars)


@njit
def slices(s, a, b, c):
    return s[a:b], s[a:], s[:b], s[::c], s[a:b:c]


@njit
def code_points(s, i):
    return ord(s), chr(i)


def test_indexing_and_iteration():
    check_cases(index, [(s, i) for s in WORDS for i in (0, 1, -1, -3, 5)])
    check_cases(slices, [(s, a, b, c) for s in WORDS for a in (0, 1, -2) for b in (2, -1, 100)
                         for c in (1, -1, 2, 0)])
    check_cases(code_points, [("a", 98), ("😀", 0x10FFFF), ("é", 0), ("", 5), ("ab", 5), ("a", -1),
                              ("a", 0x110000)])
    check_cases(characters, [(s,) for s in WORDS])
    check_cases(join_characters_backwards, [(s,) for s in WORDS])


# --- methods ----------------------------------------------------------------------------------------


@njit
def split_join(s, sep):
    parts = s.split(sep)
    return parts, sep.join(parts), len(parts)


@njit
def split_whitespace(s):
    return s.split()


@njit
def searches(s, sub):
    return s.find(sub), s.rfind(sub), s.count(sub), s.startswith(sub), s.endswith(sub)


@njit
def index_of(s, sub):
    return s.index(sub)


@njit
def replace(s, old, new):
    return s.replace(old, new)


@njit
def stripping(s):
    return s.strip(), s.lstrip(), s.rstrip(), s.isspace()


@njit
def cases(s):
    return s.upper(), s.lower(), s.upper().lower() == s.lower()


def test_case_mappings():
    # Full mappings (ß upper is SS, İ lower is two code points) and Greek final sigma.
    texts = WORDS + ["straße", "İstanbul", "ΟΔΟΣ ΣΟΦΟΣ", "ǅ", "ﬃ", "Ωmega 123", "\ud800x"]
    check_cases(cases, [(s,) for s in texts])


def test_methods():
    seps = [",", ",,", "l", "😀", "x"]
    check_cases(split_join, [(s, sep) for s in WORDS for sep in seps] + [("a", "")])
    check_cases(split_whitespace, [(s,) for s in WORDS] + [("\t a\u3000b\n\x1c",)])
    subs = ["", "a", "l", ",", "😀", "abc", "zz"]
    check_cases(searches, [(s, sub) for s in WORDS for sub in subs])
    check_cases(index_of, [("héllo", "l"), ("abc", "z")])
    check_cases(replace, [(s, old, new) for s in WORDS for old in ("", "a", ",", "l") for new in ("", "XY", "é")])
    check_cases(stripping, [(s,) for s in WORDS] + [(" \t\n",), ("\xa0x\u2003",)])


# --- strings in list arguments ------------------------------------------------------------------------


@njit
def shout_all(words):
    total = 0
    for i in range(len(words)):
        words[i] = words[i] + "!"
        total += len(words[i])
    words.append("end")
    return total


def test_lists_of_strings_are_reflected():
    check_cases(shout_all, [(["a", "héllo", ""],), (["😀"],)])


# --- the shared benchmark's kernel ------------------------------------------------------------------


@njit
def str_build(n):
    parts = []
    for i in range(n):
        parts.append(str(i * 7 % 1000))
    text = ",".join(parts)
    count = 0
    for p in text.split(","):
        if p.startswith("7"):
            count += 1
    return count + len(text)


def test_string_building_kernel():
    check_cases(str_build, [(0,), (1,), (1000,)])


# --- what is refused ------------------------------------------------------------------------------


def number_times_string(s):
    return 3 * s


def join_numbers(s):
    return s.join([1, 2])


def test_typing_errors_name_the_problem():
    with pytest.raises(TypingError, match="s \\* n"):
        njit(number_times_string)("ab")
    with pytest.raises(TypingError, match="list of strings"):
        njit(join_numbers)(",")
