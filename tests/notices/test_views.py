"""The public notice pages and the desk's plain-text column."""

import pytest

from notices.models import Notice, NoticeStatus
from notices.printed import parse_notice_line, parse_notices_column
from tests.conftest import at
from tests.notices.conftest import FEE, FILER_ID, PHONE
from tests.notices.sample import SAMPLE_LINES

pytestmark = pytest.mark.usefixtures("after_the_sample_went_live")


def text(response):
    return response.content.decode()


@pytest.fixture
def not_yet_public(sample_notices, make_edition):
    """A scheduled notice in today's edition and a signed-off one in tomorrow's, neither live."""
    a2 = sample_notices[0].page
    tomorrow = make_edition(date=a2.edition.date.replace(day=29), publish_at=at(2020, 4, 29, 6, 0))
    scheduled = Notice.from_parsed(
        parse_notice_line("·赵一(父:赵二、母:钱三)遗失M999999999号出生证"),
        page=a2,
        position=20,
        status=NoticeStatus.SCHEDULED,
    )
    future = Notice.from_parsed(
        parse_notice_line("·孙四(父:孙五、母:李六)遗失M888888888号出生证"), page=tomorrow.pages.get(code="A2")
    )
    received = Notice.from_parsed(parse_notice_line("·周七(父:周八、母:吴九)遗失M777777777号出生证"))
    return scheduled, future, received


# --- the list -------------------------------------------------------------------------------


def test_the_list_shows_the_nine_published_notices(client, sample_notices):
    response = client.get("/notices/")
    assert response.status_code == 200
    body = text(response)
    for line in SAMPLE_LINES:
        assert line in body
    assert 'href="/editions/2020-04-28/A2/#notice-' in body


def test_the_list_leaves_out_what_is_not_live(client, not_yet_public):
    body = text(client.get("/notices/"))
    assert SAMPLE_LINES[0] in body
    for number in ("M999999999", "M888888888", "M777777777"):
        assert number not in body


def test_newest_edition_first(client, sample_notices, make_edition):
    older = make_edition(date=sample_notices[0].page.edition.date.replace(day=27), publish_at=at(2020, 4, 27, 6, 0))
    Notice.from_parsed(parse_notice_line("·钱多(父:钱少、母:孙好)遗失M123456789号出生证"), page=older.pages.first())
    body = text(client.get("/notices/"))
    assert body.index(SAMPLE_LINES[-1]) < body.index("M123456789")
    assert body.index(SAMPLE_LINES[0]) < body.index(SAMPLE_LINES[1])  # position order inside an edition


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=杨丽君", [2]),
        ("q=周", [5, 6]),  # 周千皓, 周凯 (and not 周振宇's son twice)
        ("q=王小军", [0]),  # a parent's name
        ("q=4310", [0]),  # part of a number
        ("q=O4302", [5]),
        ("document_type=official_seal", [3, 4]),
        ("document_type=birth_certificate&q=刘", [8]),
        ("date_after=2020-04-28&date_before=2020-04-28&document_type=receipt", [2]),
        ("date_after=2020-04-29", []),
        ("date_before=2020-04-27", []),
    ],
)
def test_filters(client, sample_notices, query, expected):
    response = client.get(f"/notices/?{query}")
    assert response.status_code == 200
    body = text(response)
    shown = [i for i, line in enumerate(SAMPLE_LINES) if line in body]
    assert shown == expected
    assert f"共找到 {len(expected)} 条" in body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date_after=2020-13-45", "有效的日期"),
        ("date_after=2020-04-29&date_before=2020-04-28", "起始日期不能晚于结束日期"),
        ("document_type=passport", "passport"),
        ("number=%21%21%21", "只能由字母和数字组成"),
        ("q=" + "王" * 51, "51"),
        ("number=" + "1" * 41, "41"),
        ("q=%00", "空字符"),
        ("number=M43%00", "空字符"),
    ],
)
def test_bad_filter_input_is_a_form_error_not_a_500(client, sample_notices, query, message):
    response = client.get(f"/notices/?{query}")
    assert response.status_code == 400
    body = text(response)
    assert message in body
    assert "请先更正上面的查询条件" in body
    assert SAMPLE_LINES[0] not in body


def test_pages_of_results_go_by_the_notice_they_start_after(client, make_edition):
    page = make_edition().pages.get(code="A2")
    notices = [
        Notice.from_parsed(parse_notice_line(f"·张三遗失M{100000000 + i}号出生证"), page=page, position=i)
        for i in range(35)
    ]
    first = text(client.get("/notices/"))
    assert "M100000000" in first and "M100000029" in first and "M100000030" not in first
    older = f"?older={notices[29].pk}"
    assert f'rel="next" href="{older}"' in first and 'rel="prev"' not in first
    second = text(client.get(f"/notices/{older}&q=张三"))
    assert "M100000030" in second and "M100000034" in second and "M100000029" not in second
    assert f'rel="prev" href="?q=%E5%BC%A0%E4%B8%89&amp;newer={notices[30].pk}"' in second  # the search is kept
    assert 'rel="next"' not in second
    back = text(client.get(f"/notices/?q=张三&newer={notices[30].pk}"))
    assert "M100000000" in back and "M100000029" in back and "M100000030" not in back
    for anchor in ("abc", "999999", "-1", ""):  # not a notice of the list: its first page
        response = client.get(f"/notices/?older={anchor}")
        assert response.status_code == 200 and "M100000000" in text(response)


# --- the exact number lookup ------------------------------------------------------------------


def test_a_declared_number_is_found_with_its_edition_and_page(client, sample_notices):
    notice = sample_notices[0]
    response = client.get("/notices/?number=M431033654")
    assert response.status_code == 200
    body = text(response)
    assert "号码 M431033654 已登报声明作废" in body
    assert "2020年4月28日" in body and "A2版" in body
    assert f'href="/editions/2020-04-28/A2/#notice-{notice.pk}"' in body
    assert SAMPLE_LINES[0] in body
    assert "未查到" not in body


@pytest.mark.parametrize("typed", ["m431033654", " M431033654 ", "M431033654", "M431033654号"])
def test_the_lookup_forgives_case_blanks_and_full_width(client, sample_notices, typed):
    assert "号码 M431033654 已登报声明作废" in text(client.get("/notices/", {"number": typed}))


def test_a_number_is_matched_whole_not_in_part(client, sample_notices):
    body = text(client.get("/notices/?number=M43103365"))
    assert "未查到号码 M43103365 的遗失声明" in body
    assert "M43103365 已登报声明作废" not in body


def test_a_number_with_its_printed_prefix_is_found(client, sample_notices):
    body = text(client.get("/notices/", {"number": "湘交运管株430201100083"}))
    assert "号码 430201100083 已登报声明作废" in body


def test_a_number_never_declared_says_so_plainly(client, sample_notices):
    response = client.get("/notices/?number=M000000000")
    assert response.status_code == 200
    body = text(response)
    assert "未查到号码 M000000000 的遗失声明" in body
    assert "M000000000 已登报声明作废" not in body


@pytest.mark.parametrize(("number", "name"), [("M999999999", "赵一"), ("M888888888", "孙四"), ("M777777777", "周七")])
def test_a_notice_not_yet_live_is_not_found(client, not_yet_public, number, name):
    body = text(client.get(f"/notices/?number={number}"))
    assert f"未查到号码 {number} 的遗失声明" in body
    assert f"{number} 已登报声明作废" not in body
    assert name not in body


def test_a_line_kept_whole_is_still_found_by_its_number(client, make_edition):
    page = make_edition().pages.get(code="A2")
    line = "·某某有限公司遗失0012345号收款收据、0012346号收款收据"
    notice = Notice.from_parsed(parse_notice_line(line), page=page)
    assert notice.needs_review
    assert "号码 0012346 已登报声明作废" in text(client.get("/notices/?number=0012346"))
    assert "未查到号码 001234 的遗失声明" in text(client.get("/notices/?number=001234"))


# --- detail, edition page ---------------------------------------------------------------------


def test_the_detail_page_of_a_live_notice(client, sample_notices):
    notice = sample_notices[1]
    body = text(client.get(notice.get_absolute_url()))
    assert SAMPLE_LINES[1] in body
    assert "湘交运管株430201100083" in body


def test_the_detail_page_of_a_notice_not_yet_live_is_404(client, not_yet_public):
    for notice in not_yet_public:
        assert client.get(f"/notices/{notice.pk}/").status_code == 404
    assert client.get("/notices/999999/").status_code == 404


def test_the_edition_page_shows_the_column_in_order(client, sample_notices, not_yet_public):
    body = text(client.get("/editions/2020-04-28/A2/"))
    assert body.count("下列证件 声明作废") == 1
    positions = [body.index(line) for line in SAMPLE_LINES]
    assert positions == sorted(positions)
    assert body.index("下列证件 声明作废") < positions[0]
    assert "M999999999" not in body  # scheduled, not signed off


# --- private intake data ----------------------------------------------------------------------


def test_private_intake_data_is_in_no_public_response(client, sample_notices):
    urls = [
        "/notices/",
        "/notices/?number=M431033654",
        "/notices/?q=王嘉瑶",
        f"/notices/{sample_notices[0].pk}/",
        "/editions/2020-04-28/A2/",
        "/editions/2020-04-28/",
        "/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = text(response)
        # The edition's table of contents names the notices column, not each notice; the home page is A1.
        assert sample_notices[0].declarants in body or url in ("/", "/editions/2020-04-28/"), url
        for secret in (PHONE, FILER_ID, FEE, "0731"):
            assert secret not in body, (url, secret)


def test_private_data_cannot_be_searched_for(client, sample_notices):
    for secret in (PHONE, FILER_ID):
        assert "没有符合条件的遗失声明" in text(client.get("/notices/", {"q": secret}))
        assert "未查到号码" in text(client.get("/notices/", {"number": secret}))


# --- the plain-text column, staff only ----------------------------------------------------------


def test_the_column_is_not_for_the_public(client, django_user_model, sample_notices):
    response = client.get("/notices/print/2020-04-28.txt")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert SAMPLE_LINES[0] not in text(response)
    reader = django_user_model.objects.create_user("reader", password="x-secret-123")
    client.force_login(reader)
    response = client.get("/notices/print/2020-04-28.txt")
    assert response.status_code == 302 and SAMPLE_LINES[0] not in text(response)


def test_the_column_is_for_the_classifieds_desk_and_editors_not_other_staff(client, django_user_model, sample_notices):
    from django.contrib.auth.models import Group

    for role, status in (("记者", 403), ("分类广告", 200), ("编辑", 200)):
        user = django_user_model.objects.create_user(f"u-{status}-{role}", password="x-secret-123", is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        response = client.get("/notices/print/2020-04-28.txt")
        assert response.status_code == status, role
        assert (SAMPLE_LINES[0] in text(response)) == (status == 200)


def test_the_column_as_plain_text(admin_client, sample_notices, not_yet_public):
    withdrawn = sample_notices[4]
    withdrawn.status = NoticeStatus.UNPUBLISHED
    withdrawn.save()
    response = admin_client.get("/notices/print/2020-04-28.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode("utf-8").splitlines()
    assert lines[0] == "下列证件 声明作废"
    expected = [line for i, line in enumerate(SAMPLE_LINES) if i != 4]
    assert lines[1:] == [*expected, "·赵一(父:赵二、母:钱三)遗失M999999999号出生证"]  # scheduled is laid out too
    assert [n.text for n in parse_notices_column(lines)] == lines[1:]  # and reads back


def test_the_column_of_an_edition_without_notices_and_of_no_edition(admin_client, make_edition):
    make_edition()
    assert admin_client.get("/notices/print/2020-04-28.txt").content.decode() == "下列证件 声明作废\n"
    assert admin_client.get("/notices/print/2020-04-27.txt").status_code == 404
    assert admin_client.get("/notices/print/2020-02-30.txt").status_code == 404


def test_the_document_type_select_keeps_the_readers_choice(client, sample_notices):
    body = client.get("/notices/?document_type=official_seal").content.decode()
    select = body[body.index('<select id="id_document_type"') : body.index("</select>")]
    assert '<option value="official_seal" selected>公章</option>' in select
    assert select.count(" selected") == 1
    assert '<option value="" selected>全部</option>' in client.get("/notices/").content.decode()
