"""Benchmarks: each prints a table of ratios measured side by side in one run, and writes its
JSON and one chart under bench/results/. `nox -s bench` (or `python -m bench`) runs them all."""
