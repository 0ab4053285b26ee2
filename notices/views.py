"""Public notice pages (every query through live()) and the desk's plain-text column (staff only)."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from newsroom.models import Edition
from newsroom.paging import keyset_page
from newsroom.search import RESULT_CAP, capped_count
from notices.filters import NoticeFilter
from notices.models import PLACED_STATUSES, Notice
from notices.printed import HEADER

PER_PAGE = 30


def live_notices(now=None):
    return Notice.objects.live(now).select_related("page__edition")


def notice_list(request):
    """Published notices, newest first; ?number=… answers, in one query, whether that number was declared void."""
    now = timezone.now()
    live = live_notices(now).newest_first()
    filterset = NoticeFilter(request.GET or None, queryset=live)
    valid = not filterset.is_bound or filterset.is_valid()
    number = filterset.form.cleaned_data.get("number") if filterset.is_bound and valid else None
    context = {"filter": filterset, "form": filterset.form, "number": number, "searched": filterset.is_bound}
    if number:
        # The lookup is the answer and the list both: the notices of that number, every one of them.
        context["lookup"] = list(filterset.qs)
    else:
        found = filterset.qs if valid else live.none()
        context["page_obj"] = keyset_page(request, found, PER_PAGE)
        context["notices"] = context["page_obj"].object_list
        if filterset.is_bound:
            context["count"], context["cap"] = capped_count(found), RESULT_CAP
    return render(request, "notices/notice_list.html", context, status=200 if valid else 400)


def notice_detail(request, pk):
    notice = get_object_or_404(live_notices(), pk=pk)
    return render(request, "notices/notice_detail.html", {"notice": notice})


@never_cache
@staff_member_required
def print_column(request, date):
    if not request.user.has_perm("notices.view_notice"):
        # Staff, but not the classifieds desk or the editors: a reporter must not read unpublished notices.
        raise PermissionDenied
    """The column of one edition as plain text for the layout system: header, then one line per notice.

    Staff only, and not through live(): the layout is made before the edition goes live,
    so it holds every notice placed on the edition (scheduled or signed off).
    """
    edition = get_object_or_404(Edition, date=date)
    notices = (
        Notice.objects.filter(page__edition=edition, status__in=PLACED_STATUSES)
        .select_related("page")
        .order_by("page__order", "page__code", "position", "pk")
    )
    text = "\n".join([HEADER, *(notice.printed_line() for notice in notices)]) + "\n"
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="notices-{date.isoformat()}.txt"'
    return response
