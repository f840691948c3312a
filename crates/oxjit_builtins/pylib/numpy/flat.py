"""`a.flat` in compiled code: the elements in C order as a 1-d array (src/numpy/flat.rs)."""


def flat(a):
    # A view of a C-contiguous array (writes reach `a`); otherwise a copy, which the
    # typing rule marks readonly so that no write can silently miss `a`.
    return a.ravel()
