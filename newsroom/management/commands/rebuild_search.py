"""python manage.py rebuild_search [--jobs N] [--missing]

Recomputes every derived column of every desk from the rows as they are: live_at (the order of lists
and feeds) and, on PostgreSQL, the search tokens. Needed after rows were written around the models
(bulk loads, a migration from another system, the benchmark); saves through the site keep both right.
"""

import multiprocessing
import os
import time
from collections import deque

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, router

from newsroom.operations import search_index_sql
from newsroom.publication import live_at_of, publishable_models
from newsroom.search import documents, searchable_models, uses_index, write_vectors
from newsroom.tokens import document_tokens

CHUNK = 5000
# With more rows than this to index, the GIN index is dropped and built again at the end: much faster
# than growing it row by row, but searches of that desk are slow meanwhile.
REBUILD_INDEX_ABOVE = 20000


class Command(BaseCommand):
    help = "重新计算各栏目内容的派生字段:上线时间(列表排序)和全文检索索引(PostgreSQL)。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--jobs", type=int, default=os.cpu_count() or 1, help="并行切分文字的进程数(默认为 CPU 核数)"
        )
        parser.add_argument("--missing", action="store_true", help="只为还没有检索索引的条目建索引")

    def handle(self, *args, jobs, missing, **options):
        if jobs < 1:
            raise CommandError("--jobs 至少为 1。")
        self.jobs = jobs
        indexed = [model for model in searchable_models() if uses_index(model)]
        for model in publishable_models():
            if model not in indexed:  # the others get their live_at with their tokens, in the same write
                started = time.monotonic()
                count = model.objects.refresh_live_at()
                self.say(f"{model._meta.verbose_name}:上线时间 {count} 条", started)
        with multiprocessing.get_context("fork").Pool(jobs) if jobs > 1 else _InProcess() as pool:
            for model in indexed:
                self.index(model, pool, missing)

    def index(self, model, pool, missing):
        started = time.monotonic()
        rows = model._base_manager.order_by("pk")
        if missing:
            rows = rows.filter(search_vector__isnull=True)
        pks = list(rows.values_list("pk", flat=True))
        connection = connections[router.db_for_write(model)]
        rebuild = len(pks) > REBUILD_INDEX_ABOVE
        if rebuild:
            with connection.schema_editor(atomic=False) as editor:
                editor.execute(search_index_sql(model, editor, create=False))
        # The workers cut chunks into tokens while this process reads the next chunk and writes the done ones.
        working = deque()
        for start in range(0, len(pks), CHUNK):
            rows = documents(model, pks[start : start + CHUNK], *LIVE_AT_FIELDS)
            working.append(pool.apply_async(_derive, (list(rows.items()),)))
            while len(working) > self.jobs or (working and working[0].ready()):
                write_vectors(model, working.popleft().get())
        while working:
            write_vectors(model, working.popleft().get())
        if rebuild:
            with connection.cursor() as cursor:
                # The index is built in memory, not merged from disk: ten times faster with 1 GB than with the default.
                cursor.execute("SET maintenance_work_mem = '1GB'")
            with connection.schema_editor(atomic=False) as editor:
                editor.execute(search_index_sql(model, editor, create=True))
            with connection.cursor() as cursor:
                cursor.execute("RESET maintenance_work_mem")
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        self.say(f"{model._meta.verbose_name}:检索索引 {len(pks)} 条", started)

    def say(self, text, started):
        self.stdout.write(f"{text}({time.monotonic() - started:.1f} 秒)")


LIVE_AT_FIELDS = ("status", "publish_at", "page_id", "page__edition__publish_at")


def _derive(items):
    """[(pk, tokens joined by spaces, live_at)]: done in a worker process."""
    return [
        (pk, " ".join(document_tokens(text)), live_at_of(status, publish_at, page_id is not None, edition_at))
        for pk, (text, status, publish_at, page_id, edition_at) in items
    ]


class _InProcess:
    """The little of multiprocessing.Pool that index() uses, done at once in this process (--jobs 1)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def apply_async(self, function, args):
        return _Done(function(*args))


class _Done:
    def __init__(self, value):
        self.value = value

    def ready(self):
        return True

    def get(self):
        return self.value
