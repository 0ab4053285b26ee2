"""The story's JSON-LD in Chromium under the site's Content-Security-Policy (script-src 'self', no nonce): the data
block is read, never run, and reports no violation, while the same page refuses an inline script it is handed."""

import pytest

from articles.bylines import Credit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TRAP = "</script><script>window.pwned = 1</script>"

LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));
"""


@pytest.fixture
def story(make_edition, make_article):
    edition = make_edition()
    story = make_article(
        "市民快快申领电子健康卡(码)",
        kicker=f"扫码通行{TRAP}",
        page=edition.pages.get(code="A2"),
        body="株洲日报讯 看病就医,亮码就医。",
    )
    story.set_bylines([Credit("刘琼", "记者", "株洲日报"), Credit("朱卫健", "通讯员", "")])
    return story


def test_chromium_reads_the_json_ld_and_reports_no_policy_violation(live_server, desktop, story):
    console = []
    desktop.on("console", lambda message: console.append(message.text))
    desktop.add_init_script(LISTEN)
    response = desktop.goto(live_server.url + story.get_absolute_url())
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "nonce" not in response.headers["content-security-policy"]
    data = desktop.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
    assert data["@type"] == "NewsArticle" and data["alternativeHeadline"] == f"扫码通行{TRAP}"
    assert [(a["name"], a["jobTitle"]) for a in data["author"]] == [("刘琼", "记者"), ("朱卫健", "通讯员")]
    assert desktop.evaluate("document.scripts.length") == 1  # the kicker's </script> did not end the block
    assert desktop.evaluate("window.pwned") is None
    assert desktop.evaluate("window.__violations") == []
    assert not [text for text in console if "Content Security Policy" in text]
    # The listener hears what the policy refuses: an inline script added now is blocked and reported.
    desktop.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.ran = 1';
        document.body.append(script);
    }""")
    desktop.wait_for_function("window.__violations.length > 0")
    assert desktop.evaluate("window.__violations") == ["script-src-elem"]
    assert desktop.evaluate("window.ran") is None
