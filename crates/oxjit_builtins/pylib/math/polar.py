"""cmath.phase and cmath.polar. The typing rule (src/math/polar.rs) passes complex128."""
import math


def phase(z):
    return math.atan2(z.imag, z.real)


def polar(z):
    return abs(z), math.atan2(z.imag, z.real)
