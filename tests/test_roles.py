"""Who may do what in the admin: the role × action matrix, cell by cell, and the walls around it.

Each cell of MATRIX is tested by doing the action through the admin as a user in that role, and
looking at both what the admin answered (the form shown, the redirect after a save) and what the
database holds afterwards (changed, deleted, published, restored?). A cell is allowed when every
one of those facts says it happened, refused when none does; anything in between fails and names
the cell and the facts.
"""

import datetime
import json

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.test import Client

from articles.models import Article, Byline, Contributor, Photo
from newsroom.models import Edition, Staff
from newsroom.publication import Status
from notices.models import Notice, NoticeStatus
from notices.printed import parse_notice_line
from outages.models import OutageEntry, OutageNotice
from tests.conftest import at
from tests.notices.sample import SAMPLE_LINES

pytestmark = pytest.mark.django_db

ROLES = {"reporter": "记者", "editor": "编辑", "clerk": "分类广告"}
ACTIONS = ("add", "change", "delete", "bulk_delete", "history", "preview", "revert", "publish", "schedule")
Y, N, NA = True, False, None  # NA: the admin has no such action for this kind of item, for anyone

# The expected matrix. "own" is an article the user created, "other" one a colleague (another reporter)
# created; both are drafts. Notices and outage notices belong to their desk, not to a person ("-").
# For a notice, "preview" is the printed line in its change form (印出效果), "publish" is 签发 (sign_off)
# and "schedule" is 安排到版面 (place_on_page). Outage notices have no preview; they are published and
# scheduled through the workflow's actions like stories (the status is read-only in every form).
# fmt: off
MATRIX = [
    # role       model      whose     add change delete bulk_delete history preview revert publish schedule
    ("reporter", "article", "own",   (Y,  Y,     Y,     Y,          Y,      Y,      Y,     N,      N)),
    ("reporter", "article", "other", (Y,  N,     N,     N,          N,      N,      N,     N,      N)),
    ("reporter", "notice",  "-",     (N,  N,     N,     N,          N,      N,      N,     N,      N)),
    ("reporter", "outage",  "-",     (N,  N,     N,     N,          N,      NA,     N,     N,      N)),
    ("editor",   "article", "own",   (Y,  Y,     Y,     Y,          Y,      Y,      Y,     Y,      Y)),
    ("editor",   "article", "other", (Y,  Y,     Y,     Y,          Y,      Y,      Y,     Y,      Y)),
    ("editor",   "notice",  "-",     (Y,  Y,     Y,     Y,          Y,      Y,      Y,     Y,      Y)),
    ("editor",   "outage",  "-",     (Y,  Y,     Y,     Y,          Y,      NA,     Y,     Y,      Y)),
    ("clerk",    "article", "own",   (N,  N,     N,     N,          N,      N,      N,     N,      N)),
    ("clerk",    "article", "other", (N,  N,     N,     N,          N,      N,      N,     N,      N)),
    ("clerk",    "notice",  "-",     (Y,  Y,     Y,     Y,          Y,      Y,      Y,     Y,      Y)),
    ("clerk",    "outage",  "-",     (N,  N,     N,     N,          N,      NA,     N,     N,      N)),
]
# fmt: on
EXPECTED = {
    (role, model, whose, action): allowed
    for role, model, whose, row in MATRIX
    for action, allowed in zip(ACTIONS, row, strict=True)
}
assert len(EXPECTED) == len(ROLES) * 4 * len(ACTIONS)


def cell_id(cell):
    role, model, whose, action = cell
    verdict = {Y: "allowed", N: "refused", NA: "n/a"}[EXPECTED[cell]]
    return f"{role}-{model}{'' if whose == '-' else '-' + whose}-{action}-{verdict}"


CHANGELISTS = {
    "article": "/admin/articles/article/",
    "notice": "/admin/notices/notice/",
    "outage": "/admin/outages/outagenotice/",
}
EDITION_DAY = datetime.date(2035, 5, 1)
SCHEDULE_AT = at(2035, 5, 1, 6, 0)
NOTICE_LINE = "·王嘉瑶(父:王小军、母:杨熊)遗失M431033654号出生证"


# -- users, items and admin forms ------------------------------------------------------------------


def member(username, role):
    user = User.objects.create_user(username, password="pw-for-tests-9", is_staff=True)
    user.groups.add(Group.objects.get(name=ROLES[role]))
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def field_values(form):
    """What a browser posts back for a form as it was shown."""
    data = {}
    for bound in form:
        widget, value = bound.field.widget, bound.value()
        if isinstance(widget, forms.MultiWidget):
            # A bound form (shown again after a refusal) has the parts as posted.
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


def form_data(response, **changes):
    """The POST data of an admin form page (the main form and its inlines' existing rows), with changes."""
    assert response.status_code == 200, response.status_code
    data = field_values(response.context["adminform"].form)
    try:
        inlines = response.context["inline_admin_formsets"]
    except KeyError:
        inlines = []
    for inline in inlines:
        formset = inline.formset
        count = str(len(formset.initial_forms))
        data.update(
            {
                f"{formset.prefix}-TOTAL_FORMS": count,
                f"{formset.prefix}-INITIAL_FORMS": count,
                f"{formset.prefix}-MIN_NUM_FORMS": "0",
                f"{formset.prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for row in formset.initial_forms:
            data.update(field_values(row))
    data.update(changes)
    return data


def make_article(owner, whose):
    article = Article.objects.create(
        headline=f"{whose}稿件", body=f"{whose}稿件第一稿。", created_by=owner, updated_by=owner
    )
    article.body = f"{whose}稿件第二稿。"
    article.save()
    return article


def make_notice(page):
    notice = Notice.from_parsed(parse_notice_line(NOTICE_LINE), page=page, status=NoticeStatus.SCHEDULED)
    notice.declarants = "王嘉怡"
    notice.save()
    return notice


def make_outage_notice():
    notice = OutageNotice.objects.create(date=datetime.date(2035, 5, 2), title="停电公告第一稿", status=Status.DRAFT)
    entry = OutageEntry.objects.create(notice=notice, line="天元变10KV天101线", scope="泰山小区")
    entry.set_windows([(at(2035, 5, 2, 8, 0), at(2035, 5, 2, 12, 0))], bump=False)
    notice.title = "停电公告第二稿"
    notice.save()
    return notice


class Item:
    """The item a cell acts on: how to find it again, and its first and current text."""

    def __init__(self, model, obj):
        self.model, self.obj = model, obj
        self.changelist = CHANGELISTS[model]
        self.url = f"{self.changelist}{obj.pk}/"
        self.first = obj.history.order_by("history_date", "history_id").first()

    def fresh(self):
        return type(self.obj)._default_manager.filter(pk=self.obj.pk).first()

    def text(self, obj):
        """The text the revisions differ in."""
        return {"article": lambda o: o.body, "notice": lambda o: o.declarants, "outage": lambda o: o.title}[self.model](
            obj
        )

    @property
    def first_text(self):
        return self.text(self.first.instance)

    @property
    def current_text(self):
        return self.text(self.obj)


@pytest.fixture
def world(make_edition):
    users = {role: member(role, role) for role in ROLES}
    users["colleague"] = member("colleague", "reporter")
    edition = make_edition(date=EDITION_DAY, publish_at=SCHEDULE_AT)
    return users, edition


def setup_item(world, role, model, whose):
    users, edition = world
    if model == "article":
        owner = users[role] if whose == "own" else users["colleague"]
        return Item(model, make_article(owner, "自己的" if whose == "own" else "同事的"))
    if model == "notice":
        return Item(model, make_notice(edition.pages.get(code="A1")))
    return Item(model, make_outage_notice())


# -- the actions: each returns {fact: did it happen?} -----------------------------------------------


def text(response):
    """A page's text; a JSON answer (autocomplete) with its Chinese unescaped."""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def editable(response, field):
    return response.status_code == 200 and f'name="{field}"' in response.content.decode()


def redirected_to(response, url):
    return response.status_code == 302 and response["Location"].split("?")[0] == url


MAIN_FIELD = {"article": "headline", "notice": "declarants", "outage": "title"}


def do_add(client, editor, item):
    shown = client.get(f"{item.changelist}add/")
    model = type(item.obj)
    before = set(model.objects.values_list("pk", flat=True))
    changes = {
        "article": {"headline": "新建的稿件", "body": "新建的正文。"},
        "notice": {"quick_line": SAMPLE_LINES[4].removeprefix("·")},
        "outage": {"date": "2035-05-03", "title": "新建的停电公告"},
    }[item.model]
    data = form_data(editor.get(f"{item.changelist}add/"), **changes)
    saved = client.post(f"{item.changelist}add/", data)
    created = model.objects.exclude(pk__in=before)
    return {
        "the add form is shown": editable(shown, MAIN_FIELD[item.model]),
        "the save redirects to the list": redirected_to(saved, item.changelist),
        "a new item is in the database": created.exists(),
    }


def do_change(client, editor, item):
    shown = client.get(f"{item.url}change/")
    new = {"article": "改过的正文。", "notice": "王嘉琪", "outage": "改过的停电公告"}[item.model]
    field = {"article": "body", "notice": "declarants", "outage": "title"}[item.model]
    data = form_data(editor.get(f"{item.url}change/"), **{field: new})
    saved = client.post(f"{item.url}change/", data)
    return {
        "the change form is editable": editable(shown, MAIN_FIELD[item.model]),
        "the save redirects to the list": redirected_to(saved, item.changelist),
        "the database has the change": item.text(item.fresh()) == new,
    }


def do_delete(client, editor, item):
    shown = client.get(f"{item.url}delete/")
    done = client.post(f"{item.url}delete/", {"post": "yes"})
    return {
        "the confirmation is shown": editable(shown, "post"),
        "the delete redirects to the list": redirected_to(done, item.changelist),
        "the item is gone": item.fresh() is None,
    }


def offered(client, item, action):
    """The list shows the item with a checkbox and offers the action."""
    response = client.get(item.changelist)
    if response.status_code != 200:
        return False
    action_form = response.context["action_form"]
    choices = {name for name, _label in action_form.fields["action"].choices} if action_form else set()
    listed = item.obj.pk in {obj.pk for obj in response.context["cl"].result_list}
    return listed and action in choices


def run_action(client, item, action, **extra):
    return client.post(item.changelist, {"action": action, "_selected_action": [item.obj.pk], **extra})


def do_bulk_delete(client, editor, item):
    listed = offered(client, item, "delete_selected")
    confirm = run_action(client, item, "delete_selected")
    done = run_action(client, item, "delete_selected", post="yes")
    return {
        "the list offers 删除所选": listed,
        "the confirmation is shown": editable(confirm, "post") and str(item.obj) in confirm.content.decode(),
        # (A refused bulk action redirects to the list too, with "no items selected": only the database tells.)
        "the item is gone": redirected_to(done, item.changelist) and item.fresh() is None,
    }


def do_history(client, editor, item):
    response = client.get(f"{item.url}history/")
    html = response.content.decode()
    return {
        "the history is shown": response.status_code == 200,
        "it shows the change, old and new": item.first_text in html and item.current_text in html,
    }


def do_preview(client, editor, item):
    if item.model == "article":
        response = client.get(f"{item.url}preview/")
        shown = response.status_code == 200 and item.obj.headline in response.content.decode()
        return {"the preview is shown": shown, "under the 预览 banner": shown and "预览" in response.content.decode()}
    if item.model == "notice":
        response = client.get(f"{item.url}change/")
        html = response.content.decode()
        return {
            "the change form is shown": response.status_code == 200,
            "with the printed line": item.obj.printed_line() in html,
        }
    response = client.get(f"{item.url}preview/")
    return {"a preview is shown": response.status_code == 200 and item.obj.title in response.content.decode()}


def do_revert(client, editor, item):
    url = f"{item.url}history/{item.first.history_id}/"
    shown = client.get(url)
    data = form_data(editor.get(url))
    saved = client.post(url, data)
    return {
        "the earlier revision is shown": shown.status_code == 200 and item.first_text in shown.content.decode(),
        "the restore redirects to the list": redirected_to(saved, item.changelist),
        "the database has the earlier text": item.fresh() is not None and item.text(item.fresh()) == item.first_text,
    }


PUBLISH_ACTION = {"article": "publish_now", "notice": "sign_off", "outage": "publish_now"}
SCHEDULE_ACTION = {"article": "schedule", "notice": "place_on_page", "outage": "schedule"}


def is_published(obj):
    return obj is not None and obj.status == Status.PUBLISHED


def do_publish(client, editor, item):
    action = PUBLISH_ACTION[item.model]
    listed = offered(client, item, action)
    done = run_action(client, item, action)
    return {
        f"the list offers {action}": listed,
        "the item is published": redirected_to(done, item.changelist) and is_published(item.fresh()),
    }


def do_schedule(client, editor, item):
    action = SCHEDULE_ACTION[item.model]
    listed = offered(client, item, action)
    asked = run_action(client, item, action)
    if item.model == "notice":
        a2 = Edition.objects.get(date=EDITION_DAY).pages.get(code="A2")
        done = run_action(client, item, action, apply="1", page=str(a2.pk))
        fresh = item.fresh()
        effect = fresh is not None and fresh.page is not None and fresh.page.code == "A2"
        form_field = "page"
    else:
        done = run_action(client, item, action, apply="1", page="", publish_at="2035-05-01T06:00")
        fresh = item.fresh()
        effect = is_published(fresh) and fresh.publish_at == SCHEDULE_AT
        form_field = "publish_at"
    return {
        f"the list offers {action}": listed,
        "the action asks when or where": editable(asked, form_field),
        "the database has the schedule": redirected_to(done, item.changelist) and effect,
    }


DO = {
    "add": do_add,
    "change": do_change,
    "delete": do_delete,
    "bulk_delete": do_bulk_delete,
    "history": do_history,
    "preview": do_preview,
    "revert": do_revert,
    "publish": do_publish,
    "schedule": do_schedule,
}


@pytest.mark.parametrize("cell", list(EXPECTED), ids=cell_id)
def test_the_role_action_matrix(world, cell):
    role, model, whose, action = cell
    users, _edition = world
    item = setup_item(world, role, model, whose)
    facts = DO[action](logged_in(users[role]), logged_in(users["editor"]), item)
    expected = bool(EXPECTED[cell])
    wrong = [fact for fact, happened in facts.items() if happened != expected]
    assert not wrong, f"{cell_id(cell)}: expected {'all' if expected else 'none'} of these, but {wrong} " + (
        "did not happen" if expected else "happened"
    )


def test_every_cell_is_in_the_matrix():
    # Each role × each item × each action, exactly once; and n/a only where no role can do it.
    assert set(EXPECTED) == {
        (role, model, whose, action)
        for role in ROLES
        for model, whose in [("article", "own"), ("article", "other"), ("notice", "-"), ("outage", "-")]
        for action in ACTIONS
    }
    for (_role, model, whose, action), allowed in EXPECTED.items():
        if allowed is NA:
            assert all(EXPECTED[(other, model, whose, action)] is NA for other in ROLES)


# -- the walls around the matrix --------------------------------------------------------------------


def test_a_reporters_submitted_article_is_visible_but_not_editable(world):
    users, _edition = world
    reporter = logged_in(users["reporter"])
    editor = logged_in(users["editor"])
    article = make_article(users["reporter"], "待审的")
    article.status = Status.SUBMITTED
    article.save()
    item = Item("article", article)
    url = item.url

    listed = reporter.get(item.changelist)
    assert article.pk in {obj.pk for obj in listed.context["cl"].result_list}
    shown = reporter.get(f"{url}change/")
    assert shown.status_code == 200 and "待审的稿件第二稿。" in shown.content.decode()
    assert not editable(shown, "body") and not editable(shown, "_save")
    assert reporter.get(f"{url}history/").status_code == 200
    assert reporter.get(f"{url}preview/").status_code == 200

    data = form_data(editor.get(f"{url}change/"), body="记者在待审时改的。")
    assert reporter.post(f"{url}change/", data).status_code == 403
    assert reporter.get(f"{url}delete/").status_code == 403
    assert reporter.post(f"{url}delete/", {"post": "yes"}).status_code == 403
    assert not editable(run_action(reporter, item, "delete_selected"), "post")
    assert run_action(reporter, item, "delete_selected", post="yes").status_code == 403
    revision = f"{url}history/{item.first.history_id}/"
    assert reporter.post(revision, form_data(editor.get(revision))).status_code == 403
    article.refresh_from_db()
    assert (article.status, article.body, article.version) == (Status.SUBMITTED, "待审的稿件第二稿。", 3)


def test_a_reporters_published_article_stays_in_their_list_read_only(world):
    users, _edition = world
    reporter = logged_in(users["reporter"])
    editor = logged_in(users["editor"])
    article = make_article(users["reporter"], "已发的")  # two draft revisions, then published
    article.status = Status.PUBLISHED
    article.save()
    item = Item("article", article)
    url = item.url

    listed = reporter.get(item.changelist)
    assert listed.status_code == 200 and "已发的稿件" in listed.content.decode()
    shown = reporter.get(f"{url}change/")
    assert shown.status_code == 200 and "已发的稿件第二稿。" in shown.content.decode()
    assert not editable(shown, "body") and not editable(shown, "_save")
    assert reporter.get(f"{url}history/").status_code == 200
    assert reporter.get(f"{url}preview/").status_code == 200
    # An earlier revision was a draft of theirs: it must not reopen the published article to them.
    revision = f"{url}history/{item.first.history_id}/"
    assert not editable(reporter.get(revision), "_save")
    assert reporter.post(revision, form_data(editor.get(revision))).status_code in (403, 404)
    assert reporter.post(f"{url}change/", form_data(editor.get(f"{url}change/"), body="改")).status_code == 403
    assert reporter.post(f"{url}delete/", {"post": "yes"}).status_code == 403
    article.refresh_from_db()
    assert (article.status, article.body) == (Status.PUBLISHED, "已发的稿件第二稿。")


def admin_index(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    return {
        app["app_label"]: {m["object_name"]: m["perms"] for m in app["models"]} for app in response.context["app_list"]
    }


def test_a_reporter_cannot_reach_notices_outages_or_editions(world):
    users, edition = world
    reporter = logged_in(users["reporter"])
    assert set(admin_index(reporter)) == {"articles"}
    for url in [
        "/admin/notices/notice/",
        "/admin/notices/notice/add/",
        "/admin/outages/outagenotice/",
        "/admin/outages/outagenotice/import/",
        "/admin/outages/outageentry/",
        "/admin/newsroom/edition/",
        f"/admin/newsroom/edition/{edition.pk}/change/",
        "/admin/newsroom/unplacedline/",
    ]:
        assert reporter.get(url).status_code in (302, 403), url
        if url.endswith("import/"):
            assert reporter.get(url)["Location"] == "/admin/outages/outagenotice/"
    for url in [
        "/admin/newsroom/edition/planning/",
        f"/admin/newsroom/edition/{edition.pk}/preview/",
        f"/admin/newsroom/edition/{edition.pk}/preview/A1/",
    ]:
        assert reporter.get(url).status_code == 404, url


def test_a_clerk_reaches_notices_and_only_views_editions(world):
    users, edition = world
    clerk = logged_in(users["clerk"])
    apps = admin_index(clerk)
    assert set(apps) == {"notices", "newsroom"}
    assert apps["newsroom"] == {"Edition": {"add": False, "change": False, "delete": False, "view": True}}
    assert clerk.get("/admin/notices/notice/").status_code == 200
    for url in [
        "/admin/articles/article/",
        "/admin/articles/photo/",
        "/admin/articles/contributor/",
        "/admin/outages/outagenotice/",
        "/admin/outages/outageentry/",
        "/admin/newsroom/unplacedline/",
        "/admin/autocomplete/?app_label=articles&model_name=photo&field_name=article",
    ]:
        assert clerk.get(url).status_code == 403, url

    assert clerk.get("/admin/newsroom/edition/").status_code == 200
    change = f"/admin/newsroom/edition/{edition.pk}/change/"
    shown = clerk.get(change)
    assert shown.status_code == 200 and "A1" in shown.content.decode()
    assert not editable(shown, "publish_at_0") and not editable(shown, "pages-0-code")
    data = form_data(logged_in(users["editor"]).get(change), note="分类广告改的")
    assert clerk.post(change, data).status_code == 403
    assert clerk.get("/admin/newsroom/edition/add/").status_code == 403
    assert clerk.post(f"/admin/newsroom/edition/{edition.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Edition.objects.get(pk=edition.pk).note == ""
    # What goes out with an edition before its time is for editors: no preview and no signed link for a clerk.
    assert clerk.get("/admin/newsroom/edition/planning/").status_code == 404
    assert clerk.get(f"/admin/newsroom/edition/{edition.pk}/preview/").status_code == 404
    assert clerk.get(f"/admin/newsroom/edition/{edition.pk}/preview/A1/").status_code == 404
    made = clerk.post("/admin/newsroom/edition/", {"action": "make_preview_links", "_selected_action": [edition.pk]})
    assert "/preview/" not in " ".join(str(m) for m in get_messages(made.wsgi_request))


def test_the_editor_reaches_everything(world):
    users, edition = world
    editor = logged_in(users["editor"])
    apps = admin_index(editor)
    # Everything editorial: every model of the newsroom's apps (users and groups are for administrators, staff
    # accounts for the editor-in-chief), and the locked-out logins to unlock (django-axes' access logs and the
    # two-factor devices are for administrators).
    registered = {
        (model._meta.app_label, model.__name__)
        for model in admin.site._registry
        if model._meta.app_label not in ("auth", "axes", "otp_totp") and model is not Staff
    }
    reached = {(label, name) for label, models in apps.items() for name in models}
    assert reached == registered | {("axes", "AccessAttempt")}
    assert editor.get("/admin/axes/accessattempt/").status_code == 200
    for model in admin.site._registry:
        if model._meta.app_label in ("auth", "axes", "otp_totp") or model is Staff:
            continue
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert editor.get(base).status_code == 200, base
        assert editor.get(f"{base}add/").status_code == 200, base
    for url in [
        "/admin/newsroom/edition/planning/",
        f"/admin/newsroom/edition/{edition.pk}/preview/",
        f"/admin/newsroom/edition/{edition.pk}/preview/A1/",
        "/admin/outages/outagenotice/import/",
    ]:
        assert editor.get(url).status_code == 200, url
    made = editor.post("/admin/newsroom/edition/", {"action": "make_preview_links", "_selected_action": [edition.pk]})
    assert "/preview/" in " ".join(str(m) for m in get_messages(made.wsgi_request))


def test_reporters_never_see_a_colleagues_draft_anywhere_in_the_admin(world):
    users, _edition = world
    reporter = logged_in(users["reporter"])
    editor = logged_in(users["editor"])
    mine = make_article(users["reporter"], "自己的")
    theirs = make_article(users["colleague"], "同事的")
    author = Contributor.objects.create(name="同事", user=users["colleague"])
    Byline.objects.create(article=theirs, contributor=author, role="reporter", order=0)
    Photo.objects.create(article=mine, caption="自己稿件的图片")
    their_photo = Photo.objects.create(article=theirs, caption="同事稿件的图片")

    def pages(client):
        return {
            "list": client.get("/admin/articles/article/"),
            "search": client.get("/admin/articles/article/?q=稿件"),
            "photos": client.get("/admin/articles/photo/"),
            "photo search": client.get("/admin/articles/photo/?q=稿件"),
            "photo autocomplete": client.get(
                "/admin/autocomplete/?app_label=articles&model_name=photo&field_name=article&term=稿件"
            ),
            "continues autocomplete": client.get(
                "/admin/autocomplete/?app_label=articles&model_name=article&field_name=continues&term=稿件"
            ),
            "contributors": client.get("/admin/articles/contributor/"),
            "contributor": client.get(f"/admin/articles/contributor/{author.pk}/change/"),
            "history": client.get(f"/admin/articles/article/{theirs.pk}/history/"),
            "revision": client.get(
                f"/admin/articles/article/{theirs.pk}/history/{Item('article', theirs).first.history_id}/"
            ),
            "photo change": client.get(f"/admin/articles/photo/{their_photo.pk}/change/"),
            "preview": client.get(f"/admin/articles/article/{theirs.pk}/preview/"),
        }

    # The editor sees the colleague's draft in each of these places (so each place is a real test) ...
    editor_pages = pages(editor)
    for name in [
        "list",
        "search",
        "photo autocomplete",
        "continues autocomplete",
        "contributor",
        "history",
        "revision",
    ]:
        assert "同事的稿件" in text(editor_pages[name]), name
    assert "同事稿件的图片" in text(editor_pages["photos"])
    # ... and the reporter in none, while finding their own.
    for name, response in pages(reporter).items():
        html = text(response)
        assert "同事的稿件" not in html and "同事稿件的图片" not in html, name
    own = pages(reporter)
    for name in ["list", "search", "photo autocomplete", "continues autocomplete"]:
        assert "自己的稿件" in text(own[name]), name
    assert "自己稿件的图片" in text(own["photos"])


def test_a_reporter_restoring_a_revision_gets_its_text_back_but_not_its_status(world):
    users, _edition = world
    reporter, editor = logged_in(users["reporter"]), logged_in(users["editor"])
    article = Article.objects.create(headline="上过网的稿件", body="发布时的正文。", created_by=users["reporter"])
    article.status = Status.PUBLISHED
    article.save()
    published = article.history.order_by("-history_id").first()
    for status, body in [(Status.UNPUBLISHED, "发布时的正文。"), (Status.RETURNED, "退回后改的正文。")]:
        article.status, article.body = status, body
        article.save()
    url = f"/admin/articles/article/{article.pk}/history/{published.history_id}/"
    shown = reporter.get(url)
    assert shown.status_code == 200 and editable(shown, "_save")  # the Revert button
    data = form_data(shown)
    assert "status" not in data and "publish_at_0" not in data
    assert reporter.post(url, data).status_code == 302
    article.refresh_from_db()
    # The text of the revision, the status it has now: a reporter cannot publish by restoring.
    assert (article.body, article.status, article.updated_by) == ("发布时的正文。", Status.RETURNED, users["reporter"])
    assert not article.is_live()
    # Nor does an editor's: a restore brings back text; going live is a workflow step with its own record.
    assert editor.post(url, form_data(editor.get(url))).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.RETURNED and not article.is_live()


def test_the_revert_button_is_shown_only_to_who_may_restore(world):
    users, _edition = world
    article = make_article(users["reporter"], "待审的")
    article.status = Status.SUBMITTED
    article.save()
    url = f"/admin/articles/article/{article.pk}/history/{Item('article', article).first.history_id}/"
    assert not editable(logged_in(users["reporter"]).get(url), "_save")
    assert editable(logged_in(users["editor"]).get(url), "_save")


def test_a_reporter_cannot_publish_schedule_or_place_through_the_change_form(world):
    users, edition = world
    article = make_article(users["reporter"], "自己的")
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(
        logged_in(users["editor"]).get(url),
        body="记者改的正文。",
        status="published",
        publish_at_0="2035-05-01",
        publish_at_1="06:00",
        page=str(edition.pages.get(code="A1").pk),
        position="1",
    )
    assert logged_in(users["reporter"]).post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.body == "记者改的正文。"  # the save went through, with none of the editor's fields
    assert (article.status, article.publish_at, article.page, article.position) == (Status.DRAFT, None, None, 0)


def test_the_editor_in_chief_deactivates_reactivates_and_gives_the_three_roles(world):
    users, _edition = world
    chief = member("chief", "editor")
    chief.groups.add(Group.objects.get(name="总编"))
    boss, editor = logged_in(chief), logged_in(users["editor"])
    reporter = users["reporter"]
    url = f"/admin/newsroom/staff/{reporter.pk}/change/"
    for client in (editor, logged_in(users["clerk"]), logged_in(reporter)):
        assert client.get("/admin/newsroom/staff/").status_code == 403
        assert client.post(url, {"is_active": "", "roles": ["编辑"]}).status_code == 403
    superuser = User.objects.create_superuser("root", password="pw-for-tests-9")
    listed = boss.get("/admin/newsroom/staff/")
    assert listed.status_code == 200 and "root" not in {u.username for u in listed.context["cl"].result_list}
    assert boss.get(f"/admin/newsroom/staff/{superuser.pk}/change/").status_code == 302  # out of reach
    shown = boss.get(url)
    assert 'name="password"' not in shown.content.decode() and 'name="is_superuser"' not in shown.content.decode()
    data = {"last_name": "任", "first_name": "远", "email": "", "roles": ["记者", "分类广告"]}  # is_active unticked
    assert boss.post(url, data).status_code == 302
    reporter.refresh_from_db()
    assert not reporter.is_active and set(reporter.groups.values_list("name", flat=True)) == {"记者", "分类广告"}
    assert logged_in(reporter).get("/admin/").status_code == 302  # a deactivated account is logged out
    boss.post("/admin/newsroom/staff/", {"action": "reactivate", "_selected_action": [reporter.pk]})
    reporter.refresh_from_db()
    assert reporter.is_active
    # The editor-in-chief cannot deactivate themselves nor hand out 总编.
    boss.post("/admin/newsroom/staff/", {"action": "deactivate", "_selected_action": [chief.pk]})
    boss.post(url, {**data, "is_active": "on", "roles": ["总编"]})
    chief.refresh_from_db()
    reporter.refresh_from_db()
    assert chief.is_active and not reporter.groups.filter(name="总编").exists()
