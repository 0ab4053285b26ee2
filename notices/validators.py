"""Validators for lost-document notices, each with a plain Chinese message."""

import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from notices.printed import PERSON_NAME_RE, PLATE_RE, is_organisation_name

BIRTH_CERTIFICATE_RE = re.compile(r"^[A-Z][0-9]{9}$")
RESIDENT_ID_RE = re.compile(r"^[0-9]{17}[0-9X]$")
INVOICE_CODE_RE = re.compile(r"^(?:[0-9]{10}|[0-9]{12})$")
PHONE_RE = re.compile(r"^(?:1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$")

# GB 11643-1999: weights of the first 17 digits, and the check character for (sum mod 11).
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def resident_id_check_character(first17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def validate_birth_certificate_number(value):
    """出生医学证明编号: one capital letter and nine digits, as M431033654."""
    if not BIRTH_CERTIFICATE_RE.match(value or ""):
        raise ValidationError(
            _("出生医学证明编号应为一个大写字母加9位数字,如 M431033654。"), code="invalid_birth_certificate_number"
        )


def validate_resident_id(value):
    """A resident ID number of 18 characters, its birth date real and its check character right (GB 11643)."""
    value = value or ""
    if not RESIDENT_ID_RE.match(value):
        raise ValidationError(
            _("身份证号码应为18位:17位数字加一位校验码(数字或大写X)。"), code="invalid_resident_id_format"
        )
    try:
        datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(
            _("身份证号码中的出生日期(第7至14位)不是有效日期。"), code="invalid_resident_id_date"
        ) from None
    if resident_id_check_character(value[:17]) != value[17]:
        raise ValidationError(_("身份证号码的校验码不对,请核对每一位数字。"), code="invalid_resident_id_check_digit")


def validate_plate(value):
    """A vehicle plate: province abbreviation, a letter, then 5 or 6 letters and digits (湘BA3681)."""
    if value and not PLATE_RE.match(value):
        raise ValidationError(_("车牌号应为省份简称加字母和5至6位字母数字,如 湘BA3681。"), code="invalid_plate")


def validate_invoice_code(value):
    if value and not INVOICE_CODE_RE.match(value):
        raise ValidationError(_("发票代码应为10位或12位数字。"), code="invalid_invoice_code")


def validate_positive_amount(value):
    if value is not None and Decimal(value) <= 0:
        raise ValidationError(_("金额须大于零。"), code="amount_not_positive")


def validate_fee(value):
    if value is not None and Decimal(value) < 0:
        raise ValidationError(_("费用不能为负数。"), code="negative_fee")


def validate_phone(value):
    if value and not PHONE_RE.match(value):
        raise ValidationError(_("联系电话应为11位手机号码或带区号的固定电话,如 0731-22837000。"), code="invalid_phone")


def validate_declarants(value, kind="person"):
    """One organisation, or one or more people separated by 、 (袁建陵、杨丽君)."""
    value = value or ""
    if not value.strip():
        raise ValidationError(_("请填写遗失人姓名或单位名称。"), code="no_declarant")
    if kind == "organisation":
        if "、" in value:
            raise ValidationError(_("单位只能填写一个名称;几个人一起声明时请选“个人”。"), code="several_organisations")
        return
    names = value.split("、")
    if any(not name for name in names):
        raise ValidationError(_("姓名之间用一个顿号“、”分隔,不要留空。"), code="empty_name")
    if len(names) == 1 and is_organisation_name(value) and not PERSON_NAME_RE.match(value):
        raise ValidationError(_("这看起来是单位名称,请把申报人类别选为“单位”。"), code="organisation_as_person")
    bad = [name for name in names if not PERSON_NAME_RE.match(name)]
    if bad:
        raise ValidationError(
            _("姓名应为2至5个汉字(少数民族姓名可用·分隔):%(names)s"),
            code="invalid_name",
            params={"names": "、".join(bad)},
        )
