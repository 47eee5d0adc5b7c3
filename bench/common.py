"""What every benchmark shares: percentiles, tables, machine info, the JSON result."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable

Row = Sequence[object]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation, as numpy's default."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100.0
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary_ms(samples: Sequence[float]) -> dict[str, float]:
    """p50 / p99 / max / mean in milliseconds of samples in seconds."""
    if not samples:
        return {"n": 0, "p50_ms": float("nan"), "p99_ms": float("nan"),
                "max_ms": float("nan"), "mean_ms": float("nan")}
    return {
        "n": len(samples),
        "p50_ms": percentile(samples, 50) * 1000,
        "p99_ms": percentile(samples, 99) * 1000,
        "max_ms": max(samples) * 1000,
        "mean_ms": sum(samples) / len(samples) * 1000,
    }


def fmt(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        if value != value:  # NaN
            return "-"
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        if abs(value) >= 100:
            return f"{value:.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        if abs(value) >= 0.1:
            return f"{value:.2f}"
        return f"{value:.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(title: str, header: Row, rows: Sequence[Row]) -> str:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    cells = [[fmt(c) for c in header]] + [[fmt(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i])
                         for i, c in enumerate(row))

    rule = "-" * len(line(cells[0]))
    out = [title, rule, line(cells[0]), rule] + [line(r) for r in cells[1:]] + [rule]
    return "\n".join(out)


def say(text: str = "") -> None:
    print(text, flush=True)


def note(text: str) -> None:
    """Progress on stderr, so that stdout holds only the figures."""
    print(f"  .. {text}", file=sys.stderr, flush=True)


class Timer:
    def __init__(self) -> None:
        self.start = time.perf_counter()

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.start


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _package(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def _memory_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return float("nan")


def _git_commit() -> str:
    try:
        result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True, timeout=5)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=ROOT, capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return "?"
    commit = result.stdout.strip() or "?"
    return commit + ("+changes" if dirty.stdout.strip() else "")


def machine_info() -> dict[str, Any]:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count() or 0,
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0,
        "memory_gb": round(_memory_gb(), 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "python-telegram-bot": _package("python-telegram-bot"),
        "tinydb": _package("tinydb"),
        "rapidfuzz": _package("rapidfuzz"),
        "httpx": _package("httpx"),
        "aiohttp": _package("aiohttp"),
        "commit": _git_commit(),
    }


@dataclass
class Check:
    """One target: what it asks, what was measured, and whether it holds."""

    name: str
    target: str
    measured: str
    ok: bool

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "target": self.target, "measured": self.measured,
                "ok": self.ok}


@dataclass
class Section:
    """One benchmark's figures (for the JSON file) and its target checks."""

    name: str
    figures: dict[str, Any] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    seconds: float = 0.0

    def check(self, name: str, target: str, measured: str, ok: bool) -> None:
        self.checks.append(Check(name, target, measured, ok))

    def as_dict(self) -> dict[str, Any]:
        return {"figures": self.figures, "checks": [c.as_dict() for c in self.checks],
                "seconds": round(self.seconds, 1)}


def checks_table(sections: Sequence[Section]) -> str:
    rows = [(f"{s.name}: {c.name}", c.target, c.measured, "PASS" if c.ok else "MISS")
            for s in sections for c in s.checks]
    return table("Targets", ("target", "wanted", "measured", ""), rows)


def knowledge_documents(db: Path) -> dict[str, list[dict[str, Any]]]:
    """The events, officials and bills of a database as documents, whatever its layout (the
    baselines insert them into a plain TinyDB file)."""
    from store.tiny import TinyStore

    store = TinyStore(db)
    try:
        return {"events": [e.to_dict() for e in store.all_events()],
                "officials": [o.to_dict() for o in store.all_officials()],
                "bills": [b.to_dict() for b in store.all_bills()]}
    finally:
        store.close()


def knowledge_mb(db: Path) -> float:
    """Megabytes of the knowledge on disk: the manifest (or old single file) and its parts."""
    parts = db.with_name(db.stem + ".knowledge")
    files = [db, *(parts.iterdir() if parts.is_dir() else ())]
    return float(sum(p.stat().st_size for p in files if p.is_file())) / 1e6
