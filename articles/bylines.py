"""The byline (署名) and the photo credit (… 摄): one printer and one parser for both.

Pure functions, no database. A byline is a list of Credit(name, role, affiliation)
where role is the printed word (记者, 通讯员 …) and affiliation is the unit printed
before it (株洲日报), or "" where the paper printed none (全媒体记者 陈彦珩).

The paper's conventions, as in the sample edition:
- consecutive people with the same affiliation and role form one group: 株洲日报记者 刘琼 王芳;
- a correspondent's name follows a slash, everyone else's a space: 通讯员/朱卫健, 株洲日报记者 刘琼;
- a byline prints one group a line; a photo credit prints its groups on one line and ends in 摄.
"""

import re
from dataclasses import asdict, dataclass

# The vocabulary, longest first so that 全媒体记者 is not read as 记者.
ROLE_WORDS = (
    "全媒体记者",
    "融媒体记者",
    "特约通讯员",
    "见习记者",
    "特约记者",
    "摄影记者",
    "首席记者",
    "实习记者",
    "通讯员",
    "实习生",
    "记者",
    "编辑",
    # Credits other papers print without an affiliation: 文/张三, 图/李四, 文·图/张三, 摄影 张三, 作者 张三.
    "文·图",
    "摄影",
    "作者",
    "文",
    "图",
)
# Roles whose names the paper prints after a slash.
SLASH_ROLES = {"通讯员", "特约通讯员"}
# Roles printed without an affiliation and with a slash before the name (文/张三), never glued to other words.
BARE_SLASH_ROLES = ("文·图", "文", "图")
# Roles printed without an affiliation and with a blank before the name (摄影 张三, 作者 张三).
BARE_ROLES = ("摄影", "作者")
PHOTO_MARK = "摄"

# Layout glyphs some papers put before a byline: □本报记者 张三, ■ 张三 (never part of an affiliation).
BYLINE_GLYPHS = "□■●○◆◇◎▲△★☆▌▍"
_AFFILIATED_ROLES = tuple(word for word in ROLE_WORDS if word not in BARE_SLASH_ROLES + BARE_ROLES)
_ROLE_TOKEN = re.compile(
    r"^(?P<affiliation>[^\s/,。,;;::、“”\"'()()"
    + BYLINE_GLYPHS
    + r"]{0,30}?)(?P<role>"
    + "|".join(_AFFILIATED_ROLES)
    + r")(?:/(?P<name>[^\s/]+))?$"
    + r"|^(?P<bare_role>"
    + "|".join(BARE_SLASH_ROLES)
    + r")/(?P<bare_name>[^\s/]+)$"
    + r"|^(?P<spaced_role>"
    + "|".join(BARE_ROLES)
    + r")$"
)
_NAME = re.compile(r"^[\u3400-\u9fff·•A-Za-z]{1,12}$")
_SENTENCE_END = "。!?!?;;”」』)) "


class BylineError(ValueError):
    """Text that is not a byline or a photo credit as the paper prints them."""


@dataclass(frozen=True)
class Credit:
    name: str
    role: str
    affiliation: str = ""

    def to_dict(self):
        return asdict(self)


def group_credits(credits, key=lambda credit: (credit.affiliation, credit.role)):
    """[((affiliation, role), [credit, …])]: consecutive credits sharing affiliation and role."""
    groups = []
    for credit in credits:
        if groups and groups[-1][0] == key(credit):
            groups[-1][1].append(credit)
        else:
            groups.append((key(credit), [credit]))
    return groups


def name_separator(role):
    return "/" if role in SLASH_ROLES or role in BARE_SLASH_ROLES else " "


def _printed_groups(credits):
    return [
        f"{affiliation}{role}{name_separator(role)}{' '.join(c.name for c in group)}"
        for (affiliation, role), group in group_credits(credits)
    ]


def print_byline(credits):
    """株洲日报记者 刘琼\n通讯员/朱卫健"""
    return "\n".join(_printed_groups(credits))


def print_photo_credit(credits):
    """株洲日报记者 任远 通讯员/任晓磊 摄; photographers with no role printed (黎明辉 摄) as names alone."""
    if credits and all(c.role == "摄影" and not c.affiliation for c in credits):
        return " ".join(c.name for c in credits) + " " + PHOTO_MARK
    return " ".join(_printed_groups(credits)) + " " + PHOTO_MARK if credits else ""


def parse_byline(text):
    """The inverse of print_byline; groups may stand on one line or several. Raises BylineError."""
    credits = []
    current = None  # (affiliation, role) of the group that further names join
    tokens = text.split()
    if not tokens:
        raise BylineError("署名是空的。")
    for token in tokens:
        match = _ROLE_TOKEN.match(token)
        if match:
            current = (match["affiliation"] or "", match["role"] or match["bare_role"] or match["spaced_role"])
            name = match["name"] or match["bare_name"]
            if name:
                credits.append(Credit(_checked_name(name, text), current[1], current[0]))
            continue
        if current is None:
            raise BylineError(f"“{text}”不是署名:没有身份(记者、通讯员……)。")
        credits.append(Credit(_checked_name(token, text), current[1], current[0]))
    if not credits or credits[-1].role != current[1] or credits[-1].affiliation != current[0]:
        raise BylineError(f"“{text}”的署名缺少姓名。")
    return credits


def _checked_name(name, text):
    if not _NAME.match(name):
        raise BylineError(f"“{text}”里的“{name}”不像姓名。")
    return name


def parse_photo_credit(text):
    """The inverse of print_photo_credit: '株洲日报通讯员/黄婷婷 摄' -> [Credit(...)]."""
    body = text.strip()
    if not body.endswith(PHOTO_MARK):
        raise BylineError(f"“{text}”不是图片署名:没有以“摄”结尾。")
    people = body[: -len(PHOTO_MARK)]
    tokens = people.split()
    if tokens and all(_is_name(token) for token in tokens):
        return [Credit(token, "摄影", "") for token in tokens]  # 黎明辉 摄
    return parse_byline(people)


def is_byline(text):
    try:
        parse_byline(text)
    except BylineError:
        return False
    return True


def split_caption(text):
    """A caption as printed, with its credit at the end or not: (caption, credits).

    '梁静带领直播间观众品尝渌口特色扶贫产品。株洲日报通讯员/黄婷婷 摄' ->
    ('梁静带领直播间观众品尝渌口特色扶贫产品。', [Credit('黄婷婷', '通讯员', '株洲日报')]).
    The credit starts at the earliest sentence boundary after which the rest reads as a credit.
    """
    stripped = text.rstrip()
    if not stripped.endswith(PHOTO_MARK):
        return text, []
    for start in range(len(stripped)):
        if start and stripped[start - 1] not in _SENTENCE_END and not stripped[start - 1].isspace():
            continue
        try:
            credits = parse_photo_credit(stripped[start:])
        except BylineError:
            continue
        return stripped[:start].rstrip(" "), credits
    return text, []


def print_caption(caption, credits):
    """The inverse of split_caption: the caption, then its credit after the sentence's end."""
    if not credits:
        return caption
    credit = print_photo_credit(credits)
    if not caption:
        return credit
    return caption + ("" if caption[-1] in _SENTENCE_END else " ") + credit


# ---------------------------------------------------------------- bylines as other papers print them

# Full-width forms read as their half-width twins (one character for one, so positions stay the same).
_HALF_WIDTH = str.maketrans(
    {
        "\uff08": "(",
        "\uff09": ")",
        "\u3010": "[",
        "\u3011": "]",
        "\u3014": "[",
        "\u3015": "]",
        "\uff0f": "/",
        "\u3000": " ",
    }
)
_PERSON = r"(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}(?:·[\u4e00-\u9fff]{1,6})+)"
_PERSON_RE = re.compile(rf"^{_PERSON}$")
# Words that are never part of a person's name on a byline line.
_NOT_IN_A_NAME = ("记者", "通讯员", "实习生", "本报", "编辑", "摄影", "作者", "日报", "晚报")
_DATE = r"(?:\d{1,2}月\d{1,2}日)"
# A dateline: a paper, agency or site, maybe a place and a date, then 讯 or 电 (本报讯, 新华社北京5月6日电).
_DATELINE_RE = re.compile(
    r"^(?P<dateline>(?:本报|[\u4e00-\u9fffA-Za-z]{2,12}?(?:报|社|网|在线|台|客户端|新闻))"
    rf"[\u4e00-\u9fff]{{0,8}}?{_DATE}?(?:讯|电))(?!员)"
)
_BRACKETED_DATELINE_RE = re.compile(r"^\[(?P<dateline>[^\[\]]{2,30}?(?:讯|电))\]")
_AGENCY_DATELINE = re.compile(r"电$")
# A role word with the name glued on: 记者张三 (only when the rest is one name's length).
_GLUED_RE = re.compile(r"^(?P<affiliation>[^\s/()]{0,20}?)(?P<role>" + "|".join(_AFFILIATED_ROLES) + r")(?P<name>\S+)$")
_PHOTO_ENDINGS = {"摄": "摄影", "文/摄": "文·图", "文/图": "文·图", "文·图": "文·图", "图/文": "文·图"}
_BYLINE_MAX = 80


@dataclass(frozen=True)
class PrintedByline:
    """A byline as another paper printed it, read leniently.

    credits: the people, each with role and affiliation as printed ([] when unsure).
    dateline: 本报讯, 新华社北京5月6日电 … when one was printed with the byline, else "".
    rest: text glued after it (a dateline run into the first sentence), else "".
    review: True when the line is surely a byline but its people could not be told apart for certain
    (记者张三李四): credits is then [] and the text is kept as printed for an editor.
    """

    text: str
    credits: tuple = ()
    dateline: str = ""
    rest: str = ""
    review: bool = False


def _names_and_roles(tokens, text):
    """Tokens of a credit line -> [Credit]; raises BylineError when a token is neither a role nor a name,
    and _Unsure when a token is a role with something glued on that may be one name or two."""
    credits, current, pending = [], None, []
    for token in tokens:
        if token in _PHOTO_ENDINGS and pending:
            credits += [Credit(name, _PHOTO_ENDINGS[token], "") for name in pending]
            pending, current = [], None
            continue
        match = _ROLE_TOKEN.match(token)
        if match:
            if pending:
                raise BylineError(f"“{text}”里的“{' '.join(pending)}”没有身份。")
            current = (match["affiliation"] or "", match["role"] or match["bare_role"] or match["spaced_role"])
            name = match["name"] or match["bare_name"]
            if name:
                if not _is_name(name):
                    raise _Unsure(text)
                credits.append(Credit(name, current[1], current[0]))
            continue
        glued = _GLUED_RE.match(token)
        if glued and not pending and re.fullmatch(r"[\u4e00-\u9fff]{2,8}", glued["name"]):
            if not _is_name(glued["name"]) or len(glued["name"]) > 3:
                raise _Unsure(text)  # 记者张三李四: two names or one long one?
            current = (glued["affiliation"], glued["role"])
            credits.append(Credit(glued["name"], current[1], current[0]))
            continue
        if not _is_name(token):
            raise BylineError(f"“{text}”里的“{token}”不像姓名。")
        if current is None:
            pending.append(token)
        else:
            credits.append(Credit(token, current[1], current[0]))
    if pending:
        raise BylineError(f"“{text}”里的“{' '.join(pending)}”没有身份。")
    if not credits:
        raise BylineError(f"“{text}”的署名缺少姓名。")
    return credits


class _Unsure(Exception):
    pass


def _is_name(token):
    return bool(_PERSON_RE.match(token)) and not any(word in token for word in _NOT_IN_A_NAME)


def _split_tokens(text):
    """Blanks separate tokens; 文/摄 and 文·图/张三 stay whole."""
    return text.split()


def read_byline(text, *, agency_names_are_reporters=True):
    """A byline, dateline or credit in any common form -> PrintedByline; raises BylineError for other text.

    本报讯(记者 张三 通讯员 李四), 本报记者 张三 李四, 记者 张三 实习生 李四, 文/张三 图/李四, 文·图/张三,
    张三 摄, 摄影 张三, 张三 文/摄, 作者 张三, 【新华社北京5月6日电】, 新华社记者 张三,
    中新网某地3月2日电 (张三), 某某在线5月6日讯(记者 张三), □本报记者 张三, ■ 张三, (张三), and a dateline run
    into the first sentence (本报讯 4月27日下午,…) with its text in `rest`. Total: any str gives a result or
    BylineError.
    """
    if not isinstance(text, str):
        raise BylineError("署名应是文字。")
    original = text.strip()
    if not original:
        raise BylineError("署名是空的。")
    glyph = original[0] in BYLINE_GLYPHS
    body = original.lstrip(BYLINE_GLYPHS).strip()
    half = body.translate(_HALF_WIDTH)
    dateline, rest, inner = "", half, None
    found = _BRACKETED_DATELINE_RE.match(half) or _DATELINE_RE.match(half)
    if found:
        dateline = body[found.start("dateline") : found.end("dateline")]
        rest = half[found.end() :].lstrip()
        bracket = re.match(r"^\((?P<inner>[^()]{1,60})\)", rest)
        if bracket:
            inner = bracket["inner"].strip()
            rest = rest[bracket.end() :].lstrip()
    elif len(half) > _BYLINE_MAX:
        raise BylineError(f"“{_clip(original)}”太长,不是署名。")
    else:
        bracket = re.match(r"^\((?P<inner>[^()]{1,60})\)$", half)
        if bracket:
            inner, rest = bracket["inner"].strip(), ""
    rest_printed = body[len(body) - len(rest) :] if rest else ""
    if dateline:
        if inner is None:
            # 本报讯 4月27日下午,… or 新华社北京5月6日电 记者张三 … or the dateline alone.
            return PrintedByline(original, (), dateline, rest_printed)
        try:
            credits = _bracketed_credits(inner, original, agency=bool(_AGENCY_DATELINE.search(dateline)))
        except _Unsure:
            return PrintedByline(original, (), dateline, rest_printed, review=True)
        return PrintedByline(original, tuple(credits), dateline, rest_printed)
    if inner is not None:
        # (张三) at a story's end: the writer, role unknown to the text.
        try:
            credits = _bracketed_credits(inner, original, agency=False)
        except _Unsure:
            return PrintedByline(original, (), review=True)
        return PrintedByline(original, tuple(credits))
    if len(half) > _BYLINE_MAX:
        raise BylineError(f"“{_clip(original)}”太长,不是署名。")
    tokens = _split_tokens(half)
    if glyph and tokens and all(_is_name(token) for token in tokens):
        return PrintedByline(original, tuple(Credit(token, "作者", "") for token in tokens))  # ■ 张三
    try:
        credits = _names_and_roles(tokens, original)
    except _Unsure:
        return PrintedByline(original, (), review=True)
    return PrintedByline(original, tuple(credits))


def _bracketed_credits(inner, original, agency):
    """What stands in the brackets after a dateline: (记者 张三 通讯员 李四), (记者张三), (张三)."""
    tokens = inner.replace("、", " ").replace(",", " ").replace(",", " ").split()
    if tokens and all(_is_name(token) for token in tokens):
        role = "记者" if agency else "作者"
        return [Credit(token, role, "") for token in tokens]
    return _names_and_roles(tokens, original)


def _clip(text, limit=20):
    return text if len(text) <= limit else text[:limit] + "…"


def is_printed_byline(text):
    """True for a whole line that is a byline or credit in any common form (not a dateline with text after it)."""
    try:
        found = read_byline(text)
    except BylineError:
        return False
    return not found.rest
