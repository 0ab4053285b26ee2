"""The printed form of a lost-document notice (声明作废): a parser and a printer that are exact inverses.

Pure Python: no database and no Django models, so the edition importer and the
tests can use it anywhere.

One printed line, as the 下列证件 声明作废 column of 株洲日报 prints it::

    ·王嘉瑶(父:王小军、母:杨熊)遗失M431033654号出生证
    ·株洲市万畅旅游客运有限公司湘BA3681遗失湘交运管株430201100083号道路运输证副本
    ·袁建陵、杨丽君(城市公园5区23栋901、902、1002房)遗失0007294号伟大集团收款收据,金额500000元
    ·荷塘观邸8栋1601房周凯、侯芳遗失湖南省三和房地产开发有限公司开具的60041813号湖南省株洲市地方税务局预收款专用发票凭据,金额107534元,发票代码:243021530003

The house grammar the printer writes (and the only one the parser accepts)::

    · [address] declarants [(父:…、母:…)] [(address)] [plate] [separator] 遗失
      [issuer 开具的] [number_prefix number 号] [issuer] (printed_type | label) [quantity unit]
      [,金额 amount 元] [,发票代码:invoice_code]

Punctuation is the half-width form the layout system exports ( ( ) : , ) with the
Chinese 、 between names.

The parser never guesses: it reads a line into fields and then prints those fields
back; only when that gives the very same line is the notice `readable`. Anything
else (another wording, OCR damage, two notices run together) comes back with
readable=False and the line kept whole in `text`, for an editor to look at. So
for every string, print_notice_line(parse_notice_line(s)) == s with its line
ending and surrounding blanks removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

BULLET = "·"
LOST = "遗失"
ISSUED_BY = "开具的"
NUMBER_MARK = "号"
HEADER = "下列证件 声明作废"

# The longest line of the sample has 110 characters; anything past this is not one notice
# (and is not worth running the patterns over).
MAX_LINE = 500

PERSON = "person"
ORGANISATION = "organisation"

# The vocabulary of document types: code -> (label, other printed names, unit for a quantity).
# The label is what the column prints when nothing else was printed. notices.models builds
# its DocumentType choices from this table, so there is one list.
VOCABULARY: dict[str, tuple[str, tuple[str, ...], str]] = {
    "birth_certificate": ("出生证", ("出生医学证明", "出生证明"), "张"),
    "resident_id": ("身份证", ("居民身份证",), "张"),
    "household_register": ("户口簿", ("户口本",), "本"),
    "road_transport_permit": ("道路运输证", (), "本"),
    "road_transport_permit_original": ("道路运输证正本", (), "本"),
    "road_transport_permit_copy": ("道路运输证副本", (), "本"),
    "business_licence": ("营业执照", (), "本"),
    "business_licence_original": ("营业执照正本", (), "本"),
    "business_licence_copy": ("营业执照副本", (), "本"),
    "tax_registration": ("税务登记证", (), "本"),
    "organisation_code": ("组织机构代码证", (), "本"),
    "account_permit": ("开户许可证", (), "张"),
    "official_seal": ("公章", (), "枚"),
    "finance_seal": ("财务章", ("财务专用章",), "枚"),
    "legal_rep_seal": ("法人章", ("法定代表人章", "法人私章"), "枚"),
    "contract_seal": ("合同专用章", ("合同章",), "枚"),
    "invoice_seal": ("发票专用章", (), "枚"),
    "receipt": ("收款收据", ("收据",), "张"),
    "invoice": ("发票", ("增值税专用发票", "增值税普通发票"), "张"),
    "advance_invoice_voucher": ("预收款专用发票凭据", (), "张"),
    "advance_payment_voucher": ("预收款凭据", (), "张"),
    "property_certificate": ("房产证", ("房屋所有权证",), "本"),
    "real_estate_certificate": ("不动产权证书", ("不动产权证",), "本"),
    "land_certificate": ("土地证", ("国有土地使用证",), "本"),
    "graduation_certificate": ("毕业证", ("毕业证书",), "本"),
    "degree_certificate": ("学位证", ("学位证书",), "本"),
    "driving_licence": ("驾驶证", (), "本"),
    "vehicle_licence": ("行驶证", (), "本"),
    "teacher_qualification": ("教师资格证", (), "本"),
    "other": ("其他", (), "份"),
}
OTHER = "other"

# Every printed name of every type, longest first, so 收款收据 wins over 收据.
_NAMES = sorted(
    (
        (name, code)
        for code, (label, aliases, _unit) in VOCABULARY.items()
        if code != OTHER
        for name in (label, *aliases)
    ),
    key=lambda pair: -len(pair[0]),
)

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_PATTERN = rf"[{PROVINCES}][A-HJ-NP-Z](?:[A-HJ-NP-Z0-9]{{5,6}}|[A-HJ-NP-Z0-9]{{4}}[挂学警港澳])"
PLATE_RE = re.compile(rf"^{PLATE_PATTERN}$")

# The end of an organisation's name. Multi-character endings first; single characters
# only where a person's name almost never ends with them.
ORG_SUFFIXES = (
    "有限责任公司",
    "有限公司",
    "分公司",
    "公司",
    "集团",
    "中心",
    "学校",
    "学院",
    "大学",
    "中学",
    "小学",
    "幼儿园",
    "医院",
    "卫生院",
    "诊所",
    "委员会",
    "合作社",
    "协会",
    "商会",
    "基金会",
    "事务所",
    "研究所",
    "工作室",
    "经营部",
    "门市部",
    "银行",
    "支行",
    "分行",
    "社区",
    "厂",
    "店",
    "局",
    "处",
    "站",
    "所",
    "院",
    "馆",
    "社",
    "部",
    "行",
    "场",
    "队",
)
_LEGAL_FORM_RE = re.compile(r"\((?:普通合伙|有限合伙|特殊普通合伙|个体工商户|个体)\)$")
PERSON_NAME_RE = re.compile(r"^(?:[\u4e00-\u9fff]{2,5}|[\u4e00-\u9fff]+(?:·[\u4e00-\u9fff]+)+)$")
_ADDRESS_HINT_RE = re.compile(r"[0-9]|[区路街巷村镇栋号房室组苑]|单元|小区")
_ADDRESS_FIRST_RE = re.compile(r"^(?P<address>.*[0-9][^、()]*?[房室号栋户])(?P<names>[^0-9()]+)$")
_NUMBER_RE = re.compile(r"^(?P<prefix>.*?)(?P<number>[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)号(?P<rest>.*)$")
_TAIL_RE = re.compile(r"(?:,金额(?P<amount>[0-9]+(?:\.[0-9]{1,2})?)元)?(?:,发票代码:(?P<invoice_code>[0-9]+))?$")
_QUANTITY_RE = re.compile(r"(?P<count>[一二两三四五六七八九十]{1,3}|[0-9]{1,3})(?P<unit>[枚张本份个套])$")

_NOT_A_NAME_RE = re.compile(r"[0-9A-Za-z,:()、,:()·\s]|号|遗失")
_NOT_AN_ORGANISATION_RE = re.compile(r"[,:,:·\s]|遗失")

_DIGITS = "零一二三四五六七八九"


def is_organisation_name(name: str) -> bool:
    """株洲市万畅旅游客运有限公司 is an organisation; 王嘉瑶 is a person."""
    name = _LEGAL_FORM_RE.sub("", name or "")
    return len(name) >= 3 and name.endswith(ORG_SUFFIXES)


def document_label(code: str | None) -> str:
    return VOCABULARY[code][0] if code in VOCABULARY else ""


def document_unit(code: str | None) -> str:
    return VOCABULARY[code][2] if code in VOCABULARY else "份"


def match_document_type(wording: str) -> tuple[str | None, str, str]:
    """The vocabulary entry `wording` ends with: (code, the words before it, the printed name).

    '伟大集团收款收据' -> ('receipt', '伟大集团', '收款收据'); no match -> (None, wording, '').
    """
    for name, code in _NAMES:
        if wording.endswith(name):
            return code, wording[: -len(name)], name
    return None, wording, ""


def chinese_count(number: int) -> str:
    """1 -> 一, 2 -> 两 (as in 两枚), 12 -> 十二, 35 -> 三十五; counts from 1 to 99."""
    if not 0 < number < 100:
        return str(number)
    if number == 2:
        return "两"
    tens, ones = divmod(number, 10)
    text = ("" if tens == 0 else "十" if tens == 1 else _DIGITS[tens] + "十") + (_DIGITS[ones] if ones else "")
    return text


def parse_count(text: str) -> int | None:
    """The inverse of chinese_count (also reads 二 and plain digits)."""
    if text.isdigit():
        return int(text)
    values = {char: i for i, char in enumerate(_DIGITS)} | {"两": 2}
    if "十" in text:
        tens, _, ones = text.partition("十")
        if len(tens) > 1 or len(ones) > 1 or (tens and tens not in values) or (ones and ones not in values):
            return None
        return (values[tens] if tens else 1) * 10 + (values[ones] if ones else 0)
    return values.get(text) if len(text) == 1 and text != "零" else None


def format_amount(amount: Decimal | None) -> str | None:
    """500000 and 500000.00 print as 500000; 1234.5 prints as 1234.50 (yuan and fen)."""
    if amount is None:
        return None
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return str(amount.quantize(Decimal(1)))
    return str(amount.quantize(Decimal("0.01")))


@dataclass
class ParsedNotice:
    """One notice read from (or to be printed as) one line of the column.

    `text` is the line exactly as printed, "·" included. The other fields are the
    structure; the last four only say how this line was typeset, so that printing
    the fields gives the same line back:

    - number_prefix: printed in front of the number (湘交运管株 in 湘交运管株430201100083号);
    - separator: printed between the declarants and 遗失 (the stray blank of ·陈琰 遗失…);
    - address_first: the address came before the names (荷塘观邸8栋1601房周凯、侯芳),
      not in brackets after them;
    - issuer_before_number: printed as "<issuer>开具的<number>号…" rather than "<number>号<issuer>…".
    """

    text: str = ""
    readable: bool = True
    declarants: list[str] = field(default_factory=list)
    declarant_kind: str | None = None
    parents: dict[str, str | None] | None = None
    address: str | None = None
    plate: str | None = None
    document_type: str | None = None
    printed_type: str | None = None
    document_number: str | None = None
    issuer: str | None = None
    amount: Decimal | None = None
    invoice_code: str | None = None
    quantity: int | None = None
    number_prefix: str | None = None
    separator: str = ""
    address_first: bool = False
    issuer_before_number: bool = False

    DICT_KEYS = (
        "text",
        "declarants",
        "parents",
        "address",
        "plate",
        "document_type",
        "document_number",
        "issuer",
        "amount",
        "invoice_code",
        "quantity",
        "readable",
        "declarant_kind",
        "printed_type",
    )

    @property
    def document_label(self) -> str:
        return document_label(self.document_type)

    def to_dict(self) -> dict:
        """JSON-ready content: the DICT_KEYS, amount as a decimal string ('500000').

        The typesetting fields are left out; `text` is the printed line itself.
        """
        data = asdict(self)
        data["amount"] = format_amount(self.amount)
        data["declarants"] = list(self.declarants)
        data["parents"] = dict(self.parents) if self.parents else None
        return {key: data[key] for key in self.DICT_KEYS}

    @classmethod
    def unreadable(cls, text: str) -> ParsedNotice:
        return cls(text=text, readable=False)


class _Unreadable(Exception):
    pass


def _clean_line(line) -> str:
    if line is None:
        return ""
    if not isinstance(line, str):
        line = str(line)
    return line.strip()


def _split_names(names: str) -> tuple[list[str], str]:
    if is_organisation_name(names):
        if "、" in names or _NOT_AN_ORGANISATION_RE.search(names):
            raise _Unreadable(names)  # one organisation per notice
        return [names], ORGANISATION
    people = names.split("、")
    if not all(PERSON_NAME_RE.match(name) for name in people):
        raise _Unreadable(names)
    return people, PERSON


def _parse_parents(group: str) -> dict[str, str | None]:
    parents: dict[str, str | None] = {"father": None, "mother": None}
    for part in group.split("、"):
        role, colon, name = part.partition(":")
        key = {"父": "father", "母": "mother"}.get(role)
        if not colon or key is None or parents[key] is not None or not PERSON_NAME_RE.match(name):
            raise _Unreadable(group)
        parents[key] = name
    return parents


def _trailing_group(text: str) -> tuple[str, str | None]:
    """'王嘉瑶(父:王小军、母:杨熊)' -> ('王嘉瑶', '父:王小军、母:杨熊')."""
    if not text.endswith(")"):
        return text, None
    start = text.rfind("(")
    if start <= 0:
        return text, None
    group = text[start + 1 : -1]
    if "(" in group or ")" in group:
        return text, None
    return text[:start], group


def _parse_head(head: str, notice: ParsedNotice) -> None:
    plate = re.search(rf"{PLATE_PATTERN}$", head)
    if plate:
        notice.plate = plate.group()
        head = head[: plate.start()]
    rest, group = _trailing_group(head)
    if group is not None and not group.startswith(("父:", "母:")) and _ADDRESS_HINT_RE.search(group):
        notice.address, head = group, rest
        rest, group = _trailing_group(head)
    if group is not None and group.startswith(("父:", "母:")):
        notice.parents, head = _parse_parents(group), rest
    if notice.address is None:
        address_first = _ADDRESS_FIRST_RE.match(head)
        if address_first:
            notice.address, head = address_first["address"], address_first["names"]
            notice.address_first = True
    if not head:
        raise _Unreadable("no declarant")
    notice.declarants, notice.declarant_kind = _split_names(head)


def _parse_document(doc: str, notice: ParsedNotice) -> None:
    if ISSUED_BY in doc:
        issuer, _, doc = doc.partition(ISSUED_BY)
        if not issuer:
            raise _Unreadable("empty issuer")
        notice.issuer, notice.issuer_before_number = issuer, True
    number = _NUMBER_RE.match(doc)
    if number:
        notice.number_prefix = number["prefix"] or None
        notice.document_number = number["number"]
        doc = number["rest"]
    quantity = _QUANTITY_RE.search(doc)
    if quantity and quantity.start() > 0:
        notice.quantity = parse_count(quantity["count"])
        doc = doc[: quantity.start()]
    if not doc:
        raise _Unreadable("no document")
    code, before, name = match_document_type(doc)
    if code is None:
        # A document outside the vocabulary is kept as 其他 with its printed name, as long
        # as that looks like a name (OCR debris such as a lone 号 goes to an editor).
        if len(doc) < 2 or _NOT_A_NAME_RE.search(doc):
            raise _Unreadable(doc)
        notice.document_type, notice.printed_type = OTHER, doc
        return
    notice.document_type = code
    if notice.issuer_before_number or (before and not is_organisation_name(before)):
        wording = doc
    else:
        notice.issuer = before or None
        wording = name
    if _NOT_A_NAME_RE.search(wording) or (notice.issuer and _NOT_AN_ORGANISATION_RE.search(notice.issuer)):
        raise _Unreadable(doc)
    notice.printed_type = None if wording == document_label(code) else wording


def _parse(text: str) -> ParsedNotice:
    if len(text) > MAX_LINE:
        raise _Unreadable("too long for one notice")
    if not text.startswith(BULLET):
        raise _Unreadable("no bullet")
    body = text[len(BULLET) :]
    if body.count(LOST) != 1:
        raise _Unreadable("not one 遗失")  # none, or two notices run together
    head, _lost, rest = body.partition(LOST)
    notice = ParsedNotice(text=text)
    stripped = head.rstrip()
    notice.separator, head = head[len(stripped) :], stripped
    _parse_head(head, notice)
    tail = _TAIL_RE.search(rest)
    if tail["amount"] is not None:
        notice.amount = Decimal(tail["amount"])
    notice.invoice_code = tail["invoice_code"]
    _parse_document(rest[: tail.start()], notice)
    return notice


def parse_notice_line(line: str) -> ParsedNotice:
    """Read one printed line; never raises.

    The line ending and surrounding blanks are not part of the notice. When the
    fields read from the line do not print as that very line, the result is
    ParsedNotice(text=line, readable=False) with no other field set.
    """
    text = _clean_line(line)
    try:
        notice = _parse(text)
        if print_notice_line(notice) == text:
            return notice
    except (_Unreadable, InvalidOperation, ValueError, TypeError, KeyError, IndexError):
        pass
    return ParsedNotice.unreadable(text)


def _get(fields, name, default=None):
    if isinstance(fields, Mapping):
        return fields.get(name, default)
    return getattr(fields, name, default)


def print_notice_line(fields) -> str:
    """The line as the column prints it, from a ParsedNotice (or anything with its field names:
    a mapping such as ParsedNotice.to_dict() plus the typesetting keys, or a Notice's to_parsed()).

    An unreadable notice prints as its text, unchanged.
    """
    if not _get(fields, "readable", True):
        return _get(fields, "text", "") or ""
    address = _get(fields, "address") or ""
    address_first = bool(_get(fields, "address_first", False))
    head = (address if address_first else "") + "、".join(_get(fields, "declarants") or [])
    parents = _get(fields, "parents") or {}
    named = [f"{role}:{parents[key]}" for key, role in (("father", "父"), ("mother", "母")) if parents.get(key)]
    if named:
        head += "(" + "、".join(named) + ")"
    if address and not address_first:
        head += f"({address})"
    head += _get(fields, "plate") or ""

    issuer = _get(fields, "issuer") or ""
    issuer_before = bool(_get(fields, "issuer_before_number", False))
    document_type = _get(fields, "document_type")
    doc = f"{issuer}{ISSUED_BY}" if issuer and issuer_before else ""
    number = _get(fields, "document_number")
    if number:
        doc += f"{_get(fields, 'number_prefix') or ''}{number}{NUMBER_MARK}"
    if issuer and not issuer_before:
        doc += issuer
    doc += _get(fields, "printed_type") or document_label(document_type)
    quantity = _get(fields, "quantity")
    if quantity:
        doc += chinese_count(int(quantity)) + document_unit(document_type)

    tail = ""
    amount = _get(fields, "amount")
    if amount is not None and amount != "":
        tail += f",金额{format_amount(Decimal(amount))}元"
    invoice_code = _get(fields, "invoice_code")
    if invoice_code:
        tail += f",发票代码:{invoice_code}"
    return f"{BULLET}{head}{_get(fields, 'separator') or ''}{LOST}{doc}{tail}"


def is_header(line: str) -> bool:
    """下列证件 声明作废 (blanks and full-width forms ignored), or 遗失声明 / 声明作废 alone."""
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", _clean_line(line)))
    return compact in {"下列证件声明作废", "声明作废", "遗失声明", "遗失声明作废"}


def parse_notices_column(lines: Iterable[str] | str) -> list[ParsedNotice]:
    """The notices of one column, in order: one ParsedNotice per non-blank line that is not the header.

    Lines may be a list of strings (with or without line endings) or the column as one
    string. Blank lines and the header 下列证件 声明作废 are skipped; every other line
    becomes exactly one ParsedNotice, readable or kept whole for an editor.
    """
    if isinstance(lines, str):
        lines = lines.splitlines()
    notices = []
    for line in lines:
        if not _clean_line(line) or is_header(line):
            continue
        notices.append(parse_notice_line(line))
    return notices


# ---------------------------------------------------------------- a notice printed on its own

# 本人张三,不慎遗失湖南某大学毕业证书,证号10542120200512,现声明作废。 / 某某公司遗失公章一枚,声明作废
_SINGLE_RE = re.compile(
    r"^(?:本人)?(?P<who>[^,,。;;::]{2,40}?)\s*(?:\((?P<inside>[^()]{1,40})\))?\s*[,,]?\s*(?:不慎)?遗失"
    r"(?P<docs>.+?)[,,。;;\s]*(?:现|特此|特)?(?:声明|予以)?作废(?:声明)?[。.!!]?$"
)
_NUMBER_LABEL_RE = re.compile(
    r"[,,((]?\s*(?:证书?号|证件号码?|编号|号码|证书编号|注册号|统一社会信用代码)\s*[::为]?\s*(?P<number>[A-Za-z0-9-]{4,30})\s*[))]?"
)
_SINGLE_SPLIT_RE = re.compile(r"[、,,;;]|及")


def is_single_notice(line: str) -> bool:
    """A line that is one whole notice in the single form: …遗失…(,)声明作废。"""
    text = _clean_line(line)
    if not (0 < len(text) <= MAX_LINE) or LOST not in text or "作废" not in text or text.startswith(BULLET):
        return False
    return bool(_SINGLE_RE.match(_half(text)))


_HALF = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def _half(text: str) -> str:
    return text.translate(_HALF)


def parse_single_notice(line: str) -> list[ParsedNotice]:
    """One printed notice of the single form -> a ParsedNotice for each document it declares void.

    Never raises: text that is not of this form, or whose documents cannot be told apart, comes back as one
    unreadable ParsedNotice with the text kept whole for an editor. `text` is the line as printed.
    """
    text = _clean_line(line)
    try:
        return _parse_single(text)
    except (_Unreadable, ValueError, TypeError, KeyError, IndexError):
        return [ParsedNotice.unreadable(text)]


def _parse_single(text: str) -> list[ParsedNotice]:
    if len(text) > MAX_LINE:
        raise _Unreadable("too long")
    match = _SINGLE_RE.match(_half(text))
    if not match:
        raise _Unreadable("not a single notice")
    who = text[match.start("who") : match.end("who")].strip()
    declarants, kind = _split_names(who)
    docs = text[match.start("docs") : match.end("docs")]
    number = None
    found = _NUMBER_LABEL_RE.search(_half(docs))
    if found:
        number = found["number"]
        docs = docs[: found.start()] + docs[found.end() :]
    names = [part.strip() for part in _SINGLE_SPLIT_RE.split(docs) if part.strip()]
    if not names or (number and len(names) > 1):
        raise _Unreadable("a number with several documents")  # whose number is it?
    each = re.search(r"各(?P<count>[一二两三四五六七八九十]{1,3}|[0-9]{1,3})[枚张本份个套]$", names[-1])
    if each:
        names[-1] = names[-1][: each.start()]
    notices = []
    for name in names:
        notice = ParsedNotice(text=text, declarants=list(declarants), declarant_kind=kind)
        quantity = _QUANTITY_RE.search(name)
        if each:
            notice.quantity = parse_count(each["count"])  # 公章、财务专用章各一枚
        elif quantity and quantity.start() > 0:
            notice.quantity = parse_count(quantity["count"])
            name = name[: quantity.start()]
        name = re.sub(r"^(?:原|一本|一张|一枚)", "", name)
        code, before, printed = match_document_type(name)
        if code is None:
            if len(name) < 2 or _NOT_A_NAME_RE.search(name):
                raise _Unreadable(name)
            code, before, printed = OTHER, "", name
        notice.document_type = code
        notice.printed_type = None if printed == document_label(code) else printed
        notice.issuer = before or None
        notice.document_number = number
        notices.append(notice)
    return notices
