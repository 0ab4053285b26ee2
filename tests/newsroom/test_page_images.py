"""Page images (版面图, issue 13): a page's PDF or picture checked and rendered to two sizes, its items' regions
drawn in the admin and linked on the page view while the items are live, and its files served by the publication
rule alone: 404 until the edition is live, by URL and by file."""

import datetime
import io
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from articles.models import Article
from newsroom import demo_page, page_files, regions
from newsroom.models import Page
from newsroom.preview import signed_url
from newsroom.regions import RECT, RegionError, locate, parse_regions, propose, region_key
from tests.conftest import at
from tests.newsroom.page_images import encrypted, give_image, headline, jpeg, pdf, png

T = at(2020, 4, 28, 6, 0)  # the edition goes live
T3 = at(2020, 4, 28, 12, 0)  # a story scheduled later than its edition
SECOND = datetime.timedelta(seconds=1)


SIZES = dict(page_files.SIZES)


@pytest.fixture(autouse=True)
def small_renderings(monkeypatch):
    """Renderings a tenth of their size (WebP takes a second for the large one); the test of the sizes has its own."""
    monkeypatch.setattr(page_files, "SIZES", {"small": 90, "large": 180})


@pytest.fixture
def page_files_in_tmp(settings, tmp_path):
    settings.PAGE_FILES_ROOT = tmp_path / "pages"
    settings.PAGE_FILES_ACCEL_REDIRECT = ""
    return settings.PAGE_FILES_ROOT


def files_in(root):
    return sorted(str(path.relative_to(root)) for path in Path(root).rglob("*") if path.is_file())


# -- reading and rendering an upload (no database) --------------------------------------------------------------


def test_a_pdf_is_rendered_to_the_two_sizes_and_kept_as_its_first_page_alone(monkeypatch):
    monkeypatch.setattr(page_files, "SIZES", SIZES)
    assert SIZES == {"small": 900, "large": 1800}
    upload = pdf(pages=3, texts=[headline("市民快快申领电子健康卡(码)", 40, 60)], info=b"/Author (SECRET-AUTHOR)")
    made = page_files.read_upload(io.BytesIO(upload), "A2.pdf")
    assert made.pages == 3
    for size, width in (("small", 900), ("large", 1800)):
        rendition = made.renditions[size]
        assert rendition["width"] == width and abs(rendition["height"] - 842 * width / 595) <= 1
        for ext, fmt in (("webp", "WEBP"), ("jpg", "JPEG")):
            image = Image.open(io.BytesIO(rendition[ext]))
            assert (image.format, image.size) == (fmt, (width, rendition["height"]))
            assert not image.info.get("exif") and not image.getexif()
    kept = pdfium.PdfDocument(made.pdf)
    assert len(kept) == 1 and kept.get_metadata_dict().get("Author", "") == ""
    assert b"SECRET-AUTHOR" not in made.pdf
    text = page_files.pdf_text(made.pdf)
    assert "".join(char for char, _, _ in text.chars) == "市民快快申领电子健康卡(码)"


def test_the_kept_pdf_is_the_pages_content_alone_where_its_crop_box_shows_it():
    upload = pdf(texts=[headline("市民快快申领电子健康卡(码)", 40, 60)])
    upload = upload.replace(
        b"/Type /Catalog /Pages 2 0 R",
        b"/Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
    ).replace(
        b"/Type /Page /Parent 2 0 R",
        b"/Type /Page /Parent 2 0 R /CropBox [10 20 585 822] /AA << /O << /S /JavaScript /JS (app.alert(2)) >> >> "
        b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 99 99] /A << /S /JavaScript /JS (app.alert(3)) >> >>]",
    )
    made = page_files.read_upload(io.BytesIO(upload), "a2.pdf")
    assert b"JavaScript" not in made.pdf and b"alert" not in made.pdf
    kept = pdfium.PdfDocument(made.pdf)[0]
    assert kept.get_size() == (575, 802) and pdfium.raw.FPDFPage_GetAnnotCount(kept) == 0
    # The text where the page image shows it: from the crop box's corner, in the upload and in what is kept.
    kept_chars, upload_chars = page_files.pdf_text(made.pdf).chars, page_files.pdf_text(upload).chars
    assert [char for char, *_ in kept_chars] == [char for char, *_ in upload_chars]
    for (_, box, _), (_, other, _) in zip(kept_chars, upload_chars, strict=True):
        assert max(abs(a - b) for a, b in zip(box, other, strict=True)) < 0.01
    (char, (left, _bottom, _right, top), size) = page_files.pdf_text(made.pdf).chars[0]
    assert (char, size) == ("市", 20) and abs(left - 30) < 2 and abs(top - (842 - 20 - 60)) < 3


def test_a_jpeg_or_png_page_goes_through_the_photos_checks():
    made = page_files.read_upload(io.BytesIO(jpeg((240, 340))), "a2.jpg")
    assert made.pdf is None and made.pages == 1
    assert (made.renditions["small"]["width"], made.renditions["large"]["width"]) == (90, 180)
    small = page_files.read_upload(io.BytesIO(png((60, 85))), "a2.png")
    assert (small.renditions["large"]["width"], small.renditions["large"]["height"]) == (60, 85)  # never enlarged


def test_a_huge_mediabox_is_rendered_within_the_pixel_cap(monkeypatch):
    # The cap at 1/80 of its size, and the large width at 1,000 pixels, so that the cap is what limits these.
    monkeypatch.setattr(page_files, "MAX_RENDER_PIXELS", 100_000)
    monkeypatch.setattr(page_files, "SIZES", {"small": 300, "large": 1000})
    for size in ((14_000, 14_000), (2_000, 8_000)):
        made = page_files.read_upload(io.BytesIO(pdf(size=size)), "big.pdf")
        width, height = made.image.size
        assert width < 1000 and 95_000 < width * height <= 101_000, (size, made.image.size)
        assert abs(height / width - size[1] / size[0]) < 0.02


def image_bomb():
    """A page whose picture says it is 60,000 × 60,000 pixels: never decoded."""
    return pdf().replace(b"/Width 119 /Height 168", b"/Width 60000 /Height 60000")


REFUSED = [
    ("locked.pdf", lambda: encrypted(pdf(), user_password_known=False), "已加密"),
    ("restricted.pdf", lambda: encrypted(pdf()), "已加密"),
    ("cut.pdf", lambda: pdf()[:300], "已损坏"),
    ("garbage.pdf", lambda: b"%PDF-1.7\n" + b"\x00garbage" * 100, "已损坏"),
    ("big.pdf", lambda: pdf() + b"%" * (41 * 1024 * 1024), "不能超过 40 MB"),
    ("huge.pdf", lambda: pdf(size=(20_000, 20_000)), "不像报纸的版面"),
    ("strip.pdf", lambda: pdf(size=(100, 5_000)), "不像报纸的版面"),
    ("bomb.pdf", image_bomb, "像素太多"),
    ("page.jpg", pdf, "与内容(PDF)不符"),
    ("page.pdf", lambda: jpeg(), "与内容(JPEG 图片)不符"),
    ("page.gif", lambda: gif(), "不接受 GIF"),
    ("page.txt", lambda: "版面文字".encode(), "请上传版面的 PDF"),
]


def gif():
    out = io.BytesIO()
    Image.new("RGB", (20, 30)).save(out, format="GIF")
    return out.getvalue()


@pytest.mark.parametrize("name, make, message", REFUSED, ids=[name for name, *_ in REFUSED])
def test_a_file_the_page_cannot_take_is_refused_with_one_sentence(name, make, message):
    with pytest.raises(page_files.PageFileRejected, match=re.escape(message)):
        page_files.read_upload(io.BytesIO(make()), name)


def test_the_encrypted_test_files_are_what_they_say():
    """The refusals above mean something: one asks for a password, the other opens without one but is encrypted."""
    with pytest.raises(pdfium.PdfiumError, match="password"):
        pdfium.PdfDocument(encrypted(pdf(), user_password_known=False))
    document = pdfium.PdfDocument(encrypted(pdf()))
    assert len(document) == 1 and pdfium.raw.FPDF_GetSecurityHandlerRevision(document) == 2
    assert page_files.read_upload(io.BytesIO(pdf()), "fine.pdf").pages == 1


# -- regions (no database) ----------------------------------------------------------------------------------------

TARGETS = {"articles.article:1": "稿件:确保小康", "notices.notice:2": "遗失声明:王嘉瑶"}


def test_regions_are_read_rounded_and_checked():
    text = (
        '[{"target": "articles.article:1", "shape": "rect", "points": [[0.5, 0.6], [0.1, 0.123456]]},'
        ' {"target": "notices.notice:2", "shape": "polygon", "points": [[0.1, 0.1], [0.3, 0.1], [0.2, 0.3]]}]'
    )
    rect, polygon = parse_regions(text, TARGETS)
    assert rect.points == ((0.1, 0.1235), (0.5, 0.6))  # corners in order, to 1/10,000
    assert polygon.shape == regions.POLYGON and len(polygon.points) == 3
    assert parse_regions("", TARGETS) == []


@pytest.mark.parametrize(
    "text, message",
    [
        ("not json", "无法读取"),
        ('{"target": 1}', "无法读取"),
        ('[{"target": "articles.article:9", "shape": "rect", "points": [[0, 0], [1, 1]]}]', "不在本版上"),
        ('[{"target": "articles.article:1", "shape": "rect", "points": [[0, 0], [1.2, 1]]}]', "超出了版面"),
        ('[{"target": "articles.article:1", "shape": "rect", "points": [[0, 0], [0.001, 1]]}]', "太小"),
        ('[{"target": "articles.article:1", "shape": "circle", "points": []}]', "形状无法读取"),
        ('[{"target": "articles.article:1", "shape": "polygon", "points": [[0, 0], [1, 1]]}]', "3 到 60 个点"),
        ('[{"target": "articles.article:1", "shape": "rect", "points": [["0", 0], [1, 1]]}]', "坐标无法读取"),
        (
            '[{"target": "articles.article:1", "shape": "rect", "points": [[0, 0], [1, 1]]},'
            ' {"target": "articles.article:1", "shape": "rect", "points": [[0, 0], [1, 1]]}]',
            "画了两个热区",
        ),
    ],
)
def test_regions_that_cannot_be_stored_are_one_sentence(text, message):
    with pytest.raises(RegionError, match=re.escape(message)):
        parse_regions(text, TARGETS)


def chars(text, x, top, size, height=842):
    return [
        (char, (x + n * size, height - top - size, x + (n + 1) * size, height - top), size)
        for n, char in enumerate(text)
    ]


def test_a_headline_is_found_where_it_is_printed_largest_and_proposed_as_its_block():
    # The headline in a body text at 9 points, then as the headline at 20; a second story lower in the same column.
    page = chars("今天市民快快申领电子健康卡", 40, 400, 9) + chars("市民快快申领电子健康卡(码)", 40, 100, 20)
    page += chars("全市民兵教练员骨干集训", 40, 300, 16) + chars("·王嘉瑶遗失M431033654号出生证", 300, 500, 8)
    box, size = locate(page, "市民快快申领电子健康卡(码)")  # ( and ( alike
    assert size == 20 and box == (40, 842 - 120, 40 + 14 * 20, 842 - 100)
    assert locate(page, "市民快快申领电子健康卡——新闻") is not None  # by its first eight characters
    assert locate(page, "没有的标题") is None
    found = [
        ("articles.article:1", box, "block"),
        ("articles.article:2", locate(page, "全市民兵教练员骨干集训")[0], "block"),
        ("notices.notice:3", locate(page, "王嘉瑶遗失M431033654号出生证")[0], "line"),
    ]
    lead, second, notice = propose(595, 842, found)
    (x0, y0), (x1, y1) = lead.points
    assert lead.shape == RECT and x0 < 40 / 595 < 320 / 595 < x1
    assert y0 < 100 / 842 and abs(y1 - (300 / 842 - 0.005)) < 0.0002  # to just above the next headline below it
    assert second.points[1][1] == 0.98  # nothing below: the foot of the page
    assert notice.points[1][1] - notice.points[0][1] < 20 / 842  # its own line


# -- in the database: the admin, the page view, the files -----------------------------------------------------------


@pytest.fixture
def paper(db, page_files_in_tmp, make_edition, make_article):
    edition = make_edition(publish_at=T)
    a1 = edition.pages.get(code="A1")
    live = make_article("确保小康路上“一个也不少”", page=a1, position=1, publish_at=T - datetime.timedelta(hours=2))
    later = make_article("午间发布的稿件", page=a1, position=2, publish_at=T3)
    draft = make_article("还在审的稿件", page=a1, position=3, status="submitted")
    return {"edition": edition, "a1": a1, "live": live, "later": later, "draft": draft}


def test_a_region_links_its_item_only_while_the_item_is_live(client, paper):
    a1 = paper["a1"]
    give_image(
        a1,
        {
            paper["live"]: ((0.05, 0.1), (0.45, 0.5)),
            paper["later"]: ((0.5, 0.1), (0.95, 0.5)),
            paper["draft"]: ((0.05, 0.55), (0.95, 0.9)),
        },
    )
    assert len(a1.regions) == 3
    live, later, draft = (paper[key].get_absolute_url() for key in ("live", "later", "draft"))
    with time_machine.travel(T - SECOND, tick=False):
        assert client.get("/editions/2020-04-28/A1/").status_code == 404
    with time_machine.travel(T + SECOND, tick=False):
        body = client.get("/editions/2020-04-28/A1/").content.decode()
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert f'<a href="{live}" aria-label="确保小康路上“一个也不少”">' in svg
    assert svg.count("<a ") == 1
    for absent in (later, "午间发布的稿件", draft, "还在审的稿件"):
        assert absent not in body
    # 0.05 × 60 px = 3, 0.1 × 85 = 8.5: the rectangle in the pixels of the large rendering.
    assert '<rect x="3.0" y="8.5" width="24.0" height="34.0"/>' in svg
    with time_machine.travel(T3 + SECOND, tick=False):
        body = client.get("/editions/2020-04-28/A1/").content.decode()
    assert f'<a href="{later}" aria-label="午间发布的稿件">' in body and draft not in body


def test_a_page_file_is_404_until_its_edition_is_live_by_url_and_by_file(client, paper, settings):
    stored = give_image(paper["a1"], upload=pdf(), name="a1.pdf")
    assert len(stored) == 5 and files_in(settings.PAGE_FILES_ROOT) == sorted(stored)
    assert not any(str(settings.MEDIA_ROOT) in str(settings.PAGE_FILES_ROOT / name) for name in stored)
    urls = [f"/editions/2020-04-28/A1/{name.rsplit('/', 1)[-1]}" for name in stored]
    with time_machine.travel(T - SECOND, tick=False):
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert client.get("/media/" + stored[0]).status_code == 404
    with time_machine.travel(T, tick=False):
        for url, name in zip(urls, stored, strict=True):
            response = client.get(url)
            assert response.status_code == 200, url
            assert b"".join(response.streaming_content) == (settings.PAGE_FILES_ROOT / name).read_bytes()
            assert response["X-Content-Type-Options"] == "nosniff" and "public" in response["Cache-Control"]
        assert response["Content-Type"] == "application/pdf"
        assert "20200428-A1.pdf" in response["Content-Disposition"]
        assert client.get(urls[0], HTTP_IF_NONE_MATCH=f'"{urls[0].rsplit("/", 1)[-1]}"').status_code == 304
        # The page's own names only, and from its own page.
        assert client.get(f"/editions/2020-04-28/A1/{'0' * 32}.jpg").status_code == 404
        assert client.get(urls[0].replace("/A1/", "/A2/")).status_code == 404
        body = client.get("/editions/2020-04-28/A1/").content.decode()
    for url in urls:
        assert url in body  # the page view shows both sizes and links the PDF


def test_nginx_sends_the_file_when_the_site_says_so(client, paper, settings):
    settings.PAGE_FILES_ACCEL_REDIRECT = "/page-files/"
    settings.PAGE_CACHE_SECONDS = 600
    stored = give_image(paper["a1"])
    url = f"/editions/2020-04-28/A1/{stored[0].rsplit('/', 1)[-1]}"
    with time_machine.travel(T - SECOND, tick=False):
        assert client.get(url).status_code == 404
    with time_machine.travel(T + SECOND, tick=False):
        for _ in range(2):  # never from the page cache: the header is the answer, and the live check made it
            response = client.get(url)
            assert response["X-Accel-Redirect"] == f"/page-files/{stored[0]}"
            assert response.content == b"" and "X-Page-Cache" not in response


@pytest.fixture
def editor_client(client, django_user_model):
    from django.contrib.auth.models import Group

    from newsroom.roles import EDITOR

    user = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(user)
    return client


def change_page(client, page, **data):
    form = {"edition": page.edition_id, "code": page.code, "name": page.name, "order": page.order, **data}
    if "page_regions" not in data:
        form["page_regions"] = (
            client.get(f"/admin/newsroom/page/{page.pk}/change/").context["adminform"].form["page_regions"].value()
        )
    return client.post(f"/admin/newsroom/page/{page.pk}/change/", form)


def test_an_editor_uploads_a_page_and_replacing_it_leaves_no_old_file(
    editor_client, paper, settings, django_capture_on_commit_callbacks
):
    a1 = paper["a1"]
    with django_capture_on_commit_callbacks(execute=True):
        response = change_page(editor_client, a1, upload=SimpleUploadedFile("a1.pdf", pdf(pages=2)))
    assert response.status_code == 302
    a1.refresh_from_db()
    first = a1.stored_files()
    assert a1.has_image and a1.files["pdf"] and files_in(settings.PAGE_FILES_ROOT) == sorted(first)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("有 2 页,只保留了第 1 页" in m for m in messages)
    with django_capture_on_commit_callbacks(execute=True):
        change_page(editor_client, a1, upload=SimpleUploadedFile("a1.png", png()))
    a1.refresh_from_db()
    assert "pdf" not in a1.files and files_in(settings.PAGE_FILES_ROOT) == sorted(a1.stored_files())
    assert not set(first) & set(a1.stored_files())
    Article.objects.all().delete()  # items keep their page (PROTECT)
    with django_capture_on_commit_callbacks(execute=True):
        a1.edition.delete()  # a page deleted with its edition leaves nothing
    assert files_in(settings.PAGE_FILES_ROOT) == []


@pytest.mark.parametrize(
    "name, make, message",
    [refused for refused in REFUSED if refused[0] in ("locked.pdf", "cut.pdf", "big.pdf")],
    ids=["locked", "cut", "big"],
)
def test_a_refused_upload_is_a_form_error_and_stores_nothing(editor_client, paper, settings, name, make, message):
    a1 = paper["a1"]
    kept = give_image(a1, {paper["live"]: ((0.1, 0.1), (0.5, 0.5))})
    response = change_page(editor_client, a1, upload=SimpleUploadedFile(name, make()))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["upload"]
    assert any(message in error for error in errors), errors
    a1.refresh_from_db()
    assert a1.stored_files() == kept and files_in(settings.PAGE_FILES_ROOT) == sorted(kept)
    a1.refresh_from_db()
    assert len(a1.regions) == 1


def test_an_editor_draws_regions_and_a_bad_one_changes_nothing(editor_client, paper):
    a1 = paper["a1"]
    give_image(a1)
    page = editor_client.get(f"/admin/newsroom/page/{a1.pk}/change/").content.decode()
    assert "newsroom/regions.js" in page and "data-region-editor" in page
    for item in ("live", "later", "draft"):  # every item of the page, live or not: regions are drawn before
        assert f'data-target="{region_key(paper[item])}"' in page
    drawn = [
        {"target": region_key(paper["live"]), "shape": "rect", "points": [[0.1, 0.1], [0.5, 0.4]]},
        {"target": region_key(paper["draft"]), "shape": "polygon", "points": [[0.1, 0.5], [0.9, 0.5], [0.5, 0.9]]},
    ]
    import json

    assert change_page(editor_client, a1, page_regions=json.dumps(drawn)).status_code == 302
    a1.refresh_from_db()
    assert a1.regions == drawn
    other = Article.objects.create(headline="别的版面的稿件", page=paper["edition"].pages.get(code="A2"))
    bad = [*drawn, {"target": region_key(other), "shape": "rect", "points": [[0, 0], [1, 1]]}]
    response = change_page(editor_client, a1, page_regions=json.dumps(bad))
    assert response.status_code == 200 and "不在本版上" in str(
        response.context["adminform"].form.errors["page_regions"]
    )
    a1.refresh_from_db()
    assert a1.regions == drawn


def test_automatic_regions_come_from_the_headlines_in_the_pdf_and_are_not_stored(editor_client, paper):
    a1 = paper["a1"]
    texts = [headline("确保小康路上“一个也不少”", 40, 60, 20), headline("午间发布的稿件", 40, 400, 18)]
    give_image(a1, upload=pdf(texts=texts), name="a1.pdf")
    answer = editor_client.get(f"/admin/newsroom/page/{a1.pk}/regions/auto/").json()
    by_target = {region["target"]: region for region in answer["regions"]}
    assert set(by_target) == {region_key(paper["live"]), region_key(paper["later"])}
    assert answer["missing"] == ["稿件:还在审的稿件"] and "找到 2 项" in answer["message"]
    (x0, y0), (_x1, y1) = by_target[region_key(paper["live"])]["points"]
    assert x0 < 40 / 595 and y0 < 60 / 842 and 390 / 842 < y1 < 400 / 842  # to just above the next headline
    a1.refresh_from_db()
    assert a1.regions == []
    give_image(a1, upload=pdf(), name="a1.pdf")  # no text layer
    assert "没有文字层" in editor_client.get(f"/admin/newsroom/page/{a1.pk}/regions/auto/").json()["message"]


def test_the_admin_shows_page_files_to_staff_before_the_edition_is_live(editor_client, client, paper):
    stored = give_image(paper["a1"])
    url = f"/admin/newsroom/page/{paper['a1'].pk}/file/{stored[0].rsplit('/', 1)[-1]}"
    with time_machine.travel(T - SECOND, tick=False):
        assert editor_client.get(url).status_code == 200
        preview = editor_client.get(f"/admin/newsroom/edition/{paper['edition'].pk}/preview/A1/").content.decode()
        assert url in preview  # an editor's preview shows the page image through the admin
        editor_client.logout()
        assert editor_client.get(url).status_code == 302  # to the login
        # A preview link for someone without an account: the page, but no image its reader could not load.
        outside = editor_client.get(signed_url(paper["a1"])).content.decode()
        assert (
            "确保小康路上" in outside
            and 'class="page-image"' not in outside
            and stored[0].split("/")[-1] not in outside
        )


def test_the_demo_page_image_lays_out_the_sample_with_a_region_for_each_item(
    imported_sample, page_files_in_tmp, capsys
):
    call_command("demo_page_image")
    page = Page.objects.get(code="A2")
    # The sample's A2: 12 stories and 2 continuation parts, 9 notices, 1 outage table (README, the importer).
    assert page.has_image and page.files.get("pdf") and len(page.regions) == 24
    text = page_files.pdf_text((page_files_in_tmp / page.files["pdf"]).read_bytes())
    box, _size = locate(text.chars, "加减乘除巧“运算” 造出美丽新“绿城”")
    story = Article.objects.get(headline__startswith="加减乘除")
    [(x0, y0), (x1, y1)] = next(r["points"] for r in page.regions if r["target"] == region_key(story))
    assert x0 <= box[0] / text.width <= x1 and y0 <= 1 - box[3] / text.height <= y1
    stored = page.stored_files()
    call_command("demo_page_image")  # again: the page keeps what it has
    page.refresh_from_db()
    assert page.stored_files() == stored and "已有版面图" in capsys.readouterr().out


def test_the_demo_works_without_a_chinese_font_and_says_so(imported_sample, page_files_in_tmp, monkeypatch, capsys):
    monkeypatch.setattr(demo_page, "FONTS", {"bold": [], "regular": []})
    monkeypatch.setattr(demo_page, "OTHER_CJK_FONTS", [])
    call_command("demo_page_image", "--replace")
    assert Page.objects.get(code="A2").has_image
    assert "没有找到中文字体" in capsys.readouterr().err
