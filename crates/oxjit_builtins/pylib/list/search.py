"""list.index, list.count and list.remove: searches comparing items with ==. The typing
rule (src/list/search.rs) admits items that compare to one bool (numbers, tuples)."""


def index(items, x):
    for i in range(len(items)):
        if items[i] == x:
            return i
    raise ValueError("value is not in list")


def count(items, x):
    n = 0
    for item in items:
        if item == x:
            n += 1
    return n


def remove(items, x):
    for i in range(len(items)):
        if items[i] == x:
            items.pop(i)
            return
    raise ValueError("list.remove(x): x not in list")
