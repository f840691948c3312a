"""Dict methods, over the primitives dict_lookup(d, k) and dict_take(d, k) (each giving
(found, value), the value zeroed when missing; take removes the key) and
dict_take_last(d) ((found, key, value) of the newest entry, removed). Storing is d[k] = v.
The typing rule is src/dict.rs; the *_unnamed entries serve keys KeyError cannot carry
as its argument (tuples)."""


def getitem(d, k):
    found, v = primitives.dict_lookup(d, k)
    if not found:
        raise KeyError(k)
    return v


def getitem_unnamed(d, k):
    found, v = primitives.dict_lookup(d, k)
    if not found:
        raise KeyError("key not found")
    return v


def get(d, k, default):
    found, v = primitives.dict_lookup(d, k)
    if found:
        return v
    return default


def get_optional(d, k):
    found, v = primitives.dict_lookup(d, k)
    if found:
        return v
    return None


def setdefault(d, k, default):
    found, v = primitives.dict_lookup(d, k)
    if found:
        return v
    d[k] = default
    return default


def pop(d, k):
    found, v = primitives.dict_take(d, k)
    if not found:
        raise KeyError(k)
    return v


def pop_unnamed(d, k):
    found, v = primitives.dict_take(d, k)
    if not found:
        raise KeyError("key not found")
    return v


def pop_default(d, k, default):
    found, v = primitives.dict_take(d, k)
    if found:
        return v
    return default


def delitem(d, k):
    found, v = primitives.dict_take(d, k)
    if not found:
        raise KeyError(k)


def delitem_unnamed(d, k):
    found, v = primitives.dict_take(d, k)
    if not found:
        raise KeyError("key not found")


def popitem(d):
    found, k, v = primitives.dict_take_last(d)
    if not found:
        raise KeyError("popitem(): dictionary is empty")
    return k, v


def update(d, other):
    for k, v in other.items():
        d[k] = v
