"""Build the app and stub images: `python docker/build.py` (needs a running engine).

The normal path uses the official `python:3.11-slim` base and pip from the index. Where no
image can be pulled (the pull fails at once), or with DOCKER_BASE=offline, it builds a Debian
bookworm base with debootstrap once (kept in the engine as OFFLINE_BASE) and downloads the
locked wheels on the host into docker/wheels/, since pip inside the build cannot verify TLS
there. Both paths install the same hash-pinned files, docker/requirements-*.txt.
"""

# ruff: noqa: S603, S607 - runs docker, debootstrap and pip with fixed arguments

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import engine
import requirements
from packaging.markers import Marker

ROOT = Path(__file__).resolve().parent.parent
OFFICIAL_BASE = "python:3.11-slim"
OFFLINE_BASE = "streamlit-jwt-auth/base:bookworm"
IMAGES = {"stub": "streamlit-jwt-auth/stub:latest", "app": "streamlit-jwt-auth/app:latest"}
WHEELS = ROOT / "docker" / "wheels"
# Debian bookworm, which the offline base is, ships CPython 3.11 on glibc 2.36; pip does not
# widen a perennial manylinux tag to the older ones it implies, so they are all listed.
# The offline base image's interpreter (Debian bookworm), for judging requirement markers.
IMAGE_PYTHON = {"python_full_version": "3.11.2", "python_version": "3.11"}
_WHEEL_TARGET = (
    "--python-version=3.11",
    "--implementation=cp",
    "--abi=cp311",
    *(f"--platform=manylinux_2_{minor}_x86_64" for minor in range(36, 4, -1)),
    *(f"--platform={tag}_x86_64" for tag in ("manylinux2014", "manylinux2010", "manylinux1")),
)


def _has_image(name: str) -> bool:
    return engine.succeeds("image", "inspect", name)


def choose_base() -> str:
    """The official base when it is here or can be pulled, else the offline one."""
    wanted = os.environ.get("DOCKER_BASE", "auto")
    if wanted not in {"auto", "official", "offline"}:
        raise engine.EngineError(f"DOCKER_BASE={wanted}: use auto, official or offline")
    if wanted != "offline":
        if _has_image(OFFICIAL_BASE):
            return OFFICIAL_BASE
        if engine.succeeds("pull", "--quiet", OFFICIAL_BASE, timeout=600):
            return OFFICIAL_BASE
        if wanted == "official":
            raise engine.EngineError(f"cannot pull {OFFICIAL_BASE}")
        print(f"docker: {OFFICIAL_BASE} cannot be pulled: using the offline base", flush=True)
    ensure_offline_base()
    return OFFLINE_BASE


def ensure_offline_base() -> None:
    """Debootstrap a minimal bookworm with python3 and import it, unless the engine has it."""
    if _has_image(OFFLINE_BASE):
        return
    if shutil.which("debootstrap") is None:
        engine.apt_install("debootstrap")
    started = time.monotonic()
    (ROOT / "docker" / "rootfs").mkdir(exist_ok=True)
    rootfs = tempfile.mkdtemp(dir=ROOT / "docker" / "rootfs")
    try:
        subprocess.run(
            [
                "debootstrap",
                "--variant=minbase",
                "--include=python3,python3-venv,ca-certificates",
                "bookworm",
                rootfs,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        _slim(Path(rootfs))
        tar = subprocess.Popen(["tar", "-C", rootfs, "-c", "."], stdout=subprocess.PIPE)
        subprocess.run(["docker", "import", "-", OFFLINE_BASE], stdin=tar.stdout, check=True)
        if tar.wait() != 0:
            raise engine.EngineError("tar of the debootstrap tree failed")
    finally:
        _remove_tree(rootfs)
    print(f"docker: built {OFFLINE_BASE} in {time.monotonic() - started:.0f} s", flush=True)


def _remove_tree(rootfs: str) -> None:
    """Delete a debootstrap tree, unless a mount (/proc, /dev) is left in it: never into one."""
    with open("/proc/self/mounts") as mounts:
        left = [line.split()[1] for line in mounts if line.split()[1].startswith(rootfs + "/")]
    if left:
        raise engine.EngineError(f"{rootfs} still has mounts ({', '.join(left)}); unmount, delete")
    shutil.rmtree(rootfs)


def _slim(rootfs: Path) -> None:
    """Drop what no container reads: apt's lists and downloads, manuals, translations."""
    for folder in ("var/cache/apt/archives", "var/lib/apt/lists", "usr/share/man"):
        for item in (rootfs / folder).rglob("*"):
            if item.is_file():
                item.unlink()
    for folder in ("usr/share/locale", "usr/share/info"):
        shutil.rmtree(rootfs / folder, ignore_errors=True)
    # Debian's slim images keep each package's copyright file and nothing else of its docs.
    for item in (rootfs / "usr/share/doc").rglob("*"):
        if item.is_file() and item.name != "copyright":
            item.unlink()


def ensure_wheels() -> None:
    """Download every locked wheel for the offline base into docker/wheels, once per lock."""
    sources = [requirements.path_for(image) for image in IMAGES]
    # The way wheels are chosen is part of the stamp: a change to it downloads them again.
    rules = repr((_WHEEL_TARGET, IMAGE_PYTHON, _without_version_markers.__doc__)).encode()
    stamp = hashlib.sha256(b"".join(path.read_bytes() for path in sources) + rules).hexdigest()
    stamp_file = WHEELS / ".requirements.sha256"
    if stamp_file.exists() and stamp_file.read_text() == stamp:
        return
    shutil.rmtree(WHEELS, ignore_errors=True)
    WHEELS.mkdir(parents=True)
    # pip judges markers like `python_full_version < '3.12'` by the interpreter it runs on.
    if sys.version_info[:2] != (3, 11):
        raise engine.EngineError("run this with Python 3.11, the offline base's version")
    pip = [sys.executable, "-m", "pip"]
    if subprocess.run([*pip, "--version"], capture_output=True, check=False).returncode != 0:
        pip = ["uv", "tool", "run", "--python", sys.executable, "pip"]
    subprocess.run(
        [
            *pip,
            "download",
            "-qq",  # errors only: a machine's pip.conf may add noisy find-links
            "--disable-pip-version-check",
            "--no-deps",
            "--only-binary=:all:",
            *_WHEEL_TARGET,
            "--dest",
            str(WHEELS),
            *(arg for path in sources for arg in ("-r", str(_without_version_markers(path)))),
        ],
        check=True,
    )
    stamp_file.write_text(stamp)


def _without_version_markers(path: Path) -> Path:
    """The requirements as the image's Python (bookworm's 3.11.2) reads them, for the download.

    pip judges a marker like `python_full_version < '3.11.3'` by the interpreter it runs on, so
    the host's 3.11.7 would skip a wheel the image needs: each marker is judged here for the
    image instead, and the requirement kept (without its marker) or dropped with its hashes.
    """
    kept: list[str] = []
    dropping = False
    for line in path.read_text().splitlines():
        if line.startswith((" ", "\t")):  # a hash continuation line of the last requirement
            if not dropping:
                kept.append(line)
            continue
        requirement, _, marker = line.partition(" ; ")
        dropping = False
        if marker:
            wanted = Marker(marker.rstrip(" \\")).evaluate(dict(IMAGE_PYTHON))
            dropping = not wanted
            line = f"{requirement} \\"
        if not dropping:
            kept.append(line)
    copy = WHEELS / f"download-{path.name}"
    copy.write_text("\n".join(kept) + "\n")
    return copy


def _run_build(*args: str) -> None:
    """docker build, its step-by-step log shown to a person but kept for failures only in CI."""
    command = ["docker", "build", "--network=host", "--force-rm", *args, str(ROOT)]
    if not os.environ.get("CI"):
        subprocess.run(command, check=True)
        return
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        print("\n".join((result.stdout + result.stderr).splitlines()[-80:]), file=sys.stderr)
        raise engine.EngineError(f"docker build {' '.join(args)} failed")


def build_images(base: str) -> None:
    offline = base == OFFLINE_BASE
    if offline:
        ensure_wheels()
    for target, tag in IMAGES.items():
        started = time.monotonic()
        _run_build(
            f"--build-arg=BASE_IMAGE={base}",
            f"--build-arg=WHEELS={'yes' if offline else 'no'}",
            f"--target={target}",
            f"--tag={tag}",
        )
        size = int(engine.docker("image", "inspect", "--format={{.Size}}", tag))
        print(
            f"docker: built {tag} in {time.monotonic() - started:.0f} s, {size / 1e6:.0f} MB",
            flush=True,
        )


def build() -> None:
    """Check the exported requirements against uv.lock, then build both images."""
    if stale := requirements.stale():
        names = ", ".join(str(path.relative_to(ROOT)) for path in stale)
        raise engine.EngineError(
            f"{names} do not match uv.lock: run `python docker/requirements.py` and commit"
        )
    build_images(choose_base())


if __name__ == "__main__":
    with engine.engine():
        build()
