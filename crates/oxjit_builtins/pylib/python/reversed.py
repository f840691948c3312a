"""reversed() of ranges, lists, 1-d arrays and tuples."""


def reversed_range(r):
    n = len(r)
    last = r.start + (n - 1) * r.step
    return range(last, r.start - r.step, -r.step)


def reversed_list(items):
    out = []
    for i in range(len(items) - 1, -1, -1):
        out.append(items[i])
    return out


def reversed_array(a):
    return a[::-1]


def reversed_tuple(t):
    return t[::-1]
