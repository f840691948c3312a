"""oxjit's ufuncs travel to other processes: by reference when their module holds them,
by value (function, source and signatures) otherwise, and to Dask workers."""
import math
import pickle
import subprocess
import sys

import numpy as np
import pytest

import oxjit


@oxjit.vectorize(["float64(float64)", "int64(int64)"])
def cube(x):
    return x * x * x


@oxjit.guvectorize(["void(float64[:], float64[:])"], "(n)->()")
def total(v, out):
    out[0] = 0.0
    for x in v:
        out[0] += x


@oxjit.vectorize
def halve(x):
    return x / 2


def shifted(x):
    return x + 10


# Held under another name than the function's: pickled by value.
SHIFT = oxjit.vectorize(["float64(float64)"])(shifted)


def make_scaler(k):
    @oxjit.vectorize(["float64(float64)"])
    def scale(x):
        return math.floor(x * k)

    return scale


def test_module_level_ufuncs_pickle_by_reference():
    assert pickle.loads(pickle.dumps(cube)) is cube
    assert pickle.loads(pickle.dumps(total)) is total
    halve(np.arange(3.0))
    assert pickle.loads(pickle.dumps(halve)) is halve
    assert pickle.loads(pickle.dumps(np.add)) is np.add  # NumPy's own are untouched


def test_other_ufuncs_pickle_by_value():
    again = pickle.loads(pickle.dumps(SHIFT))
    assert again is not SHIFT and isinstance(again, np.ufunc)
    np.testing.assert_array_equal(again(np.arange(3.0)), SHIFT.py_func(np.arange(3.0)))
    with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):
        pickle.dumps(make_scaler(2.0))  # a closure needs cloudpickle


def run_elsewhere(payload, expression):
    code = ("import sys, pickle, numpy as np; f = pickle.loads(sys.stdin.buffer.read()); "
            f"print(repr({expression}))")
    done = subprocess.run([sys.executable, "-c", code], input=payload, capture_output=True,
                          timeout=120, cwd=str(__import__("pathlib").Path(__file__).parents[2]))
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode().strip()


def test_closures_travel_with_cloudpickle_to_another_process():
    cloudpickle = pytest.importorskip("cloudpickle")
    scaler = make_scaler(3.0)
    got = run_elsewhere(cloudpickle.dumps(scaler), "f(np.array([0.5, 1.5])).tolist()")
    assert got == repr(np.vectorize(scaler.py_func, otypes=[float])(np.array([0.5, 1.5])).tolist())
    dynamic = oxjit.vectorize(lambda x: x - 1)
    dynamic(np.arange(2))
    assert run_elsewhere(cloudpickle.dumps(dynamic), "f(np.arange(3)).tolist()") == "[-1, 0, 1]"


def test_module_ufuncs_in_another_process():
    got = run_elsewhere(pickle.dumps(total), "f(np.arange(6.0).reshape(2, 3)).tolist()")
    assert got == "[3.0, 12.0]"


def test_ufuncs_run_on_dask_workers():
    distributed = pytest.importorskip("distributed")
    scaler = make_scaler(2.0)
    with distributed.Client(n_workers=1, threads_per_worker=1, processes=True,
                            dashboard_address=None) as client:
        a = np.arange(5.0)
        got = client.submit(scaler, a).result()
        moved = client.submit(lambda: total(np.ones((2, 4)))).result()
    np.testing.assert_array_equal(got, np.vectorize(scaler.py_func, otypes=[float])(a))
    np.testing.assert_array_equal(moved, [4.0, 4.0])
