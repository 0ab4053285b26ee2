"""Who is asking and what may be answered: the client's address as the site may believe it (TRUSTED_PROXY), the
Permissions-Policy header, and requests refused outright."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _


def client_ip(request):
    """REMOTE_ADDR; behind a trusted proxy, the address that proxy appended last to X-Forwarded-For (the one it saw:
    what a client wrote there itself stands before it)."""
    if settings.TRUSTED_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR")


class PermissionsPolicyMiddleware:
    """Adds settings.PERMISSIONS_POLICY to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RefuseNulMiddleware:
    """A NUL character in a request's path, or in the admin's query or form, is a 400: no text of the site has one,
    and PostgreSQL refuses it in a query (a 500 wherever a value reached the database unchecked, as the admin's list
    filters and a column's slug did). The public lookups' forms refuse it themselves, with their own sentence."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or (
            request.path.startswith(ADMIN_PREFIX)
            and (has_nul(request.GET) or (request.method == "POST" and has_nul(request.POST)))
        ):
            raise BadRequest(_("请求中含有空字符(NUL)。"))
        return self.get_response(request)


ADMIN_PREFIX = "/admin/"


def has_nul(query):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists())
