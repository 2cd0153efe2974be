"""A small asyncio load generator: signed-in users driving one page at a time.

No dependency beyond the standard library: gunicorn's sync workers close every
connection after the answer, so each request is one connection, written and
read to the end. Cookies are kept by hand (the session cookie is `Secure`
outside debug mode, which a careful HTTP client would not send over plain
HTTP to 127.0.0.1).
"""

import asyncio
import html
import re
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

REQUEST_TIMEOUT = 30.0
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class User:
    """One signed-in person: their cookies."""

    cookies: dict[str, str] = field(default_factory=dict)

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def keep(self, set_cookies: list[str]) -> None:
        for line in set_cookies:
            name, _, rest = line.partition("=")
            value = rest.split(";", 1)[0]
            if "Expires=Thu, 01 Jan 1970" in line or "Max-Age=0" in line:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value


async def request(
    port: int, method: str, path: str, user: User | None = None, form: dict | None = None
) -> Answer:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        body = urlencode(form).encode() if form is not None else b""
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: 127.0.0.1:{port}",
            "Connection: close",
            "Accept-Language: fi",
        ]
        if user is not None and user.cookies:
            lines.append(f"Cookie: {user.cookie_header()}")
        if form is not None:
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        raw = await reader.read()
    finally:
        writer.close()
    head, _, payload = raw.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers, set_cookies = {}, []
    for line in header_lines:
        name, _, value = line.partition(":")
        if name.lower() == "set-cookie":
            set_cookies.append(value.strip())
        headers[name.lower()] = value.strip()
    if user is not None:
        user.keep(set_cookies)
    return Answer(int(status_line.split()[1]), headers, payload)


async def sign_in(port: int, email: str, password: str) -> User:
    user = User()
    page = await request(port, "GET", "/login", user)
    token = CSRF.search(page.body.decode())
    if token is None:
        raise RuntimeError("no CSRF token on /login")
    form = {"csrf_token": html.unescape(token.group(1)), "email": email, "password": password}
    answer = await request(port, "POST", "/login", user, form)
    if answer.status not in (302, 303):
        raise RuntimeError(f"signing in as {email} answered {answer.status}")
    return user


@dataclass
class Figures:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    def summary(self) -> dict:
        return {
            "requests": self.requests,
            "errors": self.errors,
            "req_per_s": round(self.requests / self.seconds, 1),
            "p50_ms": round(self.percentile(50), 1),
            "p95_ms": round(self.percentile(95), 1),
            "p99_ms": round(self.percentile(99), 1),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 1) if self.latencies_ms else None,
        }


async def drive(port: int, pairs: list[tuple[User | None, str]], seconds: float) -> Figures:
    """Each (user, path) asks again as soon as the last answer came, for `seconds`."""
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def one(user: User | None, path: str) -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                answer = await asyncio.wait_for(
                    request(port, "GET", path, user), timeout=REQUEST_TIMEOUT
                )
                ok = answer.status == 200
            except (TimeoutError, OSError, ValueError, IndexError):
                ok = False
            latencies.append((time.perf_counter() - start) * 1000)
            if not ok:
                errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(one(user, path) for user, path in pairs))
    return Figures(len(latencies), errors, time.perf_counter() - started, latencies)
