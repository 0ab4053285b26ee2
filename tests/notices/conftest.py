import pytest
import time_machine

from notices.models import Notice
from notices.printed import parse_notice_line
from tests.conftest import at
from tests.notices.sample import SAMPLE_LINES

PHONE = "13807331234"
FILER_ID = "11010519491231002X"
FEE = "186.50"


@pytest.fixture
def after_the_sample_went_live():
    with time_machine.travel(at(2020, 4, 28, 12, 0), tick=False):
        yield


@pytest.fixture
def sample_notices(make_edition):
    """The sample edition with its nine notices on A2, each with private intake data."""
    edition = make_edition()
    a2 = edition.pages.get(code="A2")
    a2.name = "综合"
    a2.save()
    notices = []
    for position, line in enumerate(SAMPLE_LINES, start=1):
        notice = Notice.from_parsed(parse_notice_line(line), page=a2, position=position, save=False)
        notice.contact_phone, notice.filer_id_number, notice.fee = PHONE, FILER_ID, FEE
        notice.save()
        notices.append(notice)
    return notices
