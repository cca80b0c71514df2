"""Build and test glue for the site: one executor, one page reader, the MkDocs hooks.

Importing this package quiets TensorFlow and keeps matplotlib off any screen; both must
happen before TensorFlow or pyplot is imported, so every entry point imports it first.
"""

import logging
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # no C++ log lines on stderr or pages
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # no oneDNN banner, bit-stable CPU results
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# TensorFlow's Python-side logger (retracing notices and the like) is build noise, not
# something the docs' code did: keep it to errors.
logging.getLogger("tensorflow").setLevel(logging.ERROR)
