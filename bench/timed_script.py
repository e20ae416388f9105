"""Runs the entry script named in session state and records how long its body took.

AppTest's own cost per run (a thread, a mock context, polling for the end) is the same for any
script; this clock sees only the script, so the auth layer's share is not diluted by it.
"""

import time

import streamlit as st

from bench import script_clock

target = str(st.session_state[script_clock.TARGET_KEY])
start = time.perf_counter()
exec(script_clock.compiled(target), {"__name__": "__main__", "__file__": target})  # noqa: S102
script_clock.record(target, time.perf_counter() - start)
