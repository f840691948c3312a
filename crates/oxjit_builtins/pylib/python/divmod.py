"""Python's divmod(a, b): floor division and the remainder with the divisor's sign,
both operands already in one type (src/python.rs)."""


def divmod_(a, b):
    return a // b, a % b
