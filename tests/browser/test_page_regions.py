"""An editor draws the regions of a page's items on its image in the admin (static/newsroom/regions.js), takes the
ones found from the PDF's headlines, and saves: what the page view will link is what was drawn."""

import pytest
from django.contrib.auth.models import Group

from newsroom import page_files
from newsroom.regions import region_key
from newsroom.roles import EDITOR
from tests.conftest import SAMPLE_LIVE_AT
from tests.newsroom.page_images import give_image, headline, pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_draws_a_rectangle_and_a_polygon_and_takes_the_found_headlines(
    live_server, desktop, make_edition, make_article, django_user_model, settings, tmp_path, monkeypatch
):
    settings.PAGE_FILES_ROOT = tmp_path / "pages"
    monkeypatch.setattr(page_files, "SIZES", {"small": 600, "large": 1200})
    a1 = make_edition().pages.get(code="A1")
    first = make_article("确保小康路上“一个也不少”", page=a1, position=1)
    second = make_article("全市民兵教练员骨干集训", page=a1, position=2)
    found = make_article("渌口区新增4所公办幼儿园", page=a1, position=3, publish_at=SAMPLE_LIVE_AT)
    give_image(a1, upload=pdf(texts=[headline("渌口区新增4所公办幼儿园", 60, 500, 22)]), name="a1.pdf")
    editor = django_user_model.objects.create_user("editor", password="pw-123456", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    desktop.goto(live_server.url + "/admin/login/")
    desktop.fill("#id_username", "editor")
    desktop.fill("#id_password", "pw-123456")
    desktop.click("input[type=submit]")
    desktop.goto(f"{live_server.url}/admin/newsroom/page/{a1.pk}/change/")
    assert desktop.locator("textarea.region-data").is_hidden()  # the script draws instead

    overlay = desktop.locator(".region-overlay")

    def choose(item, shape):
        desktop.locator(f'li[data-target="{region_key(item)}"] [data-draw="{shape}"]').click()
        overlay.scroll_into_view_if_needed()
        return overlay.bounding_box()

    box = choose(first, "rect")
    desktop.mouse.move(box["x"] + 30, box["y"] + 40)
    desktop.mouse.down()
    desktop.mouse.move(box["x"] + 300, box["y"] + 200, steps=4)
    desktop.mouse.up()
    box = choose(second, "polygon")
    for dx, dy in ((30, 250), (300, 250), (165, 380)):
        desktop.mouse.click(box["x"] + dx, box["y"] + dy)
    desktop.keyboard.press("Enter")
    desktop.locator("[data-auto-regions]").click()
    desktop.locator(".region-message", has_text="找到 1 项").wait_for()
    assert desktop.locator(".region-overlay .proposed").count() == 1
    desktop.click("input[name=_continue]")
    desktop.wait_for_url(f"**/admin/newsroom/page/{a1.pk}/change/")

    a1.refresh_from_db()
    stored = {region.target: region for region in a1.region_list()}
    assert set(stored) == {region_key(first), region_key(second), region_key(found)}
    (x0, y0), (x1, y1) = stored[region_key(first)].points
    assert abs(x0 - 30 / box["width"]) < 0.01 and abs(y1 - 200 / box["height"]) < 0.01 and x1 > x0
    assert stored[region_key(second)].shape == "polygon" and len(stored[region_key(second)].points) == 3
    (x0, y0), _corner = stored[region_key(found)].points
    assert x0 < 60 / 595 and y0 < 500 / 842  # from its headline, printed 60 points in and 500 down
