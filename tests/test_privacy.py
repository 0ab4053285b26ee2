"""The notices' private intake fields (the filer's phone, ID number, fee, date received) never leave the admin: every
public URL pattern, feed, API answer and preview link is searched for them."""

import datetime
from decimal import Decimal
from urllib.parse import quote

import pytest

from newsroom.preview import signed_url
from notices.models import PRIVATE_FIELDS, Notice
from tests.test_hostile_input import PUBLIC, fill, samples

pytestmark = pytest.mark.django_db

PHONE, ID_NUMBER, FEE, RECEIVED = "13907337654", "43020219800101765X", Decimal("98765.43"), datetime.date(2011, 11, 11)
SECRETS = [
    PHONE,
    "0733-7654",
    ID_NUMBER,
    "19800101765",
    "98765.43",
    "98765",
    "2011-11-11",
    "2011年11月11日",
    "20111111",
]


def test_the_private_fields_are_the_ones_searched_for():
    assert set(PRIVATE_FIELDS) == {"contact_phone", "filer_id_number", "fee", "received_on"}


def test_no_public_answer_carries_a_notices_private_fields(client, imported_sample):
    Notice.objects.update(contact_phone=PHONE, filer_id_number=ID_NUMBER, fee=FEE, received_on=RECEIVED)
    values = samples()
    notice = Notice.objects.first()
    urls = [fill(route, values) for route in PUBLIC]
    urls += [
        f"/notices/?q={quote(notice.declarants.split('、')[0])}",
        f"/notices/?number={quote(notice.document_number)}",
        f"/search/?q={quote(notice.declarants.split('、')[0])}",
        f"/api/v1/search/?q={quote(notice.declarants.split('、')[0])}",
        *[f"/{kind}/?q={secret}" for kind in ("search", "notices", "api/v1/search") for secret in (PHONE, ID_NUMBER)],
        *[f"/api/v1/notices/?q={secret}" for secret in (PHONE, ID_NUMBER)],
        signed_url(notice),
        "/api/v1/notices/?limit=100",
        f"/api/v1/notices/lookup/?number={quote(notice.document_number)}",
        "/api/v1/editions/2020-04-28/A2/",
        "/notices/?document_type=" + quote(notice.document_type or ""),
    ]
    answered = 0
    for url in urls:
        response = client.get(url, follow=True)
        body = response.content.decode(errors="replace") + str(dict(response.headers))
        if response.status_code == 200:
            answered += 1
        found = [secret for secret in SECRETS if secret in body]
        assert found == [] or found == [secret for secret in found if secret in url], (url, found)
    assert answered >= len(urls) - 5  # the notices were there to be leaked: the pages did answer
