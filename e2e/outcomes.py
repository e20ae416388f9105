"""What a run proved: a summary of what ran and what was skipped, and why, at the end of every
run (also in the JUnit XML), and a run that did not prove the core of the login fails.

The core: a login, a reload, a logout and an expiry. A run in which any of these scenarios was
selected but did not pass (skipped because the backend or the deployment could not support it)
exits non-zero with a sentence saying which; a run that deselected them (`-k`, `-m`, a file)
asked for a subset and is left alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import pytest
from _pytest.junitxml import xml_key
from _pytest.terminal import TerminalReporter

from app.display import quantity

# The scenario that proves each part of the core (file::name, without the browser's id).
CORE: Mapping[str, str] = {
    "login": "test_login.py::test_login_success",
    "reload": "test_persistence.py::test_login_and_logout_persist_across_reload_and_new_tab",
    "logout": "test_any_backend.py::test_logout_ends_the_token_where_the_backend_can_revoke",
    "expiry": "test_any_backend.py::test_expiry_renews_the_login_or_ends_it_with_a_sentence",
}


class Tally:
    """Outcomes by scenario, and skips by reason, as reports arrive (in the xdist controller,
    from every worker); registered as a plugin, so its methods are pytest hooks."""

    def __init__(self) -> None:
        self.selected: set[str] = set()
        self.passed: set[str] = set()
        self.failed: set[str] = set()
        self.skips: Counter[str] = Counter()

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        # trylast: after -k, -m and the `needs` check have had their say.
        self.selected = {_scenario(item.nodeid) for item in items}

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: object, ids: list[str]) -> None:
        # Under xdist the workers collect and select; each tells the controller what.
        self.selected |= {_scenario(nodeid) for nodeid in ids}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        scenario = _scenario(report.nodeid)
        if report.failed:
            self.failed.add(scenario)
        elif report.skipped:
            self.skips[_reason(report)] += 1
        elif report.when == "call":
            self.passed.add(scenario)

    def unproven(self) -> list[str]:
        """The parts of the core whose scenario was selected but did not pass."""
        return [part for part, test in CORE.items() if test in self.selected - self.passed]

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        # tryfirst: the JUnit XML is written by a later implementation of this hook.
        xml = session.config.stash.get(xml_key, None)
        if xml is not None:
            xml.add_global_property("scenarios_passed", str(len(self.passed)))
            for reason, count in self.skips.items():
                xml.add_global_property("skipped_because", f"{count}: {reason}")
            xml.add_global_property("core_unproven", ", ".join(self.unproven()) or "none")
        if self.unproven() and exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: TerminalReporter) -> None:
        write = terminalreporter.write_line
        terminalreporter.section("what this run proved")
        write(f"{quantity(len(self.passed), 'scenario')} passed, {len(self.failed)} failed.")
        for reason, count in self.skips.most_common():
            write(f"skipped {count}: {reason}")
        unproven = self.unproven()
        if unproven:
            write(
                f"The core was not proven: the {', '.join(unproven)} scenario did not pass, so "
                "this run says little about the deployment (see the skips above).",
                red=True,
            )


def _scenario(nodeid: str) -> str:
    path, _, name = nodeid.partition("::")
    return f"{path.rsplit('/', 1)[-1]}::{name.split('[', 1)[0]}"


def _reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    text = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return text.removeprefix("Skipped: ")


def register(config: pytest.Config) -> None:
    """Tally this run (called from the suite's pytest_configure)."""
    if config.option.collectonly or config.option.help:
        return  # nothing runs, so nothing is proven or not
    if not hasattr(config, "workerinput"):  # the controller sees every worker's reports
        config.pluginmanager.register(Tally(), "e2e-outcomes")
