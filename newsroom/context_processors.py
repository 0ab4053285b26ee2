from django.conf import settings


def newspaper(request):
    """The paper's name, and what the footer prints of it (empty settings print nothing)."""
    return {
        "NEWSPAPER_NAME": settings.NEWSPAPER_NAME,
        "NEWSPAPER_ADDRESS": settings.NEWSPAPER_ADDRESS,
        "NEWSPAPER_CONTACT": settings.NEWSPAPER_CONTACT,
        "ICP_RECORD": settings.ICP_RECORD,
        "PSB_RECORD": settings.PSB_RECORD,
    }
