"""The versions the site was built and tested with, for prose: `{{ versions.keras }}` on a page
becomes the installed Keras version. Read from the installed distributions (the venv the tests
and the build run in), never typed, so a page cannot name a version it was not checked on.
"""

from __future__ import annotations

import platform
import re
from importlib import metadata

MACRO = re.compile(r"\{\{\s*versions\.(?P<name>[\w-]+)\s*\}\}")

# Name used on pages -> the distributions that provide it, first installed one wins.
DISTRIBUTIONS = {
    "keras": ("keras",),
    "tensorflow": ("tensorflow-cpu", "tensorflow"),
    "jax": ("jax",),
    "torch": ("torch",),
    "numpy": ("numpy",),
    "scikit-learn": ("scikit-learn",),
    "matplotlib": ("matplotlib",),
    "ipython": ("ipython",),
    "mkdocs": ("mkdocs",),
}


class UnknownVersion(KeyError):
    """A page names a version the site does not know or that is not installed."""


def version(name: str) -> str:
    if name == "python":
        return platform.python_version()
    for distribution in DISTRIBUTIONS.get(name, ()):
        try:
            return metadata.version(distribution).split("+")[0]
        except metadata.PackageNotFoundError:
            continue
    known = ", ".join(sorted([*DISTRIBUTIONS, "python"]))
    raise UnknownVersion(f"`{{{{ versions.{name} }}}}`: not installed, or not one of {known}")


def minor(name: str) -> str:
    """ "3.15" for Keras 3.15.1: the form prose would type, which the wiring forbids."""
    return ".".join(version(name).split(".")[:2])


def expand(text: str) -> str:
    """`text` with every `{{ versions.name }}` replaced by the installed version."""
    return MACRO.sub(lambda match: version(match["name"]), text)


PRODUCTS = {
    "keras": "Keras",
    "tensorflow": "(?:TensorFlow|TF)",
    "numpy": "NumPy",
    "python": "Python",
}


def typed(text: str) -> list[str]:
    """Installed versions typed into `text` ("Keras 3.15", "TF 2.21.0") instead of named with
    `{{ versions.name }}`: they would stay behind when the pins move."""
    found = []
    for name, product in PRODUCTS.items():
        try:
            number = re.escape(minor(name))
        except UnknownVersion:
            continue
        pattern = rf"\b{product}\s+{number}(?:\.\d+)?(?![\d.]*\d)"
        found += [match.group(0) for match in re.finditer(pattern, text)]
    return found
