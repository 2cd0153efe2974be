"""Parts that fail on purpose: a Redis server of the test's own, stopped and started again.

Only processes started here are stopped here, by their own handle.
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

# The small real videos the competition tests make, for the disk-full upload.
from tests.web.competitions.conftest import videos  # noqa: F401


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, up: bool, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            probe.settimeout(0.2)
            listening = probe.connect_ex(("127.0.0.1", port)) == 0
        if listening == up:
            return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} still {'down' if up else 'up'} after {seconds} s")


class RedisProcess:
    """redis-server on a free port of 127.0.0.1, without persistence; stop() and start() it."""

    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - a fixed program and our own arguments
            [
                shutil.which("redis-server") or "/usr/bin/redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, up=True)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None
        wait_for_port(self.port, up=False)


@pytest.fixture
def redis_process():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisProcess()
    server.start()
    yield server
    server.stop()


ROOT = Path(__file__).resolve().parents[2]
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


class WebProcess:
    """gunicorn with the shipped gunicorn.conf.py, one worker, on a free port of 127.0.0.1."""

    def __init__(self, env: dict, *extra: str):
        self.port = free_port()
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop(), after the server
        self.process = subprocess.Popen(  # noqa: S603 - our own program and arguments
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{self.port}",
                *extra,
                "webapp:create_app()",
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_port(self.port, up=True, seconds=60)
        except TimeoutError:
            self.stop()
            raise

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def stop(self) -> None:
        if self.log.closed:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.log.close()


class Browser:
    """Just enough of a browser for plain HTTP: cookies (Secure ones too) and forms."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, dict(response.getheaders()), data

    def token(self, port: int, path: str = "/login") -> str:
        _, _, page = self.request(port, "GET", path)
        return CSRF_META.search(page.decode()).group(1)
