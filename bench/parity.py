"""PostgreSQL + Redis against SQLite, each page timed on both in turn: `make bench` (issue 10's
"within 20 % of SQLite on every page").

bench/pages.py times one database per run and compares with the other's last run, minutes
earlier. On a shared host whose speed moves by a third from one minute to the next, that ratio
measured the host as much as the code. Here one worker process per database (bench/pages.py
--serve, the same archive at BENCH_SCALE, production settings, page cache off) renders each page
in short turns, SQLite then PostgreSQL then PostgreSQL then SQLite, BENCH_TURNS times, so both
meet the same moments of the host. The ratio is of the two medians over all their turns; the
spread is the lowest and highest ratio of single turns.

Needs DATABASE_URL (a PostgreSQL database of its own: the archive is loaded into it) and
CACHE_URL (Redis); SQLite's copy goes to BENCH_SQLITE_PATH, or a throwaway folder.
Figures only; nothing here fails.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TURNS = int(os.environ.get("BENCH_TURNS", "10"))
ROUNDS = int(os.environ.get("BENCH_TURN_ROUNDS", "10"))
PARITY = 1.2


class Worker:
    def __init__(self, env):
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "pages.py"), "--serve"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for line in self.process.stdout:  # load_demo says what it loaded first
            if line.startswith('{"vendor"'):
                hello = json.loads(line)
                self.vendor, self.pages = hello["vendor"], hello["pages"]
                return
        raise RuntimeError(f"the worker stopped before it was ready (exit {self.process.wait()})")

    def timings(self, page, column):
        self.process.stdin.write(f"{page}\t{column}\t{ROUNDS}\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def stop(self):
        self.process.stdin.close()
        self.process.wait()


def environments():
    scaleout = {key: os.environ.get(key) for key in ("DATABASE_URL", "CACHE_URL")}
    if not all(scaleout.values()):
        sys.exit("bench/parity.py compares with PostgreSQL + Redis: set DATABASE_URL and CACHE_URL.")
    workdir = tempfile.mkdtemp(prefix="aouad-parity-")
    sqlite = {key: value for key, value in os.environ.items() if key not in scaleout}
    sqlite.setdefault("SQLITE_PATH", os.environ.get("BENCH_SQLITE_PATH", f"{workdir}/bench.sqlite3"))
    sqlite["CACHE_URL"] = f"disk://{workdir}/cache"
    return sqlite, dict(os.environ)


def main():
    sqlite_env, scaleout_env = environments()
    sqlite, scaleout = Worker(sqlite_env), Worker(scaleout_env)
    try:
        assert scaleout.vendor == "postgresql", scaleout.vendor
        print(
            f"{scaleout.vendor} + Redis against {sqlite.vendor}, each page in {TURNS} turns of {ROUNDS} "
            f"renders on each, in alternation; load average {os.getloadavg()[0]:.2f}"
        )
        print(
            f"{'':<34} {'fragments warm':^36}  {'no cache at all':^36}\n{'page':<34}"
            + f" {'SQLite':>7} {'PG':>7} {'PG/SQLite':>9} {'spread':>9}  " * 2
        )
        misses = []
        for page in sqlite.pages:
            line = f"{page:<34}"
            for column in ("warm", "cold"):
                ours, theirs, turns = [], [], []
                for turn in range(TURNS):
                    order = (sqlite, scaleout) if turn % 2 == 0 else (scaleout, sqlite)
                    found = {worker.vendor: worker.timings(page, column) for worker in order}
                    ours += found["sqlite"]
                    theirs += found["postgresql"]
                    turns.append(statistics.median(found["postgresql"]) / statistics.median(found["sqlite"]))
                lite, pg = statistics.median(ours), statistics.median(theirs)
                ratio = pg / lite
                line += f" {lite:>7.2f} {pg:>7.2f} {ratio:>8.2f}x {min(turns):>4.2f}-{max(turns):<4.2f}  "
                if ratio > PARITY and page != "/healthz":
                    misses.append(
                        f"{page}, {'fragments warm' if column == 'warm' else 'no cache'} ({ratio:.2f}x)"
                    )
            print(line.rstrip())
        print(
            f"PASS  PostgreSQL + Redis within {PARITY}x SQLite on every page"
            if not misses
            else f"MISS  over {PARITY}x SQLite: " + "; ".join(misses)
        )
    finally:
        sqlite.stop()
        scaleout.stop()


if __name__ == "__main__":
    main()
