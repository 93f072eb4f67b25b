"""The grader that runs inside the sandbox: it loads the learner's code, runs each test and
reports every result on the sandbox's channel.

This file is the sandbox's entry script (``engine.sandbox`` gives it ``report``); the app
never imports it, and it imports nothing of the app. It reads ``exercise.json`` (then
deletes it): ``code``, ``functions`` (names), ``setup`` and ``cases``. Messages:

- ``{"event": "fatal", "kind": "syntax" | "error" | "missing" | "setup", "message": ...}``;
- ``{"event": "start", "index": i}`` before a test, then
  ``{"event": "result", "index": i, "passed": ..., "message": ..., "seconds": ...}``;
- ``{"event": "memory", "index": i, "message": ...}`` when a test (or, with index ``None``,
  loading the code) runs out of memory;
- ``{"event": "end"}`` after the last test.
"""

import json
import linecache
import os
import time
import traceback

import numpy as np

SOURCE = "solution.py"
REPR_CHARS = 600
# Bound before the learner's code runs, so patching NumPy from it changes nothing here.
asarray, array_equal, isclose, argwhere, printoptions = (
    np.asarray,
    np.array_equal,
    np.isclose,
    np.argwhere,
    np.printoptions,
)


def main(report):
    with open("exercise.json", encoding="utf-8") as handle:
        task = json.load(handle)
    os.unlink("exercise.json")
    code = task["code"]
    linecache.cache[SOURCE] = (len(code), None, code.splitlines(True), SOURCE)
    try:
        compiled = compile(code, SOURCE, "exec")
    except (SyntaxError, ValueError) as exc:
        report({"event": "fatal", "kind": "syntax", "message": "".join(traceback.format_exception_only(exc)).strip()})
        return
    module = {"__name__": "solution", "__file__": SOURCE}
    try:
        exec(compiled, module)
    except MemoryError as exc:
        report({"event": "memory", "index": None, "message": user_traceback(exc)})
        return
    except BaseException as exc:
        report({"event": "fatal", "kind": "error", "message": user_traceback(exc)})
        return
    missing = [name for name in task["functions"] if not callable(module.get(name))]
    if missing:
        names = ", ".join(f"{name}()" for name in missing)
        report({"event": "fatal", "kind": "missing", "message": f"the code does not define {names}"})
        return
    scope = {"np": np, **{name: module[name] for name in task["functions"]}}
    try:
        exec(task["setup"] or "", scope)
    except BaseException:
        report({"event": "fatal", "kind": "setup", "message": traceback.format_exc(limit=-1)})
        return
    for index, case in enumerate(task["cases"]):
        report({"event": "start", "index": index})
        started = time.perf_counter()
        try:
            passed, message = run_case(case, dict(scope))
        except MemoryError as exc:
            report({"event": "memory", "index": index, "message": user_traceback(exc)})
            return
        seconds = time.perf_counter() - started
        report({"event": "result", "index": index, "passed": passed, "message": message, "seconds": seconds})
    report({"event": "end"})


def run_case(case, env):
    """Run one test in ``env``; return (passed, message), the message saying what failed."""
    tol = case["tolerance"]
    try:
        expected = eval(case["expect"], env) if case["expect"] else None
    except Exception as exc:
        return False, f"the test's expected value failed: {type(exc).__name__}: {exc}"
    try:
        out = eval(case["call"], env)
    except MemoryError:
        raise
    except BaseException as exc:
        if case["raises"] and any(cls.__name__ == case["raises"] for cls in type(exc).__mro__):
            return True, ""
        wanted = f"expected: {case['raises']} raised\n" if case["raises"] else ""
        return False, f"call: {case['call']}\n{wanted}got: an exception\n{user_traceback(exc)}"
    if case["raises"]:
        return False, f"call: {case['call']}\nexpected: {case['raises']} raised\ngot: {show(out)}"
    if case["expect"]:
        why = difference(out, expected, tol)
        if why is None:
            return True, ""
        return False, f"call: {case['call']}\nexpected: {show(expected)}\ngot: {show(out)}\n{why}"
    env.update(out=out, tol=tol)
    try:
        if bool(eval(case["check"], env)):
            return True, ""
        why = "it is false"
    except Exception as exc:
        why = f"it raised {type(exc).__name__}: {exc}"
    return False, f"call: {case['call']}\ncheck: {case['check']}\ngot: {show(out)}\nthe check failed: {why}"


def difference(out, expected, tol):
    """Why ``out`` does not match ``expected``, or None if it does."""
    if isinstance(expected, tuple):
        if not isinstance(out, (tuple, list)):
            return f"expected a tuple of {len(expected)} values, got {type(out).__name__}"
        if len(out) != len(expected):
            return f"expected {len(expected)} values, got {len(out)}"
        for i, (got, want) in enumerate(zip(out, expected, strict=True)):
            why = difference(got, want, tol)
            if why is not None:
                return f"value {i}: {why}"
        return None
    if not isinstance(expected, (np.ndarray, np.generic, int, float, bool, list)):
        return None if type(out) is type(expected) and out == expected else "not equal"
    want = asarray(expected)
    try:
        got = asarray(out)
    except Exception:
        return f"expected numbers, got {type(out).__name__}"
    if got.dtype.kind not in "biuf":
        return f"expected numbers, got {type(out).__name__} of {got.dtype}"
    if got.shape != want.shape:
        return f"shape {got.shape}, expected {want.shape}"
    if tol == 0 and array_equal(got, want, equal_nan=want.dtype.kind == "f" and got.dtype.kind == "f"):
        return None
    close = isclose(got, want, rtol=0, atol=tol, equal_nan=True)
    if close.all():
        return None
    where = tuple(int(i) for i in argwhere(~close)[0])
    off = f" at index {where}" if where else ""
    limit = f" (tolerance {tol:g})" if tol else ""
    return f"first difference{off}: expected {want[where]!r}, got {got[where]!r}{limit}"


def show(value):
    try:
        with printoptions(threshold=40, edgeitems=3, precision=6):
            text = repr(value)
    except Exception:
        text = f"<{type(value).__name__} whose repr() fails>"
    return text if len(text) <= REPR_CHARS else text[: REPR_CHARS - 3] + "..."


def user_traceback(exc):
    """The exception with the frames of the learner's code only."""
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if frame.filename == SOURCE]
    head = ["Traceback (most recent call last):\n", *traceback.format_list(frames)] if frames else []
    return "".join(head + traceback.format_exception_only(type(exc), exc)).strip()


if __name__ == "__main__":
    main(globals().pop("report"))
