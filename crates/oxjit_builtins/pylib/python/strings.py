"""Strings made at run time: operators, methods and str(n), over three primitives
(primitives.str_alloc(n): a new string of n code points; str_get(s, i); str_set(s, i, c)).
The typing rule is src/python/strings.rs; strings arrive here as run-time strings,
constants converted."""


def _copy_into(dst, at, src):
    for i in range(len(src)):
        primitives.str_set(dst, at + i, primitives.str_get(src, i))


def _substring(s, start, stop):
    out = primitives.str_alloc(stop - start)
    for i in range(stop - start):
        primitives.str_set(out, i, primitives.str_get(s, start + i))
    return out


def _find(s, sub, start, end):
    # The first i in start..end - len(sub) where sub occurs, or -1.
    n = len(sub)
    i = start
    while i <= end - n:
        j = 0
        while j < n and primitives.str_get(s, i + j) == primitives.str_get(sub, j):
            j += 1
        if j == n:
            return i
        i += 1
    return -1


def _is_space(c):
    # What str.isspace() and str.split() take for whitespace.
    if c <= 32:
        return c == 32 or (9 <= c <= 13) or (28 <= c <= 31)
    if c < 0x85:
        return False
    return (c == 0x85 or c == 0xA0 or c == 0x1680 or (0x2000 <= c <= 0x200A)
            or c == 0x2028 or c == 0x2029 or c == 0x202F or c == 0x205F or c == 0x3000)


def _order(a, b):
    # -1, 0 or 1 as a sorts before, with or after b (by code point, as Python).
    n = min(len(a), len(b))
    for i in range(n):
        x = primitives.str_get(a, i)
        y = primitives.str_get(b, i)
        if x != y:
            return -1 if x < y else 1
    if len(a) == len(b):
        return 0
    return -1 if len(a) < len(b) else 1


# --- operators ------------------------------------------------------------------------------


def concat(a, b):
    out = primitives.str_alloc(len(a) + len(b))
    _copy_into(out, 0, a)
    _copy_into(out, len(a), b)
    return out


def repeat(s, n):
    if n <= 0:
        return primitives.str_alloc(0)
    out = primitives.str_alloc(len(s) * n)
    for k in range(n):
        _copy_into(out, k * len(s), s)
    return out


def equal(a, b):
    if len(a) != len(b):
        return False
    for i in range(len(a)):
        if primitives.str_get(a, i) != primitives.str_get(b, i):
            return False
    return True


def not_equal(a, b):
    return not equal(a, b)


def less(a, b):
    return _order(a, b) < 0


def less_equal(a, b):
    return _order(a, b) <= 0


def greater(a, b):
    return _order(a, b) > 0


def greater_equal(a, b):
    return _order(a, b) >= 0


def contains(sub, s):
    return _find(s, sub, 0, len(s)) >= 0


def not_contains(sub, s):
    return _find(s, sub, 0, len(s)) < 0


def char_at(s, i):
    n = len(s)
    k = i + n if i < 0 else i
    if k < 0 or k >= n:
        raise IndexError("string index out of range")
    return _substring(s, k, k + 1)


def sliced(s, sl):
    start, step, count = primitives.slice_span(sl, len(s))
    out = primitives.str_alloc(count)
    for k in range(count):
        primitives.str_set(out, k, primitives.str_get(s, start + k * step))
    return out


def ord_of(s):
    if len(s) != 1:
        raise TypeError("ord() expected a character")
    return primitives.str_get(s, 0)


def chr_of(i):
    if i < 0 or i > 0x10FFFF:
        raise ValueError("chr() arg not in range(0x110000)")
    out = primitives.str_alloc(1)
    primitives.str_set(out, 0, i)
    return out


# --- methods --------------------------------------------------------------------------------


def join(sep, items):
    n = len(items)
    total = len(sep) * (n - 1) if n > 0 else 0
    for item in items:
        total += len(item)
    out = primitives.str_alloc(total)
    at = 0
    for k in range(n):
        if k > 0:
            _copy_into(out, at, sep)
            at += len(sep)
        item = items[k]
        _copy_into(out, at, item)
        at += len(item)
    return out


def split(s, sep):
    if len(sep) == 0:
        raise ValueError("empty separator")
    parts = []
    start = 0
    i = _find(s, sep, 0, len(s))
    while i >= 0:
        parts.append(_substring(s, start, i))
        start = i + len(sep)
        i = _find(s, sep, start, len(s))
    parts.append(_substring(s, start, len(s)))
    return parts


def split_whitespace(s):
    parts = []
    n = len(s)
    i = 0
    while i < n:
        while i < n and _is_space(primitives.str_get(s, i)):
            i += 1
        if i == n:
            break
        start = i
        while i < n and not _is_space(primitives.str_get(s, i)):
            i += 1
        parts.append(_substring(s, start, i))
    return parts


def startswith(s, prefix):
    n = len(prefix)
    if n > len(s):
        return False
    for i in range(n):
        if primitives.str_get(s, i) != primitives.str_get(prefix, i):
            return False
    return True


def endswith(s, suffix):
    n = len(suffix)
    at = len(s) - n
    if at < 0:
        return False
    for i in range(n):
        if primitives.str_get(s, at + i) != primitives.str_get(suffix, i):
            return False
    return True


def find(s, sub):
    return _find(s, sub, 0, len(s))


def rfind(s, sub):
    i = len(s) - len(sub)
    while i >= 0:
        j = 0
        while j < len(sub) and primitives.str_get(s, i + j) == primitives.str_get(sub, j):
            j += 1
        if j == len(sub):
            return i
        i -= 1
    return -1


def index(s, sub):
    i = _find(s, sub, 0, len(s))
    if i < 0:
        raise ValueError("substring not found")
    return i


def count(s, sub):
    if len(sub) == 0:
        return len(s) + 1
    n = 0
    i = _find(s, sub, 0, len(s))
    while i >= 0:
        n += 1
        i = _find(s, sub, i + len(sub), len(s))
    return n


def replace(s, old, new):
    if len(old) == 0:
        # Python puts `new` before every character and at the end.
        out = primitives.str_alloc(len(s) + len(new) * (len(s) + 1))
        at = 0
        for i in range(len(s)):
            _copy_into(out, at, new)
            at += len(new)
            primitives.str_set(out, at, primitives.str_get(s, i))
            at += 1
        _copy_into(out, at, new)
        return out
    hits = count(s, old)
    out = primitives.str_alloc(len(s) + hits * (len(new) - len(old)))
    at = 0
    start = 0
    i = _find(s, old, 0, len(s))
    while i >= 0:
        for k in range(start, i):
            primitives.str_set(out, at, primitives.str_get(s, k))
            at += 1
        _copy_into(out, at, new)
        at += len(new)
        start = i + len(old)
        i = _find(s, old, start, len(s))
    for k in range(start, len(s)):
        primitives.str_set(out, at, primitives.str_get(s, k))
        at += 1
    return out


def strip(s):
    start = 0
    stop = len(s)
    while start < stop and _is_space(primitives.str_get(s, start)):
        start += 1
    while stop > start and _is_space(primitives.str_get(s, stop - 1)):
        stop -= 1
    return _substring(s, start, stop)


def lstrip(s):
    start = 0
    while start < len(s) and _is_space(primitives.str_get(s, start)):
        start += 1
    return _substring(s, start, len(s))


def rstrip(s):
    stop = len(s)
    while stop > 0 and _is_space(primitives.str_get(s, stop - 1)):
        stop -= 1
    return _substring(s, 0, stop)


def isspace(s):
    if len(s) == 0:
        return False
    for i in range(len(s)):
        if not _is_space(primitives.str_get(s, i)):
            return False
    return True


# --- conversions ----------------------------------------------------------------------------


def from_int(n):
    # Digits are taken off a non-positive copy, so the most negative int64 needs no
    # negation.
    m = n if n < 0 else -n
    digits = 1
    t = -(m // -10)
    while t != 0:
        digits += 1
        t = -(t // -10)
    sign = 1 if n < 0 else 0
    out = primitives.str_alloc(sign + digits)
    if n < 0:
        primitives.str_set(out, 0, 45)
    at = sign + digits - 1
    while True:
        primitives.str_set(out, at, 48 - (m % -10))
        m = -(m // -10)
        at -= 1
        if m == 0:
            break
    return out


def from_uint(n):
    # A uint64 (past int64's range too): its digits, least significant first.
    digits = 1
    t = n // 10
    while t != 0:
        digits += 1
        t = t // 10
    out = primitives.str_alloc(digits)
    at = digits - 1
    while True:
        primitives.str_set(out, at, 48 + n % 10)
        n = n // 10
        at -= 1
        if n == 0:
            break
    return out


def from_bool(b):
    if b:
        return "True"
    return "False"


def identity(s):
    return s


def to_int(s):
    # int(s) in base 10, as Python reads it: surrounding whitespace, a sign, digits with
    # single underscores between them.
    n = len(s)
    i = 0
    while i < n and _is_space(primitives.str_get(s, i)):
        i += 1
    stop = n
    while stop > i and _is_space(primitives.str_get(s, stop - 1)):
        stop -= 1
    negative = False
    if i < stop and (primitives.str_get(s, i) == 43 or primitives.str_get(s, i) == 45):
        negative = primitives.str_get(s, i) == 45
        i += 1
    if i == stop:
        raise ValueError("invalid literal for int() with base 10")
    # Accumulated as a non-positive number, so the most negative int64 fits.
    value = 0
    previous_digit = False
    while i < stop:
        c = primitives.str_get(s, i)
        if c == 95 and previous_digit and i + 1 < stop:
            previous_digit = False
            i += 1
            continue
        if c < 48 or c > 57:
            raise ValueError("invalid literal for int() with base 10")
        if value < -922337203685477580 or (value == -922337203685477580 and c - 48 > 8):
            raise OverflowError("int too large to convert to int64")
        value = value * 10 - (c - 48)
        previous_digit = True
        i += 1
    if not previous_digit:
        raise ValueError("invalid literal for int() with base 10")
    if not negative:
        if value == -9223372036854775807 - 1:
            raise OverflowError("int too large to convert to int64")
        return -value
    return value
