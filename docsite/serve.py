"""Serve a built site on 127.0.0.1 the way GitHub Pages does, for the browser tests and the
benchmark: static files, `index.html` for folders, the site's own 404 page, and (optionally)
gzip for text, as Pages compresses HTML, CSS, JS, SVG and JSON. Served from its own address:
the pages' absolute links to the site's published address (site_url: the language alternates,
which Material's language selector follows to each edition's sitemap, the canonical links)
point to this server instead, as on Pages they point to the host that served them.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

REWRITTEN = {".html", ".xml"}  # what names the site's published address
COMPRESSED = {".html", ".css", ".js", ".svg", ".json", ".xml", ".ipynb", ".txt", ".map"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    compress = False
    prefix = "/"  # the site's path under its host, as GitHub Pages serves a project site
    published = ""  # the site's published address (site_url), as its pages write it

    def translate_path(self, path):
        # The 404 page links its styles and the map by absolute path under the site's address
        # (/<repository>/...), as it is served for any missing path: serve that path too.
        if self.prefix != "/" and path.startswith(self.prefix):
            path = "/" + path[len(self.prefix) :]
        return super().translate_path(path)

    def log_message(self, *args):  # quiet: the tests report what matters
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and not self.path.split("?")[0].endswith("/"):
            return super().send_head()  # the usual redirect to the folder
        target = path / "index.html" if path.is_dir() else path
        if not target.is_file():
            return self._not_found()
        rewrite = self.published and target.suffix in REWRITTEN
        if not rewrite and not (
            self.compress and target.suffix in COMPRESSED and self._accepts_gzip()
        ):
            return super().send_head()
        body = target.read_bytes()
        if rewrite:
            here = f"http://{self.headers.get('Host')}{self.prefix}"
            body = body.replace(self.published.encode(), here.encode())
        if self.compress and self._accepts_gzip():
            body = gzip.compress(body, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(target)))
        if self.compress and self._accepts_gzip():
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)

    def _accepts_gzip(self) -> bool:
        return "gzip" in (self.headers.get("Accept-Encoding") or "")

    def _not_found(self):
        page = Path(self.directory) / "404.html"
        body = page.read_bytes() if page.is_file() else b"Not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """A file-like body for SimpleHTTPRequestHandler.copyfile."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


@contextlib.contextmanager
def serve(site_dir: Path, compress: bool = False):
    """Serve `site_dir` on a free port of 127.0.0.1; yield the base URL ("http://127.0.0.1:N/")."""
    settings = {
        "compress": compress,
        "prefix": site_prefix(site_dir),
        "published": site_address(site_dir),
    }
    handler = functools.partial(type("Handler", (_Handler,), settings), directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def site_address(site_dir: Path) -> str:
    """The site's address (site_url), read from its sitemap: "https://…/keras-two-apis/"."""
    sitemap = Path(site_dir) / "sitemap.xml"
    listed = (
        re.findall(r"<loc>(.*?)</loc>", sitemap.read_text(encoding="utf-8"))
        if sitemap.is_file()
        else []
    )
    return min(listed, key=len) if listed else ""


def site_prefix(site_dir: Path) -> str:
    """The path of the site's address (site_url): "/keras-two-apis/"."""
    address = site_address(site_dir)
    return urlparse(address).path if address else "/"


CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Headless in a sandboxless container, and no background requests to Google's hosts.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str | None:
    """The system's Chromium (scripts/setup.sh installs it): $CHROMIUM, or the first found."""
    import os

    for name in (os.environ.get("CHROMIUM"), *CANDIDATES):
        if name and (found := shutil.which(name)):
            return found
    return None
