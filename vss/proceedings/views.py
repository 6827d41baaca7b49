from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vss import policy
from vss.audit.forms import form_saved
from vss.core.forms import sent_values
from vss.core.http import AuthenticatedHttpRequest
from vss.policy import Right

from .forms import CaseDatesForm
from .selectors import case_get_for_user, case_table_for_user
from .services import KEY_DATES, case_set_key_dates


@require_GET
def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "proceedings/case_list.html",
        {
            "table": case_table_for_user(request.user),
            "can_manage": policy.has_right(request.user, Right.MANAGE_CASES),
        },
    )


@require_http_methods(["GET", "POST"])
def case_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(request.user, pk, Right.MANAGE_CASES)
    if request.method == "POST":
        form = CaseDatesForm(request.POST)

        def write() -> object:
            sent = sent_values(form, [*KEY_DATES, "is_terminated"])
            return case_set_key_dates(
                actor=request.user,
                case=case,
                dates={name: sent[name] for name in KEY_DATES if name in sent},
                is_terminated=sent.get("is_terminated"),
                expected_version=form.cleaned_data["version"],
            )

        if form_saved(form, write):
            messages.success(request, _("The case was saved."))
            return redirect("proceedings:case_list")
        status = 400
    else:
        form = CaseDatesForm(
            initial={name: getattr(case, name) for name in [*KEY_DATES, "is_terminated", "version"]}
        )
        status = 200
    return render(
        request, "proceedings/case_edit.html", {"case": case, "form": form}, status=status
    )
