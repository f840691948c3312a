"""np.count_nonzero (without axis)."""


def count_nonzero(a):
    n = 0
    for x in a.ravel():
        if x != 0:
            n += 1
    return n


def count_nonzero_scalar(x):
    return 1 if x != 0 else 0
