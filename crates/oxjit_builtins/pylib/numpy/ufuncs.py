"""Scalar kernels of ufuncs (src/ufunc.rs lists the loops that use each). A kernel
takes the inputs already converted to its loop's types; its result is converted to the
loop's output type. NaN tests are written x != x."""


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
