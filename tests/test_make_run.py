"""`make run` ends with where the demo runs and how to log in, after the server is up."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from buddies import demo
from config import banner

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_banner_names_the_demo_password_and_accounts():
    assert banner.DEMO_PASSWORD == demo.DEMO_PASSWORD
    text = banner.banner("http://127.0.0.1:8123")
    assert "http://127.0.0.1:8123/" in text
    assert all(name in text for name in banner.DEMO_USERS)


def read_until_served(stream, seconds: float = 120) -> list[str]:
    """Lines up to the banner printed after runserver's start-up lines."""
    lines: list[str] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (line := stream.readline()):
        lines.append(line.rstrip("\n"))
        if "Demo logins" in line and any("Starting development server" in x for x in lines):
            break
    return lines


def stop(make: subprocess.Popen) -> None:
    os.killpg(make.pid, signal.SIGTERM)
    try:
        make.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(make.pid, signal.SIGKILL)
        make.wait()


@pytest.mark.slow
def test_make_run_ends_with_the_address_and_logins_once_the_server_answers(tmp_path):
    host = f"127.0.0.1:{free_port()}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.pop("REDIS_URL", None)
    env["SQLITE_PATH"] = str(tmp_path / "demo.sqlite3")
    serve = f"{sys.executable} manage.py runserver --noreload"
    with subprocess.Popen(
        # -o: the test runs in a set-up virtualenv; never reinstall it here.
        ["make", "--no-print-directory", "-o", ".venv/.installed", "run",
         f"HOST={host}", f"SERVE={serve}"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    ) as make:  # fmt: skip
        try:
            lines = read_until_served(make.stdout)
            with socket.create_connection(tuple(host.split(":")), timeout=2):
                pass  # the server answers while the banner is on screen
        finally:
            stop(make)
    output = "\n".join(lines)
    last = [line for line in lines if line.strip()][-2:]
    assert last[0].startswith(f"Digibuddy runs at http://{host}/"), output
    assert "demo-Leeuw-2026" in last[1] and "coordinator, socialworker, volunteer" in last[1]
    assert "Requirement already satisfied" not in output and "Subject:" not in output
