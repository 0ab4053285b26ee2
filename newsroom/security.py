"""Who is asking: the client's address as the site may believe it (TRUSTED_PROXY)."""

from django.conf import settings


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
