"""Kernels for the demo: plain Python loops, undecorated.

The demo compiles each one with oxjit (and with Numba when it is installed)
and runs the original under CPython, so all three run the same source.
lu_chart.py times the article's LU function, numpy_LUdet, and its variants.
"""
import math

import numpy as np


def lu_loops(A):
    """In-place LU factorisation without pivoting; returns the determinant."""
    n = A.shape[0]
    for k in range(n):
        pivot = A[k, k]
        for i in range(k + 1, n):
            factor = A[i, k] / pivot
            A[i, k] = factor
            for j in range(k + 1, n):
                A[i, j] -= factor * A[k, j]
    det = 1.0
    for k in range(n):
        det *= A[k, k]
    return det


def sum_loop(x):
    """Sum of a 1-d array, one element at a time."""
    total = 0.0
    for i in range(x.shape[0]):
        total += x[i]
    return total


def dot_loop(x, y):
    """Dot product of two 1-d arrays."""
    acc = 0.0
    for i in range(x.shape[0]):
        acc += x[i] * y[i]
    return acc


def nbody(pos, vel, mass, steps, dt):
    """Direct-sum gravity (softened), integrated in place; returns the positions."""
    n = pos.shape[0]
    soft = 1e-3
    for _ in range(steps):
        for i in range(n):
            ax = 0.0
            ay = 0.0
            az = 0.0
            for j in range(n):
                if i != j:
                    dx = pos[j, 0] - pos[i, 0]
                    dy = pos[j, 1] - pos[i, 1]
                    dz = pos[j, 2] - pos[i, 2]
                    r2 = dx * dx + dy * dy + dz * dz + soft
                    s = mass[j] / (r2 * math.sqrt(r2))
                    ax += s * dx
                    ay += s * dy
                    az += s * dz
            vel[i, 0] += ax * dt
            vel[i, 1] += ay * dt
            vel[i, 2] += az * dt
        for i in range(n):
            pos[i, 0] += vel[i, 0] * dt
            pos[i, 1] += vel[i, 1] * dt
            pos[i, 2] += vel[i, 2] * dt
    return pos


def add_one(x):
    """Nearly no work: measures the cost of a call."""
    return x + 1.0


# --- the article's LU example (lu_chart.py) ------------------------------------------


def numpy_LUdet(A: np.ndarray):
    y = [1.0]
    n = A.shape[0]
    with np.errstate(invalid='ignore'):
        for i in range(n):
            y[0] = y[0] * A[i, i]
            for j in range(i+1, n):
                A[j][i] = A[j][i]/A[i][i]
                A[j][i+1:] = A[j][i+1:] - (A[j][i] * A[i][i+1:])


def numpy_LUdet_no_with(A: np.ndarray):
    """numpy_LUdet without the `with` line, for Numba (which cannot compile `with np.errstate`)."""
    y = [1.0]
    n = A.shape[0]
    for i in range(n):
        y[0] = y[0] * A[i, i]
        for j in range(i+1, n):
            A[j][i] = A[j][i]/A[i][i]
            A[j][i+1:] = A[j][i+1:] - (A[j][i] * A[i][i+1:])


def python_LUdet(A: list):
    """numpy_LUdet on a list of lists of floats: the same loops, the row update one element at a time."""
    y = [1.0]
    n = len(A)
    for i in range(n):
        y[0] = y[0] * A[i][i]
        for j in range(i+1, n):
            A[j][i] = A[j][i]/A[i][i]
            for k in range(i+1, n):
                A[j][k] = A[j][k] - (A[j][i] * A[i][k])
