"""Scalar kernels of ufuncs (src/ufunc.rs lists the loops that use each). A kernel
takes the inputs already converted to its loop's types; its result is converted to the
loop's output type. NaN tests are written x != x."""


def maximum_real(x, y):
    # NaN wins (the first NaN); the second when they are equal (NumPy's loops: so
    # maximum(-0.0, 0.0) is 0.0 and maximum(0.0, -0.0) is -0.0).
    if x != x or x > y:
        return x
    return y


def minimum_real(x, y):
    if x != x or x < y:
        return x
    return y


def maximum_complex(x, y):
    # Lexicographic order, the first when equal; a NaN in either part of x wins, then
    # one in y.
    if x.real != x.real or x.imag != x.imag or _complex_ge(x, y):
        return x
    return y


def minimum_complex(x, y):
    if x.real != x.real or x.imag != x.imag or _complex_le(x, y):
        return x
    return y


def fmax_real(x, y):
    # The non-NaN argument; the second when they are equal (NumPy's array loops: so
    # fmax(-0.0, 0.0) is 0.0).
    if x > y or y != y:
        return x
    return y


def fmin_real(x, y):
    if x < y or y != y:
        return x
    return y


def fmax_complex(x, y):
    # Lexicographic order; a NaN in either part of y picks x.
    if _complex_ge(x, y) or y.real != y.real or y.imag != y.imag:
        return x
    return y


def fmin_complex(x, y):
    if _complex_le(x, y) or y.real != y.real or y.imag != y.imag:
        return x
    return y


def _complex_ge(x, y):
    if x.real > y.real and x.imag == x.imag and y.imag == y.imag:
        return True
    return x.real == y.real and x.imag >= y.imag


def _complex_le(x, y):
    if x.real < y.real and x.imag == x.imag and y.imag == y.imag:
        return True
    return x.real == y.real and x.imag <= y.imag


def logical_and(x, y):
    return x != 0 and y != 0


def logical_or(x, y):
    return x != 0 or y != 0


def logical_xor(x, y):
    return (x != 0) != (y != 0)


def logical_not(x):
    return x == 0


def sign(x):
    if x > 0:
        return 1
    if x < 0:
        return -1
    if x == 0:
        return 0
    return x  # NaN


def reciprocal_float(x):
    return 1.0 / x


def reciprocal_complex(z):
    # Smith's division of 1 by z: 0 gives nan+nanj, as in NumPy.
    a = z.real
    b = z.imag
    if abs(b) <= abs(a):
        r = b / a
        d = a + b * r
        return complex(1.0 / d, -r / d)
    r = a / b
    d = a * r + b
    return complex(r / d, -1.0 / d)


def reciprocal_int(x):
    # 1 / x truncated; 1 / 0 is 0 for the narrow and unsigned types.
    if x == 1:
        return 1
    if x == -1:
        return -1
    return 0


def reciprocal_int32(x):
    # NumPy's int32 and int64 loops give the most negative value for 1 / 0.
    if x == 0:
        return -2147483648
    return reciprocal_int(x)


def reciprocal_int64(x):
    if x == 0:
        return -9223372036854775807 - 1
    return reciprocal_int(x)


def gcd(x, y):
    a = abs(x)
    b = abs(y)
    while b != 0:
        t = a % b
        a = b
        b = t
    return a


def lcm(x, y):
    if x == 0 or y == 0:
        return x - x
    # |x| / gcd * |y|, wrapping around as NumPy's integer loops do.
    return abs(x) // gcd(x, y) * abs(y)
