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
    return _extreme(items, dtype, False)


def max_items(items, dtype):
    return _extreme(items, dtype, True)


def _extreme(items, dtype, largest):
    # The first of the smallest (largest) items, compared in order as Python does.
    if len(items) == 0:
        if largest:
            raise ValueError("max() arg is an empty sequence")
        raise ValueError("min() arg is an empty sequence")
    first = True
    m = dtype(0)
    for x in items:
        v = dtype(x)
        if first:
            m = v
            first = False
        elif (v > m) if largest else (v < m):
            m = v
    return m
