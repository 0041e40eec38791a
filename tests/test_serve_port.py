"""`infoprep serve --port N` on a port in use: one line naming the port and how to choose another, exit 1,
before any time is spent building; `--port 0` picks a free one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from fixtures.mini_trip import MINI


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SOURCE_DATE_EPOCH")}


def test_a_port_in_use_is_one_clear_line_and_nothing_is_built(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        output = tmp_path / "out"
        ran = subprocess.run(
            [
                sys.executable,
                "-m",
                "generator",
                "serve",
                str(MINI),
                "-o",
                str(output),
                "--port",
                str(port),
            ],
            env=_env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert ran.returncode == 1
    assert "Traceback" not in ran.stderr
    (line,) = ran.stderr.strip().splitlines()
    assert line == (
        f"error: port {port} on 127.0.0.1 is in use by another program; choose another with --port "
        "N "
        f"(e.g. --port {port + 1}), or --port 0 to pick a free one"
    )
    assert not output.exists()  # refused before the build


def test_port_zero_picks_a_free_port(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            str(MINI),
            "-o",
            str(tmp_path / "out"),
            "--port",
            "0",
            "--no-pdf",
        ],
        env=_env(),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline and "Serving" not in line:
            line = proc.stderr.readline() if proc.stderr else ""  # type: ignore[union-attr]
        assert "Serving" in line, line
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        assert port != 0
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
    finally:
        proc.terminate()
        proc.wait(timeout=20)
