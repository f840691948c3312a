"""Reductions: np.sum, prod, min/max, mean, var, std, argmin/argmax, any, all.

Each reduction is a kernel over a 1-d run `v` of elements, called as
kernel(v, dtype, acc): `dtype` is the result dtype the typing rule chose
(src/numpy/reductions.rs), `acc` the dtype it accumulates in. The rule calls the kernel
directly on a 1-d array, or through `whole` (every element, in C order: argmin, argmax,
any, all), `in_memory_order` (every element, in the order NumPy visits them),
`whole_sum` and `whole_mean` (NumPy's summation of an n-d array), `whole_checked` (an
axis given for a 0-d or 1-d array) or `along` (each run along an axis). Kernels follow
NumPy's order of operations, so float results match its bits.
"""
import numpy as np

# `primitives` (sum, along_axis) is the compiler's: see src/primitives.rs;
# `_normalize_axis` is in _shared.py.


def whole(kernel, a, dtype, acc):
    return kernel(a.ravel(), dtype, acc)


def in_memory_order(kernel, a, dtype, acc):
    # NumPy visits an n-d array's elements in the order they lie in memory (its
    # iterator sorts the axes by stride): products and var/std add in that order.
    return kernel(primitives.memory_order(a).ravel(), dtype, acc)


def whole_sum(kernel, a, dtype, acc):
    return _numpy_sum(a, dtype)


def whole_mean(kernel, a, dtype, acc):
    return _numpy_sum(a, dtype) / dtype(a.size)


def whole_mean_complex(kernel, a, dtype, acc):
    return _divide_by_count(np.complex128(_numpy_sum(a, dtype)), np.float64, a.size)


def _numpy_sum(a, dtype):
    # The sum of every element of an n-d array, added as NumPy adds them: in memory
    # order, pairwise over one run when the elements are equally spaced, else pairwise
    # over each buffer of whole innermost runs (or over each run longer than a buffer),
    # the buffers' sums added in order.
    v = primitives.memory_order(a)
    flat = v.ravel()
    n = flat.shape[0]
    run = _innermost_run(v)
    if run >= n:
        return primitives.sum(flat, dtype)
    buffer = 8192  # how many elements NumPy's iterator buffers at a time
    step = run if run > buffer else (buffer // run) * run
    total = dtype(0)
    for start in range(0, n, step):
        total += primitives.sum(flat[start:start + step], dtype)
    return total


def _innermost_run(v):
    # How many elements of `v` (axes in memory order) lie equally spaced at its end:
    # the innermost axes NumPy's iterator merges into one.
    run = 1
    spacing = 0
    for i in range(v.ndim - 1, -1, -1):
        n = v.shape[i]
        if n == 1:
            continue
        if run == 1:
            run = n
            spacing = v.strides[i]
        elif v.strides[i] == spacing * run:
            run *= n
        else:
            break
    return run


def whole_checked(kernel, a, axis, axes, dtype, acc):
    # An axis of a 0-d or 1-d array: NumPy's reductions take a 0-d array as having one
    # axis (`axes` is 1), except mean, var and std (`axes` is 0: no axis is valid).
    _normalize_axis(axis, axes)
    return kernel(a.ravel(), dtype, acc)


def along(kernel, a, axis, dtype, acc):
    axis = _normalize_axis(axis, a.ndim)
    return primitives.along_axis(kernel, a, axis, dtype, acc)



def sum_of(v, dtype, acc):
    return primitives.sum(v, dtype)


def prod_of(v, dtype, acc):
    p = dtype(1)
    for i in range(v.shape[0]):
        p = p * dtype(v[i])
    return p


def prod_exact(v, dtype, acc):
    # Integers (wrapping as NumPy's do) multiply to the same value in any order: long runs
    # use a parallel loop, on all cores in parallel=True code. Floats keep NumPy's order.
    n = v.shape[0]
    p = dtype(1)
    if n < 65536:
        for i in range(n):
            p = p * dtype(v[i])
        return p
    for i in prange(n):
        p = p * dtype(v[i])
    return p


def max_real(v, dtype, acc):
    return _extreme(v, primitives.maximum,
                    "zero-size array to reduction operation maximum which has no identity")


def min_real(v, dtype, acc):
    return _extreme(v, primitives.minimum,
                    "zero-size array to reduction operation minimum which has no identity")


def max_complex(v, dtype, acc):
    return _extreme(v, np.maximum,
                    "zero-size array to reduction operation maximum which has no identity")


def min_complex(v, dtype, acc):
    return _extreme(v, np.minimum,
                    "zero-size array to reduction operation minimum which has no identity")


def _extreme(v, pick, message):
    # NumPy's reduction of `maximum`/`minimum` (`pick`, which keeps a NaN). Large runs
    # use a parallel loop (on all cores in parallel=True code): the result is the same
    # element whatever the order, so the same bits as NumPy's.
    n = v.shape[0]
    if n == 0:
        raise ValueError(message)
    m = v[0]
    if n < 65536:
        for i in range(1, n):
            m = pick(m, v[i])
        return m
    for i in prange(1, n):
        m = pick(m, v[i])
    return m


def mean_real(v, dtype, acc):
    return primitives.sum(v, dtype) / dtype(v.shape[0])


def mean_complex(v, dtype, acc):
    # NumPy divides the sum of complex64 numbers as a complex128.
    s = np.complex128(primitives.sum(v, dtype))
    return _divide_by_count(s, np.float64, v.shape[0])


def _divide_by_count(s, part, n):
    # s / (n + 0j) as NumPy divides complex numbers: both parts times 1/n, the cross
    # terms (zero) kept so that infinities and NaNs come out the same. `part` is the
    # dtype of s's parts.
    scale = part(1) / part(n)
    zero = part(0)
    return complex((s.real + s.imag * zero) * scale, (s.imag - s.real * zero) * scale)


def var_real(v, dtype, acc):
    n = v.shape[0]
    mean = primitives.sum(v, acc) / acc(n)
    # NumPy squares the deviations into an array and sums that pairwise.
    squares = np.empty(n, dtype)
    for i in range(n):
        d = acc(v[i]) - mean
        squares[i] = d * d
    return primitives.sum(squares, dtype) / dtype(n)


def var_complex(v, dtype, acc):
    n = v.shape[0]
    mean = acc(_divide_by_count(primitives.sum(v, acc), dtype, n))
    squares = np.empty(n, dtype)
    for i in range(n):
        d = v[i] - mean
        squares[i] = d.real * d.real + d.imag * d.imag
    return primitives.sum(squares, dtype) / dtype(n)


def std_real(v, dtype, acc):
    return np.sqrt(var_real(v, dtype, acc))


def std_complex(v, dtype, acc):
    return np.sqrt(var_complex(v, dtype, acc))


def argmax_real(v, dtype, acc):
    if v.shape[0] >= 65536:
        return _arg_extreme_parallel(v, primitives.maximum)
    return _arg_extreme(v, _gt, _nan_real, "attempt to get argmax of an empty sequence")


def argmin_real(v, dtype, acc):
    if v.shape[0] >= 65536:
        return _arg_extreme_parallel(v, primitives.minimum)
    return _arg_extreme(v, _lt, _nan_real, "attempt to get argmin of an empty sequence")


def _arg_extreme_parallel(v, pick):
    # The index _arg_extreme finds (the first NaN, else the first element holding the
    # extreme) in two parallel loops, on all cores in parallel=True code: the extreme
    # value, then the first index holding it. For long runs only: each loop starts the
    # worker pool.
    n = v.shape[0]
    m = v[0]
    for i in prange(n):
        m = pick(m, v[i])
    at = n
    if m != m:
        for i in prange(n):
            if v[i] != v[i]:
                at = min(at, i)
    else:
        for i in prange(n):
            if v[i] == m:
                at = min(at, i)
    return at


def argmax_complex(v, dtype, acc):
    return _arg_extreme(v, _greater_lex, _nan_complex, "attempt to get argmax of an empty sequence")


def argmin_complex(v, dtype, acc):
    return _arg_extreme(v, _less_lex, _nan_complex, "attempt to get argmin of an empty sequence")


def _arg_extreme(v, better, is_nan, message):
    # The index of the first element no other is `better` than; the first NaN wins.
    n = v.shape[0]
    if n == 0:
        raise ValueError(message)
    best = v[0]
    at = 0
    for i in range(n):
        x = v[i]
        if is_nan(x):
            return i
        if better(x, best):
            best = x
            at = i
    return at


def _gt(x, y):
    return x > y


def _lt(x, y):
    return x < y


def _greater_lex(x, y):
    # Lexicographic order, as NumPy sorts complex numbers.
    return x.real > y.real or (x.real == y.real and x.imag > y.imag)


def _less_lex(x, y):
    return x.real < y.real or (x.real == y.real and x.imag < y.imag)


def _nan_real(x):
    return x != x


def _nan_complex(x):
    return x.real != x.real or x.imag != x.imag


def any_of(v, dtype, acc):
    for i in range(v.shape[0]):
        if v[i]:
            return True
    return False


def all_of(v, dtype, acc):
    for i in range(v.shape[0]):
        if not v[i]:
            return False
    return True
