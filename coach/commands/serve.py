"""`coach serve`: the HTTP JSON API for editor plugins (docs/api.md)."""

import ipaddress
import json
import os
from pathlib import Path
from typing import Annotated

import click
import typer

from coach.cli import ConfigOption, fail
from coach.errors import EXIT_CONFIG

MIN_TOKEN_LENGTH = 16
INSTALL = "pip install 'okr-coach[serve]'"


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or "localhost": only this machine can connect."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve_command(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(
            metavar="ADDRESS",
            help="Address to bind. Anything but loopback needs COACH_API_TOKEN set.",
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8765,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Worker processes (the API is stateless).")
    ] = 1,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option(
            "--cors-origin",
            metavar="ORIGIN",
            show_default=False,
            help="A browser origin allowed to call the API (repeatable); also "
            "COACH_API_CORS_ORIGINS, comma-separated. Default: none.",
        ),
    ] = None,
    max_body_bytes: Annotated[
        int, typer.Option(min=1, metavar="BYTES", help="Largest request body accepted (413).")
    ] = 2_000_000,
    timeout: Annotated[
        float, typer.Option(min=0.001, metavar="SECONDS", help="Time limit per request (503).")
    ] = 60.0,
    access_log: Annotated[bool, typer.Option(help="Log every request.")] = False,
    config_file: ConfigOption = None,
) -> None:
    """Serve the HTTP JSON API: check, rewrite and grade drafts sent in request bodies.

    Binds 127.0.0.1 by default. Binding any other address needs a bearer token in
    COACH_API_TOKEN (at least 16 characters); then every /v1 request must send it. The model
    for rewrites, if any, is the server's (COACH_MODEL, OPENAI_API_KEY). Exit codes: 3 when the
    serve extra is not installed, the token is missing or the configuration is invalid.
    """
    try:
        import fastapi  # noqa: F401
        import uvicorn
    except ImportError:
        fail(ctx, f"coach serve needs the serve extra: {INSTALL}", EXIT_CONFIG)
    from coach.config import load_settings

    token = os.environ.get("COACH_API_TOKEN") or None
    if not is_loopback(host):
        if token is None:
            message = (
                f"refusing to serve on {host} without a token: set COACH_API_TOKEN "
                "(or bind 127.0.0.1)"
            )
            fail(ctx, message, EXIT_CONFIG)
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        fail(ctx, f"COACH_API_TOKEN is shorter than {MIN_TOKEN_LENGTH} characters", EXIT_CONFIG)
    load_settings(config_file=config_file)  # a bad configuration stops here, before binding
    origins = [*(cors_origin or ()), *_split(os.environ.get("COACH_API_CORS_ORIGINS", ""))]
    options = {
        "config_file": None if config_file is None else str(Path(config_file).resolve()),
        "cors_origins": origins,
        "max_body_bytes": max_body_bytes,
        "timeout": timeout,
    }
    os.environ["COACH_SERVE_OPTIONS"] = json.dumps(options)
    where = f"[{host}]" if ":" in host else host
    click.echo(f"coach: serving the API on http://{where}:{port} (docs at /docs)", err=True)
    from coach.api import balancer

    if workers > 1 and balancer.supported():
        _serve_balanced(ctx, host, port, workers, access_log, where)
        return
    try:
        uvicorn.run(
            "coach.api.app:app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            access_log=access_log,
            log_level="info" if access_log else "warning",
            server_header=False,
        )
    except SystemExit as exc:  # uvicorn could not start (the port is taken): it said why
        if exc.code not in (None, 0):
            fail(ctx, f"could not serve on {where}:{port} (see the error above)", EXIT_CONFIG)
        raise


def _serve_balanced(
    ctx: typer.Context, host: str, port: int, workers: int, access_log: bool, where: str
) -> None:
    """Several workers behind one process that hands each connection to the worker holding
    the fewest (``coach.api.balancer``), so that a burst of connections is shared evenly."""
    from coach.api.balancer import Balancer, listen

    try:
        listeners = listen(host, port)
    except OSError as exc:
        fail(ctx, f"could not serve on {where}:{port}: {exc.strerror or exc}", EXIT_CONFIG)
    if Balancer(listeners, workers, access_log).run() != 0:
        fail(ctx, "a worker could not start (see the error above)", EXIT_CONFIG)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]
