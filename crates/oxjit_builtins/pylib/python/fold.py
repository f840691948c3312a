"""Python's sum(iterable, start), min(iterable) and max(iterable), item by item in
order. The typing rule (src/python.rs) passes the dtype the items are combined in."""


def sum_items(items, start, dtype):
    s = dtype(start)
    for x in items:
        s = s + dtype(x)
    return s


def sum_bools(items, start, dtype):
    # NumPy bools (a bool array with a bool start) add as `or`.
    s = dtype(start)
    for x in items:
        s = s or x
    return s


def min_items(items, dtype):
    if len(items) == 0:
        raise ValueError("min() arg is an empty sequence")
    first = True
    m = dtype(0)
    for x in items:
        v = dtype(x)
        if first:
            m = v
            first = False
        elif v < m:
            m = v
    return m


def max_items(items, dtype):
    if len(items) == 0:
        raise ValueError("max() arg is an empty sequence")
    first = True
    m = dtype(0)
    for x in items:
        v = dtype(x)
        if first:
            m = v
            first = False
        elif v > m:
            m = v
    return m
