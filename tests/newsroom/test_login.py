"""Logging in: throttled per username and per address (django-axes), a forgotten password reset by e-mail,
a refused `next` landing on the admin's index; and which proxy headers the site believes."""

import json
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, User
from django.core import mail

from newsroom.roles import EDITOR
from tests.newsroom.test_config import manage

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple"
LOGIN = "/admin/login/"


@pytest.fixture
def staff(db):
    return User.objects.create_user("renyuan", "renyuan@example.cn", PASSWORD, is_staff=True)


def login(client, username, password, address="10.0.0.1", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def test_five_wrong_passwords_lock_the_username_even_against_the_right_one(client, staff):
    for _ in range(4):
        assert login(client, "renyuan", "wrong").status_code == 200  # the form again
    assert login(client, "renyuan", "wrong").status_code == 429  # the fifth locks
    locked = login(client, "renyuan", PASSWORD)
    assert locked.status_code == 429
    assert "登录失败的次数太多" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # From another address too: the username is locked, not only the address.
    assert login(client, "renyuan", PASSWORD, address="10.0.0.2").status_code == 429


def test_five_failures_from_one_address_lock_that_address_for_every_username(client, staff):
    for name in ("a", "b", "c", "d", "e"):
        login(client, name, "wrong", address="10.0.0.9")
    assert login(client, "renyuan", PASSWORD, address="10.0.0.9").status_code == 429
    assert login(client, "renyuan", PASSWORD, address="10.0.0.3").status_code == 302


def test_four_failures_then_the_right_password_logs_in(client, staff):
    for _ in range(4):
        login(client, "renyuan", "wrong")
    response = login(client, "renyuan", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_an_editor_unlocks_a_username_in_the_admin(client, staff):
    for _ in range(5):
        login(client, "renyuan", "wrong")
    editor = User.objects.create_user("bianji", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(editor)
    attempts = client.get("/admin/axes/accessattempt/")
    assert attempts.status_code == 200 and "renyuan" in attempts.content.decode()
    pk = AccessAttempt.objects.get(username="renyuan").pk
    client.post(f"/admin/axes/accessattempt/{pk}/delete/", {"post": "yes"})
    client.logout()
    assert login(client, "renyuan", PASSWORD).status_code == 302


def test_the_failure_limit_and_cool_off_are_the_defaults_of_the_readme(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]


def test_without_a_trusted_proxy_a_forwarded_address_is_not_believed(client, staff, settings):
    settings.TRUSTED_PROXY = False
    for n in range(5):
        login(client, f"x{n}", "wrong", address="10.0.0.5", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert login(client, "renyuan", PASSWORD, address="10.0.0.5", HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_behind_a_trusted_proxy_the_address_it_appended_is_the_client(client, staff, settings):
    settings.TRUSTED_PROXY = True
    for n in range(5):  # what a client wrote itself stands before the proxy's own entry
        login(client, f"x{n}", "wrong", address="10.0.0.1", HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 198.51.100.7")
    blocked = login(client, "renyuan", PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert blocked.status_code == 429
    other = login(client, "renyuan", PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 302


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_a_refused_next_lands_on_the_admin_index(client, staff, next_url):
    response = client.post(f"{LOGIN}?next={next_url}", {"username": "renyuan", "password": PASSWORD, "next": next_url})
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_a_forgotten_password_is_reset_through_a_link_sent_by_email(client, staff):
    assert 'href="/admin/password_reset/"' in client.get(LOGIN).content.decode()
    response = client.post("/admin/password_reset/", {"email": "renyuan@example.cn"})
    assert response.status_code == 302
    (message,) = mail.outbox
    link = re.search(r"http://testserver(/admin/password_reset/\S+/)", message.body)[1]
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"}
    )
    assert done.status_code == 302
    assert login(client, "renyuan", "a-new-long-passphrase").status_code == 302


SHOW = """
import json
from django.conf import settings as s
print(json.dumps([s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER, s.SERVE_MEDIA]))
"""


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, [False, False, None, False]),
        (
            {"HSTS_INCLUDE_SUBDOMAINS": "1", "HSTS_PRELOAD": "1", "TRUSTED_PROXY": "1", "SERVE_MEDIA": "1"},
            [True, True, ["HTTP_X_FORWARDED_PROTO", "https"], True],
        ),
    ],
)
def test_hsts_reach_and_the_proxy_header_are_opt_in(env, expected):
    result = manage("shell", "--no-imports", "-c", SHOW, DEBUG="0", HTTPS="1", SECRET_KEY="k" * 50, **env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected


def test_two_factor_is_optional_and_asked_of_an_account_with_a_device(client, staff):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=staff, name="手机", confirmed=True)
    without_code = login(client, "renyuan", PASSWORD)
    assert without_code.status_code == 200 and "请填写验证器应用上的动态验证码" in without_code.content.decode()
    wrong = client.post(LOGIN, {"username": "renyuan", "password": PASSWORD, "otp_token": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes the next try wait after a wrong code
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    right = client.post(LOGIN, {"username": "renyuan", "password": PASSWORD, "otp_token": code})
    assert right.status_code == 302 and client.get("/admin/").status_code == 200


def test_a_session_not_verified_by_the_code_does_not_reach_the_admin(client, staff):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=staff, name="手机", confirmed=True)
    client.force_login(staff)  # a password-only session, however it was made
    assert client.get("/admin/").status_code == 302
