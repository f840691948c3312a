"""math.comb, math.perm, math.prod and pow(base, exp, mod) on int64, as Python computes
them; a result past int64 raises OverflowError instead of wrapping."""
import math


def _times(a, b):
    """a * b of non-negative ints, or OverflowError past int64."""
    if b != 0 and a > 9223372036854775807 // b:
        raise OverflowError("integer result too large for int64 in compiled code")
    return a * b


def _check_counts(n, k):
    if n < 0:
        raise ValueError("n must be a non-negative integer")
    if k < 0:
        raise ValueError("k must be a non-negative integer")


def comb(n, k):
    _check_counts(n, k)
    if k > n:
        return 0
    if k > n - k:
        k = n - k
    c = 1
    for i in range(1, k + 1):
        # c * (n - k + i) is divisible by i; dividing the common factor out first keeps
        # every step exact and no larger than the next result.
        g = math.gcd(c, i)
        c = _times(c // g, (n - k + i) // (i // g))
    return c


def perm(n, k):
    _check_counts(n, k)
    if k > n:
        return 0
    p = 1
    for i in range(n - k + 1, n + 1):
        p = _times(p, i)
    return p


def prod(seq, start):
    r = start
    for x in seq:
        r = r * x
    return r


def _mul_mod(a, b, m):
    """a * b % m for 0 <= a, b < m without overflowing int64."""
    r = 0
    while b > 0:
        if b & 1:
            r = r - (m - a) if r >= m - a else r + a
        a = a - (m - a) if a >= m - a else a + a
        b >>= 1
    return r


def _inverse(a, m):
    """The inverse of a modulo m > 0 (ValueError when there is none)."""
    r0 = m
    r1 = a % m
    s0 = 0
    s1 = 1
    while r1 != 0:
        q = r0 // r1
        r0, r1 = r1, r0 - q * r1
        s0, s1 = s1, s0 - q * s1
    if r0 != 1:
        raise ValueError("base is not invertible for the given modulus")
    return s0 % m


def pow_mod(base, exp, mod):
    if mod == 0:
        raise ValueError("pow() 3rd argument cannot be 0")
    m = mod if mod > 0 else -mod
    if m == 1:
        return 0
    b = base % m
    if exp < 0:
        b = _inverse(b, m)
        exp = -exp
    r = 1
    while exp > 0:
        if exp & 1:
            r = _mul_mod(r, b, m)
        b = _mul_mod(b, b, m)
        exp >>= 1
    # The result has the sign of the modulus, as Python's %.
    if mod < 0 and r != 0:
        r -= m
    return r
