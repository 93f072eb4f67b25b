"""Benchmark: dense matvec against gathers of the active weights, at densities from 1% to 100%.

Run from the repository root:

    .venv/bin/python bench/speed_matvec.py                 # defaults: 8192 x 4096, 11 repeats
    .venv/bin/python bench/speed_matvec.py --fancy         # also time NumPy fancy indexing
    .venv/bin/python bench/speed_matvec.py --d-in 8192 --d-out 8192 --repeats 21

It uses the speed demo's engine (engine/demos/speed.py), so it measures exactly what the page
measures: float32, a fresh random active set for every call, the last-level cache flushed
before every timed call, medians over the repeats. It prints one table of medians and ratios.
Timings depend on the machine and on whatever else runs on it; nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.demos import speed


def fancy_columns(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``W[:, nz] @ x[nz]`` written with fancy indexing, as in the textbook formula."""
    nz = np.flatnonzero(x)
    return w[:, nz] @ x[nz]


def fancy_rows(w_t: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``W_T[nz].T @ x[nz]`` written with fancy indexing."""
    nz = np.flatnonzero(x)
    return w_t[nz].T @ x[nz]


def median_time(
    fn: Callable[[np.ndarray, np.ndarray], np.ndarray],
    matrix: np.ndarray,
    ws: speed.Workspace,
    k: int,
    repeats: int,
    rng: np.random.Generator,
) -> float:
    """Median seconds per call, with the same protocol as the engine (fresh x, flushed cache)."""
    d_in = ws.w.shape[1]
    fn(matrix, speed.sparse_input(rng, d_in, k))  # warm-up
    times = []
    for _ in range(repeats):
        x = speed.sparse_input(rng, d_in, k)
        ws.flush.sum()
        start = time.perf_counter()
        fn(matrix, x)
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--d-in", type=int, default=8192, help="inputs (activations): 256, 512, ..., 8192")
    parser.add_argument("--d-out", type=int, default=4096, help="outputs: 256, 512, ..., 8192")
    parser.add_argument("--repeats", type=int, default=11, help="timed calls per density and method (3..50)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fancy", action="store_true", help="also time W[:, nz] and W_T[nz] (fancy indexing)")
    args = parser.parse_args(argv)
    values = speed.check({"d_in": args.d_in, "d_out": args.d_out, "repeats": args.repeats, "seed": args.seed})
    d_in, d_out, repeats = values["d_in"], values["d_out"], values["repeats"]

    cache = speed.cache_info()
    nbytes = speed.weight_bytes(d_in, d_out)
    print(f"W: {d_out} x {d_in} float32 = {speed.mib(nbytes)}", end="")
    if cache.llc_bytes is None:
        print("; last-level cache size unknown")
    else:
        print(f"; L{cache.level} = {speed.mib(cache.llc_bytes)}, so W is {nbytes / cache.llc_bytes:.2f}x the LLC")
    print(f"flush buffer {speed.mib(speed.flush_bytes(cache))}; median of {repeats} calls; NumPy {np.__version__}")

    start = time.perf_counter()
    ws = speed.workspace(d_in, d_out, values["seed"], cache)
    samples = []
    fancy = []
    for i, density in enumerate(speed.DENSITIES):
        samples.append(speed.measure_density(ws, i, repeats, values["seed"]))
        if args.fancy:
            rng = np.random.default_rng([values["seed"], 2, i])
            k = samples[-1].active
            fancy.append(
                (
                    median_time(fancy_columns, ws.w, ws, k, repeats, rng),
                    median_time(fancy_rows, ws.w_t, ws, k, repeats, rng),
                )
            )
        print(f"  measured {speed.percent(density)}", file=sys.stderr)
    s = speed.summarize(tuple(samples), d_in, d_out)

    head = ["density", "k", "dense ms", "W cols ms", "W_T rows ms"]
    if args.fancy:
        head += ["W[:,nz] ms", "W_T[nz] ms"]
    head += ["x cols", "x rows", "x ideal"]
    rows = []
    for i in range(len(samples)):
        row = [speed.percent(s.density[i]), f"{s.active[i]}"]
        row += [f"{1e3 * t:.3f}" for t in (s.dense[i], s.columns[i], s.rows[i])]
        if args.fancy:
            row += [f"{1e3 * t:.3f}" for t in fancy[i]]
        row += [f"{r:.2f}" for r in (s.speedup_columns[i], s.speedup_rows[i], s.ideal[i])]
        rows.append(row)
    widths = [max(len(h), *(len(r[j]) for r in rows)) for j, h in enumerate(head)]
    print()
    print("  ".join(h.rjust(w) for h, w in zip(head, widths, strict=True)))
    for row in rows:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))
    print()
    for name, even in (("W_T rows", s.break_even_rows), ("W cols", s.break_even_columns)):
        where = {
            "crossed": speed.percent(even.density) if even.density is not None else "",
            "always": f"none: faster at every density up to {speed.percent(s.density[-1])}",
            "never": f"none: slower already at {speed.percent(s.density[0])}",
        }[even.kind]
        print(f"break-even {name}: {where} (speed-up crosses 1 {even.crossings} time(s))")
    print(f"dense: median {1e3 * s.dense_all:.3f} ms = {s.bandwidth / 1e9:.1f} GB/s of weights")
    print(f"W_T rows faster than W cols at {s.rows_faster} of {len(samples)} densities")
    print(f"total {time.perf_counter() - start:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
