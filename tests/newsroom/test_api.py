"""The read-only API at /api/v1/ (newsroom/api.py and the desks' api.py): every answer is validated against the
OpenAPI description the API serves (openapi-core), and says what the sample prints: every byline with its role,
every photo credit, the page it is on; nothing scheduled before its second.

The sample edition and a few items of our own are written once for the module, in a transaction rolled back at
its end (each test runs in a savepoint of it): importing the sample costs more than all the tests here.
"""

import base64
import datetime
import json
import re
from email.utils import parsedate_to_datetime
from urllib.parse import quote, urlsplit

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_spec_validator import validate as validate_spec

from articles.bylines import Credit
from articles.models import Article, Column, Contributor, Kind, Photo
from newsroom.models import Page
from newsroom.publication import Status
from notices.models import PRIVATE_FIELDS, Notice
from notices.printed import parse_notice_line
from tests.articles.conftest import image_bytes
from tests.conftest import at
from tests.sample import SAMPLE_PATH
from tests.test_leaks import url_patterns

# The module's data is built once, so its tests run in one test process (--dist loadgroup, as the leak test's).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("api")]

NOON = at(2020, 4, 28, 12, 0)
T = at(2020, 4, 28, 18, 0)  # when the scheduled story and notice go live
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture(scope="module")
def paper(django_db_setup, django_db_blocker, tmp_path_factory):
    """The sample edition (live at 06:00), a web-first story with an uploaded photo live at 09:00, and, for 18:00, a
    story bylined by a new reporter and 刘琼 in a new column, and a notice on A2."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        with time_machine.travel(at(2020, 4, 28, 5, 0), tick=False):
            call_command(
                "import_edition",
                str(SAMPLE_PATH),
                "--date",
                "2020-04-28",
                "--page",
                "A2",
                "--page-name",
                "综合",
                "--publish",
            )
            web = Article.objects.create(
                headline="WEBHEAD 网络首发的图片",
                body="WEBBODY 先在网上发。",
                status=Status.PUBLISHED,
                publish_at=at(2020, 4, 28, 9, 0),
            )
            photo = Photo.objects.create(
                article=web, image=SimpleUploadedFile("scene.jpg", image_bytes(size=(960, 640))), caption="街景"
            )
            photo.set_credits([Credit("任远", "摄影记者", "株洲日报")])
            column = Column.objects.create(name="五一特刊", description="MAYDAYDESC")
            scheduled = Article.objects.create(
                headline="SCHEDULEDHEAD 傍晚发布",
                body="SCHEDULEDBODY 傍晚才上线的稿件。",
                status=Status.PUBLISHED,
                publish_at=T,
                column=column,
            )
            scheduled.set_bylines([Credit("江新语", "记者", "株洲日报"), Credit("刘琼", "记者", "株洲日报")])
            a2 = Page.objects.get(code="A2")
            late_notice = Notice.from_parsed(
                parse_notice_line("·赵明远(父:赵建国、母:孙丽)遗失M431099999号出生证"),
                page=a2,
                position=90,
                status="published",
                publish_at=T,
            )
        made = {
            "web": web,
            "photo": photo,
            "column": column,
            "scheduled": scheduled,
            "newcomer": Contributor.objects.get(name="江新语"),
            "late_notice": late_notice,
        }
    yield made
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    media.disable()


@pytest.fixture(autouse=True)
def noon():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture(scope="module")
def spec(paper, django_db_blocker):
    """The description the API serves, checked as an OpenAPI 3 document, for openapi-core to validate answers with."""
    with django_db_blocker.unblock():
        document = Client().get("/api/v1/openapi.json").json()
    validate_spec(document)
    return OpenAPI.from_dict(document, config=Config(spec_validator_cls=None))  # checked just above


def fetch(client, spec, url, status=200, **headers):
    """GET `url` and validate the answer against the description: its status, content type and body (and, for a
    request the API answers with 200, the request's parameters)."""
    response = client.get(url, headers=headers)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    request, answer = DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
    if status == 200:
        spec.validate_request(request)
    spec.validate_response(request, answer)
    return response


def story_of(headline):
    return Article.objects.get(headline__contains=headline)


# ---------------------------------------------------------------- the description


def test_the_description_is_openapi_3_and_describes_every_v1_url(client, spec, paper):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    described = set(document["paths"])
    routes = {route for route in url_patterns() if route.startswith("api/v1/")}
    served = {"/" + route.replace("<", "{").replace(">", "}") for route in routes}
    own = {"/api/v1/", "/api/v1/openapi.json"}  # the description itself, for people and for programs
    assert served - own == described
    for path, methods in document["paths"].items():
        assert set(methods) == {"get"}, path  # read-only
        answers = methods["get"]["responses"]
        assert "200" in answers and "422" in answers and "304" in answers, path
        assert methods["get"]["summary"] and methods["get"]["tags"], path  # named, in Chinese, on the page for people


def test_the_validator_refuses_an_answer_that_breaks_the_description(client, spec, paper):
    """So that a valid answer below means something: a story without its bylines, or with a number for a name."""
    response = fetch(client, spec, f"/api/v1/stories/{story_of('电子健康卡').pk}/")
    for broken in ({"bylines": None}, {"headline": 12}, {"published_at": "yesterday"}):
        response.content = json.dumps({**response.json(), **broken}).encode()
        with pytest.raises(Exception, match=r"[Vv]alidat|[Ii]nvalid"):
            spec.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))


def test_the_page_for_people_lists_every_path_and_schema_in_chinese_with_nothing_from_another_host(client, paper):
    response = client.get("/api/v1/")
    html = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    document = client.get("/api/v1/openapi.json").json()
    for path in document["paths"]:
        assert f"GET {path}" in html
    for name in ("Story", "Credit", "Photo", "Rendition", "Placement", "NoticeOut", "EntryWithNotice", "Error"):
        assert f'id="schema-{name}"' in html
    assert "接口说明" in html and "参数" in html and "翻页" in html and 'href="/api/v1/openapi.json"' in html
    assert "<script" not in html and "cdn" not in html.lower()
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', html)  # nothing from another host, not even a link
    anchors = set(re.findall(r'id="([^"]+)"', html))
    assert set(re.findall(r'href="#([^"]+)"', html)) <= anchors  # every answer's schema is described on the page
    assert "成功" in html and "Not Found" not in html


# ---------------------------------------------------------------- what the sample prints


def test_the_story_by_liu_qiong_and_zhu_weijian_has_both_as_authors_with_their_roles_on_page_a2(client, spec, paper):
    story = story_of("市民快快申领电子健康卡")
    data = fetch(client, spec, f"/api/v1/stories/{story.pk}/").json()
    assert data["kicker"] == "就医入校、外出旅游、复工复产,这些都要扫码通行"
    assert data["headline"] == "市民快快申领电子健康卡(码)"
    assert data["dateline"] == "株洲日报讯"
    assert data["byline"] == "株洲日报记者 刘琼\n通讯员/朱卫健"  # as printed (articles/bylines.py)
    people = [(b["name"], b["role"], b["role_code"], b["affiliation"]) for b in data["bylines"]]
    assert people == [("刘琼", "记者", "reporter", "株洲日报"), ("朱卫健", "通讯员", "correspondent", "")]
    liu = Contributor.objects.get(name="刘琼")
    assert data["bylines"][0]["contributor_id"] == liu.pk
    assert data["bylines"][0]["contributor_url"] == f"http://testserver/contributors/{liu.pk}/"
    placement = data["placement"]
    assert (placement["edition"]["date"], placement["page"]["code"], placement["page"]["name"]) == (
        "2020-04-28",
        "A2",
        "综合",
    )
    assert placement["page"]["api_url"] == "http://testserver/api/v1/editions/2020-04-28/A2/"
    assert data["published_at"] == "2020-04-28T06:00:00+08:00"
    assert data["blocks"][0]["text"].startswith("看病就医,亮码就医")
    assert data["photos"][0]["caption"] == "湖南省居民健康卡\n微信公众号二维码" and data["photos"][0]["credits"] == []
    # The contributor's own answer lists the story, and so does the list of stories filtered by them.
    mine = fetch(client, spec, data["bylines"][1]["contributor_api_url"]).json()
    assert mine["name"] == "朱卫健" and story.pk in [s["id"] for s in mine["stories"]["items"]]
    listed = fetch(client, spec, f"/api/v1/stories/?contributor={liu.pk}").json()["items"]
    assert story.pk in [s["id"] for s in listed]
    assert next(s for s in listed if s["id"] == story.pk)["bylines"][1]["name"] == "朱卫健"


def test_every_photo_credit_is_there_with_the_printed_line_and_the_renditions_with_their_sizes(client, spec, paper):
    data = fetch(client, spec, f"/api/v1/stories/{story_of('迎五一').pk}/").json()
    (photo,) = data["photos"]
    assert photo["credit"] == "株洲日报记者 任远 通讯员/任晓磊 摄"
    assert [(c["name"], c["role"], c["affiliation"]) for c in photo["credits"]] == [
        ("任远", "记者", "株洲日报"),
        ("任晓磊", "通讯员", ""),
    ]
    assert photo["caption"].startswith("“五一”劳动节即将到来") and photo["renditions"] == []  # imported as text
    uploaded = fetch(client, spec, f"/api/v1/stories/{paper['web'].pk}/").json()["photos"][0]
    assert (uploaded["width"], uploaded["height"]) == (960, 640)
    assert uploaded["credits"][0]["role"] == "摄影记者" and uploaded["credit"] == "株洲日报摄影记者 任远 摄"
    sizes = {r["name"]: (r["width"], r["height"]) for r in uploaded["renditions"]}
    assert sizes == {"thumb": (480, 320), "page": (960, 640)}  # never wider than the original
    made = paper["photo"].renditions
    assert {urlsplit(r["jpg"]).path for r in uploaded["renditions"]} == {f"/media/{made[n]['jpg']}" for n in made}


def test_an_edition_lists_its_pages_and_a_page_every_item_placed_on_it(client, spec, paper):
    edition = fetch(client, spec, "/api/v1/editions/2020-04-28/").json()
    (a2,) = edition["pages"]
    titles = [line["title"] for line in a2["contents"]]
    assert "市民快快申领电子健康卡(码)" in titles and "上接A1版①" in titles
    assert "下列证件 声明作废（9 条）" in titles  # the column is one line, the scheduled notice not counted yet
    page = fetch(client, spec, "/api/v1/editions/2020-04-28/a2/").json()
    kinds = [item["type"] for item in page["items"]]
    assert kinds.count("notices.notice") == 9 and kinds.count("outages.outagenotice") == 1
    assert [item["position"] for item in page["items"]] == sorted(item["position"] for item in page["items"])
    story = next(item for item in page["items"] if item["title"] == "市民快快申领电子健康卡(码)")
    assert story["api_url"] == f"http://testserver/api/v1/stories/{story['id']}/"
    listed = fetch(client, spec, "/api/v1/editions/").json()
    assert [e["date"] for e in listed["items"]] == ["2020-04-28"] and listed["next"] is None


def test_a_jump_line_links_the_other_part_only_once_it_is_live(client, spec, paper):
    part = Article.objects.filter(kind=Kind.CONTINUATION, jump_mark="①").get()
    alone = fetch(client, spec, f"/api/v1/stories/{part.pk}/").json()
    assert alone["jumps"] == [{"direction": "上接", "label": "上接A1版①", "page": None, "story": None}]
    edition = Page.objects.get(code="A2").edition
    a1 = Page.objects.create(edition=edition, code="A1", name="要闻")
    main = Article.objects.create(
        headline="迷迭香合作社", body="前半篇。", page=a1, status=Status.PUBLISHED, publish_at=T
    )
    part.continues = main
    part.save()
    assert fetch(client, spec, f"/api/v1/stories/{part.pk}/").json()["jumps"][0]["story"] is None  # main at 18:00
    with time_machine.travel(T, tick=False):
        jumps = fetch(client, spec, f"/api/v1/stories/{part.pk}/").json()["jumps"]
        assert jumps[0]["story"]["id"] == main.pk and jumps[0]["page"]["code"] == "A1"
        whole = fetch(client, spec, f"/api/v1/stories/{main.pk}/").json()
    assert whole["jumps"] == [
        {
            "direction": "下转",
            "label": "下转A2版①",
            "page": {
                "code": "A2",
                "name": "综合",
                "url": "http://testserver/editions/2020-04-28/A2/",
                "api_url": "http://testserver/api/v1/editions/2020-04-28/A2/",
            },
            "story": {
                "id": part.pk,
                "headline": part.headline,
                "url": f"http://testserver/articles/{part.pk}/",
                "api_url": f"http://testserver/api/v1/stories/{part.pk}/",
            },
        }
    ]
    assert [b["text"] for b in whole["blocks"]][:2] == ["前半篇。", part.blocks[0][1]]  # the part joined on


# ---------------------------------------------------------------- the publication rule


def scheduled_answers(client, spec, paper, now):
    """What every endpoint that could show the scheduled story or notice says at `now`: {name: (status, text)}."""
    newcomer, liu = paper["newcomer"], Contributor.objects.get(name="刘琼")
    urls = {
        "stories": "/api/v1/stories/?limit=100",
        "web-first": "/api/v1/stories/?web_first=true",
        "by 刘琼": f"/api/v1/stories/?contributor={liu.pk}",
        "story": f"/api/v1/stories/{paper['scheduled'].pk}/",
        "newcomer": f"/api/v1/contributors/{newcomer.pk}/",
        "刘琼": f"/api/v1/contributors/{liu.pk}/",
        "column": f"/api/v1/columns/{quote(paper['column'].slug)}/",
        "columns": "/api/v1/columns/",
        "search": f"/api/v1/search/?q={quote('傍晚')}",
        "search by name": f"/api/v1/search/?q={quote('新语')}",
        "notices": "/api/v1/notices/?limit=100",
        "lookup": "/api/v1/notices/lookup/?number=M431099999",
        "notice": f"/api/v1/notices/{paper['late_notice'].pk}/",
        "page": "/api/v1/editions/2020-04-28/A2/",
        "edition": "/api/v1/editions/2020-04-28/",
    }
    found = {}
    with time_machine.travel(now, tick=False):
        for name, url in urls.items():
            response = client.get(url)
            spec.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))
            found[name] = (response.status_code, response.content.decode())
    return found


def test_a_scheduled_item_is_in_no_answer_one_second_before_its_time_and_in_each_at_it(client, spec, paper):
    before = scheduled_answers(client, spec, paper, T - SECOND)
    at_t = scheduled_answers(client, spec, paper, T)
    markers = ("SCHEDULEDHEAD", "江新语", "五一特刊", "MAYDAYDESC", "赵明远", "M431099999")
    for name, (_status, text) in before.items():
        shown = [marker for marker in markers if marker in text and not (name == "lookup" and marker == "M431099999")]
        assert not shown, f"{name} at T-1s shows {shown}"
    assert {name for name, (status, _) in before.items() if status == 404} == {"story", "newcomer", "column", "notice"}
    assert '"declared_void": false' in before["lookup"][1]
    assert "声明作废（9 条）" in before["edition"][1]
    for name in ("stories", "web-first", "by 刘琼", "story", "newcomer", "刘琼", "column", "search", "search by name"):
        assert at_t[name][0] == 200 and "SCHEDULEDHEAD" in at_t[name][1], name
    assert "五一特刊" in at_t["columns"][1] and "MAYDAYDESC" in at_t["column"][1]
    for name in ("notices", "notice", "page"):
        assert at_t[name][0] == 200 and "赵明远" in at_t[name][1], name
    assert '"declared_void": true' in at_t["lookup"][1] and "声明作废（10 条）" in at_t["edition"][1]


@pytest.mark.parametrize("page_cache", [True, False], ids=["page-cache", "no-page-cache"])
def test_the_validators_change_at_the_second_an_item_goes_live(client, spec, paper, settings, page_cache):
    settings.PAGE_CACHE_SECONDS = 600 if page_cache else 0
    url = "/api/v1/stories/?web_first=true"
    with time_machine.travel(T - SECOND, tick=False):
        first = fetch(client, spec, url)
        etag = first["ETag"]
        assert etag and "SCHEDULEDHEAD" not in first.content.decode()
        again = fetch(client, spec, url, status=304, if_none_match=etag)
        assert again.content == b"" and again["ETag"] == etag
    with time_machine.travel(T, tick=False):
        changed = fetch(client, spec, url, if_none_match=etag)
        assert "SCHEDULEDHEAD" in changed.content.decode() and changed["ETag"] != etag
    if page_cache:  # the cache's generation: Last-Modified and a max-age that ends at the publication instant
        assert first["Cache-Control"] == "public, max-age=1"
        modified = first["Last-Modified"]
        assert parsedate_to_datetime(modified) <= T - SECOND
        with time_machine.travel(T - SECOND, tick=False):
            fetch(client, spec, url, status=304, if_modified_since=modified)
        with time_machine.travel(T, tick=False):
            fetch(client, spec, url, if_modified_since=modified)


# ---------------------------------------------------------------- lists, cursors, filters


def walk(client, spec, url, link):
    pages = []
    while url:
        data = fetch(client, spec, url).json()
        pages.append([item["id"] for item in data["items"]])
        url = data[link]
    return pages


def test_cursors_page_through_a_list_without_gaps_or_repeats_both_ways(client, spec, paper):
    whole = [s["id"] for s in fetch(client, spec, "/api/v1/stories/?limit=100").json()["items"]]
    assert len(whole) == 13  # the sample's twelve stories and the web-first one, not the continuation parts
    forward = walk(client, spec, "/api/v1/stories/?limit=5", "next")
    assert [len(page) for page in forward] == [5, 5, 3]
    assert [id_ for page in forward for id_ in page] == whole
    last = client.get("/api/v1/stories/?limit=5").json()["next"]
    last = client.get(last).json()["next"]
    backward = walk(client, spec, last, "previous")
    assert [id_ for page in reversed(backward) for id_ in page] == whole
    notices = walk(client, spec, "/api/v1/notices/?limit=4", "next")
    assert [len(page) for page in notices] == [4, 4, 1]
    # Stories published "now" go live at an instant to the microsecond, several at once: the cursor keeps it whole.
    instant = at(2020, 4, 28, 11, 0, 0, 123456)
    made = [
        Article.objects.create(headline=f"同时{n}", status=Status.PUBLISHED, publish_at=instant).pk for n in range(3)
    ]
    pages = walk(client, spec, "/api/v1/stories/?web_first=true&limit=2", "next")
    assert [id_ for page in pages for id_ in page] == [*made, paper["web"].pk]


def cursor(data):
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


BAD = {
    "/api/v1/stories/?limit=1000": "参数 limit 不能大于 100。",
    "/api/v1/stories/?limit=0": "参数 limit 不能小于 1。",
    "/api/v1/stories/?limit=abc": "参数 limit 应是整数。",
    "/api/v1/stories/?cursor=garbage": "参数 cursor 无效",
    "/api/v1/stories/?cursor=" + cursor({"d": "o", "k": ["2020-04-28T06:00:00+08:00", 10**30]}): "参数 cursor 无效",
    "/api/v1/stories/?cursor=" + cursor({"d": "o", "k": ["2020-04-28T06:00:00", 1]}): "参数 cursor 无效",
    "/api/v1/stories/?cursor=" + cursor({"d": "x", "k": ["2020-04-28T06:00:00+08:00", 1]}): "参数 cursor 无效",
    "/api/v1/stories/?cursor=" + cursor(["o"]): "参数 cursor 无效",
    "/api/v1/stories/?contributor=abc": "参数 contributor 应是整数。",
    "/api/v1/stories/?contributor=99999999999999999999999999": "参数 contributor 不能大于 9223372036854775807。",
    "/api/v1/stories/?web_first=maybe": "参数 web_first 应是 true 或 false。",
    "/api/v1/editions/?cursor=" + cursor({"d": "o", "k": ["2020-02-30"]}): "参数 cursor 无效",
    "/api/v1/editions/2020-02-30/": "参数 date 应是日期",
    "/api/v1/editions/2020-04-28/Z/": "参数 code 的格式不对。",
    "/api/v1/stories/abc/": "参数 pk 应是整数。",
    "/api/v1/outages/entries/?district=" + quote("火星区"): "参数 district 应是 荷塘区、芦淞区",
    "/api/v1/outages/entries/?date=2020-13-01": "参数 date 应是日期",
    "/api/v1/outages/entries/?cursor=" + cursor({"p": -1}): "参数 cursor 无效",
    "/api/v1/notices/?date_after=2020-04-29&date_before=2020-04-28": "参数 date_after, date_before(见报日期):起始日期",
    "/api/v1/notices/?document_type=passport": "参数 document_type 应是 birth_certificate、",
    "/api/v1/notices/lookup/": "缺少参数 number。",
    "/api/v1/notices/lookup/?number=" + quote("！！"): "参数 number(按号码精确查询):证件号码只能",
    "/api/v1/search/?q=" + "长" * 51: "参数 q 不能超过 50 个字。",
    "/api/v1/search/?q=x&cursor=" + cursor({"k": "article", "p": 20}): "参数 cursor 要和 kind 一起用",
    "/api/v1/search/?q=x&kind=article&cursor=" + cursor({"k": "notice", "p": 20}): "参数 cursor 无效",
    "/api/v1/search/?q=x&kind=poem": "参数 kind 应是 article、notice、outagenotice 之一。",
}


def test_a_bad_parameter_is_a_422_with_one_sentence_never_a_500(client, spec, paper):
    for url, sentence in BAD.items():
        data = fetch(client, spec, url, status=422).json()
        assert list(data) == ["detail"] and data["detail"].startswith(sentence), (url, data)
        assert data["detail"].endswith("。") and "\n" not in data["detail"] and data["detail"].count("。") == 1, url


def test_an_unknown_or_unpublished_item_is_a_404_in_json(client, spec, paper):
    for url in (
        "/api/v1/stories/99999999/",
        f"/api/v1/stories/{paper['scheduled'].pk}/",
        "/api/v1/editions/2020-04-29/",
        "/api/v1/editions/2020-04-28/A9/",
        "/api/v1/notices/99999999999999999999/",
        "/api/v1/columns/nothing/",
        "/api/v1/outages/notices/0/",
    ):
        assert fetch(client, spec, url, status=404).json() == {"detail": "没有找到:它不存在,或者还没有发布。"}, url


def test_the_filters_are_the_desks_own(client, spec, paper):
    def count(url):
        return len(fetch(client, spec, url).json()["items"])

    assert count("/api/v1/notices/?document_type=birth_certificate") == 3
    assert count(f"/api/v1/notices/?q={quote('王嘉瑶')}") == 1
    assert count("/api/v1/notices/?date_after=2020-04-28&date_before=2020-04-28") == 9
    assert count("/api/v1/notices/?date_after=2020-04-29") == 0
    # The outage lookup, as the site's: 荷塘区 has two rows, 财校 one, the 29th all four; nothing before.
    assert count(f"/api/v1/outages/entries/?district={quote('荷塘区')}") == 2
    entries = fetch(client, spec, f"/api/v1/outages/entries/?place={quote('财校')}").json()["items"]
    (entry,) = entries
    assert "财校三台区" in entry["areas"][0]["places"] and entry["windows"][0]["label"] == "2020年4月29日 19:00-20:00"
    assert entry["notice"]["title"] == "2020年4月29日 检修停电安排(公告)"
    assert count("/api/v1/outages/entries/?date=2020-04-29&limit=3") == 3
    assert count("/api/v1/outages/entries/?date=2020-04-27") == 0
    outage = fetch(client, spec, "/api/v1/outages/notices/?date=2020-04-29").json()["items"][0]
    assert len(outage["entries"]) == 4 and outage["placement"]["page"]["code"] == "A2"
    assert count("/api/v1/outages/notices/?date=2020-04-30") == 0
    # Stories: a column by its slug, the web-first ones.
    column = Column.objects.get(name="学习微党课")
    assert [s["headline"] for s in fetch(client, spec, f"/api/v1/stories/?column={quote(column.slug)}").json()["items"]]
    assert [s["id"] for s in fetch(client, spec, "/api/v1/stories/?web_first=true").json()["items"]] == [
        paper["web"].pk
    ]


def test_the_number_lookup_answers_whether_a_number_was_declared_void(client, spec, paper):
    hit = fetch(client, spec, "/api/v1/notices/lookup/?number=" + quote(" m431033654号 ")).json()
    assert hit["number"] == "M431033654" and hit["declared_void"] is True
    assert [n["printed_line"] for n in hit["notices"]] == ["·王嘉瑶(父:王小军、母:杨熊)遗失M431033654号出生证"]
    assert hit["notices"][0]["father_name"] == "王小军" and hit["notices"][0]["placement"]["page"]["code"] == "A2"
    miss = fetch(client, spec, "/api/v1/notices/lookup/?number=M439999999").json()
    assert miss == {"number": "M439999999", "declared_void": False, "notices": []}


def test_a_notice_answer_has_no_field_for_the_filers_private_data(client, paper):
    document = client.get("/api/v1/openapi.json").json()
    fields = set(document["components"]["schemas"]["NoticeOut"]["properties"])
    assert not fields & set(PRIVATE_FIELDS)
    assert {"printed_line", "declarants", "document_number", "amount"} <= fields


def test_search_answers_each_kind_with_its_own_pages(client, spec, paper):
    data = fetch(client, spec, f"/api/v1/search/?q={quote('株洲')}").json()
    counts = {section["kind"]: section["count"] for section in data["sections"]}
    assert set(counts) == {"article", "notice", "outagenotice"} and counts["article"] >= 3
    assert data["terms"] == ["株洲"]
    first = fetch(client, spec, f"/api/v1/search/?q={quote('株洲')}&kind=article&limit=1").json()
    (section,) = first["sections"]
    assert len(section["items"]) == 1 and "株洲" in section["items"][0]["snippet"] and section["previous"] is None
    seen = walk_search(client, spec, section["next"])
    ids = [section["items"][0]["id"], *seen]
    assert len(ids) == len(set(ids)) == counts["article"]


def walk_search(client, spec, url):
    ids = []
    while url:
        (section,) = fetch(client, spec, url).json()["sections"]
        ids += [item["id"] for item in section["items"]]
        url = section["next"]
    return ids


# ---------------------------------------------------------------- the old paths, CORS


def test_the_old_api_paths_send_to_their_v1_equivalents_for_good(client, paper):
    story = story_of("电子健康卡")
    for old, new in {
        "/api/editions/?older=3": "/api/v1/editions/?older=3",
        "/api/editions/2020-04-28/": "/api/v1/editions/2020-04-28/",
        f"/api/articles/{story.pk}/": f"/api/v1/stories/{story.pk}/",
        "/api/search/?q=%E6%A0%AA%E6%B4%B2": "/api/v1/search/?q=%E6%A0%AA%E6%B4%B2",
    }.items():
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new)
        assert client.get(new).status_code == 200


def test_other_hosts_pages_may_not_read_the_api_unless_configured(client, paper):
    response = client.get("/api/v1/editions/", headers={"origin": "https://m.example.cn"})
    assert response.status_code == 200 and "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("origins", [["https://m.example.cn"], ["*"]], ids=["listed", "any"])
def test_configured_origins_may_read_the_api_even_from_the_page_cache(client, paper, settings, origins):
    from newsroom.config import cors_middleware

    settings.CORS_ALLOW_ALL_ORIGINS = origins == ["*"]
    settings.CORS_ALLOWED_ORIGINS = [] if origins == ["*"] else origins
    settings.MIDDLEWARE = cors_middleware(origins, settings.MIDDLEWARE)
    allowed = "*" if origins == ["*"] else "https://m.example.cn"
    for served in ("MISS", "HIT"):
        response = client.get("/api/v1/editions/", headers={"origin": "https://m.example.cn"})
        assert response["X-Page-Cache"] == served
        assert (
            response["Access-Control-Allow-Origin"] == allowed and response["Access-Control-Expose-Headers"] == "ETag"
        )
    other = client.get("/api/v1/editions/", headers={"origin": "https://evil.example.com"})
    assert other.get("Access-Control-Allow-Origin") == ("*" if origins == ["*"] else None)
    preflight = client.options(
        "/api/v1/editions/",
        headers={"origin": "https://m.example.cn", "access-control-request-method": "GET"},
    )
    assert preflight.status_code == 200 and "GET" in preflight["Access-Control-Allow-Methods"]
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Origin" not in client.get("/editions/", headers={"origin": "https://m.example.cn"})
