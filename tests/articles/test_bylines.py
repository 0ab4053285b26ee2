"""The one byline printer and parser, exact on every byline and photo credit of the sample edition."""

import pytest

from articles.bylines import (
    BylineError,
    Credit,
    parse_byline,
    parse_photo_credit,
    print_byline,
    print_caption,
    print_photo_credit,
    split_caption,
)

SAMPLE_BYLINES = {
    "株洲日报见习记者 周兴海": [Credit("周兴海", "见习记者", "株洲日报")],
    "株洲日报记者 刘琼\n通讯员/朱卫健": [Credit("刘琼", "记者", "株洲日报"), Credit("朱卫健", "通讯员", "")],
    "株洲日报记者 邹家虎": [Credit("邹家虎", "记者", "株洲日报")],
    "株洲日报记者 侯德怀\n通讯员/唐学文": [Credit("侯德怀", "记者", "株洲日报"), Credit("唐学文", "通讯员", "")],
    "株洲日报记者 任远\n通讯员/朱思泉": [Credit("任远", "记者", "株洲日报"), Credit("朱思泉", "通讯员", "")],
    "株洲日报通讯员/崔林": [Credit("崔林", "通讯员", "株洲日报")],
    "株洲日报记者 刘平": [Credit("刘平", "记者", "株洲日报")],
    "全媒体记者 陈彦珩": [Credit("陈彦珩", "全媒体记者", "")],
    "全媒体记者 谢嘉\n通讯员/胡晓雨": [Credit("谢嘉", "全媒体记者", ""), Credit("胡晓雨", "通讯员", "")],
    "全媒体记者 杨如\n通讯员/朱剑泽": [Credit("杨如", "全媒体记者", ""), Credit("朱剑泽", "通讯员", "")],
}

SAMPLE_CREDITS = {
    "株洲日报记者 任远 通讯员/任晓磊 摄": [Credit("任远", "记者", "株洲日报"), Credit("任晓磊", "通讯员", "")],
    "株洲日报通讯员/黄婷婷 摄": [Credit("黄婷婷", "通讯员", "株洲日报")],
}


@pytest.mark.parametrize("printed, credits", SAMPLE_BYLINES.items())
def test_every_sample_byline_parses_to_its_people_and_prints_back_exactly(printed, credits):
    assert parse_byline(printed) == credits
    assert print_byline(credits) == printed


@pytest.mark.parametrize("printed, credits", SAMPLE_CREDITS.items())
def test_every_sample_photo_credit_parses_and_prints_back_exactly(printed, credits):
    assert parse_photo_credit(printed) == credits
    assert print_photo_credit(credits) == printed


def test_two_roles_and_two_affiliations_in_one_byline():
    credits = [Credit("刘琼", "记者", "株洲日报"), Credit("王芳", "通讯员", "天元区城管局")]
    printed = print_byline(credits)
    assert printed == "株洲日报记者 刘琼\n天元区城管局通讯员/王芳"
    assert parse_byline(printed) == credits


def test_people_sharing_a_role_share_one_group():
    credits = [Credit("刘琼", "记者", "株洲日报"), Credit("王芳", "记者", "株洲日报")]
    assert print_byline(credits) == "株洲日报记者 刘琼 王芳"
    assert parse_byline("株洲日报记者 刘琼 王芳") == credits


def test_a_byline_on_one_line_reads_like_one_on_two():
    assert parse_byline("株洲日报记者 刘琼 通讯员/朱卫健") == SAMPLE_BYLINES["株洲日报记者 刘琼\n通讯员/朱卫健"]


def test_the_longest_role_word_wins():
    assert parse_byline("株洲日报全媒体记者 陈彦珩") == [Credit("陈彦珩", "全媒体记者", "株洲日报")]
    assert parse_byline("本报见习记者 周兴海") == [Credit("周兴海", "见习记者", "本报")]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "市民快快申领电子健康卡(码)",
        "株洲日报讯 4月27日下午,市总工会召开会议",
        "4月27日,记者从市卫健委获悉",
        "株洲日报记者",
        "刘琼 株洲日报记者",
        "记者 刘琼。",
    ],
)
def test_what_is_not_a_byline_is_refused_with_a_reason(text):
    with pytest.raises(BylineError):
        parse_byline(text)


def test_a_photo_credit_must_end_in_the_photo_mark():
    with pytest.raises(BylineError, match="摄"):
        parse_photo_credit("株洲日报记者 任远")


def test_a_caption_with_its_credit_glued_on_is_split_at_the_sentence_end():
    printed = "梁静带领直播间观众品尝渌口特色扶贫产品。株洲日报通讯员/黄婷婷 摄"
    caption, credits = split_caption(printed)
    assert caption == "梁静带领直播间观众品尝渌口特色扶贫产品。"
    assert credits == [Credit("黄婷婷", "通讯员", "株洲日报")]
    assert print_caption(caption, credits) == printed


def test_a_caption_without_a_credit_stays_whole():
    assert split_caption("湖南省居民健康卡\n微信公众号二维码") == ("湖南省居民健康卡\n微信公众号二维码", [])


def test_a_caption_whose_credit_stands_alone_is_the_credit():
    caption, credits = split_caption("株洲日报记者 任远 通讯员/任晓磊 摄")
    assert caption == ""
    assert print_caption(caption, credits) == "株洲日报记者 任远 通讯员/任晓磊 摄"
