from django import template

register = template.Library()

HOME_NOTICES = 5


@register.inclusion_tag("notices/_latest_notices.html")
def latest_notices(now):
    """The lost-document column as a box on the home page: the newest live notices (one query, through live())."""
    from notices.views import live_notices

    return {"notices": list(live_notices(now).newest_first()[:HOME_NOTICES])}
