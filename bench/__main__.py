"""`python -m bench`: run every benchmark in sequence, each in its own process.

A missed target is a result, not a failure: the exit status is non-zero only when a benchmark
could not run. `python -m bench rerun_cost backend_rps` runs just those.
"""

from __future__ import annotations

import subprocess
import sys
import time

BENCHMARKS = ("browser_timings", "rerun_cost", "concurrency", "backend_rps", "failover", "load")


def main(names: list[str]) -> int:
    failed = []
    for name in names or BENCHMARKS:
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
            return 2
        start = time.perf_counter()
        print(f"\n>>> bench.{name}", flush=True)
        if subprocess.run([sys.executable, "-m", f"bench.{name}"], check=False).returncode:
            failed.append(name)
        print(f"<<< bench.{name}: {time.perf_counter() - start:.0f} s", flush=True)
    if failed:
        print(f"benchmarks that could not run: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
