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
)
# Roles whose names the paper prints after a slash.
SLASH_ROLES = {"通讯员", "特约通讯员"}
PHOTO_MARK = "摄"

_ROLE_TOKEN = re.compile(
    r"^(?P<affiliation>[^\s/,。,;;::、“”\"'()()]{0,30}?)(?P<role>" + "|".join(ROLE_WORDS) + r")(?:/(?P<name>[^\s/]+))?$"
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
    return "/" if role in SLASH_ROLES else " "


def _printed_groups(credits):
    return [
        f"{affiliation}{role}{name_separator(role)}{' '.join(c.name for c in group)}"
        for (affiliation, role), group in group_credits(credits)
    ]


def print_byline(credits):
    """株洲日报记者 刘琼\n通讯员/朱卫健"""
    return "\n".join(_printed_groups(credits))


def print_photo_credit(credits):
    """株洲日报记者 任远 通讯员/任晓磊 摄"""
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
            current = (match["affiliation"], match["role"])
            if match["name"]:
                credits.append(Credit(_checked_name(match["name"], text), current[1], current[0]))
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
    return parse_byline(body[: -len(PHOTO_MARK)])


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
