import datetime
from pathlib import Path

import pytest

from newsroom.publication import Status
from outages.models import OutageNotice
from outages.parser import parse_outage_table
from tests.conftest import at

# Lines 222-239 of the sample edition (../shared/seed/000_99c44b28628ffb80.txt), byte for byte.
SAMPLE_TABLE = Path(__file__).with_name("sample_table.txt")
SAMPLE_OUTAGE_DAY = datetime.date(2020, 4, 29)
# Published with the sample edition's morning (the notice itself is not on a page unless a test puts it there).
SAMPLE_PUBLISH_AT = at(2020, 4, 28, 6, 0)


@pytest.fixture
def sample_lines():
    return SAMPLE_TABLE.read_text(encoding="utf-8").split("\n")[:-1]


@pytest.fixture
def sample_parsed(sample_lines):
    return parse_outage_table(sample_lines)


@pytest.fixture
def make_notice(db, sample_lines):
    """A notice from the sample table, published at `publish_at` (default: the sample edition's morning)."""

    def make(status=Status.PUBLISHED, publish_at=SAMPLE_PUBLISH_AT, lines=None, **kwargs):
        parsed = parse_outage_table(lines or sample_lines)
        return OutageNotice.objects.create_from_parsed(parsed, status=status, publish_at=publish_at, **kwargs)

    return make
