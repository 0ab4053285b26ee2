from django import template

from newsroom.dates import chinese_date

register = template.Library()


@register.filter
def cn_date(day, arg=""):
    """{{ edition.date|cn_date:"weekday" }} -> 2020年4月28日 星期二"""
    if not day:
        return ""
    return chinese_date(day, weekday=arg == "weekday")


@register.simple_tag(takes_context=True)
def page_url(context, number, param="page"):
    """?…&page=3: this request's query with one page number changed, so filters and other pagers stay."""
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + query.urlencode()


@register.filter
def person(user):
    """A member of staff by their name (任远), not their login."""
    from newsroom.workflow import display_name

    return display_name(user)


@register.filter
def admin_change_url(obj):
    """The admin's edit page of any item (the planning view links each one)."""
    from django.urls import reverse

    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@register.simple_tag
def json_ld(data):
    """<script type="application/ld+json"> of a dict (newsroom.structured_data: escaped, CSP-safe)."""
    from newsroom.structured_data import json_ld

    return json_ld(data)


@register.simple_tag(takes_context=True)
def publication_issue_ld(context, edition):
    """The edition a page view shows, as a schema.org PublicationIssue."""
    from newsroom.structured_data import json_ld, publication_issue

    return json_ld(publication_issue(edition, context["request"], context=True)) if edition else ""
