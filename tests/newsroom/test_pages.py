import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from newsroom.models import Edition, Page
from tests.conftest import SAMPLE_DAY


@pytest.fixture
def edition(db):
    return Edition.objects.create(date=SAMPLE_DAY)


@pytest.mark.parametrize("code", ["A1", "A2", "B3", "B12", "Z99"])
def test_page_codes_of_a_letter_and_a_page_number_are_valid(edition, code):
    Page(edition=edition, code=code).full_clean()


@pytest.mark.parametrize("code", ["", "A", "1", "A0", "A01", "AA1", "A100", "1A", "甲1", "A-1"])
def test_other_page_codes_are_refused_with_a_message(edition, code):
    with pytest.raises(ValidationError) as error:
        Page(edition=edition, code=code).full_clean()
    assert "code" in error.value.message_dict


def test_a_lower_case_code_typed_in_a_form_is_read_as_upper_case(edition):
    page = Page(edition=edition, code=" a2 ")
    page.full_clean()
    assert page.code == "A2"


def test_a_code_is_unique_within_its_edition(edition):
    Page.objects.create(edition=edition, code="A1")
    with pytest.raises(ValidationError):
        Page(edition=edition, code="A1").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Page.objects.create(edition=edition, code="A1")


def test_the_same_code_may_appear_in_another_edition(edition):
    other = Edition.objects.create(date=SAMPLE_DAY.replace(day=29))
    Page.objects.create(edition=edition, code="A1")
    Page(edition=other, code="A1").full_clean()


def test_pages_without_an_order_follow_their_codes(edition):
    for code in ["B1", "A2", "A10", "A1"]:
        Page.objects.create(edition=edition, code=code)
    assert [p.code for p in edition.pages.all()] == ["A1", "A2", "A10", "B1"]
