"""math.isclose, as CPython computes it."""
import math


def isclose(a, b, rel_tol, abs_tol):
    if rel_tol < 0.0 or abs_tol < 0.0:
        raise ValueError("tolerances must be non-negative")
    if a == b:
        return True
    if math.isinf(a) or math.isinf(b):
        return False
    diff = math.fabs(b - a)
    return (diff <= math.fabs(rel_tol * b) or diff <= math.fabs(rel_tol * a)) or diff <= abs_tol
