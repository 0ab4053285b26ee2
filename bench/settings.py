"""The app's settings (newsroom/settings.py, read from the environment), with one change for the benchmark:
static files are collected into BENCH_STATIC_ROOT, a temporary folder of bench/run.py's, so that a run
leaves the checkout's staticfiles/ alone. Used by the in-process measurements and by the gunicorn it starts."""

import os

from newsroom.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
