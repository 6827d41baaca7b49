"""The public forms' answer to robots instead of a third-party captcha: a field people
never see (portal/_honeypot.html) and robots, which fill every field, fill."""

from django.http import HttpRequest

FIELD = "website"


def caught(request: HttpRequest) -> bool:
    return bool(request.POST.get(FIELD))
