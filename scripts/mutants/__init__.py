"""Mutation testing of the auth code: `python -m scripts.mutants` (or `nox -s mutants`).

`catalogue` lists the bugs; `runner` plants each in a copy of the code and runs its tests.
"""
