"""The synthetic archive `make bench` measures the public site on (bench/run.py drives it).

Ten years (x SCALE) of daily editions of eight pages, with about 250,000 stories, 1,000,000 lost-document
notices and 50,000 outage entries at SCALE=1. Everything is made from the sample edition
(newsroom/sample/zhuzhou-daily-2020-04-28.txt) as the app's own parser reads it:

- story bodies are the sample's clauses drawn with Zipf-Mandelbrot weights, so that a common word (工作,
  困难) is in most stories and a word of a rarely drawn clause in a fraction of a percent of them;
  headlines, kickers, subheadlines, crossheads and captions are the sample's or its short clauses;
- bylines and photo credits name a few hundred contributors in the roles and printed affiliations of
  articles/bylines.py; two of them have about 10,000 stories, many about 1,000;
- notices are printed by notices.printed.print_notice_line (raw_text is the printed line) and stored with
  the fields Notice.set_parsed gives; a few are lines run together that an editor must review;
- outage rows are written with outages.parser's formatters, their places named like the sample's.

A fixed seed makes the same archive for the same SCALE; only the dates move: the last edition is the day
the archive is built. Rows go in with PostgreSQL COPY (psycopg 3). Each table's columns come from its
model's concrete fields: the generator's values for the fields it knows, every other field's default
(a field with a database default is left to the database), so columns colleagues add with a default or
null need no change here. The history tables of django-simple-history are not written.
"""

import datetime
import json
import random
import re
import time
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate
from pathlib import Path
from types import SimpleNamespace

from django.core.management.color import no_style
from django.db import connection
from django.db.models import NOT_PROVIDED
from django.utils.text import slugify

from articles.bylines import SLASH_ROLES, Credit
from articles.models import ROLE_BY_PRINTED, Article, Byline, Column, Contributor, Photo, PhotoCredit
from newsroom.edition_text import parse_edition
from newsroom.models import Edition, Page
from notices import printed
from notices.models import CONTENT_FIELDS, Notice
from notices.validators import resident_id_check_character
from outages.models import AffectedArea, OutageEntry, OutageNotice, OutageWindow, Place, row_fingerprint
from outages.parser import SHANGHAI, ParsedArea, entry_line, format_areas, format_windows

# Bump when the generator changes what it writes: an archive of another version is rebuilt.
GENERATOR_VERSION = 2
SEED = 20200428
SAMPLE = Path(__file__).resolve().parents[1] / "newsroom" / "sample" / "zhuzhou-daily-2020-04-28.txt"

# Sizes at SCALE=1.
YEARS = 10
STORIES = 250_000
NOTICES = 1_000_000
OUTAGE_ENTRIES = 50_000

# The eight pages of every edition, and how many of a day's stories each carries (relative weights).
PAGES = [("A1", "要闻"), ("A2", "综合"), ("A3", "时政"), ("A4", "社会"), ("A5", "经济"), ("A6", "文体")]
PAGES += [("A7", "分类广告"), ("A8", "公告")]
STORY_PAGE_WEIGHTS = [7, 9, 11, 11, 11, 11, 3, 3]
OUTAGE_PAGE = 1  # A2, as in the sample
NOTICE_PAGES = (6, 7)  # the classifieds pages A7 and A8 share the day's notices
FIRST_POSITION_AFTER_STORIES = 100

# Story bodies: clause weights (rank + Q) ** -S over a seeded shuffle of the sample's clauses; a story of
# ~1,650 characters draws ~135 clauses, so the first clause is drawn ~4 times a story and the last in
# ~0.2% of stories (see the document frequencies bench/run.py prints).
ZIPF_Q = 100
ZIPF_S = 4.5
URN_SIZE = 2**21
# A body takes the clauses that fit in a length drawn from BODY_TARGET; with its line breaks, the 。 that
# close its paragraphs and a feature's crossheads it has 800-2,500 characters (a clause has at most 46).
BODY_TARGET = (850, 2300)
CLAUSE_RE = re.compile(r"[^,。;!?:、]+[,。;!?:、]?")
SENTENCE_END = "。!?"

COLUMNS = [
    ("学习微党课", "深入学习 习近平新时代中国特色社会主义思想"),
    ("创建更高质量文明城市", ""),
    *(
        (name, "")
        for name in "今日关注 民生直通车 法治在线 株洲记忆 健康讲堂 教育视窗 文明株洲 乡村振兴 百姓故事 城事速递 "
        "经济观察 文化长廊 体育天地 神农湖畔 记者走基层 产业一线 政策解读 安全生产 生态株洲 创新动力谷 红色足迹 "
        "县域传真 榜样力量 消费提示 交通出行 社区微光 老家那些事 读者来信".split()
    ),
]
COLUMN_SHARE = 0.15
PHOTO_SHARE = 0.25
KICKER_SHARE = 0.15
SUBHEADLINE_SHARE = 0.08

CONTRIBUTORS = 400
STAFF = 140
# The two busiest reporters: each is the first name on this share of all stories (~10,000 at SCALE=1).
STARS = ("任远", "刘琼")
STAR_SHARE = 0.04
STAFF_ROLES = [(("记者", "株洲日报"), 60), (("全媒体记者", ""), 20), (("见习记者", "株洲日报"), 8)]
STAFF_ROLES += [(("首席记者", "株洲日报"), 4), (("摄影记者", "株洲日报"), 5), (("融媒体记者", ""), 3)]
CORRESPONDENT_ROLES = [(("通讯员", ""), 75), (("通讯员", "株洲日报"), 10), (("特约通讯员", ""), 8), (("实习生", ""), 7)]
BYLINE_SIZES = ([1, 2, 3], [45, 40, 15])

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭"
    "陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃易阳易文"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力燕鹏斌宇浩凯俊峰琳晶婷雪慧莉岚琼远海兴虎德怀"
    "学思泉林彦嘉晓雨如剑泽佳欣怡梓涵子轩诺桐然航志国卫东小丹颖倩露璐琪瑶晨阳博睿翔坤鑫磊洁薇蓉湘株"
)

# Notices: organisations, issuers, estates and schools as the column prints them.
ORG_PLACES = ("株洲", "株洲市", "醴陵市", "攸县", "湖南")
ORG_STEMS = (
    "万畅 泰全 森林 恒达 鑫源 华美 金盛 天宇 宏图 顺发 德信 永安 佳和 联创 盛世 振兴 广源 新湘 荷塘 神农".split()
)
ORG_TRADES = (
    "贸易 科技 建材 旅游客运 物流 运输 房地产开发 餐饮管理 装饰工程 电子商务 消防器材 机械 陶瓷 服饰 农业开发".split()
)
ORG_FORMS = [("有限公司", 70), ("有限责任公司", 20), ("经营部", 5), ("商行", 5)]
ISSUERS = ("伟大集团", "湖南省三和房地产开发有限公司", "株洲市城市建设发展集团", "株洲神农城投资有限公司")
ISSUERS += ("湖南华晨置业有限公司", "株洲市自来水公司", "株洲新奥燃气有限公司", "株洲市住房公积金管理中心")
PAYMENT_ISSUERS = ("湖南省株洲市房地产权属与市场管理处", "株洲市不动产登记中心", "株洲市房产管理局")
SCHOOLS = ("株洲市第二中学", "株洲市第一中学", "湖南工业大学", "株洲师范高等专科学校", "湖南铁道职业技术学院")
SCHOOLS += ("醴陵市第一中学", "株洲市南方中学", "湖南化工职业技术学院")
ESTATES = "城市公园 荷塘观邸 檀香山 神农城 湘江一品 栗雨花园 泰山小区 桂花苑 樟树湾 新华苑 天元名都 红旗小区".split()
BIRTH_LETTERS = "MONPQKL"
ID_DISTRICTS = ("02", "03", "04", "11", "21", "23", "24", "81")
PLATE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
REVIEW_NOTE = "这一行未能自动识别,按原文见报;请核对后补全各项。"
NEEDS_REVIEW_SHARE = 0.003

# Outages: substations, and the stems of place names with their district (the sample's first).
SUBSTATIONS = "月行山 南华 龙潭 建设 白马垄 荷塘 栗雨 泰山 田心 曲尺 董家塅 清水塘 响石岭 大丰 枫溪 金山 马家河".split()
SAMPLE_PLACES = {
    "荷塘区": "十三中 财校 帝棚子 城建学校 海德堡 湘江 湘江制药 市委党校 果木园 南雅实验中学 二完校区",
    "芦淞区": "南方航空 广七里小学 株洲冶炼厂 檀香山 南华",
}
PLACE_STEMS = "红旗 新华 桂花 樟树 白石港 栗雨 泰山 神农 建宁 东风 文化 钻石 车站 人民 航空 金钩山 八达 荷花 建设 向阳"
PLACE_STEMS += (
    " 枫溪 宋家桥 月塘 明照 茨菇塘 龙泉 田心 清水塘 响石岭 霞湾 铜塘湾 石峰 井墈 学林 马家河 群丰 雷打石 白关"
)
PLACE_SUFFIXES = ("一台区", "二台区", "三台区", "四台区", "台区箱变", "一台区箱变", "*01环网箱变", "配电房", "")
DISTRICT_WEIGHTS = [("荷塘区", 22), ("芦淞区", 20), ("天元区", 20), ("石峰区", 16), ("渌口区", 6), ("醴陵市", 6)]
DISTRICT_WEIGHTS += [("攸县", 4), ("茶陵县", 3), ("炎陵县", 2), ("株洲县", 1)]
WINDOW_STARTS = ((8, 0), (8, 30), (9, 0), (7, 0), (13, 30), (14, 0), (19, 0), (6, 30))
ENTRY_STATUSES = [(("planned", ""), 95), (("postponed", "因天气原因延期。"), 2), (("cancelled", "因故取消。"), 2)]
ENTRY_STATUSES += [(("done", ""), 1)]


def days_for(scale):
    return max(1, round(365.25 * YEARS * scale))


def spread(total, parts, index):
    """How many of `total` things the index-th of `parts` equal parts gets."""
    return total // parts + (1 if index < total % parts else 0)


def weighted(pairs):
    """(values, weights) from [(value, weight)]: random.choices(*weighted(pairs)) draws one."""
    return [value for value, _ in pairs], [weight for _, weight in pairs]


class Table:
    """COPY rows into one model's table: the generator gives `fields` in that order, every other column its default."""

    def __init__(self, model, fields):
        meta = model._meta
        given = [meta.get_field(name) for name in fields]
        rest = [f for f in meta.concrete_fields if f not in given and not getattr(f, "generated", False)]
        defaulted = [f for f in rest if f.db_default is NOT_PROVIDED]  # a database default is left to the database
        self.table = meta.db_table
        self.sql = "COPY {} ({}) FROM STDIN".format(
            connection.ops.quote_name(meta.db_table),
            ", ".join(connection.ops.quote_name(f.column) for f in given + defaulted),
        )
        self.defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in defaulted)
        self.rows = 0

    def copy(self, rows):
        """Write an iterable of value tuples; returns how many.

        The table's plain indexes (not its primary key or constraints) are dropped for the load and built
        again after it, as a bulk load does: sorting once is much cheaper than a million index inserts.
        """
        with connection.connection.cursor() as cursor:
            cursor.execute(INDEXES_SQL, [self.table])
            indexes = cursor.fetchall()
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            with cursor.copy(self.sql) as copy:
                for row in rows:
                    copy.write_row(row + self.defaults)
                    self.rows += 1
            for _name, definition in indexes:
                cursor.execute(definition)
        return self.rows


# The plain indexes of a table: neither its primary key nor an index behind a constraint.
INDEXES_SQL = """
    SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
"""


class Sample:
    """What the archive is made of: the sample edition as the app's parser reads it."""

    def __init__(self):
        parse = parse_edition(
            SAMPLE.read_text(encoding="utf-8"), datetime.date(2020, 4, 28), "株洲日报", ["学习微党课"]
        )
        stories = [a for a in parse.articles if a.kind != "continuation"]
        paragraphs = [b.text for a in parse.articles for b in a.blocks if b.kind == "p"]
        clauses = [m.group().strip() for p in paragraphs for m in CLAUSE_RE.finditer(p)]
        self.clauses = list(dict.fromkeys(c for c in clauses if len(c) >= 2))
        self.short = [c.rstrip(",。;!?:、") for c in self.clauses if 6 <= len(c) <= 18]
        self.headlines = [a.headline for a in stories]
        self.subheadlines = [a.subheadline for a in stories if a.subheadline]
        self.crossheads = [b.text for a in stories for b in a.blocks if b.kind == "h"]
        self.captions = [p.caption.replace("\n", " ") for a in stories for p in a.photos if p.caption]
        self.credits = [c for a in stories for c in a.bylines] + [
            c for a in stories for p in a.photos for c in p.credits
        ]
        table = parse.outages[0][0]
        self.warning = table.warning


class Prose:
    """Bodies, headlines and captions drawn from the sample's clauses."""

    def __init__(self, sample, rng):
        self.sample, self.rng = sample, rng
        clauses = list(sample.clauses)
        rng.shuffle(clauses)
        weights = [(rank + ZIPF_Q) ** -ZIPF_S for rank in range(1, len(clauses) + 1)]
        # An urn holding each clause in proportion to its weight: drawing from it unweighted is several
        # times faster than random.choices with weights, and the rarest clause still has dozens of copies.
        scale = URN_SIZE / sum(weights)
        self.urn = [
            clause for clause, weight in zip(clauses, weights, strict=True) for _ in range(round(weight * scale))
        ]

    def draw(self, k):
        return self.rng.choices(self.urn, k=k)

    def body(self, crossheads=()):
        """800-2,500 characters, one paragraph a line, crossheads as '# …' lines between paragraphs."""
        rng = self.rng
        length = rng.randint(*BODY_TARGET)
        picks = self.draw(length // 10)  # clauses have ~12 characters: nearly always enough
        ends = list(accumulate(map(len, picks)))
        while ends[-1] < length:
            picks += self.draw(20)
            ends = list(accumulate(map(len, picks)))
        count = bisect_right(ends, length)
        paragraphs, start = [], 0
        while start < count:
            stop = min(count, start + rng.randint(4, 24))
            text = "".join(picks[start:stop])
            if text[-1] not in SENTENCE_END:
                text = text.rstrip(",;:、") + "。"
            paragraphs.append(text)
            start = stop
        # Crossheads before distinct paragraphs (never the first), in their order.
        places = sorted(rng.sample(range(1, len(paragraphs)), min(len(crossheads), len(paragraphs) - 1)))
        for place, crosshead in reversed(list(zip(places, crossheads, strict=False))):
            paragraphs.insert(place, f"# {crosshead}")
        return "\n".join(paragraphs)

    def headline(self):
        rng = self.rng
        if rng.random() < 0.05:
            return rng.choice(self.sample.headlines)
        first = rng.choice(self.sample.short)
        return f"{first} {rng.choice(self.sample.short)}" if rng.random() < 0.3 and len(first) < 12 else first

    def caption(self):
        if self.rng.random() < 0.05:
            return self.rng.choice(self.sample.captions)
        return "".join(self.draw(self.rng.randint(2, 5))).rstrip(",;:、") + "。"


def person_name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=1 if rng.random() < 0.35 else 2))


def resident_id(rng):
    """An 18-character resident ID of Zhuzhou (4302…) with a real birth date and the right check character."""
    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(60 * 365))
    first17 = f"4302{rng.choice(ID_DISTRICTS)}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + resident_id_check_character(first17)


@dataclass(eq=False)
class Person:
    """A contributor as the generator bylines them: one role, printed with one affiliation (or none)."""

    id: int
    name: str
    role: str
    printed: str
    staff: bool


class Builder:
    def __init__(self, scale, end_date, log):
        self.scale, self.log = scale, log
        self.rng = random.Random(SEED)
        self.sample = Sample()
        self.prose = Prose(self.sample, self.rng)
        self.days = days_for(scale)
        self.dates = [end_date - datetime.timedelta(days=self.days - 1 - i) for i in range(self.days)]
        self.publish = [datetime.datetime.combine(d, datetime.time(6, 0), SHANGHAI) for d in self.dates]
        self.counts = {}
        self.org_forms = weighted(ORG_FORMS)
        self.entry_statuses = weighted(ENTRY_STATUSES)
        self.filer_ids = [resident_id(self.rng) for _ in range(5000)]

    def page_id(self, day_index, page_index):
        return day_index * len(PAGES) + page_index + 1

    def run(self):
        steps = [
            ("editions and pages", self.editions),
            ("contributors and columns", self.people),
            ("stories, bylines and photos", self.stories),
            ("notices", self.notices),
            ("outages", self.outages),
        ]
        for label, step in steps:
            start = time.perf_counter()
            step()
            self.log(f"  {label}: {time.perf_counter() - start:.0f} s")
        models = [Edition, Page, Contributor, Column, Article, Byline, Photo, PhotoCredit, Notice]
        models += [OutageNotice, OutageEntry, OutageWindow, AffectedArea, Place]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        return self.counts

    def count(self, model, table):
        self.counts[model._meta.label] = table.rows

    # ------------------------------------------------------------------ editions

    def editions(self):
        editions = Table(Edition, ["id", "date", "number", "publish_at"])
        editions.copy((i + 1, day, 1 + i, self.publish[i]) for i, day in enumerate(self.dates))
        pages = Table(Page, ["id", "edition", "code", "name", "order"])
        pages.copy(
            (self.page_id(i, p), i + 1, code, name, int(code[1:]))
            for i in range(self.days)
            for p, (code, name) in enumerate(PAGES)
        )
        self.count(Edition, editions)
        self.count(Page, pages)

    # ------------------------------------------------------------------ people

    def people(self):
        rng = self.rng
        people, seen = [], set()

        def add(name, role, affiliation, staff):
            owner = Contributor.affiliation_of(Credit(name, role, affiliation))
            if (name, owner) not in seen:
                seen.add((name, owner))
                people.append(Person(len(people) + 1, name, role, affiliation, staff))

        for name in STARS:
            add(name, "记者", "株洲日报", True)
        for credit in self.sample.credits:
            add(credit.name, credit.role, credit.affiliation, credit.role not in SLASH_ROLES | {"实习生"})
        staff_roles = weighted(STAFF_ROLES)
        other_roles = weighted(CORRESPONDENT_ROLES)
        while len(people) < CONTRIBUTORS:
            staff = sum(p.staff for p in people) < STAFF
            (role, affiliation), *_ = rng.choices(*(staff_roles if staff else other_roles))
            add(person_name(rng), role, affiliation, staff)
        self.staff = [p for p in people if p.staff]
        self.correspondents = [p for p in people if not p.staff]
        # First names: the stars a fixed share each, the other staff Zipf-Mandelbrot; further names likewise.
        others = [(rank + 30) ** -1 for rank in range(len(self.staff) - len(STARS))]
        stars = [STAR_SHARE * sum(others) / (1 - STAR_SHARE * len(STARS))] * len(STARS)
        self.first_cum = list(accumulate(stars + others))
        self.staff_cum = list(accumulate((rank + 30) ** -1 for rank in range(len(self.staff))))
        self.correspondent_cum = list(accumulate((rank + 20) ** -1 for rank in range(len(self.correspondents))))
        self.photographers = [p for p in self.staff if p.role == "摄影记者"]

        contributors = Table(Contributor, ["id", "name", "affiliation"])
        contributors.copy((p.id, p.name, Contributor.affiliation_of(Credit(p.name, p.role, p.printed))) for p in people)
        columns = Table(Column, ["id", "name", "slug", "banner"])
        columns.copy(
            (i + 1, name, slugify(name, allow_unicode=True), banner) for i, (name, banner) in enumerate(COLUMNS)
        )
        self.column_cum = list(accumulate((rank + 3) ** -1 for rank in range(len(COLUMNS))))
        self.count(Contributor, contributors)
        self.count(Column, columns)

    def byline_people(self):
        rng = self.rng
        size = rng.choices(*BYLINE_SIZES)[0]
        chosen = rng.choices(self.staff, cum_weights=self.first_cum)
        while len(chosen) < size:
            if rng.random() < 0.65:
                person = rng.choices(self.correspondents, cum_weights=self.correspondent_cum)[0]
            else:
                person = rng.choices(self.staff, cum_weights=self.staff_cum)[0]
            if person not in chosen:
                chosen.append(person)
        return sorted(chosen, key=lambda p: not p.staff)  # staff first, as the paper prints them

    # ------------------------------------------------------------------ stories

    def stories(self):
        rng, prose, sample = self.rng, self.prose, self.sample
        total = round(STORIES * self.scale)
        bylines, photos, credits = [], [], []
        columns = range(1, len(COLUMNS) + 1)

        def rows():
            story_id = 0
            for day in range(self.days):
                published = self.publish[day]
                pages = sorted(
                    rng.choices(range(len(PAGES)), weights=STORY_PAGE_WEIGHTS, k=spread(total, self.days, day))
                )
                positions = dict.fromkeys(range(len(PAGES)), 0)
                for page in pages:
                    story_id += 1
                    positions[page] += 1
                    kind = rng.choices(("news", "feature", "photo"), (85, 10, 5))[0]
                    column = (
                        rng.choices(columns, cum_weights=self.column_cum)[0] if rng.random() < COLUMN_SHARE else None
                    )
                    crossheads = rng.sample(sample.crossheads, rng.randint(2, 4)) if kind == "feature" else ()
                    subheadline = ""
                    if rng.random() < SUBHEADLINE_SHARE or (kind == "feature" and rng.random() < 0.5):
                        subheadline = (
                            rng.choice(sample.subheadlines) if rng.random() < 0.1 else "——" + rng.choice(sample.short)
                        )
                    created = published - datetime.timedelta(hours=rng.randint(8, 40))
                    people = self.byline_people()
                    for order, person in enumerate(people):
                        bylines.append(
                            (len(bylines) + 1, story_id, person.id, ROLE_BY_PRINTED[person.role], person.printed, order)
                        )
                    if kind == "photo" or rng.random() < PHOTO_SHARE - 0.05:
                        photos.append((len(photos) + 1, story_id, prose.caption(), 0))
                        shooters = [rng.choice(self.photographers) if rng.random() < 0.4 else people[0]]
                        if rng.random() < 0.2:
                            shooters.append(rng.choices(self.correspondents, cum_weights=self.correspondent_cum)[0])
                        for order, person in enumerate(dict.fromkeys(shooters)):
                            credits.append(
                                (
                                    len(credits) + 1,
                                    len(photos),
                                    person.id,
                                    ROLE_BY_PRINTED[person.role],
                                    person.printed,
                                    order,
                                )
                            )
                    yield (
                        story_id,
                        "published",
                        published,
                        self.page_id(day, page),
                        positions[page],
                        created,
                        created,
                        1,
                        rng.choice(sample.short) if rng.random() < KICKER_SHARE else "",
                        prose.headline(),
                        subheadline,
                        column,
                        "株洲日报讯" if kind == "news" and column is None and rng.random() < 0.9 else "",
                        prose.body(crossheads),
                        kind,
                    )

        fields = ["id", "status", "publish_at", "page", "position", "created_at", "updated_at", "version"]
        fields += ["kicker", "headline", "subheadline", "column", "dateline", "body", "kind"]
        articles = Table(Article, fields)
        articles.copy(rows())
        self.count(Article, articles)
        credit_fields = ["id", "article", "contributor", "role", "affiliation", "order"]
        for model, fields, data in [
            (Byline, credit_fields, bylines),
            (Photo, ["id", "article", "caption", "order"], photos),
            (PhotoCredit, ["id", "photo", *credit_fields[2:]], credits),
        ]:
            table = Table(model, fields)
            table.copy(data)
            self.count(model, table)

    # ------------------------------------------------------------------ notices

    def org(self):
        rng = self.rng
        form = rng.choices(*self.org_forms)[0]
        return rng.choice(ORG_PLACES) + rng.choice(ORG_STEMS) + rng.choice(ORG_TRADES) + form

    def declare_people(self):
        """One or two people, now and then printed with a stray blank before 遗失 (as ·陈琰 遗失…)."""
        rng = self.rng
        names = [person_name(rng) for _ in range(1 if rng.random() < 0.8 else 2)]
        return {"declarants": names, "declarant_kind": printed.PERSON, "separator": " " if rng.random() < 0.03 else ""}

    def declare_person(self):
        return {"declarants": [person_name(self.rng)], "declarant_kind": printed.PERSON}

    def declare_org(self):
        return {"declarants": [self.org()], "declarant_kind": printed.ORGANISATION}

    def address(self):
        rng = self.rng
        block = f"{rng.randint(1, 9)}区" if rng.random() < 0.3 else ""
        return f"{rng.choice(ESTATES)}{block}{rng.randint(1, 30)}栋{rng.randint(1, 28)}{rng.randint(1, 4):02d}房"

    def digits(self, n):
        return f"{self.rng.randrange(10**n):0{n}d}"

    def amount(self, low, high):
        return Decimal(self.rng.randint(low, high))

    def printed_name(self, code):
        """One of the names the column prints for a document type: (printed_type or None, code)."""
        label, aliases, _unit = printed.VOCABULARY[code]
        name = self.rng.choice((label, label, *aliases))
        return (None if name == label else name), code

    def notice_fields(self, kind):
        """The fields of one notice of `kind`, as a ParsedNotice (what print_notice_line prints)."""
        rng, p = self.rng, printed
        if kind == "birth_certificate":
            surname = rng.choice(SURNAMES)
            given = "".join(rng.choices(GIVEN, k=2))
            parents = {"father": surname + "".join(rng.choices(GIVEN, k=rng.randint(1, 2))), "mother": person_name(rng)}
            number = rng.choice(BIRTH_LETTERS) + "43" + self.digits(7)
            fields = {"declarants": [surname + given], "declarant_kind": p.PERSON, "parents": parents}
            return p.ParsedNotice(**fields, document_type=kind, document_number=number)
        if kind in ("resident_id", "driving_licence"):
            printed_type, code = self.printed_name(kind)
            return p.ParsedNotice(
                **self.declare_person(), document_type=code, printed_type=printed_type, document_number=resident_id(rng)
            )
        if kind == "household_register":
            return p.ParsedNotice(**self.declare_people(), document_type=kind, printed_type=self.printed_name(kind)[0])
        if kind == "road_transport_permit_copy":
            plate = "湘B" + "".join(rng.choices(PLATE_CHARS, k=5))
            code = rng.choice(("road_transport_permit_copy", "road_transport_permit_original", "road_transport_permit"))
            return p.ParsedNotice(
                **self.declare_org(),
                plate=plate,
                document_type=code,
                number_prefix="湘交运管株",
                document_number="430201" + self.digits(6),
            )
        if kind == "official_seal":
            code = rng.choice(("official_seal", "official_seal", "finance_seal", "legal_rep_seal", "contract_seal"))
            printed_type, code = self.printed_name(code)
            if code == "official_seal" and rng.random() < 0.3:
                printed_type = "原公章"
            return p.ParsedNotice(**self.declare_org(), document_type=code, printed_type=printed_type, quantity=1)
        if kind == "business_licence":
            code = rng.choice(("business_licence", "business_licence_original", "business_licence_copy"))
            number = "91430" + self.digits(3) + "".join(rng.choices(PLATE_CHARS, k=10))
            return p.ParsedNotice(**self.declare_org(), document_type=code, document_number=number)
        if kind == "account_permit":
            return p.ParsedNotice(**self.declare_org(), document_type=kind, document_number="J552" + self.digits(10))
        if kind == "receipt":
            printed_type, code = self.printed_name(kind)
            return p.ParsedNotice(
                **self.declare_people(),
                address=self.address(),
                document_type=code,
                printed_type=printed_type,
                document_number=self.digits(7),
                issuer=rng.choice(ISSUERS),
                amount=self.amount(500, 600_000),
            )
        if kind == "advance_invoice_voucher":
            return p.ParsedNotice(
                declarants=[person_name(rng) for _ in range(rng.randint(1, 2))],
                declarant_kind=p.PERSON,
                address=self.address(),
                address_first=True,
                issuer=rng.choice(ISSUERS[1:]),
                issuer_before_number=True,
                document_number=self.digits(8),
                document_type=kind,
                printed_type="湖南省株洲市地方税务局预收款专用发票凭据",
                amount=self.amount(10_000, 400_000),
                invoice_code="2430215" + self.digits(5),
            )
        if kind == "advance_payment_voucher":
            return p.ParsedNotice(
                **self.declare_people(),
                document_type=kind,
                document_number=self.digits(8),
                issuer=rng.choice(PAYMENT_ISSUERS),
            )
        if kind == "property_certificate":
            printed_type, code = self.printed_name(rng.choice(("property_certificate", "real_estate_certificate")))
            return p.ParsedNotice(
                **self.declare_people(),
                address=self.address(),
                document_type=code,
                printed_type=printed_type,
                document_number=self.digits(9),
            )
        if kind in ("graduation_certificate", "degree_certificate"):
            printed_type, code = self.printed_name(kind)
            number = "1" + self.digits(13)
            return p.ParsedNotice(
                **self.declare_person(),
                document_type=code,
                printed_type=printed_type,
                document_number=number,
                issuer=rng.choice(SCHOOLS),
            )
        if kind == "vehicle_licence":
            plate = "湘B" + "".join(rng.choices(PLATE_CHARS, k=5))
            return p.ParsedNotice(**self.declare_person(), plate=plate, document_type=kind)
        if kind == "teacher_qualification":
            return p.ParsedNotice(**self.declare_person(), document_type=kind, document_number=self.digits(17))
        if kind == "invoice":
            printed_type, code = self.printed_name(kind)
            return p.ParsedNotice(
                **self.declare_org(),
                document_type=code,
                printed_type=printed_type,
                document_number=self.digits(8),
                amount=self.amount(100, 90_000),
                invoice_code="43" + self.digits(10),
            )
        raise ValueError(kind)

    NOTICE_KINDS = [
        ("birth_certificate", 22),
        ("resident_id", 8),
        ("household_register", 3),
        ("road_transport_permit_copy", 6),
        ("official_seal", 14),
        ("business_licence", 8),
        ("account_permit", 3),
        ("receipt", 8),
        ("advance_invoice_voucher", 3),
        ("advance_payment_voucher", 3),
        ("property_certificate", 4),
        ("graduation_certificate", 5),
        ("degree_certificate", 2),
        ("driving_licence", 3),
        ("vehicle_licence", 3),
        ("teacher_qualification", 1),
        ("invoice", 4),
    ]

    def check_notice_kinds(self):
        """Every kind prints lines the app's own parser reads back: the number lookup depends on it."""
        for kind, _weight in self.NOTICE_KINDS:
            for _ in range(50):
                line = printed.print_notice_line(self.notice_fields(kind))
                parsed = printed.parse_notice_line(line)
                if not parsed.readable:
                    raise AssertionError(f"the generator printed a {kind} line the parser cannot read: {line}")

    def notices(self):
        self.check_notice_kinds()
        rng = self.rng
        kinds = weighted(self.NOTICE_KINDS)
        total = round(NOTICES * self.scale)
        plain = tuple(Notice._meta.get_field(name).get_default() for name in CONTENT_FIELDS)
        fees = (Decimal(60), Decimal(80), Decimal(100), Decimal(120))

        def rows():
            notice_id = 0
            holder = SimpleNamespace()
            for day in range(self.days):
                published, date = self.publish[day], self.dates[day]
                count = spread(total, self.days, day)
                for i in range(count):
                    notice_id += 1
                    page = NOTICE_PAGES[0] if i < count // 2 else NOTICE_PAGES[1]
                    parsed = self.notice_fields(rng.choices(*kinds)[0])
                    line = printed.print_notice_line(parsed)
                    if rng.random() < NEEDS_REVIEW_SHARE:
                        # Two notices run together: kept whole for an editor, found by the number lookup's regex.
                        line += printed.print_notice_line(self.notice_fields(rng.choices(*kinds)[0]))
                        content, review = plain, (True, REVIEW_NOTE)
                    else:
                        Notice.set_parsed(holder, parsed)  # the model's own mapping of the printed fields
                        content, review = tuple(getattr(holder, name) for name in CONTENT_FIELDS), (False, "")
                    received = date - datetime.timedelta(days=rng.randint(1, 4))
                    created = datetime.datetime.combine(received, datetime.time(rng.randint(8, 17)), SHANGHAI)
                    phone = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
                    yield (
                        notice_id,
                        "published",
                        published,
                        self.page_id(day, page),
                        FIRST_POSITION_AFTER_STORIES + i,
                        created,
                        created,
                        1,
                        line,
                        *review,
                        phone,
                        rng.choice(self.filer_ids),
                        rng.choice(fees),
                        received,
                        *content,
                    )

        fields = ["id", "status", "publish_at", "page", "position", "created_at", "updated_at", "version", "raw_text"]
        fields += ["needs_review", "review_note", "contact_phone", "filer_id_number", "fee", "received_on"]
        notices = Table(Notice, fields + list(CONTENT_FIELDS))
        notices.copy(rows())
        self.count(Notice, notices)

    # ------------------------------------------------------------------ outages

    def place_stems(self):
        """{district: [stem]}: the sample's places where the sample put them, the others spread over districts."""
        stems = {district: [] for district, _ in DISTRICT_WEIGHTS}
        for district, names in SAMPLE_PLACES.items():
            stems[district] += names.split()
        for i, stem in enumerate(PLACE_STEMS.split()):
            stems[DISTRICT_WEIGHTS[i % len(DISTRICT_WEIGHTS)][0]].append(stem)
        return stems

    def outage_entry(self, day):
        rng = self.rng
        stems = self.stems
        districts = rng.sample(self.districts, 2) if rng.random() < 0.3 else [rng.choice(self.districts)]
        areas = []
        for district in dict.fromkeys(districts):
            places = [rng.choice(stems[district]) + rng.choice(PLACE_SUFFIXES) for _ in range(rng.randint(1, 8))]
            areas.append(ParsedArea(district, list(dict.fromkeys(places))))
        hour, minute = rng.choice(WINDOW_STARTS)
        start = datetime.datetime.combine(day, datetime.time(hour, minute), SHANGHAI)
        windows = [(start, start + datetime.timedelta(hours=rng.randint(1, 10)))]
        if rng.random() < 0.25 and windows[0][1].hour < 20 and windows[0][1].date() == day:
            later = windows[0][1] + datetime.timedelta(hours=1)
            windows.append((later, later + datetime.timedelta(hours=rng.randint(1, 3))))
        substation = rng.choice(SUBSTATIONS)
        feeder = f"10KV{substation[0]}{rng.choice('东西南北中新')}{rng.choice(('I', 'II', 'III', ''))}回{substation[0]}"
        feeder += str(rng.randint(300, 399))
        if rng.random() < 0.5:
            feeder += f"-{rng.randint(1, 40):02d}-{rng.randint(1, 9)}杆-{areas[0].places[0]}"
        line = f"{substation}变、{feeder}"
        scope = line + rng.choice(("。", "检修。", "线路检修。"))
        first_column = "停" + " ".join(line[i : i + 2] for i in range(0, len(line), 2))
        raw = "\t".join((first_column, format_windows(windows, day), scope, format_areas(areas) + "。"))
        status, reason = rng.choices(*self.entry_statuses)[0]
        return SimpleNamespace(
            line=entry_line(scope), scope=scope, raw=raw, windows=windows, areas=areas, status=status, reason=reason
        )

    def outages(self):
        self.stems = self.place_stems()
        self.districts = [d for d, w in DISTRICT_WEIGHTS for _ in range(w)]
        total = round(OUTAGE_ENTRIES * self.scale)
        notices, entries, windows, areas, places = [], [], [], [], []
        for day in range(self.days):
            date = self.dates[day] + datetime.timedelta(days=1)
            created = self.publish[day] - datetime.timedelta(hours=12)
            title = f"{date.year}年{date.month}月{date.day}日 检修停电安排(公告)"
            notice_id = day + 1
            position = FIRST_POSITION_AFTER_STORIES
            notices.append((notice_id, "published", self.publish[day], self.page_id(day, OUTAGE_PAGE), position))
            notices[-1] += (created, created, 1, date, title, self.sample.warning)
            seen = set()
            for index in range(spread(total, self.days, day)):
                entry = self.outage_entry(date)
                fingerprint = row_fingerprint(entry.raw)
                if fingerprint in seen:
                    continue  # the same printed row twice in one notice is one entry
                seen.add(fingerprint)
                entry_id = len(entries) + 1
                entries.append((entry_id, notice_id, index, entry.line, entry.scope, entry.raw, fingerprint))
                entries[-1] += (entry.status, entry.reason, 0, created, created)
                for start, end in entry.windows:
                    windows.append((len(windows) + 1, entry_id, start, end))
                for area_index, area in enumerate(entry.areas):
                    areas.append((len(areas) + 1, entry_id, area.district, area_index))
                    for n, name in enumerate(area.places):
                        places.append((len(places) + 1, len(areas), name, n))
        notice_fields = ["id", "status", "publish_at", "page", "position", "created_at", "updated_at", "version"]
        entry_fields = ["id", "notice", "position", "line", "scope", "raw", "fingerprint", "status", "reason"]
        for model, fields, data in [
            (OutageNotice, [*notice_fields, "date", "title", "warning"], notices),
            (OutageEntry, [*entry_fields, "sequence", "created_at", "updated_at"], entries),
            (OutageWindow, ["id", "entry", "start", "end"], windows),
            (AffectedArea, ["id", "entry", "district", "position"], areas),
            (Place, ["id", "area", "name", "position"], places),
        ]:
            table = Table(model, fields)
            table.copy(data)
            self.count(model, table)


def build(scale, end_date, log):
    """Write the archive into the (migrated, empty) database; returns {model label: rows}."""
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
        cursor.execute("SET maintenance_work_mem TO '256MB'")
    return Builder(scale, end_date, log).run()


# ---------------------------------------------------------------------- the marker

MARKER_TABLE = "bench_archive"


def read_marker(cursor):
    """The marker row of the archive in this database (a dict), or None when the benchmark did not build one."""
    cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
    if cursor.fetchone()[0] is None:
        return None
    cursor.execute(f"SELECT info FROM {MARKER_TABLE} LIMIT 1")
    row = cursor.fetchone()
    if row is None:
        return None
    return json.loads(row[0]) if isinstance(row[0], str) else row[0]  # Django's cursor leaves jsonb as text


def write_marker(info):
    """Keep what the archive is (scale, generator version, when built, counts, phase times) in the database itself."""
    from psycopg.types.json import Jsonb

    with connection.connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (info jsonb NOT NULL)")
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")
        cursor.execute(f"INSERT INTO {MARKER_TABLE} (info) VALUES (%s)", [Jsonb(info)])
