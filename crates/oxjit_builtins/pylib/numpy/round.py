"""round(x, ndigits) of a NumPy float scalar, as NumPy rounds it (typed in
src/python.rs): scaled by a power of ten, rounded half to even, scaled back, in the
scalar's own dtype. A Python float rounds its exact decimal value instead."""
import numpy as np


def round_scalar(x, ndigits):
    if ndigits >= 0:
        scale = 10.0 ** ndigits
        return np.rint(x * scale) / scale
    scale = 10.0 ** -ndigits
    return np.rint(x / scale) * scale
