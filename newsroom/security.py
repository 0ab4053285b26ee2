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
    """A NUL character anywhere in a request's path, query or form is a 400: no text of the site has one, and
    PostgreSQL refuses it in a query (a 500 wherever a value reached the database unchecked)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or has_nul(request.GET) or (request.method == "POST" and has_nul(request.POST)):
            raise BadRequest(_("请求中含有空字符(NUL)。"))
        return self.get_response(request)


def has_nul(query):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists())
