"""try/except/else/finally and raise in compiled code, each case against the Python
function: which handler runs, what the variables hold there, what escapes (class and
message), and that `finally` runs on every way out."""
import numpy as np
import pytest

import oxjit
from oxjit.errors import TypingError

from ._helpers import check_cases


class AppError(Exception):
    pass


class BadInput(AppError, ValueError):
    pass


# --- handlers by class -------------------------------------------------------------


def divide_or(a, b):
    try:
        r = a / b
    except ZeroDivisionError:
        r = -1.0
    return r


def by_base_class(a, b):
    try:
        return a // b
    except ArithmeticError:
        return -7


def by_tuple(d, k, n):
    try:
        v = d[k] // n
    except (KeyError, IndexError):
        v = -1
    except ZeroDivisionError:
        v = -2
    return v


def catch_all(a, b):
    try:
        return a % b
    except Exception:
        return 0


def bare_except(a, b):
    try:
        x = a // b
    except:  # noqa: E722 - the bare form is what is tested
        x = 99
    return x


def test_handlers_match_by_class_and_base_class():
    check_cases(oxjit.njit(divide_or), [(1.0, 2.0), (1.0, 0.0), (3, 0), (0, 0.0)])
    check_cases(oxjit.njit(by_base_class), [(7, 2), (7, 0)])
    check_cases(oxjit.njit(catch_all), [(7, 3), (7, 0)])
    check_cases(oxjit.njit(bare_except), [(7, 3), (7, 0)])


def test_tuple_of_classes_and_clause_order():
    cases = [({1: 10, 2: 20}, k, n) for k, n in [(1, 3), (5, 3), (2, 0), (5, 0)]]
    check_cases(oxjit.njit(by_tuple), cases)


def first_unmatched(a, b):
    try:
        return a // b
    except KeyError:
        return -1


def test_an_exception_no_clause_matches_escapes():
    check_cases(oxjit.njit(first_unmatched), [(5, 2), (5, 0)])
    with pytest.raises(ZeroDivisionError, match="by zero"):
        oxjit.njit(first_unmatched)(5, 0)


# --- variables in handlers ---------------------------------------------------------


def state_at_raise(a, i):
    x = 0
    y = 0
    try:
        x = 1
        y = int(a[i]) // int(a[0])
        x = 2
    except ZeroDivisionError:
        y = x * 100
    return x, y


def loop_counts(a):
    ok = 0
    bad = 0
    total = 0.0
    for i in range(a.shape[0]):
        try:
            total += 10 // int(a[i])
            ok += 1
        except ZeroDivisionError:
            bad += 1
            continue
        total += 0.5
    return ok, bad, total


def test_handlers_see_variables_as_the_raising_statement_found_them():
    a = np.array([0, 5, 3], dtype=np.int64)
    b = np.array([2, 5, 3], dtype=np.int64)
    check_cases(oxjit.njit(state_at_raise), [(a, 1), (b, 1)])
    check_cases(oxjit.njit(loop_counts), [(np.array([1, 0, 2, 0, 5], dtype=np.int64),)])


# --- except ... as e, raise, re-raise ----------------------------------------------


def checked(x):
    if x < 0:
        raise BadInput("negative input")
    if x > 100:
        raise AppError("too big")
    return x * 2


def catch_from_callee(x):
    try:
        return checked(x)
    except ValueError:
        return -1
    except AppError:
        return -2


def reraise_bare(x):
    try:
        return checked(x)
    except BadInput:
        raise


def reraise_named(x):
    try:
        y = checked(x)
    except AppError as e:
        raise e
    return y


def raise_other_in_handler(x):
    try:
        return checked(x)
    except BadInput:
        raise KeyError("from the handler")


def test_user_classes_from_callees_are_caught_by_their_bases():
    check_cases(oxjit.njit(catch_from_callee), [(5,), (-5,), (500,)])


def test_reraised_exceptions_keep_class_and_message():
    for func in (reraise_bare, reraise_named):
        f = oxjit.njit(func)
        assert f(3) == 6
        with pytest.raises(BadInput, match="negative input"):
            f(-1)
    with pytest.raises(AppError, match="too big"):
        oxjit.njit(reraise_named)(1000)
    f = oxjit.njit(raise_other_in_handler)
    with pytest.raises(KeyError, match="from the handler"):
        f(-1)
    with pytest.raises(AppError, match="too big"):
        f(1000)


def runtime_message(x):
    try:
        if x > 1:
            raise ValueError("bad value", x)
        return 0
    except ValueError:
        raise


def test_reraised_exception_keeps_its_run_time_arguments():
    with pytest.raises(ValueError) as info:
        oxjit.njit(runtime_message)(5)
    assert info.value.args == ("bad value", 5)


# --- else and finally --------------------------------------------------------------


def with_else(a, b):
    log = 0
    try:
        q = a // b
    except ZeroDivisionError:
        q = 0
        log += 1
    else:
        log += 10
    finally:
        log += 100
    return q, log


def finally_on_return(x):
    r = 0
    try:
        r = 10 // x
        return r
    finally:
        r = -1


def finally_overrides(x):
    try:
        return 10 // x
    finally:
        return -5  # noqa: B012 - a return in finally swallows the exception


def finally_then_escape(a, x):
    n = 0
    try:
        n = 10 // x
    finally:
        a[0] = 42.0
    return n


def finally_in_loops(n):
    total = 0
    for i in range(n):
        try:
            if i == 2:
                continue
            if i == 5:
                break
            total += i
        finally:
            total += 100
    return total


def nested_finally(x):
    log = 0
    try:
        try:
            log += 1
            return 10 // x
        finally:
            log += 10
    except ZeroDivisionError:
        log += 100
    finally:
        log += 1000
    return -log


def test_else_and_finally():
    check_cases(oxjit.njit(with_else), [(7, 2), (7, 0)])
    check_cases(oxjit.njit(finally_on_return), [(2,), (0,)])
    check_cases(oxjit.njit(finally_overrides), [(2,), (0,)])
    check_cases(oxjit.njit(finally_in_loops), [(0,), (3,), (10,)])
    check_cases(oxjit.njit(nested_finally), [(2,), (0,)])


def test_finally_runs_before_the_exception_escapes():
    f = oxjit.njit(finally_then_escape)
    a = np.zeros(2)
    with pytest.raises(ZeroDivisionError):
        f(a, 0)
    assert a[0] == 42.0
    check_cases(f, [(np.zeros(2), 5), (np.zeros(2), 0)])


# --- nesting -----------------------------------------------------------------------


def nested(d, k, x):
    out = 0
    try:
        try:
            out = d[k] // x
        except ZeroDivisionError:
            out = -1
    except KeyError:
        out = -2
    return out


def handler_raises_to_outer(x):
    try:
        try:
            return 10 // x
        except ZeroDivisionError:
            return 10 // (x * 0)
        except ValueError:
            return -3
    except ZeroDivisionError:
        return -4


def test_nested_handlers():
    check_cases(oxjit.njit(nested), [({1: 10}, k, x) for k, x in [(1, 2), (1, 0), (9, 2)]])
    check_cases(oxjit.njit(handler_raises_to_outer), [(2,), (0,)])


# --- library errors, arrays, parallel loops ----------------------------------------


def index_error(a, i):
    try:
        return a[i]
    except IndexError:
        return -1.0


def arrays_across_raises(a, n):
    total = 0.0
    for i in range(n):
        t = a * 2.0
        try:
            u = t + 1.0
            total += float(u[0]) / (i % 3)
            total += u.sum()
        except ZeroDivisionError:
            w = np.ones(4)
            total -= w.sum()
    return total


def parallel_inside_try(a, d):
    s = 0.0
    try:
        for i in oxjit.prange(a.shape[0]):
            s += a[i] // d
    except ZeroDivisionError:
        s = -1.0
    return s


def test_library_errors_are_caught():
    a = np.arange(4.0)
    check_cases(oxjit.njit(index_error, boundscheck=True), [(a, 2), (a, 9), (a, -9)])


def test_arrays_live_across_a_raise_are_released():
    # The leak check after every test verifies the balance on both paths.
    check_cases(oxjit.njit(arrays_across_raises), [(np.arange(3.0), 7)])


def test_a_parallel_loop_inside_try():
    f = oxjit.njit(parallel_inside_try, parallel=True)
    a = np.arange(100.0)
    assert f(a, 2.0) == parallel_inside_try(a, 2.0)
    assert f(a.astype(np.int64), 0) == -1.0


# --- what is refused ---------------------------------------------------------------


def catch_a_number(x):
    try:
        return 1 // x
    except 5:
        return 0


def raise_outside_handler(x):
    raise


def try_in_prange(a):
    s = 0.0
    for i in oxjit.prange(a.shape[0]):
        try:
            s += 1.0 / a[i]
        except ZeroDivisionError:
            s += 0.0
    return s


def test_refusals_are_typing_errors():
    with pytest.raises(TypingError, match="catching int64 is not allowed"):
        oxjit.njit(catch_a_number)(1)
    with pytest.raises(TypingError, match="bare `raise` outside an `except` clause"):
        oxjit.njit(raise_outside_handler)(1)
    with pytest.raises(TypingError, match="cannot contain `try`"):
        oxjit.njit(try_in_prange, parallel=True)(np.ones(3))


# --- the exception object ----------------------------------------------------------


def message_of(x):
    try:
        checked(x)
        return "ok"
    except AppError as e:
        return "caught: " + str(e)


def key_message(d, k):
    try:
        return str(d[k])
    except KeyError as e:
        return str(e)


def division_message(a, b):
    try:
        return str(a // b)
    except ZeroDivisionError as e:
        return str(e)


def run_time_arguments(x):
    try:
        raise ValueError("bad value", x)
    except ValueError as e:
        return str(e)


def printed(x):
    try:
        checked(x)
    except AppError as e:
        print("caught", e)


def test_str_of_a_caught_exception_is_pythons():
    check_cases(oxjit.njit(message_of), [(3,), (-3,), (300,)])
    check_cases(oxjit.njit(key_message), [({1: 5}, 1), ({1: 5}, 2)])
    check_cases(oxjit.njit(division_message), [(7, 2), (7, 0)])
    check_cases(oxjit.njit(run_time_arguments), [(4,)])


def test_print_of_a_caught_exception(capsys):
    oxjit.njit(printed)(-3)
    compiled = capsys.readouterr().out
    printed(-3)
    assert compiled == capsys.readouterr().out == "caught negative input\n"


def raise_from(d, k):
    try:
        return d[k]
    except KeyError as e:
        raise ValueError("no such key") from e


def raise_from_none(x):
    try:
        return 10 // x
    except ZeroDivisionError:
        raise ValueError("bad x") from None


def test_raise_from_keeps_the_cause():
    f = oxjit.njit(raise_from)
    assert f({1: 2}, 1) == 2
    with pytest.raises(ValueError, match="no such key") as info:
        f({1: 2}, 5)
    assert isinstance(info.value.__cause__, KeyError)
    assert str(info.value.__cause__) == "5"
    with pytest.raises(ValueError, match="bad x"):
        oxjit.njit(raise_from_none)(0)


def unbound_after_handler(x):
    try:
        y = 10 // x
    except ZeroDivisionError:
        pass
    return y


def assigned_in_body_and_handler(x):
    try:
        y = 10 // x
        z = y + 1
    except ZeroDivisionError:
        z = -1
    return z


def test_a_variable_the_body_did_not_assign_is_unbound_after_the_handler():
    check_cases(oxjit.njit(unbound_after_handler), [(2,), (0,)])
    check_cases(oxjit.njit(assigned_in_body_and_handler), [(2,), (0,)])
