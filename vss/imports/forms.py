from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FileFormat


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet of forms"),
        help_text=_("CSV (UTF-8) or Excel (XLSX), with the template's header row."),
    )


class ConfirmForm(forms.Form):
    # The digest of the file the page showed the dry run of (see import_batch_confirm).
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)


class TemplateForm(forms.Form):
    format = forms.ChoiceField(choices=FileFormat.choices)
