"""The app's Streamlit configuration (app/.streamlit/config.toml) fits its scripts."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"
SCRIPTS = [APP / "main.py", *sorted((APP / "views").glob("*.py"))]


def _magic_lines(script: Path) -> list[int]:
    """Lines Streamlit's magic would write: a bare value that is no call and no docstring."""
    found = []
    for parent in ast.walk(ast.parse(script.read_text())):
        body = getattr(parent, "body", None)
        for index, node in enumerate(body if isinstance(body, list) else []):
            if not isinstance(node, ast.Expr) or isinstance(node.value, ast.Call | ast.Await):
                continue
            docstring = (
                index == 0
                and isinstance(parent, ast.Module | ast.FunctionDef | ast.ClassDef)
                and isinstance(node.value, ast.Constant)
            )
            if not docstring:
                found.append(node.lineno)
    return found


def test_magic_is_off() -> None:
    config = tomllib.loads((APP / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["magicEnabled"] is False


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_no_script_writes_by_magic(script: Path) -> None:
    assert _magic_lines(script) == []
