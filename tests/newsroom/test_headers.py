"""Content-Security-Policy and Permissions-Policy on every page, the same on a page from the page cache; and no page
has an inline script, event handler or style that the policy would block."""

import re

import pytest
import time_machine

from tests.conftest import at

pytestmark = pytest.mark.django_db

PUBLIC = ["/", "/editions/", "/editions/2020-04-28/A2/", "/search/?q=幼儿园", "/notices/", "/admin/login/"]
ADMIN = ["/admin/", "/admin/articles/article/", "/admin/articles/article/add/", "/admin/notices/notice/add/"]
# A JSON-LD data block (newsroom/structured_data.py) is not a script: it is never run, and CSP does not apply to it.
INLINE = re.compile(
    r'<script(?![^>]*\b(?:src=|type="application/ld\+json"))[^>]*>\s*\S|\son[a-z]+\s*=|\sstyle\s*=|<style', re.I
)


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.fixture
def paper(make_edition, make_article):
    edition = make_edition()
    make_article("渌口区新增4所公办幼儿园", page=edition.pages.get(code="A2"), body="幼儿园")


@pytest.fixture(autouse=True)
def noon():
    with time_machine.travel(at(2020, 4, 28, 12, 0), tick=False):
        yield


def assert_strict(response):
    policy = directives(response)
    assert policy["script-src"] == ["'self'"] and policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_carry_the_policy_the_same_from_the_cache_and_need_nothing_inline(client, paper, url):
    first, second = client.get(url), client.get(url)
    assert first.status_code == 200
    assert_strict(first)
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert not INLINE.search(first.content.decode()), INLINE.search(first.content.decode())


def test_a_story_has_its_json_ld_as_a_data_block_and_the_policy_no_nonce(client, paper):
    """The one <script> of a public page is the schema.org data block: the policy stays the same for every request
    (so the page cache can keep it) and needs no nonce for it (browsers do not run or check a data block:
    tests/browser/test_structured_data.py asks Chromium)."""
    from articles.models import Article

    url = Article.objects.get().get_absolute_url()
    first, second = client.get(url), client.get(url)
    assert second["X-Page-Cache"] == "HIT" and second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert_strict(first)
    assert "nonce" not in first["Content-Security-Policy"]
    html = first.content.decode()
    assert re.findall(r"<script[^>]*>", html) == ['<script type="application/ld+json">']
    assert not INLINE.search(html)


@pytest.mark.parametrize("url", ADMIN)
def test_admin_pages_carry_the_policy_and_have_no_inline_script(admin_client, paper, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    assert_strict(response)
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", response.content.decode())
    assert scripts == []
    assert not re.search(r"\son[a-z]+\s*=", response.content.decode())


def test_no_page_template_has_an_inline_script_handler_or_style(settings):
    for template in (settings.BASE_DIR / "templates").rglob("*.html"):
        if template.name == "500.html":  # served by Django's handler with no middleware
            continue
        assert not INLINE.search(template.read_text()), template
