"""What every page of the public site shows around its content, whichever part of the
portal draws the page: the menu of the site's pages and the links to apply and to
follow an application."""

from django import template
from django.urls import NoReverseMatch, reverse

from vss.core.menu import public_links

from .. import honeypot as robots
from ..models import PublicPage

register = template.Library()

# The parts of the portal that other pages link to, by URL name and, while the part is
# not installed, by the path it will have.
PORTAL_LINKS = {
    "apply": ("portal:apply", "/apply/"),
    "follow": ("portal:follow", "/follow/"),
    "newsletter": ("portal:newsletter_signup", "/newsletter/"),
}


def page_url(page: PublicPage) -> str:
    if page == PublicPage.HOME:
        return reverse("portal:home")
    return reverse(f"portal:page_{page.value.replace('-', '_')}")


@register.simple_tag
def portal_url(part: str) -> str:
    name, fixed = PORTAL_LINKS[part]
    try:
        return reverse(name)
    except NoReverseMatch:
        return fixed


@register.inclusion_tag("portal/site/_menu.html", takes_context=True)
def public_menu(context: template.Context) -> dict[str, object]:
    request = context.get("request")
    here = request.path if request is not None else ""
    pages = [(page.label, page_url(page)) for page in PublicPage]
    others = [(label, url) for url, label in public_links()]
    return {"entries": [(label, url, url == here) for label, url in [*pages, *others]]}


@register.inclusion_tag("portal/_honeypot.html")
def honeypot() -> dict[str, str]:
    return {"honeypot": robots.FIELD}
