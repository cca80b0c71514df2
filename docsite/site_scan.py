"""Find anything a built page would load from another host."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

# Attributes through which a page loads something (an <a href> is a link, not a load).
LOADS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "link": ("href",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
}
SCRIPT_URL = re.compile(r"""["'`](?P<url>(?:https?:)?//[^"'`\s]+)""")
NAMESPACES = ("http://www.w3.org/", "https://www.w3.org/")  # identifiers, never fetched
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")
LINK_RELS_THAT_LOAD = {
    "stylesheet",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "icon",
    "modulepreload",
    "manifest",
}


def _is_remote(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or urlparse(url).scheme in {"http", "https"}


class _Loads(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_style = False
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("data-md-component") == "source":  # Material's script asks GitHub's API
            self.found.append(f"<{tag} data-md-component=source> (fetches api.github.com)")
        if tag == "link" and not set((attrs.get("rel") or "").split()) & LINK_RELS_THAT_LOAD:
            return
        for name in LOADS.get(tag, ()):
            for url in (attrs.get(name) or "").split(","):
                url = url.strip().split(" ")[0]
                if url and _is_remote(url):
                    self.found.append(f"<{tag} {name}={url}>")
        self.found += [
            f"style url {u}" for u in CSS_URL.findall(attrs.get("style") or "") if _is_remote(u)
        ]
        if tag == "script":  # a loader that takes its URL from an attribute (data-*)
            self.found += [
                f"<script {name}> url {m['url']}"
                for name, value in attrs.items()
                if name != "src" and value
                for m in SCRIPT_URL.finditer(html.unescape(value))
                if not m["url"].startswith(NAMESPACES)
            ]
        self._in_style = tag == "style"
        self._in_script = tag == "script" and "json" not in (attrs.get("type") or "")

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._in_style = self._in_script = False

    def handle_data(self, data):
        if self._in_style:
            self.found += [f"<style> url {u}" for u in CSS_URL.findall(data) if _is_remote(u)]
        if self._in_script:  # e.g. import("https://cdn...") in an inline script
            self.found += [
                f"<script> url {m['url']}"
                for m in SCRIPT_URL.finditer(data)
                if not m["url"].startswith(NAMESPACES)
            ]


def third_party_loads(site_dir: Path) -> list[str]:
    """Every remote script, stylesheet, image, frame or CSS url in the built site."""
    problems = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix == ".html":
            parser = _Loads()
            parser.feed(path.read_text(encoding="utf-8"))
            found = parser.found
        elif path.suffix == ".css":
            found = [
                f"css url {u}"
                for u in CSS_URL.findall(path.read_text(encoding="utf-8"))
                if _is_remote(u)
            ]
        else:
            continue
        problems += [f"{path.relative_to(site_dir).as_posix()}: {item}" for item in found]
    return problems
