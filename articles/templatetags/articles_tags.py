from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from articles.bylines import PHOTO_MARK, group_credits, name_separator
from articles.models import ROLE_PRINTED

register = template.Library()


def _linked_groups(credits):
    """Groups as the paper prints them, each name a link to its contributor's page."""
    lines = []
    for (affiliation, role), group in group_credits(credits, key=lambda c: (c.affiliation, c.role)):
        printed_role = ROLE_PRINTED[role]
        names = format_html_join(
            " ", '<a href="{}">{}</a>', ((c.contributor.get_absolute_url(), c.contributor.name) for c in group)
        )
        lines.append(format_html("{}{}{}{}", affiliation, printed_role, name_separator(printed_role), names))
    return lines


@register.simple_tag
def byline(article):
    """The byline as printed, one group a line, names linked."""
    lines = _linked_groups(list(article.bylines.all()))
    return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))


@register.simple_tag
def photo_credit(photo):
    lines = _linked_groups(list(photo.credits.all()))
    if not lines:
        return ""
    return format_html("{} {}", format_html_join(" ", "{}", ((line,) for line in lines)), PHOTO_MARK)


@register.inclusion_tag("articles/_latest_news.html")
def latest_news(now):
    """即时新闻 on the home page: the newest web-first stories live at `now` (one query, through live())."""
    from articles.views import HOME_LATEST, web_first, with_pictures

    return {"articles": with_pictures(list(web_first(now)[:HOME_LATEST]))}


@register.inclusion_tag("articles/_story_head.html", takes_context=True)
def story_head(context, article, photos, corrections):
    """A story's <head> for machines: its description, Open Graph and Twitter card tags, and its NewsArticle."""
    from articles.structured_data import description, news_article, sharing

    request = context["request"]
    return {
        "description": description(article),
        "sharing": sharing(article, photos, request),
        "news_article": news_article(article, photos, corrections, request),
    }
