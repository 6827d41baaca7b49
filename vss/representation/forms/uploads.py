"""The base of representation's forms that take one file: the lawyer's documents and the
powers of attorney."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vss.applications.uploads import CheckedUpload, check_upload


class CheckedFileForm(forms.Form):
    """A form with one file judged by its bytes (PDF or image); its cleaned `file` is
    what the check kept (an image drawn again without its metadata)."""

    file_required = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checked: CheckedUpload | None = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if not upload:
            if self.file_required:
                raise ValidationError(_("Choose a file."))
            return upload
        self.checked = check_upload(upload)
        return self.checked.file
