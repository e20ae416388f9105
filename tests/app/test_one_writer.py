"""The state machine is the only code that changes a session's login (`AuthState`): every other
module feeds it events and performs the effects it returns."""

from __future__ import annotations

import ast
from dataclasses import fields
from pathlib import Path

from app.auth.machine import AuthState

APP = Path(__file__).parents[2] / "app"
MACHINE = APP / "auth" / "machine.py"
# Below the auth layer: it never sees an AuthState (checked below), and its `Caller` has a
# field named like one of AuthState's.
BACKEND = APP / "backend"
LIFECYCLE = frozenset(field.name for field in fields(AuthState))
# Methods that change a list or dict in place.
MUTATORS = frozenset(
    {"append", "clear", "extend", "insert", "pop", "remove", "setdefault", "update"}
)


def _names(target: ast.expr) -> list[ast.expr]:
    if isinstance(target, ast.Tuple | ast.List):
        return [name for element in target.elts for name in _names(element)]
    return [target]


def _is_field(node: ast.expr) -> bool:
    """`anything.<a field of AuthState>`, or something inside one (`state.login.token`)."""
    if isinstance(node, ast.Subscript):
        return _is_field(node.value)
    if not isinstance(node, ast.Attribute):
        return False
    return node.attr in LIFECYCLE or _is_field(node.value)


def writes(source: str) -> list[int]:
    """The lines that assign to, or change in place, a field of an AuthState."""
    found: list[int] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign):
            targets = [name for target in node.targets for name in _names(target)]
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in MUTATORS
        ):
            targets = [node.func.value]
        else:
            continue
        if any(_is_field(target) for target in targets):
            found.append(node.lineno)
    return sorted(found)


def test_only_the_machine_changes_auth_state() -> None:
    offenders = {
        str(path.relative_to(APP.parent)): lines
        for path in sorted(APP.rglob("*.py"))
        if path != MACHINE and BACKEND not in path.parents and (lines := writes(path.read_text()))
    }
    assert offenders == {}


def test_the_backend_package_cannot_reach_auth_state() -> None:
    for path in BACKEND.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("app.auth"), path
            elif isinstance(node, ast.Import):
                assert not any(alias.name.startswith("app.auth") for alias in node.names), path


def test_the_check_sees_each_kind_of_write() -> None:
    source = """
state.renewal = x
current.login, current.retry = None, None
state.pending.append(call)
state.login.token = token
current.pending[0] = call
other.unrelated = 1
"""
    assert writes(source) == [2, 3, 4, 5, 6]
