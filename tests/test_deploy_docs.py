"""What the deployment files and the README promise about secrets in logs and shared origins."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# What nginx would log of a reset link's `?token=`: the request line, the query, the Referer.
_QUERY_VARIABLES = (
    "$request ",
    '$request"',
    "$request_uri",
    "$args",
    "$query_string",
    "$arg_",
    "$http_referer",
)


def _log_formats(config: str) -> dict[str, str]:
    formats = re.findall(r"log_format\s+(\w+)\s+((?:'[^']*'\s*)+);", config)
    return {name: body for name, body in formats}


def test_the_nginx_snippet_logs_no_query_string() -> None:
    config = (REPO / "deploy" / "nginx.conf").read_text()
    live = "\n".join(line.split("#", 1)[0] for line in config.splitlines())
    formats = _log_formats(live)
    used = re.findall(r"^\s*access_log\s+\S+\s+(\w+)\s*;", live, flags=re.MULTILINE)
    assert used, "without an access_log line nginx keeps its default, which logs the query"
    for name in used:
        assert name in formats, f"{name} is nginx's own format, which logs the query string"
        assert not any(variable in formats[name] for variable in _QUERY_VARIABLES), name


def test_the_readme_says_apps_under_one_origin_must_trust_each_other() -> None:
    readme = (REPO / "README.md").read_text()
    section = readme[readme.index("### Under a path prefix") :]
    section = section[: section.index("\n#", 1)]
    assert "must trust each other" in section
    assert "never see or overwrite each other" not in section
