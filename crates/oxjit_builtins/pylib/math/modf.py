"""math.modf(x): the fractional and integral parts of x, both with x's sign."""
import math

import numpy as np


def modf(x):
    if math.isinf(x):
        return math.copysign(0.0, x), x
    integral = np.trunc(x)
    return math.copysign(x - integral, x), integral
