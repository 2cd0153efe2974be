"""Where a push may go: https to public addresses only, checked when it is sent.

A push endpoint is a URL a browser hands us, so it is a way to make the server
send requests anywhere. A string check at subscription time cannot tell where a
name will lead ("127.1", "2130706433" and any DNS name can mean this machine), so
the host is resolved when each message is sent, every address it resolves to must
be public unicast, and the connection goes to the address that was checked (a name
that resolves anew between check and connect cannot slip through). Connecting and
reading are bounded, proxies from the environment are not used, and redirects are
never followed.
"""

import http.client
import ipaddress
import socket
import ssl
import urllib.error
import urllib.request

CONNECT_TIMEOUT = 5
READ_TIMEOUT = 10


class ForbiddenAddress(OSError):
    """The endpoint's host is, or resolves to, an address inside a private network."""


def is_public(address: str, allow_loopback: bool = False) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if allow_loopback and ip.is_loopback:
        return True
    return ip.is_global and not ip.is_multicast


def _connect(host: str, port: int, allow_loopback: bool) -> socket.socket:
    # A name that does not resolve now may later: an OSError, tried again, not refused.
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if not infos or not all(is_public(info[4][0], allow_loopback) for info in infos):
        raise ForbiddenAddress(f"{host} resolves to an address that is not public")
    last_error: OSError = ForbiddenAddress(host)
    for family, kind, proto, _, address in infos:
        sock = socket.socket(family, kind, proto)
        sock.settimeout(CONNECT_TIMEOUT)
        try:
            sock.connect(address)
        except OSError as error:
            sock.close()
            last_error = error
            continue
        sock.settimeout(READ_TIMEOUT)
        return sock
    raise last_error


class _CheckedHTTPS(http.client.HTTPSConnection):
    allow_loopback = False

    def connect(self):
        sock = _connect(self.host, self.port, self.allow_loopback)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _LoopbackHTTPS(_CheckedHTTPS):
    allow_loopback = True


class _LoopbackHTTP(http.client.HTTPConnection):
    """Plain http, only for a stand-in push service on this machine (tests, development)."""

    def connect(self):
        sock = _connect(self.host, self.port, allow_loopback=True)
        if not ipaddress.ip_address(sock.getpeername()[0]).is_loopback:
            sock.close()
            raise ForbiddenAddress("plain http goes to this machine only")
        self.sock = sock


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A push service answers, it does not send us elsewhere.
    def redirect_request(self, *args, **kwargs):
        return None


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, allow_loopback: bool):
        super().__init__(context=ssl.create_default_context())
        self.connection = _LoopbackHTTPS if allow_loopback else _CheckedHTTPS

    def https_open(self, req):
        return self.do_open(self.connection, req, context=self._context)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, allow_loopback: bool):
        super().__init__()
        self.allow_loopback = allow_loopback

    def http_open(self, req):
        if not self.allow_loopback:
            raise urllib.error.URLError(ForbiddenAddress("push endpoints are https"))
        return self.do_open(_LoopbackHTTP, req)


def opener(allow_loopback: bool = False) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _NoRedirects,
        _HTTPSHandler(allow_loopback),
        _HTTPHandler(allow_loopback),
    )


def looks_internal(host: str) -> bool:
    """At subscription time, without resolving: an address literal in any spelling or a local name.

    inet_aton reads what the C resolver would: "127.1", "2130706433", "0x7f000001", "0177.0.0.1".
    """
    host = host.strip("[]").rstrip(".").lower()
    if not host or "." not in host or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        socket.inet_aton(host)
        return True
    except OSError:
        pass
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False
