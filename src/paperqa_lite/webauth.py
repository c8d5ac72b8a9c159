"""Who may use the web app: the login from ``--auth``, ``--auth-file`` or
``$PAPERQA_LITE_AUTH``, and the rule that a server reachable from other machines needs one.

The Add tab writes to the store, so serving beyond the loopback with no login is refused
unless ``--no-auth`` says it is meant. A file or the environment keep the password out of
the process list (``ps`` shows every process's argv to every local user).
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path

from .errors import UserError

AUTH_ENV = "PAPERQA_LITE_AUTH"


def parse_auth(auth: str | None, where: str = "--auth") -> tuple[str, str] | None:
    if not auth:
        return None
    user, sep, password = auth.strip().partition(":")
    if not sep or not user or not password:
        raise UserError(f"{where} must be USER:PASS (both non-empty)")
    return user, password


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to any interface
        return False


def resolve_auth(host: str, auth: str | None = None, auth_file: str | Path | None = None,
                 no_auth: bool = False, environ: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """The login the server requires, from ``--auth``, ``--auth-file`` or $PAPERQA_LITE_AUTH
    (the last two keep the password out of ``ps``). Serving beyond the loopback with no
    login is refused unless ``no_auth`` says it is meant."""
    environ = os.environ if environ is None else environ
    if auth and auth_file:
        raise UserError("give --auth or --auth-file, not both")
    if auth_file:
        try:
            lines = [ln.strip() for ln in Path(auth_file).read_text(encoding="utf-8").splitlines()]
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"--auth-file {auth_file}: cannot read it ({exc.__class__.__name__})") from None
        lines = [ln for ln in lines if ln]
        if len(lines) != 1:
            raise UserError(f"--auth-file {auth_file}: expected one USER:PASS line, found {len(lines)}")
        credentials = parse_auth(lines[0], f"the line in --auth-file {auth_file}")
    elif auth:
        credentials = parse_auth(auth)
    else:
        credentials = parse_auth(environ.get(AUTH_ENV), f"${AUTH_ENV}")
    if credentials and no_auth:
        raise UserError("--no-auth contradicts the login given (--auth, --auth-file or "
                        f"${AUTH_ENV}): drop one")
    if not credentials and not no_auth and not is_loopback(host):
        raise UserError(f"--host {host} serves beyond this machine, and anyone who reaches it could "
                        f"add papers: set ${AUTH_ENV}=USER:PASS or --auth-file PATH, or pass --no-auth")
    return credentials
