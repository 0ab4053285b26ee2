"""make bench: how long the common requests take on the sample edition (timing targets live here, not in tests).

Runs against a throw-away SQLite database (or DATABASE_URL when given), imports the
sample edition, then times each public request with Django's test client and prints
the median and the worst of N runs against its target. Exits 1 when a median misses.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
TMP = tempfile.mkdtemp(prefix="newsroom-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
# (what, URL, target median in milliseconds on the 2-core machine CI runs on)
REQUESTS = [
    ("front page", "/", 60),
    ("page A2 (24 items)", "/editions/2020-04-28/A2/", 80),
    ("edition", "/editions/2020-04-28/", 80),
    ("feature article", None, 40),
    ("notice lookup", "/notices/?number=M431033654", 40),
    ("outages by place", "/outages/?date=2020-04-29&district=荷塘区&place=财校", 50),
    ("outage calendar", "/outages/calendar.ics?district=荷塘区", 60),
]
IMPORT_TARGET_MS = 3000


def timed(fn):
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main():
    call_command("migrate", verbosity=0)
    sample = ROOT / "newsroom" / "sample" / "zhuzhou-daily-2020-04-28.txt"
    args = [str(sample), "--date", "2020-04-28", "--page", "A2", "--publish"]
    import_ms = timed(lambda: call_command("import_edition", *args, stdout=open(os.devnull, "w")))
    from articles.models import Article

    feature = Article.objects.get(headline__startswith="加减乘除").get_absolute_url()
    client = Client()
    failed = False
    print(f"{'request':28} {'median ms':>10} {'worst ms':>10} {'target':>8}")
    print(f"{'import sample edition':28} {import_ms:10.1f} {'':>10} {IMPORT_TARGET_MS:8}")
    failed |= import_ms > IMPORT_TARGET_MS
    for label, url, target in REQUESTS:
        url = url or feature
        client.get(url)  # warm up
        times = []
        for _ in range(RUNS):
            times.append(timed(lambda url=url: client.get(url)))
        median = statistics.median(times)
        failed |= median > target
        mark = "" if median <= target else "  <- over target"
        print(f"{label:28} {median:10.1f} {max(times):10.1f} {target:8}{mark}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
