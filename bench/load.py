"""gunicorn and wrk: serve the portal on loopback and load it, every step bounded in time."""

from __future__ import annotations

import json
import math
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
ROOT = BENCH_DIR.parent
HOST = "127.0.0.1"  # never anything else: the harness only ever loads the machine it runs on

# wrk's own summary has no p95; this script prints the figures the harness needs as one JSON line.
SUMMARY_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, '
    .. '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""

# A mix of pages, one after the other, each with its own cookie (the memory phases).
MIX_LUA = """
local paths = {%(paths)s}
local cookies = {%(cookies)s}
local i = 0
request = function()
  i = i %% #paths + 1
  local headers = {}
  if cookies[i] ~= "" then headers["Cookie"] = cookies[i] end
  return wrk.format("GET", paths[i], headers)
end
"""


@dataclass
class WrkResult:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    bad_status: int

    @property
    def ok(self) -> bool:
        return self.errors == 0 and self.bad_status == 0 and self.requests > 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with the benchmark settings in its own process group, killed whatever happens."""

    def __init__(self, *, workers: int = 2, port: int | None = None, log: Path | None = None):
        self.workers = workers
        self.port = port or free_port()
        self.log_path = log or RESULTS_DIR / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 60) -> None:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "malmoandan.wsgi:application",
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
                "--log-level",
                "warning",
                "--chdir",
                str(ROOT),
            ],
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() reaches the workers too
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/health/", timeout=5) as response:
                    if response.status == 200 and len(self.worker_pids()) >= self.workers:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s; see {self.log_path}")

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                # The command may contain spaces and parentheses: the fields after the last ")" are fixed.
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return sorted(pids)

    def worker_rss_kib(self) -> dict[int, int]:
        rss = {}
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        rss[pid] = int(line.split()[1])
            except OSError:
                continue
        return rss

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass
        finally:
            self._log.close()

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def status_of(url: str, cookie: str = "") -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _script(name: str, text: str) -> Path:
    path = RESULTS_DIR / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _run_wrk(args: list[str], *, seconds: float) -> WrkResult:
    completed = subprocess.run(
        ["wrk", *args], capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("BENCH ")]
    if completed.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({completed.returncode}): {completed.stderr or completed.stdout}")
    data = json.loads(lines[-1][6:])
    elapsed = data["duration_us"] / 1e6
    return WrkResult(
        requests=data["requests"],
        seconds=elapsed,
        rps=data["requests"] / elapsed if elapsed else 0.0,
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=data["connect"] + data["read"] + data["write"] + data["timeout"],
        bad_status=data["status"],
    )


def wrk(url: str, *, seconds: float, connections: int = 10, threads: int = 1, cookie: str = "") -> WrkResult:
    """Load one URL for `seconds` at `connections` concurrent connections, with latency percentiles."""
    assert url.startswith(f"http://{HOST}:"), url
    script = _script("summary.lua", SUMMARY_LUA)
    args = [
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(script),
    ]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    return _run_wrk([*args, url], seconds=seconds)


def wrk_mix(
    base_url: str,
    pages: list[tuple[str, str]],
    *,
    requests: int,
    connections: int = 10,
    max_seconds: float = 300,
) -> WrkResult:
    """At least `requests` requests spread over the pages (path, cookie) in turn, within `max_seconds`.

    wrk cannot stop after a number of requests (a Lua thread:stop() leaves the connections open until the
    duration ends, which blocks gunicorn's sync workers), so it runs in slices sized from the rate so far.
    """
    assert base_url.startswith(f"http://{HOST}:"), base_url
    lua = MIX_LUA % {
        "paths": ", ".join(json.dumps(path) for path, _ in pages),
        "cookies": ", ".join(json.dumps(cookie) for _, cookie in pages),
    }
    script = _script("mix.lua", lua + SUMMARY_LUA)
    done, elapsed, slices = 0, 0.0, []
    rate = None
    while done < requests and elapsed < max_seconds:
        left = requests - done
        seconds = 2 if rate is None else min(30, max(1, math.ceil(left / rate)))
        args = ["-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script)]
        part = _run_wrk([*args, base_url + "/"], seconds=seconds)
        slices.append(part)
        done += part.requests
        elapsed += part.seconds
        rate = done / elapsed if elapsed else None
    return WrkResult(
        requests=done,
        seconds=elapsed,
        rps=done / elapsed if elapsed else 0.0,
        p50_ms=max(p.p50_ms for p in slices),
        p95_ms=max(p.p95_ms for p in slices),
        p99_ms=max(p.p99_ms for p in slices),
        errors=sum(p.errors for p in slices),
        bad_status=sum(p.bad_status for p in slices),
    )
