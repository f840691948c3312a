"""docs/compatibility.md cannot drift: every row's status holds in oxjit, and every
public name of oxjit is listed."""
import importlib
import pathlib
import re

import pytest

import oxjit

DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "compatibility.md"
ROW = re.compile(r"^\| `([^`]+)` \| (supported|differs|not yet) \|")


def sections():
    """{section title: [(name, status)]} from the doc's tables."""
    out, title = {}, None
    for line in DOC.read_text().splitlines():
        if line.startswith("## "):
            title = line[3:].strip()
            out[title] = []
        m = ROW.match(line)
        if m and title is not None:
            out[title].append((m.group(1), m.group(2)))
    return out


def oxjit_module(numba_path):
    return importlib.import_module("oxjit" + numba_path[len("numba"):])


def lookup(owner, name):
    try:
        return True, getattr(owner, name)
    except AttributeError:
        pass
    try:  # a submodule not imported with its package (`numba.extending`)
        return True, importlib.import_module(f"{owner.__name__}.{name}")
    except ImportError:
        return False, None


def module_rows():
    return [(title, name, status) for title, rows in sections().items() if title.startswith("numba")
            for name, status in rows]


@pytest.mark.parametrize("title,name,status", module_rows())
def test_each_row_holds(title, name, status):
    module = oxjit_module(title)
    found, value = lookup(module, name)
    pending = found and hasattr(value, "__oxjit_pending__")
    if status == "not yet":
        assert not found or pending, f"{title}.{name} is listed as not yet but is there"
    else:
        assert found, f"{title}.{name} is listed as {status} but oxjit has no such name"
        assert not pending, f"{title}.{name} is listed as {status} but says it is not supported yet"


def test_dispatcher_rows_hold():
    @oxjit.njit
    def f(x):
        return x

    f(1)
    rows = sections()["Dispatchers"]
    assert rows
    for name, status in rows:
        assert hasattr(f, name) == (status != "not yet"), (name, status)


def test_every_public_name_of_oxjit_is_listed():
    listed = {name for name, _ in sections()["numba"]}
    type_names = set(oxjit.types.__all__)
    missing = [n for n in oxjit.__all__ if n not in listed and n not in type_names
               and n != "__version__"]
    assert not missing, f"add these to docs/compatibility.md: {missing}"
