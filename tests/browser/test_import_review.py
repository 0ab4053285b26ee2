"""导入审阅 in a real browser: paste a page, see the parse, correct a line, import."""

import pytest
from django.contrib.auth.models import Group, User

from articles.models import Article
from newsroom.models import EditionImport, UnplacedLine
from newsroom.publication import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-for-tests-9"
PAGE = "\n".join(
    [
        "滨江步道全线贯通",
        "",
        "文/石小川 图/钟秀",
        "",
        "经过半年施工,滨江步道最后一段于近日完工,全长十二公里的步道实现全线贯通。",
        "",
        "沿线新建了五处休息驿站。",
        "",
        "社区食堂开进老小区",
        "",
        "近日,河西街道第一家社区食堂开门迎客,六十岁以上老人就餐每餐可减免三元。",
        "",
    ]
)


def test_paste_see_correct_and_import(live_server, desktop):
    user = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="编辑"))
    page = desktop
    page.goto(live_server.url + "/admin/login/?next=/admin/newsroom/editionimport/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.get_by_role("link", name="导入审阅:上传或粘贴一版文字").click()

    # Paste and see: the lines coloured by where they went, the stories with their bylines and roles.
    page.fill("#id_date", "2021-03-01")
    page.fill("#id_page_code", "A3")
    page.fill("#id_text", PAGE)
    with page.expect_navigation():
        page.get_by_role("button", name="解析并预览(不写入)").click()
    assert page.locator("tr[data-line='1']").get_attribute("data-place") == "headline"
    assert page.locator("tr[data-line='3']").get_attribute("data-place") == "byline"
    assert page.locator("tr[data-line='9']").get_attribute("data-place") == "headline"
    assert page.locator("#parsed-articles .credit").all_inner_texts() == ["文 石小川", "图 钟秀"]
    # the second headline has no byline: known by its shape alone, flagged for the editor
    assert "只凭版式推断为标题" in page.locator("tr[data-line='9']").inner_text()
    assert not Article.objects.exists()  # nothing written yet

    # Correct: line 7 goes to unplaced; the screen shows it before anything is saved.
    page.select_option("select[name='fix-7']", "unplaced")
    with page.expect_navigation():
        page.get_by_role("button", name="按更正重新解析").click()
    assert page.locator("tr[data-line='7']").get_attribute("data-place") == "unplaced"
    assert page.locator("select[name='fix-7']").input_value() == "unplaced"
    assert not Article.objects.exists()

    # Import: drafts, the correction kept with the import record.
    with page.expect_navigation(url="**/admin/newsroom/editionimport/"):
        page.get_by_role("button", name="导入", exact=True).click()
    assert "新建 2 条" in page.content()
    assert sorted(Article.objects.values_list("headline", "status")) == [
        ("滨江步道全线贯通", Status.DRAFT),
        ("社区食堂开进老小区", Status.DRAFT),
    ]
    assert UnplacedLine.objects.get().text == "沿线新建了五处休息驿站。"
    assert EditionImport.objects.get().corrections == {"unplaced": [7]}
