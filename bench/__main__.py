"""``python -m bench``: every benchmark, its figures, and the targets they meet or miss.

Options: ``--quick`` (a fast smoke run: fewer samples, smaller sizes where a size is not the
point), ``--only replies,ingest,broadcast,startup,poll,chats,faults,years`` (any subset, in that
order; ``years`` only when named, with ``--years-sizes 10000,30000`` and
``--years-emulator tg-mock``), ``--out FILE``
(the JSON, default ``bench/out/latest.json``), ``--workdir DIR`` (scratch space, default a
temporary folder, removed afterwards), ``--timeout S`` (per benchmark, default 900).

Each benchmark runs in a fresh interpreter of its own (``--child``), so that none inherits
another's heap, caches or threads; the parent prints what they print and gathers their figures.
The exit status is 0 when every target holds, 1 when one is missed, 2 when a benchmark failed.
A ``--quick`` run judges the same targets: on a 2-core machine the paid broadcast (1000/s)
misses its 95% (the HTTP client's ceiling is about 74%), so a run with ``broadcast`` exits 1.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import (
    OUT,
    PYTHON,
    ROOT,
    Check,
    Section,
    checks_table,
    machine_info,
    say,
    table,
)

BENCHMARKS = ("replies", "ingest", "broadcast", "startup", "poll", "chats", "faults", "years")
# "years" builds knowledge bases of up to 100,000 events (cached under /tmp, minutes the first
# time) and measures two layouts of each: run it on its own, ``--only years``.
DEFAULT = tuple(b for b in BENCHMARKS if b != "years")


def _runner(name: str) -> Callable[[bool, Path], Section]:
    """The benchmark's ``run`` (imported on demand: each pulls in what it measures)."""
    module = importlib.import_module(f"bench.{name}")
    run: Callable[[bool, Path], Section] = module.run
    return run


def _child(name: str, quick: bool, workdir: Path, result: Path) -> int:
    """Run one benchmark in this process and write its section as JSON."""
    logging.basicConfig(level=logging.WARNING)
    section = _runner(name)(quick, workdir)
    result.write_text(json.dumps({"name": section.name, **section.as_dict()},
                                 ensure_ascii=False, default=str))
    return 0


def _cpu_seconds() -> tuple[float, float]:
    """(CPU seconds the whole machine has been busy, CPU seconds of this process and its
    finished children): the difference over a benchmark is what other processes used."""
    busy = float("nan")
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        user, nice, system, _idle, _iowait, irq, softirq = (int(f) for f in fields[:7])
        busy = (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        pass
    ours = sum(getattr(resource.getrusage(who), field)
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for field in ("ru_utime", "ru_stime"))
    return busy, ours


def _run_child(name: str, quick: bool, workdir: Path, timeout: float) -> Section:
    result = workdir / f"{name}.result.json"
    command = [PYTHON, "-m", "bench", "--child", name, "--workdir", str(workdir),
               "--result", str(result)] + (["--quick"] if quick else [])
    started = time.perf_counter()
    try:
        completed = subprocess.run(command, cwd=ROOT, timeout=timeout, check=False)
        failed = completed.returncode != 0 or not result.exists()
        reason = f"exit status {completed.returncode}"
    except subprocess.TimeoutExpired:
        failed, reason = True, f"no result within {timeout:.0f} s"
    if failed:
        section = Section(name, seconds=time.perf_counter() - started)
        section.check("benchmark ran", "completes", f"FAILED ({reason})", False)
        return section
    data: dict[str, Any] = json.loads(result.read_text())
    return Section(name, data["figures"],
                   [Check(c["name"], c["target"], c["measured"], c["ok"])
                    for c in data["checks"]], data["seconds"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a fast smoke run")
    parser.add_argument("--only", default=",".join(DEFAULT),
                        help=f"comma-separated subset of {', '.join(BENCHMARKS)} (default: "
                             "all but years)")
    parser.add_argument("--years-sizes", default=None,
                        help="years: the knowledge sizes, e.g. 10000,30000 (default "
                             "10000,30000,100000; --quick 2000)")
    parser.add_argument("--years-emulator", choices=("fake", "tg-mock"), default=None,
                        help="years: the live bot's Bot API: the project's fake (default) or "
                             "tg-mock, a third-party emulator (its binary: BENCH_TG_MOCK)")
    parser.add_argument("--out", type=Path, default=OUT / "latest.json",
                        help="where to write the figures as JSON")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="scratch folder (default: a temporary one, removed after)")
    parser.add_argument("--timeout", type=float, default=900.0,
                        help="seconds each benchmark may take (default 900)")
    parser.add_argument("--child", choices=BENCHMARKS, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.years_sizes:
        os.environ["BENCH_YEARS_SIZES"] = args.years_sizes  # read by the child (bench.years)
    if args.years_emulator:
        os.environ["BENCH_YEARS_EMULATOR"] = args.years_emulator  # read by the child too
    if args.child:
        assert args.workdir is not None and args.result is not None
        return _child(args.child, args.quick, args.workdir, args.result)

    chosen = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in chosen if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; choose from "
                     f"{', '.join(BENCHMARKS)}")
    chosen = [n for n in BENCHMARKS if n in chosen]
    info = machine_info()
    say("Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()))
    say(f"Run: {'quick' if args.quick else 'full'}; benchmarks: {', '.join(chosen)}; "
        f"command: {' '.join([Path(PYTHON).name, '-m', 'bench', *(argv or sys.argv[1:])])}")
    say()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    sections: list[Section] = []
    others: list[tuple[float, float]] = []  # (our CPU s, other processes' CPU s)
    try:
        for name in chosen:
            busy0, ours0 = _cpu_seconds()
            sections.append(_run_child(name, args.quick, workdir, args.timeout))
            busy1, ours1 = _cpu_seconds()
            others.append((ours1 - ours0, max(0.0, (busy1 - busy0) - (ours1 - ours0))))
            sections[-1].figures["cpu_seconds"] = {"benchmark": others[-1][0],
                                                   "other_processes": others[-1][1]}
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    total = time.perf_counter() - started
    say(table("Time per benchmark, and the CPU it and other processes on the machine used",
              ("benchmark", "seconds", "CPU s", "others' CPU s", "others, % of a core"),
              [(s.name, s.seconds, ours, other, 100 * other / s.seconds if s.seconds else 0.0)
               for s, (ours, other) in zip(sections, others, strict=True)]
              + [("total", total, sum(o for o, _ in others), sum(x for _, x in others),
                  100 * sum(x for _, x in others) / total)]))
    busiest = max((100 * x / s.seconds for s, (_, x) in zip(sections, others, strict=True)
                   if s.seconds), default=0.0)
    if busiest > 10:
        say(f"  NOTE: other processes used up to {busiest:.0f}% of a core during a benchmark "
            f"({os.cpu_count()} cores): the CPU-bound figures (ingest, the paid broadcast) "
            "are lower than on an idle machine.")
    say()
    say(checks_table(sections))
    result = {
        "machine": info,
        "quick": args.quick,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds": round(total, 1),
        "benchmarks": {s.name: s.as_dict() for s in sections},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
    say(f"\nFigures written to {args.out}")
    if any(c.measured.startswith("FAILED") for s in sections for c in s.checks):
        return 2
    return 0 if all(c.ok for s in sections for c in s.checks) else 1


if __name__ == "__main__":
    sys.exit(main())
