"""np.random's legacy functions (seed, random, rand, randn, standard_normal, normal,
uniform, exponential, randint) on compiled code's generator: NumPy's legacy Mersenne
Twister (`primitives.random_*`, oxjit_runtime/src/random.rs), drawing what NumPy draws
after the same np.random.seed. src/numpy/random.rs types them; `kind` picks the
distribution: 0 uniform on [0, 1), 1 normal(a, b), 2 uniform(a, b), 3 exponential(a),
4 gamma(a, b) (standard_gamma: b = 1), 5 chisquare(a), 6 standard_t(a), 7 laplace(a, b),
8 lognormal(a, b), 9 noncentral_chisquare(a, b); integers: 10 poisson(a),
11 binomial(a, b). Each follows NumPy's legacy algorithm and order of draws.
"""
import math

import numpy as np


def seed(n):
    if n < 0 or n > 4294967295:
        raise ValueError("Seed must be between 0 and 2**32 - 1")
    primitives.random_seed(n)


def draw_one(kind, a, b):
    _check(kind, a, b)
    return _draw(kind, a, b)


def draw_array(kind, a, b, size):
    _check(kind, a, b)
    out = np.empty(size, np.float64)
    flat = out.ravel()
    for i in range(flat.size):
        flat[i] = _draw(kind, a, b)
    return out


def _check(kind, a, b):
    if kind == 1 and b < 0:
        raise ValueError("scale < 0")
    if kind == 2 and not math.isfinite(b - a):
        raise OverflowError("Range exceeds valid bounds")
    if kind == 3 and a < 0:
        raise ValueError("scale < 0")
    if kind == 4 and a < 0:
        raise ValueError("shape < 0")
    if kind == 4 and b < 0:
        raise ValueError("scale < 0")
    if (kind == 5 or kind == 6 or kind == 9) and a <= 0:
        raise ValueError("df <= 0")
    if kind == 7 and b < 0:
        raise ValueError("scale < 0")
    if kind == 8 and b < 0:
        raise ValueError("sigma < 0")
    if kind == 9 and b < 0:
        raise ValueError("nonc < 0")
    if kind == 10 and not a >= 0:
        raise ValueError("lam < 0 or lam is NaN")
    if kind == 10 and a > 9.223372006484771e18:
        raise ValueError("lam value too large")
    if kind == 11 and a < 0:
        raise ValueError("n < 0")
    if kind == 11 and not (b >= 0.0 and b <= 1.0):
        raise ValueError("p < 0, p > 1 or p is NaN")


def _draw(kind, a, b):
    if kind == 0:
        return primitives.random_double()
    if kind == 1:
        return a + b * primitives.random_gauss()
    if kind == 2:
        return a + (b - a) * primitives.random_double()
    if kind == 3:
        return a * _standard_exponential()
    if kind == 4:
        return b * _standard_gamma(a)
    if kind == 5:
        return _chisquare(a)
    if kind == 6:
        num = primitives.random_gauss()
        denom = _standard_gamma(a / 2.0)
        return math.sqrt(a / 2.0) * num / math.sqrt(denom)
    if kind == 7:
        return _laplace(a, b)
    if kind == 8:
        return math.exp(a + b * primitives.random_gauss())
    return _noncentral_chisquare(a, b)


def _chisquare(df):
    return 2.0 * _standard_gamma(df / 2.0)


def _laplace(loc, scale):
    while True:
        u = primitives.random_double()
        if u >= 0.5:
            return loc - scale * math.log(2.0 - u - u)
        if u > 0.0:
            return loc + scale * math.log(u + u)


def _noncentral_chisquare(df, nonc):
    if nonc == 0:
        return _chisquare(df)
    if 1 < df:
        chi2 = _chisquare(df - 1)
        n = primitives.random_gauss() + math.sqrt(nonc)
        return chi2 + n * n
    i = _poisson(nonc / 2.0)
    out = _chisquare(df + 2 * i)
    if math.isnan(nonc):
        return math.nan
    return out


def draw_int_one(kind, a, b):
    _check(kind, a, b)
    return _draw_int(kind, a, b)


def draw_int_array(kind, a, b, size):
    _check(kind, a, b)
    out = np.empty(size, np.int64)
    flat = out.ravel()
    for i in range(flat.size):
        flat[i] = _draw_int(kind, a, b)
    return out


def _draw_int(kind, a, b):
    if kind == 10:
        return _poisson(a)
    return _binomial(np.int64(a), b)


def _poisson(lam):
    if lam >= 10:
        return _poisson_ptrs(lam)
    if lam == 0:
        return np.int64(0)
    enlam = math.exp(-lam)
    x = np.int64(0)
    prod = 1.0
    while True:
        prod *= primitives.random_double()
        if prod > enlam:
            x += 1
        else:
            return x


def _poisson_ptrs(lam):
    # Hormann's transformed rejection with squeeze, as NumPy.
    slam = math.sqrt(lam)
    loglam = math.log(lam)
    b = 0.931 + 2.53 * slam
    a = -0.059 + 0.02483 * b
    invalpha = 1.1239 + 1.1328 / (b - 3.4)
    vr = 0.9277 - 3.6224 / (b - 2)
    while True:
        u = primitives.random_double() - 0.5
        v = primitives.random_double()
        us = 0.5 - abs(u)
        k = np.int64(math.floor((2 * a / us + b) * u + lam + 0.43))
        if us >= 0.07 and v <= vr:
            return k
        if k < 0 or (us < 0.013 and v > us):
            continue
        if (math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b)) <= (
                -lam + k * loglam - _loggam(k + 1.0)):
            return k


def _loggam(x):
    # log(gamma(x)) by Stirling's series, as NumPy's random_loggam.
    if x == 1.0 or x == 2.0:
        return 0.0
    n = 0
    if x < 7.0:
        n = int(7 - x)
    x0 = x + n
    x2 = (1.0 / x0) * (1.0 / x0)
    gl0 = -1.39243221690590e+00
    gl0 = gl0 * x2 + 1.796443723688307e-01
    gl0 = gl0 * x2 - 2.955065359477124e-02
    gl0 = gl0 * x2 + 6.410256410256410e-03
    gl0 = gl0 * x2 - 1.917526917526918e-03
    gl0 = gl0 * x2 + 8.417508417508418e-04
    gl0 = gl0 * x2 - 5.952380952380952e-04
    gl0 = gl0 * x2 + 7.936507936507937e-04
    gl0 = gl0 * x2 - 2.777777777777778e-03
    gl0 = gl0 * x2 + 8.333333333333333e-02
    gl = gl0 / x0 + 0.5 * 1.8378770664093453e+00 + (x0 - 0.5) * math.log(x0) - x0
    for k in range(n):
        gl -= math.log(x0 - 1.0)
        x0 -= 1.0
    return gl


def _binomial(n, p):
    # The legacy stream has no shortcut for n == 0 or p == 0: inversion draws once.
    if p <= 0.5:
        if p * n <= 30.0:
            return _binomial_inversion(n, p)
        return _binomial_btpe(n, p)
    q = 1.0 - p
    if q * n <= 30.0:
        return n - _binomial_inversion(n, q)
    return n - _binomial_btpe(n, q)


def _binomial_inversion(n, p):
    q = 1.0 - p
    qn = math.exp(n * math.log(q))
    np_ = n * p
    bound = np.int64(min(n, np_ + 10.0 * math.sqrt(np_ * q + 1)))
    x = np.int64(0)
    px = qn
    u = primitives.random_double()
    while u > px:
        x += 1
        if x > bound:
            x = np.int64(0)
            px = qn
            u = primitives.random_double()
        else:
            u -= px
            px = ((n - x + 1) * p * px) / (x * q)
    return x


def _stirling(v):
    v2 = v * v
    return (13680. - (462. - (132. - (99. - 140. / v2) / v2) / v2) / v2) / v / 166320.


def _binomial_btpe(n, p):
    # Kachitvichyanukul and Schmeiser's BTPE, step by step as NumPy writes it.
    r = min(p, 1.0 - p)
    q = 1.0 - r
    fm = n * r + r
    m = np.int64(math.floor(fm))
    p1 = math.floor(2.195 * math.sqrt(n * r * q) - 4.6 * q) + 0.5
    xm = m + 0.5
    xl = xm - p1
    xr = xm + p1
    c = 0.134 + 20.5 / (15.3 + m)
    a = (fm - xl) / (fm - xl * r)
    laml = a * (1.0 + a / 2.0)
    a = (xr - fm) / (xr * q)
    lamr = a * (1.0 + a / 2.0)
    p2 = p1 * (1.0 + 2.0 * c)
    p3 = p2 + c / laml
    p4 = p3 + c / lamr
    nrq = n * r * q
    while True:
        u = primitives.random_double() * p4
        v = primitives.random_double()
        if u <= p1:
            return np.int64(math.floor(xm - p1 * v + u))
        if u <= p2:
            x = xl + (u - p1) / c
            v = v * c + 1.0 - abs(m - x + 0.5) / p1
            if v > 1.0:
                continue
            y = np.int64(math.floor(x))
        elif u <= p3:
            if v == 0.0:
                continue
            y = np.int64(math.floor(xl + math.log(v) / laml))
            if y < 0:
                continue
            v = v * (u - p2) * laml
        else:
            if v == 0.0:
                continue
            y = np.int64(math.floor(xr - math.log(v) / lamr))
            if y > n:
                continue
            v = v * (u - p3) * lamr
        k = abs(y - m)
        if not (k > 20 and k < nrq / 2.0 - 1):
            s = r / q
            a = s * (n + 1)
            f = 1.0
            if m < y:
                for i in range(m + 1, y + 1):
                    f *= (a / i - s)
            elif m > y:
                for i in range(y + 1, m + 1):
                    f /= (a / i - s)
            if v > f:
                continue
            return y
        rho = (k / nrq) * ((k * (k / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5)
        t = -k * k / (2 * nrq)
        big_a = math.log(v)
        if big_a < t - rho:
            return y
        if big_a > t + rho:
            continue
        x1 = y + 1.0
        f1 = m + 1.0
        z = n + 1.0 - m
        w = n - y + 1.0
        if big_a > (xm * math.log(f1 / x1) + (n - m + 0.5) * math.log(z / w)
                    + (y - m) * math.log(w * r / (x1 * q))
                    + _stirling(f1) + _stirling(z) + _stirling(x1) + _stirling(w)):
            continue
        return y


def _standard_exponential():
    return -math.log(1.0 - primitives.random_double())


def _standard_gamma(shape):
    # NumPy's legacy method: Marsaglia and Tsang's for shape >= 1, a rejection scheme
    # from exponentials below it, in NumPy's order of draws.
    if shape == 1.0:
        return _standard_exponential()
    if shape == 0.0:
        return 0.0
    if shape < 1.0:
        while True:
            u = primitives.random_double()
            v = _standard_exponential()
            if u <= 1.0 - shape:
                x = math.pow(u, 1.0 / shape)
                if x <= v:
                    return x
            else:
                y = -math.log((1.0 - u) / shape)
                x = math.pow(1.0 - shape + shape * y, 1.0 / shape)
                if x <= v + y:
                    return x
    b = shape - 1.0 / 3.0
    c = 1.0 / math.sqrt(9.0 * b)
    while True:
        x = primitives.random_gauss()
        v = 1.0 + c * x
        while v <= 0.0:
            x = primitives.random_gauss()
            v = 1.0 + c * x
        v = v * v * v
        u = primitives.random_double()
        if u < 1.0 - 0.0331 * (x * x) * (x * x):
            return b * v
        if math.log(u) < 0.5 * x * x + b * (1.0 - v + math.log(v)):
            return b * v


def randint_one(low, high):
    span = _span(low, high)
    return low + _bounded(span, _mask(span))


def randint_array(low, high, size):
    span = _span(low, high)
    mask = _mask(span)
    out = np.empty(size, np.int64)
    flat = out.ravel()
    for i in range(flat.size):
        flat[i] = low + _bounded(span, mask)
    return out


def _span(low, high):
    if low >= high:
        raise ValueError("low >= high")
    return np.uint64(high - low - 1)


def _mask(span):
    mask = span
    mask |= mask >> np.uint64(1)
    mask |= mask >> np.uint64(2)
    mask |= mask >> np.uint64(4)
    mask |= mask >> np.uint64(8)
    mask |= mask >> np.uint64(16)
    mask |= mask >> np.uint64(32)
    return mask


def _bounded(span, mask):
    # NumPy's legacy masked rejection: draws of the mask's width until one fits.
    if span == np.uint64(0):
        return np.int64(0)
    if span <= np.uint64(4294967295):
        if span == np.uint64(4294967295):
            return np.int64(primitives.random_u32())
        while True:
            v = np.uint64(primitives.random_u32()) & mask
            if v <= span:
                return np.int64(v)
    while True:
        hi = np.uint64(primitives.random_u32())
        lo = np.uint64(primitives.random_u32())
        v = ((hi << np.uint64(32)) | lo) & mask
        if v <= span:
            return np.int64(v)
