"""ndarray.fill: the value is stored as an assignment to every element stores it (a
float into an integer array truncates). The typing rule (src/numpy/fill.rs) passes the
bounds of a narrow integer dtype when the value is an integer, which must fit."""


def fill(a, value):
    a[:] = value


def fill_0d(a, value):
    a[()] = value


def fill_int(a, value, lo, hi):
    _check_fits(value, lo, hi)
    a[:] = value


def fill_int_0d(a, value, lo, hi):
    _check_fits(value, lo, hi)
    a[()] = value


def _check_fits(value, lo, hi):
    if value < lo or value > hi:
        raise OverflowError("Python integer out of bounds for the array's dtype")
