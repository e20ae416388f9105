"""Results: a printed table, a JSON file and one chart per benchmark, under bench/results/."""

from __future__ import annotations

import json
import os
import platform
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# The ignores cover a type-check environment without the bench group (matplotlib is typed).
import matplotlib  # type: ignore[import-not-found,unused-ignore]

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # type: ignore[import-not-found,unused-ignore]

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Row:
    """One measured quantity, its baseline (if any), and whether it meets its target."""

    name: str
    value: float
    unit: str
    baseline: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: with few samples, p95 is the worst but one, never invented."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    if value != value:  # NaN
        return "n/a"
    text = f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return f"{text} {unit}".strip()


def table(title: str, rows: Sequence[Row]) -> str:
    header = ("measure", "value", "baseline", "ratio", "target", "met", "note")
    lines = [
        (
            row.name,
            _fmt(row.value, row.unit),
            _fmt(row.baseline, row.unit),
            _fmt(row.ratio, "x") if row.ratio is not None else "-",
            row.target or "-",
            {True: "yes", False: "NO", None: "-"}[row.met],
            row.note,
        )
        for row in rows
    ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *lines, strict=True)]
    out = [title, "=" * len(title)]
    for cells in (header, tuple("-" * width for width in widths), *lines):
        out.append(
            "  ".join(str(cell).ljust(width) for cell, width in zip(cells, widths, strict=True))
        )
    return "\n".join(line.rstrip() for line in out)


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "when_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def save(name: str, title: str, rows: Sequence[Row], samples: dict[str, Any]) -> Path:
    """Print the table and write `<name>.json`; return the JSON's path."""
    print(table(title, rows), flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    document = {
        "benchmark": name,
        "title": title,
        "machine": machine(),
        "rows": [{**asdict(row), "ratio": row.ratio} for row in rows],
        "samples": samples,
    }
    path.write_text(json.dumps(document, indent=1, default=_rounded) + "\n")
    return path


def _rounded(value: object) -> object:
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def chart_path(name: str) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    return RESULTS / f"{name}.png"


def new_figure(width: float = 7.0, height: float = 3.6, columns: int = 1) -> tuple[Any, Any]:
    figure, axes = plt.subplots(1, columns, figsize=(width, height), dpi=80)
    return figure, axes


def finish(figure: Any, name: str) -> Path:
    path = chart_path(name)
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    plt.close(figure)
    return path


def round_samples(values: Sequence[float], digits: int = 4) -> list[float]:
    return [round(value, digits) for value in values]
