"""Shared test set-up: a leak check around every test, and the Hypothesis profile."""
import gc
import os

import pytest
from hypothesis import HealthCheck, settings

import oxjit.runtime

# Few, reproducible examples: the whole suite runs inside CI's time budget.
# OXJIT_HYPOTHESIS_PROFILE=thorough asks for more.
settings.register_profile(
    "ci",
    deadline=None,
    max_examples=30,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", parent=settings.get_profile("ci"), max_examples=500)
settings.load_profile(os.environ.get("OXJIT_HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def runtime_allocations_balanced():
    """Fail a test after which compiled code holds more allocations than before it."""
    gc.collect()
    before = oxjit.runtime.stats()
    yield
    gc.collect()
    oxjit.runtime.assert_balanced(before, oxjit.runtime.stats())
