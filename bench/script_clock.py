"""Where bench/timed_script.py keeps its timings: in this process, per entry script."""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from pathlib import Path
from types import CodeType

TARGET_KEY = "_bench_target"
_samples: defaultdict[str, list[float]] = defaultdict(list)


@cache
def compiled(path: str) -> CodeType:
    """Compiled once, as Streamlit caches the main script's code between reruns."""
    return compile(Path(path).read_text(), path, "exec")


def record(path: str, seconds: float) -> None:
    _samples[path].append(seconds)


def take(path: str) -> list[float]:
    samples, _samples[path] = _samples[path], []
    return samples
