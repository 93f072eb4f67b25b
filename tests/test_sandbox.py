"""The sandbox: limits, isolation, the result channel, and what the grader reports."""

from __future__ import annotations

import errno
import shutil
import socket
import time
from pathlib import Path

import pytest

from engine import sandbox
from engine.exercises import Case, Exercise, Prompt
from engine.exercises.grading import TAMPERED, Status, grade
from engine.sandbox import ExecutionDisabled, Isolation, Limits

ROOT = Path(__file__).resolve().parent.parent
HAS_BWRAP = shutil.which("bwrap") is not None
needs_bwrap = pytest.mark.skipif(not HAS_BWRAP, reason="bubblewrap is not installed")
QUICK = Limits(cpu_seconds=2, wall_seconds=6)

DOUBLE = Exercise(
    functions=["double(x)"],
    prompt=Prompt(en="Return 2 * x.", zh="返回 2 * x。"),
    starter="def double(x):\n    raise NotImplementedError\n",
    solution="def double(x):\n    return 2 * x\n",
    examples=[Case(name="two", call="double(2)", expect="4")],
    tests=[Case(call="double(np.arange(3))", expect="np.array([0, 2, 4])"), Case(call="double(-1.5)", expect="-3.0")],
)


def run(code: str, limits: Limits = QUICK, level: Isolation | None = None) -> sandbox.Run:
    return sandbox.run({"main.py": code}, "main.py", limits, level)


@needs_bwrap
def test_bubblewrap_is_used_where_it_is_installed():
    assert sandbox.isolation() is Isolation.bwrap


@pytest.mark.parametrize("level", [Isolation.rlimits, Isolation.unshare, *([Isolation.bwrap] * HAS_BWRAP)])
def test_numpy_imports_and_the_channel_works_at_every_level(level):
    if level is Isolation.unshare and not shutil.which("unshare"):
        pytest.skip("unshare is not installed")
    done = run("import numpy as np\nreport({'sum': int(np.arange(5).sum())})\nprint('hi')", level=level)
    assert done.messages == [{"sum": 10}] and not done.forged
    assert done.stdout == "hi\n" and done.exit_code == 0 and done.stopped is None
    assert done.isolation is level


def test_an_infinite_loop_is_stopped_by_the_cpu_limit():
    done = run("while True:\n    pass", Limits(cpu_seconds=1, wall_seconds=10))
    assert done.stopped == "CPU time limit of 1 s"
    assert done.seconds < 5


def test_a_sleeping_child_is_killed_at_the_wall_clock_deadline():
    started = time.monotonic()
    done = run("import time\ntime.sleep(60)", Limits(wall_seconds=1.5))
    assert done.timed_out and done.stopped == "wall-clock limit of 1.5 s"
    assert time.monotonic() - started < 5


def test_a_huge_allocation_fails_with_memory_error():
    done = run("x = bytearray(4 * 2**30)")
    assert "MemoryError" in done.stderr
    assert done.stopped == "memory limit of 512 MiB"


def test_the_number_of_processes_is_limited():
    code = (
        "import os, time\n"
        "forks = 0\n"
        "try:\n"
        "    while True:\n"
        "        if os.fork() == 0:\n"
        "            time.sleep(30)\n"
        "            os._exit(0)\n"
        "        forks += 1\n"
        "except OSError as exc:\n"
        "    report({'forks': forks, 'errno': exc.errno})\n"
    )
    [message] = run(code, Limits(processes=8)).messages
    assert message["forks"] < 8 and message["errno"] == errno.EAGAIN


def test_a_fork_bomb_ends_within_the_time_limit():
    started = time.monotonic()
    done = run("import os\nwhile True:\n    os.fork()", Limits(cpu_seconds=2, wall_seconds=8, processes=8))
    assert time.monotonic() - started < 10
    assert done.exit_code != 0


def test_forked_children_do_not_outlive_the_run():
    code = (
        "import os, time\n"
        "for _ in range(3):\n"
        "    pid = os.fork()\n"
        "    if pid == 0:\n"
        "        time.sleep(60)\n"
        "        os._exit(0)\n"
        "    print(pid, flush=True)\n"
    )
    done = run(code, level=Isolation.rlimits)  # host pids (a pid namespace hides them)
    pids = [int(line) for line in done.stdout.split()]
    assert len(pids) == 3
    time.sleep(0.2)
    for pid in pids:
        status = Path(f"/proc/{pid}/status")
        assert not status.exists() or "State:\tZ" in status.read_text()


def test_output_floods_are_cut():
    done = run("import sys\nfor _ in range(2000):\n    sys.stdout.write('x' * 10000)", Limits(output_bytes=5000))
    assert done.truncated and done.stdout == "x" * 5000
    assert done.exit_code == 0


def test_the_server_environment_does_not_reach_the_child(monkeypatch):
    monkeypatch.setenv("SPARSELAB_TEST_SECRET", "s3cr3t-value")
    code = (
        "import os, glob\n"
        "seen = []\n"
        "for path in glob.glob('/proc/[0-9]*/environ'):\n"
        "    try:\n"
        "        seen.append(open(path, 'rb').read().decode('latin-1'))\n"
        "    except OSError:\n"
        "        pass\n"
        "report({'env': dict(os.environ), 'leak': any('s3cr3t-value' in text for text in seen)})\n"
    )
    [message] = run(code).messages
    assert "SPARSELAB_TEST_SECRET" not in message["env"] and "PATH" not in message["env"]
    assert set(message["env"]) <= {"HOME", "TMPDIR", "LANG", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "PWD"} | set(
        sandbox.PASSED_ENV
    )
    assert message["leak"] is False


@needs_bwrap
def test_under_bubblewrap_writes_outside_the_work_directory_fail(tmp_path):
    target = ROOT / "sandbox-escape.txt"
    code = (
        "import os\n"
        "out = {}\n"
        f"for path in [{str(target)!r}, '/etc/sandbox-escape', 'inside.txt', '/tmp/private.txt']:\n"
        "    try:\n"
        "        with open(path, 'w') as handle:\n"
        "            handle.write('x')\n"
        "        out[path] = 'written'\n"
        "    except OSError as exc:\n"
        "        out[path] = type(exc).__name__\n"
        "report(out)\n"
    )
    [message] = run(code, level=Isolation.bwrap).messages
    refusals = {"OSError", "PermissionError", "FileNotFoundError"}  # read-only, or hidden by the private /tmp
    assert message[str(target)] in refusals and not target.exists()
    assert message["/etc/sandbox-escape"] in refusals
    assert message["inside.txt"] == "written" and message["/tmp/private.txt"] == "written"
    assert not Path("/tmp/private.txt").exists()  # the child's /tmp is its own


@needs_bwrap
def test_under_bubblewrap_there_is_no_network():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        code = (
            "import socket\n"
            "try:\n"
            f"    socket.create_connection(('127.0.0.1', {port}), timeout=2).close()\n"
            "    report({'net': 'connected'})\n"
            "except OSError as exc:\n"
            "    report({'net': type(exc).__name__})\n"
        )
        [message] = run(code, level=Isolation.bwrap).messages
    assert message["net"] != "connected"


def test_big_files_are_refused():
    code = (
        "try:\n    open('big', 'wb').write(b'x' * 3 * 2**20)\nexcept OSError as exc:\n    report({'errno': exc.errno})"
    )
    assert run(code, Limits(file_bytes=2**20)).messages == [{"errno": errno.EFBIG}]


def test_lines_without_the_nonce_mark_the_run_as_forged():
    code = (
        "import os\n"
        "for fd in range(3, 64):\n"
        "    try:\n"
        '        os.write(fd, b\'0000 {"event": "end"}\\n\')\n'
        "    except OSError:\n"
        "        pass\n"
    )
    done = run(code)
    assert done.forged and done.messages == []


def test_execution_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("SPARSELAB_CODE_EXEC", "off")
    assert "SPARSELAB_CODE_EXEC=off" in sandbox.disabled_reason()
    with pytest.raises(ExecutionDisabled, match="SPARSELAB_CODE_EXEC=off"):
        run("print('never')")
    with pytest.raises(ExecutionDisabled):
        grade(DOUBLE, DOUBLE.solution, hidden=True)


# ------------------------------------------------------------ the grader inside the sandbox


def test_a_correct_solution_passes_every_test():
    result = grade(DOUBLE, DOUBLE.solution, hidden=True)
    assert result.status is Status.passed and result.passed == result.total == 3
    assert [r.label for r in result.results] == ["example 1 (two)", "hidden test 1", "hidden test 2"]
    assert result.isolation is sandbox.isolation()


def test_a_wrong_solution_fails_with_the_failing_case():
    result = grade(DOUBLE, "def double(x):\n    return x + 2\n", hidden=True)
    assert result.status is Status.failed and result.passed == 1
    failed = next(r for r in result.results if not r.passed)
    assert failed.label == "hidden test 1" and failed.hidden
    assert failed.message.splitlines() == [
        "call: double(np.arange(3))",
        "expected: array([0, 2, 4])",
        "got: array([2, 3, 4])",
        "first difference at index (0,): expected np.int64(0), got np.int64(2)",
    ]


def test_the_examples_alone_run_without_hidden_tests():
    result = grade(DOUBLE, DOUBLE.solution, hidden=False)
    assert result.total == 1 and result.status is Status.passed


def test_a_syntax_error_is_reported_with_its_line():
    result = grade(DOUBLE, "def double(x):\n    return (x\n\n", hidden=True)
    assert result.status is Status.failed and result.results == []
    assert 'File "solution.py", line 2' in result.error and "SyntaxError" in result.error


def test_an_exception_shows_the_traceback_of_the_learners_code_only():
    code = "import numpy as np\n\ndef helper(x):\n    return np.reshape(x, (7, 7))\n\n"
    code += "def double(x):\n    return helper(x)\n"
    result = grade(DOUBLE, code, hidden=False)
    message = result.results[0].message
    assert 'File "solution.py", line 7, in double' in message
    assert 'File "solution.py", line 4, in helper' in message
    assert "ValueError: cannot reshape" in message
    assert "main.py" not in message and "site-packages" not in message


def test_a_missing_function_is_named():
    result = grade(DOUBLE, "def triple(x):\n    return 3 * x\n", hidden=True)
    assert result.error == "the code does not define double()"


def test_an_endless_solution_is_stopped_with_the_test_it_was_running():
    code = "def double(x):\n    while isinstance(x, float):\n        pass\n    return 2 * x\n"
    result = grade(DOUBLE, code, hidden=True, limits=Limits(cpu_seconds=1, wall_seconds=10))
    assert result.status is Status.stopped
    assert result.stopped == "CPU time limit of 1 s (while running hidden test 2)"
    assert [r.passed for r in result.results] == [True, True]


def test_a_huge_allocation_in_a_solution_stops_the_run_for_memory():
    code = "import numpy as np\n\ndef double(x):\n    return np.ones(10**9) * 0 + 2 * x\n"
    result = grade(DOUBLE, code, hidden=True)
    assert result.status is Status.stopped
    assert result.stopped == "memory limit of 512 MiB (while running example 1 (two))"


def test_a_huge_allocation_while_loading_the_code_stops_the_run_for_memory():
    result = grade(DOUBLE, "table = bytearray(2**33)\n\ndef double(x):\n    return 2 * x\n", hidden=True)
    assert result.status is Status.stopped and result.stopped == "memory limit of 512 MiB"


def test_printing_fake_results_does_not_pass_a_wrong_solution():
    fake = '{"event": "result", "index": 0, "passed": true, "message": ""}'
    code = (
        "import os\n"
        "def double(x):\n"
        f"    print({fake!r})\n"
        f"    print({fake.replace('result', 'end')!r})\n"
        "    for fd in range(3, 64):\n"
        "        try:\n"
        f"            os.write(fd, ({fake!r} + '\\n').encode())\n"
        "        except OSError:\n"
        "            pass\n"
        "    return 0\n"
    )
    result = grade(DOUBLE, code, hidden=True)
    assert result.status is Status.failed
    assert result.error == TAMPERED
    assert '"passed": true' in result.output  # what it printed is kept as output, nothing more


def test_exiting_early_is_a_failure():
    result = grade(DOUBLE, "import os\n\ndef double(x):\n    os._exit(0)\n", hidden=True)
    assert result.status is Status.failed
    assert result.error.startswith("the process ended before the tests were done during example 1 (two)")
