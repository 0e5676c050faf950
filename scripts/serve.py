"""Serve the handbook on 127.0.0.1 with the right content types.

Two ways, both used by the Makefile and by the browser tests:

    python scripts/serve.py [mkdocs serve options]   # live editing (make serve)
    python scripts/serve.py --static site/ [--port 8000]   # a built site (make preview)

Why not plain `mkdocs serve` / `python -m http.server`: both take a file's content type from
the `mimetypes` module, which only knows `.ics` when the machine has an /etc/mime.types that
lists it (Debian's media-types package does; slim containers, macOS and Windows may not). A
calendar served as application/octet-stream is downloaded instead of offered to a calendar
app, so the types the handbook needs are registered here explicitly.
"""

from __future__ import annotations

import argparse
import functools
import mimetypes
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Our generated outputs that are not web pages: calendars, and reply snippets to copy.
TYPES = {
    ".ics": "text/calendar",
    ".txt": "text/plain",
    ".json": "application/json",
    ".yaml": "text/plain",
    ".js": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
}
# Text types we write as UTF-8: say so, or a browser may guess another encoding.
UTF8 = {"text/calendar", "text/plain", "text/html", "text/css", "text/javascript"}


def register_types() -> None:
    for ext, content_type in TYPES.items():
        mimetypes.add_type(content_type, ext)


class StaticHandler(SimpleHTTPRequestHandler):
    """http.server with explicit types and `charset=utf-8` on text, quiet unless asked."""

    quiet = False

    def guess_type(self, path):
        content_type = super().guess_type(path)
        for ext, known in TYPES.items():
            if str(path).endswith(ext):
                content_type = known
        if content_type in UTF8:
            content_type += "; charset=utf-8"
        return content_type

    def log_message(self, format, *args):
        if not self.quiet:
            super().log_message(format, *args)


def static_server(directory: Path, port: int = 8000, *, quiet: bool = False) -> ThreadingHTTPServer:
    """A server for `directory` on 127.0.0.1 (port 0 picks a free one); call serve_forever()."""
    register_types()
    handler = functools.partial(
        type("Handler", (StaticHandler,), {"quiet": quiet}), directory=str(directory)
    )
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--static"]:
        parser = argparse.ArgumentParser(prog="serve.py --static")
        parser.add_argument("--static", type=Path, required=True, metavar="SITE_DIR")
        parser.add_argument("--port", type=int, default=8000)
        args = parser.parse_args(argv)
        server = static_server(args.static, args.port)
        print(f"Serving {args.static} on http://127.0.0.1:{server.server_port}/", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        return 0
    # `mkdocs serve` in this process, so it sees the registered types.
    register_types()
    from mkdocs.__main__ import cli

    return cli.main(args=["serve", *argv], prog_name="mkdocs", standalone_mode=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
