"""Every catalogued mutant stays armed: its original text is still in its file, once, and its
tests still exist. A change that moves the text would otherwise stop `nox -s mutants` at its
arming check, long after the change landed."""

from __future__ import annotations

from pathlib import Path

from scripts.mutants import runner
from scripts.mutants.catalogue import MUTANTS

REPO = Path(__file__).resolve().parents[1]


def test_every_mutant_is_armed_in_the_code_as_it_is() -> None:
    runner.check_armed(REPO, list(MUTANTS))
