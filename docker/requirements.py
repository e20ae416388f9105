"""Export the images' pinned, hashed requirements from uv.lock: `python docker/requirements.py`.

The Dockerfile installs from these files so that its dependency layer is keyed on exactly what
one image needs, and builds need no uv. `--check` fails when uv.lock has moved on without them.
"""

# ruff: noqa: S603, S607 - runs uv with fixed arguments, found on PATH like any build tool

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Image name -> the uv export selection of its runtime dependencies.
SELECTIONS: dict[str, tuple[str, ...]] = {
    "app": ("--no-default-groups",),
    "stub": ("--only-group", "stub"),
}


def path_for(image: str) -> Path:
    return ROOT / "docker" / f"requirements-{image}.txt"


def export(image: str) -> str:
    """The requirements text for one image, straight from uv.lock."""
    result = subprocess.run(
        [
            "uv",
            "export",
            "--locked",
            "--no-emit-project",
            "--no-header",
            "--format",
            "requirements-txt",
            *SELECTIONS[image],
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    header = (
        f"# The {image} image's runtime dependencies, exported from uv.lock by\n"
        "# `python docker/requirements.py`: do not edit by hand.\n"
    )
    return header + result.stdout


def stale() -> list[Path]:
    """The requirements files that no longer match uv.lock."""
    return [
        path_for(image)
        for image in SELECTIONS
        if not path_for(image).exists() or path_for(image).read_text() != export(image)
    ]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        outdated = stale()
        for path in outdated:
            print(
                f"{path.relative_to(ROOT)} does not match uv.lock: "
                "run `python docker/requirements.py` and commit it",
                file=sys.stderr,
            )
        return 1 if outdated else 0
    for image in SELECTIONS:
        path_for(image).write_text(export(image))
        print(f"wrote {path_for(image).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
