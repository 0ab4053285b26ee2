"""make bench: the public site measured on a synthetic ten-year archive in PostgreSQL (a script, not a test).

    make bench                   # SCALE=1: ~250,000 stories, 1,000,000 notices, 50,000 outage entries
    make bench SCALE=0.1         # one year, for a quick run
    make bench BENCH_REBUILD=1   # build the archive again even when the database holds one of this SCALE

It builds the archive (bench/archive.py) in DATABASE_URL when that names PostgreSQL, else in
postgres://postgres@127.0.0.1:5432/newsroom_bench, and keeps it for the next run. Then, for every row of
URLS below: the number of SQL queries and p50/p95 over BENCH_RUNS runs (default 30) with Django's test
client in this process; requests per second through gunicorn with wrk (BENCH_WRK_SECONDS, default 10);
and the import of the sample edition, rolled back. The table goes to stdout and to bench/results.md.
Targets missed are marked; the exit status is 0 even then, non-zero only when the benchmark could not run.
"""

import datetime
import logging
import math
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
REDIS_URL = "redis://127.0.0.1:6379/0"
SAMPLE = ROOT / "newsroom" / "sample" / "zhuzhou-daily-2020-04-28.txt"
RESULTS = ROOT / "bench" / "results.md"
README = ROOT / "README.md"
README_START, README_END = "<!-- make bench writes the table below -->", "<!-- end of make bench's table -->"

# Targets: queries per view, in-process p95 in milliseconds, gunicorn requests per second.
MAX_QUERIES = 10
VIEW_MS = 50
SEARCH_MS = 150
LOOKUP_MS = 10
STORY_RPS = 500
CACHED_STORY_RPS = 2500

# A URL gets at least MIN_RUNS timed runs, fewer than `runs` once it has used URL_BUDGET_SECONDS; one whose
# warm-up took more than half that budget is reported by its warm-up alone. A query running longer than
# STATEMENT_TIMEOUT_SECONDS is cancelled and its URL reported as a timeout: the run must end in 15 minutes.
MIN_RUNS = 3
URL_BUDGET_SECONDS = 10
STATEMENT_TIMEOUT_SECONDS = 15


@dataclass
class Url:
    """A measured URL. `path` may name facts of the archive in braces ({edition}), see FACTS below."""

    label: str
    path: str
    target_ms: int = VIEW_MS


# The measured URLs: add a row to measure one more (a new fact is one more function under FACTS).
URLS = [
    Url("home", "/"),
    Url("edition", "/editions/{edition}/"),
    Url("page A2", "/editions/{edition}/A2/"),
    Url("page A8, the day's notices", "/editions/{edition}/A8/"),
    Url("story", "/articles/{story}/"),
    Url("contributor, ~1,000 stories x SCALE", "/contributors/{contributor_1k}/"),
    Url("  the same, last page", "/contributors/{contributor_1k}/?older={contributor_1k_last_page}"),
    Url("contributor, ~10,000 stories x SCALE", "/contributors/{contributor_10k}/"),
    Url("  the same, last page", "/contributors/{contributor_10k}/?older={contributor_10k_last_page}"),
    Url("column, the biggest", "/columns/{column}/"),
    Url("notices", "/notices/"),
    Url("notices, page 2,000", "/notices/?older={notices_page_2000}"),
    Url("number lookup, hit", "/notices/?number={notice_number}", LOOKUP_MS),
    Url("number lookup, miss", "/notices/?number={absent_number}", LOOKUP_MS),
    Url("outages by district, place and date", "/outages/?district=荷塘区&place=财校&date={outage_date}"),
    Url("outage calendar of a district", "/outages/calendar.ics?district=荷塘区"),
    Url("search, a frequent word", "/search/?q=工作", SEARCH_MS),
    Url("search, a rare word", "/search/?q=挂号", SEARCH_MS),
    Url("search, a 4-character phrase", "/search/?q=脱贫攻坚", SEARCH_MS),
    Url("search, a person's name", "/search/?q=任远", SEARCH_MS),
    Url("search, a document number", "/search/?q={notice_number}", SEARCH_MS),
    Url("RSS feed", "/feeds/latest.rss"),
    Url("Atom feed of a contributor, ~10,000 stories x SCALE", "/feeds/contributors/{contributor_10k}.atom"),
    Url("Atom feed of the biggest column", "/feeds/columns/{column}.atom"),
    Url("feed of the notices columns, two weeks", "/feeds/notices.atom"),
    Url("feed of outage notices", "/feeds/outages.rss"),
    Url("Google News sitemap", "/sitemaps/news.xml"),
    Url("sitemap of contributors, first part", "/sitemaps/contributors/0.xml"),
    Url("sitemap index", "/sitemap.xml"),
    Url("sitemap of a day", "/sitemaps/{edition}.xml"),
    Url("API: edition", "/api/v1/editions/{edition}/"),
    Url("API: page A2", "/api/v1/editions/{edition}/A2/"),
    Url("API: story", "/api/v1/stories/{story}/"),
    Url("API: stories of the contributor of ~10,000", "/api/v1/stories/?contributor={contributor_10k}"),
    Url("API: notices, page 2,000", "/api/v1/notices/?cursor={api_notices_page_2000}"),
    Url("API: number lookup, hit", "/api/v1/notices/lookup/?number={notice_number}", LOOKUP_MS),
    Url("API: search, a frequent word", "/api/v1/search/?q=工作", SEARCH_MS),
]
# Through gunicorn and wrk: (label, URL, target req/s uncached, target req/s cached); a static file is the reference.
THROUGHPUT = [
    ("story", "/articles/{story}/", STORY_RPS, CACHED_STORY_RPS),
    ("page A2", "/editions/{edition}/A2/", None, None),
]
STATIC_REFERENCE = "bench-reference.html"


class Refusal(Exception):
    """The benchmark cannot run: one sentence for the user."""


def log(message=""):
    print(message, flush=True)


# ---------------------------------------------------------------------- the database


def database_settings():
    """(url, Django's DATABASES entry): DATABASE_URL when it names PostgreSQL, else newsroom_bench on this machine."""
    from newsroom.config import ConfigError, parse_database_url

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        url = DEFAULT_DATABASE_URL
    try:
        return url, parse_database_url(url, ROOT)
    except ConfigError as exc:
        raise Refusal(str(exc)) from None


def connect(db, name, **options):
    import psycopg

    params = {"user": db["USER"], "password": db["PASSWORD"], "host": db["HOST"], "port": db["PORT"]}
    params = {key: value for key, value in params.items() if value}
    return psycopg.connect(dbname=name, connect_timeout=5, autocommit=True, **params, **options)


def prepare_database(url, db, scale, rebuild):
    """Make sure the database exists and say what to do with it: ("reuse", marker) or ("build", reason)."""
    import psycopg
    from psycopg import sql

    from bench.archive import GENERATOR_VERSION, read_marker

    name = db["NAME"]
    try:
        admin = connect(db, "postgres")
    except psycopg.Error:
        raise Refusal(f"No PostgreSQL answers at {url}: start one or set DATABASE_URL to one that runs.") from None
    with admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return "build", f"database {name} was created"
        with connect(db, name) as conn, conn.cursor() as cursor:
            marker = read_marker(cursor)
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            has_tables = cursor.fetchone()[0] > 0
        if marker is None and not has_tables:
            return "build", f"database {name} is empty"
        if marker is None:
            raise Refusal(
                f"Database {name} holds tables the benchmark did not build; "
                "point DATABASE_URL at an empty database (or unset it to use newsroom_bench)."
            )
        same = marker.get("scale") == scale and marker.get("version") == GENERATOR_VERSION
        if same and marker.get("complete") and not rebuild:
            return "reuse", marker
        if rebuild:
            reason = "BENCH_REBUILD is set"
        elif not marker.get("complete"):
            reason = "the last build did not finish"
        else:
            reason = f"it held SCALE={marker.get('scale')} of generator v{marker.get('version')}"
        try:
            admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
        except psycopg.errors.ObjectInUse:
            raise Refusal(f"Database {name} is in use by another session; close it and run again.") from None
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return "build", f"{name} was emptied: {reason}"


def set_environment(url, static_root):
    """The process's settings, as the app reads them from the environment (PAGE_CACHE_SECONDS=0 in-process)."""
    env = os.environ
    env["DATABASE_URL"] = url
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    env["BENCH_STATIC_ROOT"] = str(static_root)
    env["DEBUG"] = "0"
    env["HTTPS"] = "0"
    env["ALLOWED_HOSTS"] = "127.0.0.1"
    env["PAGE_CACHE_SECONDS"] = "0"
    env.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    env.setdefault("CACHE_KEY_PREFIX", "newsroom-bench")


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def ensure_archive(action, detail, scale):
    """Build the archive or bring a kept one up to date.

    Returns its marker (scale, counts, the seconds of each phase of its build …) and {phase: seconds} of this run.
    """
    from django.core.management import call_command, get_commands
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from bench import archive

    has_rebuild_search = "rebuild_search" in get_commands()
    if action == "build":
        marker = {"scale": scale, "version": archive.GENERATOR_VERSION, "complete": False, "seconds": {}}
        done = marker["seconds"]
        _, done["migrate"] = timed(call_command, "migrate", verbosity=0, interactive=False)
        archive.write_marker(marker)
        end = datetime.datetime.now(archive.SHANGHAI).date()
        marker["counts"], done["generate and load"] = timed(archive.build, scale, end, log)
        marker["built_at"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        marker["end_date"] = end.isoformat()
        refresh = True
    else:
        marker, done = detail, {}
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            log(f"Applying {len(pending)} new migrations to the kept archive.")
            _, done["migrate"] = timed(call_command, "migrate", verbosity=0, interactive=False)
        # New migrations may add derived columns; a rebuild_search that appeared since fills them.
        refresh = bool(pending) or (has_rebuild_search and not marker.get("search_rebuilt"))
    if refresh:
        if has_rebuild_search:
            # An archive indexed before gets the rows still without tokens (minutes less after each new migration);
            # BENCH_REINDEX=1 recomputes every row, for a migration that changes how tokens or live_at are made.
            again = marker.get("search_rebuilt") and not os.environ.get("BENCH_REINDEX")
            log(f"Running manage.py rebuild_search{' --missing' if again else ''} …")
            _, done["rebuild_search"] = timed(call_command, "rebuild_search", *(["--missing"] if again else []))
            marker["search_rebuilt"] = True
        else:
            log("No rebuild_search command yet: search runs on the columns as they are.")
        log("VACUUM ANALYZE …")
        with connection.cursor() as cursor:
            _, done["vacuum analyze"] = timed(cursor.execute, "VACUUM ANALYZE")
        marker["seconds"].update(done)
        marker["complete"] = True
        archive.write_marker(marker)
    return marker, done


# ---------------------------------------------------------------------- facts the URLs name

FACTS = {}


def fact(function):
    """A value URLS may name as {function_name}: computed from the archive when first used."""
    FACTS[function.__name__] = function
    return function


class Facts(dict):
    def __init__(self, scale):
        super().__init__()
        self.scale = scale
        self.notes = {}  # what a fact stands for, for the report
        self.story_counts = {}  # contributor id -> live stories

    def __missing__(self, name):
        if name not in FACTS:
            raise KeyError(f"URLS names {{{name}}}, but there is no @fact function {name} in bench/run.py")
        self[name] = FACTS[name](self)
        return self[name]


@fact
def edition(facts):
    """The edition in the middle of the archive."""
    from newsroom.models import Edition

    dates = Edition.objects.live().order_by("date").values_list("date", flat=True)
    day = dates[dates.count() // 2]
    facts.notes["edition"] = "the edition in the middle of the archive"
    return day.isoformat()


@fact
def story(facts):
    """A story with a photo on page A2 of that edition (else its first story)."""
    from articles.models import Article

    on_page = Article.objects.live().filter(page__edition__date=facts["edition"], page__code="A2")
    found = on_page.filter(photos__isnull=False).order_by("position").first() or on_page.order_by("position").first()
    bylines, photos = found.bylines.count(), found.photos.count()
    facts.notes["story"] = f"«{found.headline}», {len(found.body):,} characters, {bylines} byline(s), {photos} photo(s)"
    return found.pk


def busy_contributor(facts, name, stories):
    """The contributor whose number of live stories is nearest `stories` x SCALE."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT b.contributor_id, c.name, count(DISTINCT b.article_id) AS n
               FROM articles_byline b JOIN articles_article a ON a.id = b.article_id
               JOIN articles_contributor c ON c.id = b.contributor_id
               WHERE a.status = 'published' AND a.kind <> 'continuation'
               GROUP BY b.contributor_id, c.name ORDER BY abs(count(DISTINCT b.article_id) - %s), 1 LIMIT 1""",
            [stories * facts.scale],
        )
        pk, person, count = cursor.fetchone()
    facts.notes[name] = f"{person}, {count:,} stories"
    facts.story_counts[pk] = count
    return pk


def last_page(facts, contributor):
    """The story the contributor's last page starts after (lists page by ?older=<id>, newsroom/paging.py)."""
    from articles.views import PER_PAGE, story_list

    stories = story_list(None).filter(bylines__contributor=contributor)
    pages = max(1, math.ceil(facts.story_counts[contributor] / PER_PAGE))
    return stories.values_list("pk", flat=True)[(pages - 1) * PER_PAGE - 1]


@fact
def notices_page_2000(facts):
    """The notice that page 2,000 of the notices list starts after."""
    from notices.views import PER_PAGE, live_notices

    return live_notices().newest_first().values_list("pk", flat=True)[1999 * PER_PAGE - 1]


@fact
def api_notices_page_2000(facts):
    """The cursor of page 2,000 of the API's notices, as the `next` link of page 1,999 carries it."""
    from newsroom.api_common import PER_PAGE, KeysetPagination
    from notices.models import Notice

    return KeysetPagination().cursor_of("o", Notice.objects.live().newest_first().only("live_at")[1999 * PER_PAGE - 1])


@fact
def contributor_1k(facts):
    return busy_contributor(facts, "contributor_1k", 1000)


@fact
def contributor_1k_last_page(facts):
    return last_page(facts, facts["contributor_1k"])


@fact
def contributor_10k(facts):
    return busy_contributor(facts, "contributor_10k", 10000)


@fact
def contributor_10k_last_page(facts):
    return last_page(facts, facts["contributor_10k"])


@fact
def column(facts):
    """The slug of the column with the most stories."""
    from django.db.models import Count

    from articles.models import Column

    found = Column.objects.annotate(n=Count("articles")).order_by("-n", "pk").first()
    facts.notes["column"] = f"{found.name}, {found.n:,} stories"
    return found.slug


@fact
def notice_number(facts):
    """The number of a birth certificate declared void in the middle of the archive."""
    from django.db.models import Max

    from notices.models import Notice

    middle = Notice.objects.aggregate(top=Max("pk"))["top"] // 2
    number = (
        Notice.objects.filter(pk__gte=middle, document_type="birth_certificate")
        .order_by("pk")
        .values_list("document_number", flat=True)
        .first()
    )
    facts.notes["notice_number"] = "a birth certificate declared void in the middle of the archive"
    return number


@fact
def absent_number(facts):
    """A number of the same form that no notice declares void."""
    from notices.models import Notice

    for tail in range(9999999, 0, -1):
        number = f"M43{tail:07d}"
        if not Notice.objects.filter(raw_text__contains=number).exists():
            facts.notes["absent_number"] = "in no notice"
            return number
    raise AssertionError("every number is taken")


@fact
def outage_date(facts):
    """A day in the second half of the archive with an outage at a place called 财校… in 荷塘区."""
    from outages.models import OutageNotice

    day = (
        OutageNotice.objects.live()
        .filter(
            date__gte=facts["edition"],
            entries__areas__district="荷塘区",
            entries__areas__places__name__contains="财校",
        )
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )
    facts.notes["outage_date"] = "a day with an outage at a place 财校… in 荷塘区"
    return day.isoformat()


def document_frequencies(words, marker):
    """{word: (stories whose text or byline has it, notices whose printed line has it)}, kept in the marker.

    One pass over each table for all the words: a story's public text is put together once per row.
    """
    from django.db import connection

    from bench.archive import write_marker

    known = marker.setdefault("document_frequency", {})
    missing = [word for word in dict.fromkeys(words) if word not in known]
    if missing:
        counts = ", ".join(["count(*) FILTER (WHERE strpos(text, %s) > 0)"] * len(missing))
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT {counts} FROM (
                    SELECT concat_ws(' ', a.headline, a.kicker, a.subheadline, a.body,
                        (SELECT string_agg(c.name, ' ') FROM articles_byline b
                         JOIN articles_contributor c ON c.id = b.contributor_id WHERE b.article_id = a.id)) AS text
                    FROM articles_article a OFFSET 0) AS stories""",
                missing,
            )
            stories = cursor.fetchone()
            cursor.execute(f"SELECT {counts.replace('text', 'raw_text')} FROM notices_notice", missing)
            notices = cursor.fetchone()
        known.update({word: [s, n] for word, s, n in zip(missing, stories, notices, strict=True)})
        write_marker(marker)
    return {word: known[word] for word in words}


# ---------------------------------------------------------------------- measuring


@dataclass
class Measure:
    label: str
    url: str
    status: int = 0
    queries: int | None = None
    p50: float | None = None
    p95: float | None = None
    runs: int = 0
    target_ms: int | None = None
    rps: float | None = None
    target_rps: int | None = None
    note: str = ""
    size: int = 0  # bytes of the response
    timed_out: bool = False  # a query was cancelled after STATEMENT_TIMEOUT_SECONDS
    max_queries: int | None = None


def quoted(path):
    return urllib.parse.quote(path, safe="/?=&:%")


def percentile(times, share):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def statement_timeout(sender, connection, **kwargs):
    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = '{STATEMENT_TIMEOUT_SECONDS}s'")


def is_timeout(error):
    return error is not None and "statement timeout" in str(error)


class HideTimeouts(logging.Filter):
    """django.request logs every 500 with its traceback: not those of the queries the benchmark cancelled."""

    def filter(self, record):
        return not is_timeout(record.exc_info[1] if record.exc_info else None)


def measure_in_process(urls, facts, runs):
    from django.db import connection
    from django.db.backends.signals import connection_created
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    connection_created.connect(statement_timeout)
    connection.close()  # the next one has the timeout
    hide_timeouts = HideTimeouts()
    logging.getLogger("django.request").addFilter(hide_timeouts)
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    results = []
    for url in urls:
        path = url.path.format_map(facts)
        result = Measure(url.label, path, target_ms=url.target_ms, max_queries=MAX_QUERIES)
        results.append(result)
        with CaptureQueriesContext(connection) as queries:  # the warm-up run
            response, warm_up = timed(client.get, quoted(path))
        result.status, result.queries, result.size = response.status_code, len(queries), len(response.content)
        if is_timeout(response.exc_info and response.exc_info[1]):
            result.timed_out = True
            log(f"  {url.label}: {path} was cancelled after {STATEMENT_TIMEOUT_SECONDS} s")
            continue
        if response.status_code != 200:
            log(f"  {url.label}: {path} answered {response.status_code}, not timed")
            continue
        times, spent = [], 0.0
        if warm_up > URL_BUDGET_SECONDS / 2:
            times, result.note = [warm_up * 1000], "(the warm-up run alone: too slow to repeat)"
        while len(times) < runs and (len(times) < MIN_RUNS or spent < URL_BUDGET_SECONDS) and not result.note:
            _, seconds = timed(client.get, quoted(path))
            times.append(seconds * 1000)
            spent += seconds
        result.p50, result.p95, result.runs = statistics.median(times), percentile(times, 0.95), len(times)
        log(f"  {url.label}: {result.queries} queries, p50 {result.p50:,.1f} ms, p95 {result.p95:,.1f} ms")
    logging.getLogger("django.request").removeFilter(hide_timeouts)
    connection_created.disconnect(statement_timeout)
    connection.close()
    return results


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url, timeout=60):
    """(status, body) of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@contextmanager
def gunicorn(**env):
    """A gunicorn of newsroom.wsgi with 2 sync workers on a free loopback port; stopped however the block ends."""
    port = free_port()
    environment = {**os.environ, **env}
    command = [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen([*command, "--workers", "2", "--log-level", "warning"], cwd=ROOT, env=environment)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited with status {server.returncode} before answering")
            try:
                fetch(base + "/static/" + STATIC_REFERENCE, timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not answer within 60 seconds") from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wrk(url, seconds):
    """(requests per second, note) of wrk -t2 -c8 against url."""
    output = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", url], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s*([0-9.]+)", output).group(1))
    notes = [m.group(0) for m in re.finditer(r"(Non-2xx or 3xx responses|Socket errors):[^\n]*", output)]
    return rps, "; ".join(notes)


def redis_answers():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError:
        return False


def measure_throughput(facts, static_root, seconds, story_bytes):
    """Requests per second through gunicorn: uncached, cached (Redis page cache), and a static file as reference."""
    if shutil.which("wrk") is None:
        log("wrk is not installed (apt-get install -y wrk): throughput was skipped.")
        return [Measure("throughput", "", note="skipped: wrk is not installed")]
    # The reference: a static file of the story page's size, served by WhiteNoise.
    (Path(static_root) / STATIC_REFERENCE).write_bytes(b"<p>" + b"x" * max(0, story_bytes - 8) + b"</p>\n")
    runs = [("uncached", {"PAGE_CACHE_SECONDS": "0"})]
    if redis_answers():
        runs.append(("cached", {"PAGE_CACHE_SECONDS": "600", "REDIS_URL": REDIS_URL}))
    else:
        log(f"Redis does not answer at {REDIS_URL}: the cached run was skipped.")
    results = []
    for server_label, env in runs:
        with gunicorn(**env) as base:
            cached = server_label == "cached"
            rows = [
                (label, path, cached_target if cached else target) for label, path, target, cached_target in THROUGHPUT
            ]
            if server_label == "uncached":
                rows.append(("static file, same size (WhiteNoise)", "/static/" + STATIC_REFERENCE, None))
            for label, path, target in rows:
                path = path.format_map(facts)
                url = base + quoted(path)
                result = Measure(f"{label} via gunicorn, {server_label}", path, target_rps=target)
                results.append(result)
                for _ in range(4):  # both workers warm, the cache filled
                    result.status, _body = fetch(url)
                if result.status != 200:
                    log(f"  {result.label}: {path} answered {result.status}, not measured")
                    continue
                result.rps, result.note = wrk(url, seconds)
                log(f"  {result.label}: {result.rps:,.0f} req/s {result.note}")
    return results


def measure_import(archive_first_date):
    """The sample edition imported onto a free date (the day before the archive), rolled back; median of 3."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    day = (archive_first_date - datetime.timedelta(days=1)).isoformat()
    args = [str(SAMPLE), "--date", day, "--page", "A2", "--publish"]
    times = []
    for _ in range(3):
        with transaction.atomic(), CaptureQueriesContext(connection) as queries, open(os.devnull, "w") as out:
            _, seconds = timed(call_command, "import_edition", *args, stdout=out)
            transaction.set_rollback(True)
        times.append(seconds * 1000)
    label = f"import of the sample edition onto {day}, rolled back"
    result = Measure(label, "manage.py import_edition", 0, len(queries), statistics.median(times), max(times), 3)
    log(f"  {label}: {len(queries)} queries, median {result.p50:.0f} ms")
    return result


# ---------------------------------------------------------------------- the report


def machine():
    cpuinfo, meminfo = Path("/proc/cpuinfo").read_text().splitlines(), Path("/proc/meminfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    memory = next((int(line.split()[1]) for line in meminfo if line.startswith("MemTotal")), 0)
    return cpu, os.cpu_count(), memory / 1024 / 1024


def mark(value, fine):
    return f"{value} ✗" if not fine else str(value)


def table_rows(results):
    rows = []
    for r in results:
        status = mark(r.status, r.status == 200) if r.status else "–"
        fine = r.max_queries is None or r.queries <= r.max_queries
        queries = mark(r.queries, fine) if r.queries is not None and not r.timed_out else ""
        p50 = f"{r.p50:,.1f}" if r.p50 is not None else ""
        p95 = mark(f"{r.p95:,.1f}", r.target_ms is None or r.p95 < r.target_ms) if r.p95 is not None else ""
        if r.timed_out:
            status, p95 = "timeout ✗", f"> {STATEMENT_TIMEOUT_SECONDS * 1000:,} ✗"
        rps = mark(f"{r.rps:,.0f}", r.target_rps is None or r.rps >= r.target_rps) if r.rps is not None else ""
        target = f"p95 < {r.target_ms} ms" if r.target_ms else (f"≥ {r.target_rps:,} req/s" if r.target_rps else "")
        runs = str(r.runs) if r.runs else ""
        url = r.url.replace("|", "\\|")
        rows.append(
            f"| {r.label} | `{url}` | {status} | {queries} | {p50} | {p95} | {runs} | {rps} | {target} {r.note} |"
        )
    return rows


def show_in_readme(text):
    """The README shows the latest table: the run's line, the table and its notes, between the two markers."""
    readme = README.read_text(encoding="utf-8")
    if README_START not in readme or README_END not in readme:
        log(f"README.md has no {README_START} … {README_END}: the table was not copied there.")
        return
    lines = text.split("\n")
    body = "\n".join(lines[2 : lines.index("What the URLs name:")]).strip()
    head, rest = readme.split(README_START, 1)
    tail = rest.split(README_END, 1)[1]
    table = f"{README_START}\n{body}\n\nMore in `bench/results.md`.\n{README_END}"
    README.write_text(head + table + tail, encoding="utf-8")


def report(context):
    c = context
    cpu, cores, ram = machine()
    marker = c["marker"]
    lines = [
        f"# make bench, SCALE={marker['scale']:g}",
        "",
        f"Run {c['started']:%Y-%m-%d %H:%M} UTC on {cpu}, {cores} cores, {ram:.0f} GB RAM; PostgreSQL {c['pg']}, "
        f"Python {platform.python_version()}, Django {c['django']}. Load average before/after: {c['load']}.",
        f"Archive: generator v{marker['version']}, last edition {marker.get('end_date')}, "
        f"{'reused, built ' + marker.get('built_at', '?') if c['action'] == 'reuse' else 'built in this run'}.",
        "",
        "| what | URL | status | queries | p50 ms | p95 ms | runs | req/s | target |",
        "|---|---|---|---|---|---|---|---|---|",
        *table_rows(c["results"]),
        "",
        f"- ✗ marks a missed target: at most {MAX_QUERIES} queries per view; in-process p95 under {VIEW_MS} ms "
        f"(search {SEARCH_MS} ms, number lookup {LOOKUP_MS} ms); the story through gunicorn at least {STORY_RPS} "
        f"req/s uncached, {CACHED_STORY_RPS} cached.",
        f"- In-process: Django's test client, DEBUG off, PAGE_CACHE_SECONDS=0; queries counted on the warm-up "
        f"request, then up to {c['runs']} timed runs: at least {MIN_RUNS}, fewer once a URL has taken "
        f"{URL_BUDGET_SECONDS} s, none after a warm-up of more than {URL_BUDGET_SECONDS / 2:g} s (its time is "
        f"given); a query running past {STATEMENT_TIMEOUT_SECONDS} s is cancelled (timeout), so that the run "
        "ends in 15 minutes.",
        f"- Throughput: gunicorn newsroom.wsgi with 2 sync workers on loopback, wrk -t2 -c8 -d{c['wrk_seconds']}s, "
        "on the same 2 cores as PostgreSQL and wrk; cached = PAGE_CACHE_SECONDS=600 with Redis.",
        "",
        "What the URLs name:",
        "",
        *(
            f"- `{{{name}}}` = {value}" + (f": {c['facts'].notes[name]}" if name in c["facts"].notes else "")
            for name, value in c["facts"].items()
        ),
        "",
        "Search words (stories whose headline, kicker, subheadline, body or byline holds the word; notices whose "
        "printed line does):",
        "",
        "| word | stories | share of stories | notices |",
        "|---|---|---|---|",
        *(
            f"| {word} | {stories:,} | {stories / max(1, c['stories']):.2%} | {notices:,} |"
            for word, (stories, notices) in c["frequencies"].items()
        ),
        "",
        "Archive rows:",
        "",
        "| table | rows |",
        "|---|---|",
        *(f"| {label} | {rows:,} |" for label, rows in marker["counts"].items()),
        "",
        "Phases (seconds):",
        "",
        "| phase | seconds |",
        "|---|---|",
        *(f"| {phase} | {seconds:,.0f} |" for phase, seconds in c["phases"].items()),
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------- main


def main():
    started = datetime.datetime.now(datetime.UTC)
    clock = time.perf_counter()
    sys.path.insert(0, str(ROOT))
    scale = float(os.environ.get("SCALE") or 1)
    rebuild = os.environ.get("BENCH_REBUILD", "").strip().lower() in {"1", "true", "yes", "on"}
    runs = int(os.environ.get("BENCH_RUNS") or 30)
    wrk_seconds = int(os.environ.get("BENCH_WRK_SECONDS") or 10)
    load_before = os.getloadavg()[0]

    url, db = database_settings()
    static_root = tempfile.mkdtemp(prefix="newsroom-bench-static-")
    try:
        set_environment(url, static_root)
        import django

        django.setup()  # no connection yet: prepare_database may still create or replace the database
        from django.core.management import call_command
        from django.db import connection

        action, detail = prepare_database(url, db, scale, rebuild)
        where = f"{db['NAME']} on {db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
        if action == "reuse":
            built = detail.get("built_at")
            log(f"Reusing the SCALE={scale:g} archive in {where} (built {built}); BENCH_REBUILD=1 rebuilds it.")
        else:
            log(f"Building a SCALE={scale:g} archive in {where} ({detail}).")
        built = (
            {}
            if action == "build"
            else {f"{phase} (at the kept archive's build)": s for phase, s in detail["seconds"].items()}
        )
        marker, phases = ensure_archive(action, detail, scale)
        phases = {**built, **phases}
        call_command("collectstatic", interactive=False, verbosity=0)

        facts = Facts(scale)
        searched = [dict(urllib.parse.parse_qsl(u.path.format_map(facts).partition("?")[2])).get("q") for u in URLS]
        frequencies, phases["document frequencies"] = timed(document_frequencies, [w for w in searched if w], marker)
        stories = marker["counts"]["articles.Article"]
        for word, (in_stories, in_notices) in frequencies.items():
            log(f"  {word}: in {in_stories:,} stories ({in_stories / stories:.2%}), {in_notices:,} notices")

        log(f"Measuring {len(URLS)} URLs in-process ({runs} runs each) …")
        results, phases["in-process measuring"] = timed(measure_in_process, URLS, facts, runs)
        story_bytes = next(r.size for r in results if r.label == "story")

        log("Measuring throughput through gunicorn …")
        connection.close()  # gunicorn's workers get their own connections
        throughput, phases["throughput"] = timed(measure_throughput, facts, static_root, wrk_seconds, story_bytes)
        results += throughput

        from newsroom.models import Edition

        first = Edition.objects.order_by("date").values_list("date", flat=True).first()
        imported, phases["import"] = timed(measure_import, first)
        results.append(imported)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            pg = cursor.fetchone()[0]
        phases["total (this run)"] = time.perf_counter() - clock
        context = {
            "marker": marker,
            "action": action,
            "started": started,
            "pg": pg,
            "django": django.get_version(),
            "load": f"{load_before:.2f} / {os.getloadavg()[0]:.2f}",
            "results": results,
            "runs": runs,
            "wrk_seconds": wrk_seconds,
            "facts": facts,
            "frequencies": frequencies,
            "stories": stories,
            "phases": phases,
        }
        text = report(context)
        RESULTS.write_text(text, encoding="utf-8")
        show_in_readme(text)
        log("")
        log(text)
        log(f"Written to {RESULTS.relative_to(ROOT)}.")
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Refusal as refusal:
        print(f"make bench: {refusal}", file=sys.stderr)
        sys.exit(2)
