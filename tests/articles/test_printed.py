"""Reading the sample edition's stories back out of its text (no database)."""

import datetime

import pytest

from articles.bylines import print_byline, print_photo_credit
from newsroom.edition_text import parse_edition
from tests.sample import sample_text

HEADLINES = [
    "确保小康路上“一个也不少”",
    "市民快快申领电子健康卡(码)",
    "全市民兵教练员骨干集训",
    "渌口区新增4所公办幼儿园",
    "泥浆水流入路面 一工地收到顶格罚单",
    "加减乘除巧“运算” 造出美丽新“绿城”",
    "“扫街”找问题 一一列清单",
    "机关基层党组织 如何进行组织设置?",
    "迎五一 着盛装",
    "黄辣椒蒸鱼头真美味…… 使用“局长带货”暗号,有优惠还送饺子",
    "联湘人才服务工作站落户动力谷创新园",
    "高新区今年将慰问帮扶职工上万人次",
]
BYLINES = [
    "株洲日报见习记者 周兴海",
    "株洲日报记者 刘琼\n通讯员/朱卫健",
    "株洲日报记者 邹家虎",
    "株洲日报记者 侯德怀\n通讯员/唐学文",
    "株洲日报记者 任远\n通讯员/朱思泉",
    "株洲日报通讯员/崔林",
    "株洲日报记者 刘平",
    "",
    "",
    "全媒体记者 陈彦珩",
    "全媒体记者 谢嘉\n通讯员/胡晓雨",
    "全媒体记者 杨如\n通讯员/朱剑泽",
]


@pytest.fixture(scope="module")
def parsed():
    return parse_edition(sample_text(), datetime.date(2020, 4, 28), "株洲日报")


@pytest.fixture(scope="module")
def stories(parsed):
    return {a.headline: a for a in parsed.articles if a.kind != "continuation"}


def test_the_sample_holds_twelve_stories_in_order_and_two_continuations(parsed):
    assert [a.headline for a in parsed.articles if a.kind != "continuation"] == HEADLINES
    parts = [a for a in parsed.articles if a.kind == "continuation"]
    assert [(p.continued_from, p.jump_mark) for p in parts] == [("A1", "①"), ("A1", "②")]


def test_every_byline_is_read_exactly(parsed):
    stories = [a for a in parsed.articles if a.kind != "continuation"]
    assert [print_byline(a.bylines) for a in stories] == BYLINES


def test_kicker_subheadline_column_and_banner(stories):
    assert stories["市民快快申领电子健康卡(码)"].kicker == "就医入校、外出旅游、复工复产,这些都要扫码通行"
    feature = stories["加减乘除巧“运算” 造出美丽新“绿城”"]
    assert feature.subheadline == "——记株洲市获评“中国绿水青山典范城市”" and feature.kind == "feature"
    assert stories["“扫街”找问题 一一列清单"].column == "创建更高质量文明城市"
    lesson = stories["机关基层党组织 如何进行组织设置?"]
    assert lesson.column == "学习微党课"
    assert lesson.column_banner == "深入学习\n习近平新时代中国特色社会主义思想"
    assert lesson.kicker == "" and lesson.bylines == []


def test_the_dateline_is_split_from_the_first_paragraph(stories):
    story = stories["确保小康路上“一个也不少”"]
    assert story.dateline == "株洲日报讯"
    assert story.paragraphs[0].startswith("4月27日下午,市总工会召开会议")
    assert stories["加减乘除巧“运算” 造出美丽新“绿城”"].dateline == ""


def test_the_dateline_follows_the_newspapers_name_and_also_reads_benbaoxun():
    text = "标题一\n\n湘潭日报记者 张三\n\n湘潭日报讯 第一段。\n\n标题二\n\n记者 李四\n\n本报讯 第二篇。\n"
    parsed = parse_edition(text, datetime.date(2020, 4, 28), "湘潭日报")
    assert [(a.dateline, a.paragraphs[0]) for a in parsed.articles] == [
        ("湘潭日报讯", "第一段。"),
        ("本报讯", "第二篇。"),
    ]


def test_paragraphs_broken_by_the_layout_are_joined(stories):
    feature = stories["加减乘除巧“运算” 造出美丽新“绿城”"].paragraphs
    assert (
        "老区重生,生态重塑。与2012年相比,株洲市主要污染物排放量大幅减少,万元GDP能耗累计降幅36%,万元规模工业增加值能耗累计降幅48%。"
        in feature
    )
    assert any("废渣治理等一大批土壤污染治理项目" in p for p in feature)
    assert feature[-1] == "一座“绿城”,迎面而来;一座新城,阔步"  # ends mid-sentence, as printed
    live = stories["黄辣椒蒸鱼头真美味…… 使用“局长带货”暗号,有优惠还送饺子"].paragraphs
    assert any("燕楼东老板为大家介绍,该店于2006年开业" in p and "可享受9折优惠,还赠送一份饺子" in p for p in live)
    assert any(
        p.startswith("动力谷自主创新园2015年8月正式开园")
        for p in stories["联湘人才服务工作站落户动力谷创新园"].paragraphs
    )


def test_the_four_crossheads_of_the_feature(stories):
    blocks = stories["加减乘除巧“运算” 造出美丽新“绿城”"].blocks
    assert [b.text for b in blocks if b.kind == "h"] == [
        "除法:舍“沾着灰尘”的GDP",
        "减法:造“山清水秀”的环境",
        "乘法:育“绿色新兴”的动能",
        "加法:得“诗意栖居”的生活",
    ]


def test_photos_with_and_without_credits(stories):
    qr = stories["市民快快申领电子健康卡(码)"].photos
    assert [(p.caption, p.credits) for p in qr] == [("湖南省居民健康卡\n微信公众号二维码", [])]
    photo_story = stories["迎五一 着盛装"]
    assert photo_story.kind == "photo" and photo_story.paragraphs == []
    assert photo_story.photos[0].caption.startswith("“五一”劳动节即将到来")
    assert print_photo_credit(photo_story.photos[0].credits) == "株洲日报记者 任远 通讯员/任晓磊 摄"
    mid_body = stories["黄辣椒蒸鱼头真美味…… 使用“局长带货”暗号,有优惠还送饺子"].photos
    assert [(p.caption, print_photo_credit(p.credits)) for p in mid_body] == [
        ("梁静带领直播间观众品尝渌口特色扶贫产品。", "株洲日报通讯员/黄婷婷 摄")
    ]


def test_continuation_parts_hold_the_text_from_another_page(parsed, stories):
    first, second = (a for a in parsed.articles if a.kind == "continuation")
    assert first.paragraphs[0] == "还能照顾好人。" and len(first.paragraphs) == 3
    assert stories["高新区今年将慰问帮扶职工上万人次"].paragraphs[-1].endswith("拓展职工服务和文化活动现场地。")
    assert second.paragraphs[0] == "如何申请人住青年人才驿站?" and second.paragraphs[-1] == "相关链接"


def test_every_non_blank_line_is_in_exactly_one_place(parsed):
    placed = parsed.placed_line_nos()
    assert sorted(placed) == sorted(set(placed)) == parsed.nonblank_line_nos
    counts = parsed.line_accounting()
    assert counts["articles"] + counts["notices"] + counts["outages"] + counts["unplaced"] == counts["total"] == 129
    assert parsed.unplaced == []


def test_text_before_any_story_is_unplaced_not_lost():
    text = "一段没有标题的文字。\n\n标题\n\n株洲日报记者 张三\n\n株洲日报讯 正文。\n"
    parsed = parse_edition(text, datetime.date(2020, 4, 28), "株洲日报")
    assert parsed.unplaced == [(1, "一段没有标题的文字。", "不属于任何稿件")]
    assert [a.headline for a in parsed.articles] == ["标题"]


def test_the_json_has_the_agreed_shape(parsed):
    data = parsed.to_dict()
    assert set(data) >= {"date", "articles", "notices", "outages", "unplaced"}
    article_keys = {
        "kicker",
        "headline",
        "subheadline",
        "column",
        "dateline",
        "kind",
        "bylines",
        "paragraphs",
        "photos",
        "continued_from",
        "jump_mark",
    }
    assert all(article_keys <= set(a) for a in data["articles"])
    assert data["articles"][1]["bylines"] == [
        {"name": "刘琼", "role": "记者", "affiliation": "株洲日报"},
        {"name": "朱卫健", "role": "通讯员", "affiliation": ""},
    ]
    assert data["outages"][0]["entries"][0]["windows"] == [
        {"start": "2020-04-29T19:00:00+08:00", "end": "2020-04-29T20:00:00+08:00"}
    ]
    assert data["notices"][7]["text"] == "·陈琰 遗失30002288号湖南省株洲市房地产权属与市场管理处预收款凭据"
    assert data["notices"][6]["amount"] == "107534"
