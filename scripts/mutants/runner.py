"""Plant each catalogued bug in a copy of the code, run its tests, and report which were caught.

The copy is a detached git worktree of HEAD (what is committed is what is proven), or with
`--work-tree` a copy of the work tree as it is now (to try a new test before committing it).
The real tree is never written to. Before any mutant, every original text must be found exactly
once, and the unmutated copy must pass all the selected tests: "caught" then means the bug, not
a broken copy. Mutants run one at a time: each test starts its own servers and moves its own
clocks, and the machine has two cores.

Exit status: 0 when every mutant was caught, 1 when one survived, 2 when the run could not be
trusted (a disarmed mutant, a red baseline, a copy importing the real tree's code).
"""

# ruff: noqa: S603, S607 - runs git and this interpreter's pytest with fixed arguments

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from scripts.mutants.catalogue import MUTANTS, Mutant

REPO = Path(__file__).resolve().parents[2]
REPORT = REPO / "test-results" / "mutants" / "mutants.md"
TIMEOUT_SECONDS = 900.0
_NOT_COPIED = (".git", ".nox", ".venv", "test-results", ".data", "__pycache__", "*_cache")
_SUMMARY = re.compile(r"(\d+ \w+(?:, \d+ \w+)*) in [\d.]+s")


class UntrustedRun(RuntimeError):
    """The run would prove nothing; the message says why."""


@dataclass(frozen=True)
class Run:
    status: str  # passed, failed, error, timeout
    summary: str  # pytest's closing counts, e.g. "1 failed, 2 passed"
    seconds: float


@dataclass(frozen=True)
class Verdict:
    mutant: Mutant
    run: Run

    @property
    def caught(self) -> bool:
        return self.run.status == "failed"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.mutants", description=__doc__)
    parser.add_argument("names", nargs="*", help="only these mutants (default: all)")
    parser.add_argument("--work-tree", action="store_true", help="copy the work tree, not HEAD")
    parser.add_argument("--report", type=Path, default=REPORT, help="the table, in Markdown")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    args = parser.parse_args(argv)
    command = " ".join(["python -m scripts.mutants", *(argv or sys.argv[1:])])
    if args.list:
        for mutant in MUTANTS:
            print(f"{mutant.name}: {mutant.bug} ({mutant.file})")
        return 0
    try:
        mutants = _chosen(args.names)
        with _copy_of_code(args.work_tree) as (tree, source):
            check_armed(tree, mutants)
            _check_imports_from(tree)
            selected = sorted({test for mutant in mutants for test in mutant.tests})
            baseline = _run_tests(tree, selected, "baseline")
            print(f"baseline: {baseline.summary} ({baseline.seconds:.0f} s)", flush=True)
            if baseline.status != "passed":
                raise UntrustedRun(f"the unmutated copy is not green: {baseline.summary}")
            verdicts = []
            for number, mutant in enumerate(mutants, 1):
                verdict = Verdict(mutant, _with_mutant(tree, mutant))
                verdicts.append(verdict)
                print(f"[{number}/{len(mutants)}] {_row(verdict)}", flush=True)
    except UntrustedRun as error:
        print(f"mutants: STOPPED: {error}", file=sys.stderr)
        return 2
    report = _report(verdicts, baseline, command, source)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(report)
    print(report)
    survivors = [verdict.mutant.name for verdict in verdicts if not verdict.caught]
    print(f"{len(verdicts) - len(survivors)} of {len(verdicts)} mutants caught", end="")
    print(f"; NOT caught: {', '.join(survivors)}" if survivors else "", flush=True)
    return 1 if survivors else 0


def _chosen(names: Sequence[str]) -> list[Mutant]:
    known = {mutant.name: mutant for mutant in MUTANTS}
    if len(known) != len(MUTANTS):
        raise UntrustedRun("two mutants share a name")
    unknown = [name for name in names if name not in known]
    if unknown:
        raise UntrustedRun(f"no such mutant: {', '.join(unknown)}")
    return [known[name] for name in names] if names else list(MUTANTS)


@contextmanager
def _copy_of_code(work_tree: bool) -> Iterator[tuple[Path, str]]:
    head = _git("rev-parse", "--short", "HEAD")
    # Outside the work tree: other work there may clear test-results/ at any moment.
    with tempfile.TemporaryDirectory(prefix="mutants-") as scratch:
        tree = Path(scratch) / "tree"
        if work_tree:
            shutil.copytree(REPO, tree, ignore=shutil.ignore_patterns(*_NOT_COPIED))
            yield tree, f"a copy of the work tree (HEAD {head} and uncommitted changes)"
            return
        _git("worktree", "add", "--detach", str(tree), "HEAD")
        try:
            yield tree, f"a git worktree of HEAD ({head})"
        finally:
            _git("worktree", "remove", "--force", str(tree))


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise UntrustedRun(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def check_armed(tree: Path, mutants: Sequence[Mutant]) -> None:
    """Every original text exactly once, and every test file there: else a mutant is disarmed."""
    problems = []
    for mutant in mutants:
        path = tree / mutant.file
        count = path.read_text().count(mutant.original) if path.exists() else 0
        if count != 1:
            problems.append(
                f"{mutant.name}: its original text occurs {count} times in {mutant.file}"
            )
        for test in mutant.tests:
            if not (tree / test.split("::")[0]).exists():
                problems.append(f"{mutant.name}: no test file {test.split('::')[0]}")
    if problems:
        raise UntrustedRun("mutants disarmed by a change to the code:\n  " + "\n  ".join(problems))


def _check_imports_from(tree: Path) -> None:
    """The tests must import the copy's `app`, not the real tree's (installed editable)."""
    probe = [sys.executable, "-c", "import app.auth; print(app.auth.__file__)"]
    done = subprocess.run(probe, cwd=tree, env=_env(tree), capture_output=True, text=True)
    if not done.stdout.strip().startswith(str(tree)):
        raise UntrustedRun(f"the copy imports `app` from elsewhere: {done.stdout or done.stderr}")


def _with_mutant(tree: Path, mutant: Mutant) -> Run:
    path = tree / mutant.file
    source = path.read_text()
    path.write_text(source.replace(mutant.original, mutant.replacement, 1))
    try:
        return _run_tests(tree, mutant.tests, mutant.name)
    finally:
        path.write_text(source)


def _run_tests(tree: Path, tests: Sequence[str], name: str) -> Run:
    """AppTest and e2e selections run apart (the e2e suite has its own pytest.ini); the first
    that fails decides."""
    groups = [
        [test for test in tests if not test.startswith("e2e/")],
        [test for test in tests if test.startswith("e2e/")],
    ]
    runs = [_pytest(tree, group, name) for group in groups if group]
    failed = [run for run in runs if run.status != "passed"]
    return Run(
        failed[0].status if failed else "passed",
        "; ".join(run.summary for run in runs),
        sum(run.seconds for run in runs),
    )


def _pytest(tree: Path, tests: Sequence[str], name: str) -> Run:
    log = tree.parent / f"{name}.log"
    argv = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    started = time.monotonic()
    with log.open("w") as output:
        process = subprocess.Popen(
            argv,
            cwd=tree,
            env=_env(tree),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a timeout stops the servers the tests started, too
        )
        try:
            code = process.wait(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return Run(
                "timeout", f"no answer in {TIMEOUT_SECONDS:.0f} s", time.monotonic() - started
            )
    seconds = time.monotonic() - started
    found = _SUMMARY.findall(log.read_text())
    summary = found[-1] if found else f"pytest exit {code}"
    status = {0: "passed", 1: "failed"}.get(code, "error")
    if status == "error":  # neither passed nor failed: show why
        print(f"--- {name}: {' '.join(tests)}\n{log.read_text()[-3000:]}", flush=True)
    return Run(status, summary, seconds)


def _env(tree: Path) -> dict[str, str]:
    # No bytecode: a mutant and its undoing can share a size and a second, which a .pyc misses.
    return {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}


def _row(verdict: Verdict) -> str:
    caught = "yes" if verdict.caught else f"**NO** ({verdict.run.status})"
    tests = "<br>".join(f"`{_short(test)}`" for test in verdict.mutant.tests)
    return (
        f"| `{verdict.mutant.name}` | {verdict.mutant.bug} | `{verdict.mutant.file}` | {tests} "
        f"| {caught}: {verdict.run.summary} | {verdict.run.seconds:.0f} |"
    )


def _short(test: str) -> str:
    return test.removeprefix("tests/app/")


def _report(verdicts: Sequence[Verdict], baseline: Run, command: str, source: str) -> str:
    caught = sum(verdict.caught for verdict in verdicts)
    lines = [
        f"`{command}` on {source}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        f"Baseline (unmutated copy, every selected test): {baseline.summary}, "
        f"{baseline.seconds:.0f} s. Caught: {caught} of {len(verdicts)}.",
        "",
        "| Mutant | Bug planted | In | Tests run | Caught | Seconds |",
        "|---|---|---|---|---|---:|",
        *(_row(verdict) for verdict in verdicts),
    ]
    return "\n".join(lines) + "\n"
