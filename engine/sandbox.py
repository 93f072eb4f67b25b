"""Running untrusted Python in a separate, limited process; never in the app's own process.

The child is the app's own interpreter (``sys.executable``, so NumPy imports) started with
``-I`` (no ``PYTHON*`` variables, no user site, no script folder on the path), an
environment of a few harmless variables (no ``PATH``, nothing of the server's), no stdin,
a fresh temporary working directory and its own process group, killed at a wall-clock
deadline. Inside the child, before any untrusted code runs, a bootstrap:

- sets ``RLIMIT_CPU``, ``RLIMIT_AS``, ``RLIMIT_NOFILE``, ``RLIMIT_FSIZE``, ``RLIMIT_NPROC``
  and ``RLIMIT_CORE``;
- when started as root, becomes ``nobody`` (root ignores ``RLIMIT_NPROC``), keeping only
  ``CAP_DAC_READ_SEARCH`` so the interpreter can still be read wherever it is installed,
  and sets ``no_new_privs``;
- takes the result channel (a pipe and a random nonce, from a file it deletes) and runs
  the entry script with ``report(message)`` in its globals.

Each line on the channel is ``<nonce> <json>``; anything else marks the run as forged, so
printing fake JSON on stdout, or on the pipe without the nonce, changes nothing.

Isolation, strongest first (:func:`isolation` finds the best that works here):

- ``bwrap``: bubblewrap gives a read-only filesystem, a private ``/tmp``, no network and
  a process tree of its own, which dies with its parent;
- ``unshare``: a network namespace only (no network); the filesystem stays as it is;
- ``rlimits``: the limits and the temporary directory only.

``SPARSELAB_CODE_EXEC=off`` turns all of it off: :func:`run` then raises
:class:`ExecutionDisabled`.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import secrets
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from time import monotonic
from typing import Any

SWITCH = "SPARSELAB_CODE_EXEC"
OFF_VALUES = ("off", "0", "false", "no")
NOBODY = 65534
CHANNEL_BYTES = 4 * 1024 * 1024
GRACE_SECONDS = 1.0
PASSED_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")  # some CPUs need them for a correct OpenBLAS


class Isolation(StrEnum):
    """How strongly the child is kept apart from the machine, strongest first."""

    bwrap = "bwrap"
    unshare = "unshare"
    rlimits = "rlimits"


class ExecutionDisabled(RuntimeError):
    """Running code is turned off here; the message says why."""


@dataclass(frozen=True)
class Limits:
    """What one run may use.

    Attributes:
        cpu_seconds: CPU time (``RLIMIT_CPU``).
        wall_seconds: real time before the whole process group is killed.
        memory_bytes: address space (``RLIMIT_AS``); NumPy alone maps about 140 MiB.
        output_bytes: stdout and stderr kept, each; the rest is read and dropped.
        open_files: file descriptors (``RLIMIT_NOFILE``).
        file_bytes: size of any file written (``RLIMIT_FSIZE``).
        processes: processes and threads of the child's user (``RLIMIT_NPROC``).
    """

    cpu_seconds: int = 5
    wall_seconds: float = 10.0
    memory_bytes: int = 512 * 1024 * 1024
    output_bytes: int = 64 * 1024
    open_files: int = 64
    file_bytes: int = 1024 * 1024
    processes: int = 16

    def rlimits(self) -> dict[str, tuple[int, int]]:
        """The ``resource`` limits the child sets, by name: (soft, hard)."""
        return {
            "RLIMIT_CPU": (self.cpu_seconds, self.cpu_seconds + 1),
            "RLIMIT_AS": (self.memory_bytes, self.memory_bytes),
            "RLIMIT_NOFILE": (self.open_files, self.open_files),
            "RLIMIT_FSIZE": (self.file_bytes, self.file_bytes),
            "RLIMIT_NPROC": (self.processes, self.processes),
            "RLIMIT_CORE": (0, 0),
        }


@dataclass(frozen=True)
class Run:
    """What a run did.

    Attributes:
        isolation: the isolation it ran under.
        limits: its limits.
        exit_code: the child's exit status (negative: killed by that signal).
        messages: the genuine messages of the result channel, in order.
        forged: something on the channel did not carry the nonce (or was not JSON).
        stdout: what it printed, cut at ``limits.output_bytes``.
        stderr: likewise.
        truncated: stdout or stderr was cut.
        timed_out: killed at the wall-clock deadline.
        seconds: wall-clock time of the run.
    """

    isolation: Isolation
    limits: Limits
    exit_code: int
    messages: list[dict[str, Any]] = field(default_factory=list)
    forged: bool = False
    stdout: str = ""
    stderr: str = ""
    truncated: bool = False
    timed_out: bool = False
    seconds: float = 0.0

    @property
    def stopped(self) -> str | None:
        """Which limit stopped the run, in words; ``None`` if the child ended by itself."""
        if self.timed_out:
            return f"wall-clock limit of {self.limits.wall_seconds:g} s"
        signum = -self.exit_code if self.exit_code < 0 else self.exit_code - 128 if self.exit_code > 128 else 0
        if signum in (signal.SIGXCPU, signal.SIGKILL):
            return f"CPU time limit of {self.limits.cpu_seconds} s"
        if self.exit_code != 0 and "MemoryError" in self.stderr:
            return f"memory limit of {self.limits.memory_bytes // 2**20} MiB"
        if signum in signal.valid_signals():
            return f"killed by {signal.Signals(signum).name}"
        return None


def disabled_reason() -> str | None:
    """Why running code is off here (``SPARSELAB_CODE_EXEC=off``, or no POSIX), else ``None``."""
    if os.environ.get(SWITCH, "").strip().lower() in OFF_VALUES:
        return f"running code is turned off on this server ({SWITCH}=off)"
    if os.name != "posix":
        return "running code needs Linux or macOS (POSIX resource limits)"
    return None


@functools.cache
def isolation() -> Isolation:
    """The strongest isolation that works on this machine (probed once per process)."""
    for level in (Isolation.bwrap, Isolation.unshare):
        with tempfile.TemporaryDirectory(prefix="sparselab-probe-") as work:
            command = _prefix(level, work)
            if not command:
                continue
            try:
                done = subprocess.run(
                    [*command, sys.executable, "-I", "-c", "pass"],
                    cwd=work,
                    env=_environment(work),
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    timeout=20,
                )
            except (OSError, subprocess.TimeoutExpired):
                continue
            if done.returncode == 0:
                return level
    return Isolation.rlimits


def run(files: Mapping[str, str], entry: str, limits: Limits | None = None, level: Isolation | None = None) -> Run:
    """Write ``files`` into a fresh directory and run ``entry`` (one of them) in a child.

    Raises:
        ExecutionDisabled: running code is off here.
    """
    if reason := disabled_reason():
        raise ExecutionDisabled(reason)
    limits, level = limits or Limits(), level or isolation()
    with tempfile.TemporaryDirectory(prefix="sparselab-run-") as work:
        for name, text in files.items():
            with open(os.path.join(work, name), "w", encoding="utf-8") as handle:
                handle.write(text)
        nonce = secrets.token_hex(16)
        read_end, write_end = os.pipe()
        with open(os.path.join(work, ".channel"), "w", encoding="ascii") as handle:
            handle.write(f"{write_end} {nonce}")
        drop_to = NOBODY if os.geteuid() == 0 else None
        spec = json.dumps({"limits": limits.rlimits(), "drop_to": drop_to, "entry": entry})
        started = monotonic()
        try:
            child = subprocess.Popen(
                [*_prefix(level, work), sys.executable, "-I", "-c", _BOOT, spec],
                cwd=work,
                env=_environment(work),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=(write_end,),
                start_new_session=True,
            )
        except BaseException:
            os.close(read_end)
            raise
        finally:
            os.close(write_end)
        with os.fdopen(read_end, "rb", buffering=0) as channel:
            out, err, raw, truncated, timed_out = _collect(child, channel.fileno(), limits, started)
        messages, forged = _parse_channel(raw, nonce)
        return Run(
            isolation=level,
            limits=limits,
            exit_code=child.returncode,
            messages=messages,
            forged=forged,
            stdout=out.decode("utf-8", "replace"),
            stderr=err.decode("utf-8", "replace"),
            truncated=truncated,
            timed_out=timed_out,
            seconds=monotonic() - started,
        )


def _prefix(level: Isolation, work: str) -> list[str] | None:
    """The command that wraps the interpreter at ``level``; ``None`` if its tool is missing."""
    if level is Isolation.bwrap:
        bwrap = shutil.which("bwrap")
        return bwrap and [
            bwrap,
            *("--ro-bind", "/", "/", "--perms", "1777", "--tmpfs", "/tmp"),
            *(arg for path in _interpreter_under_tmp() for arg in ("--ro-bind", path, path)),
            *("--bind", work, work),
            *("--dev", "/dev", "--proc", "/proc"),
            *("--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts"),
            *("--die-with-parent", "--new-session", "--chdir", work, "--"),
        ]
    if level is Isolation.unshare:
        unshare = shutil.which("unshare")
        return unshare and [unshare, "-n" if os.geteuid() == 0 else "-rn", "--"]
    return []


def _interpreter_under_tmp() -> list[str]:
    """The interpreter's folders (its virtual environment and base install) that lie under /tmp,
    which the child's private /tmp would hide; they are shown to it read-only."""
    found = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.realpath(sys.executable))}
    found |= {os.path.realpath(path) for path in found}
    return sorted(path for path in found if os.path.realpath(path).startswith("/tmp/"))


def _environment(work: str) -> dict[str, str]:
    """The child's whole environment: one thread for BLAS, a home in the work directory."""
    env = {"HOME": work, "TMPDIR": work, "LANG": "C.UTF-8", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    env.update({name: os.environ[name] for name in PASSED_ENV if name in os.environ})
    return env


def _collect(
    child: subprocess.Popen, channel: int, limits: Limits, started: float
) -> tuple[bytes, bytes, bytes, bool, bool]:
    """Read stdout, stderr and the channel until they close, the deadline passes, or the child
    has ended and a grace second is over; then kill its process group."""
    assert child.stdout is not None and child.stderr is not None
    out, err = child.stdout.fileno(), child.stderr.fileno()
    caps = {out: limits.output_bytes, err: limits.output_bytes, channel: CHANNEL_BYTES}
    data = {fd: bytearray() for fd in caps}
    truncated = timed_out = False
    deadline, ended = started + limits.wall_seconds, None
    with selectors.DefaultSelector() as selector:
        for fd in caps:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            now = monotonic()
            if now >= deadline:
                timed_out = True
                break
            if ended is None and child.poll() is not None:
                ended = now
            if ended is not None and now - ended > GRACE_SECONDS:
                break
            for key, _ in selector.select(timeout=min(deadline - now, 0.2)):
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    selector.unregister(key.fd)
                    continue
                room = caps[key.fd] - len(data[key.fd])
                data[key.fd] += chunk[: max(room, 0)]
                truncated |= len(chunk) > room and key.fd != channel
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    child.stdout.close()
    child.stderr.close()
    return bytes(data[out]), bytes(data[err]), bytes(data[channel]), truncated, timed_out


def _parse_channel(raw: bytes, nonce: str) -> tuple[list[dict[str, Any]], bool]:
    """The channel's messages, and whether any line was not a genuine one."""
    messages, forged = [], False
    prefix = nonce.encode() + b" "
    for line in raw.splitlines():
        if not line.startswith(prefix):
            forged = True
            continue
        try:
            message = json.loads(line[len(prefix) :])
        except ValueError:
            forged = True
            continue
        if isinstance(message, dict):
            messages.append(message)
        else:
            forged = True
    return messages, forged


# Runs first in the child, from ``-c``: limits, privileges, the channel, then the entry script.
_BOOT = r"""
import json, os, resource, runpy, signal, sys


def _drop_root(uid):
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]

    os.chown(".", uid, uid)
    if libc.prctl(8, 1, 0, 0, 0):  # PR_SET_KEEPCAPS
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_KEEPCAPS) failed")
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    caps = (Data * 2)()
    caps[0].effective = caps[0].permitted = 1 << 2  # CAP_DAC_READ_SEARCH only
    if libc.capset(ctypes.byref(Header(0x20080522, 0)), caps):
        raise OSError(ctypes.get_errno(), "capset failed")
    if libc.prctl(38, 1, 0, 0, 0):  # PR_SET_NO_NEW_PRIVS
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")


def _boot():
    spec = json.loads(sys.argv[1])
    with open(".channel", encoding="ascii") as handle:
        fd, nonce = handle.read().split()
    os.unlink(".channel")
    fd = int(fd)
    for name, (soft, hard) in spec["limits"].items():
        resource.setrlimit(getattr(resource, name), (soft, hard))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails with EFBIG instead
    if spec["drop_to"] is not None:
        _drop_root(spec["drop_to"])

    def report(message):
        data = (nonce + " " + json.dumps(message) + "\n").encode()
        while data:
            data = data[os.write(fd, data):]

    sys.argv = [spec["entry"]]
    runpy.run_path(spec["entry"], init_globals={"report": report}, run_name="__main__")


_boot()
"""
