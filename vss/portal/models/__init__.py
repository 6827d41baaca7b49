from .applying import DraftUpload, DraftUploadKind, Filer, OnlineDraft
from .content import ContentRevision, PublicPage, RevisionStatus
from .following import Receipt
from .intake import DeviceForm, DeviceFormStatus
from .throttling import Throttle

__all__ = [
    "ContentRevision",
    "DeviceForm",
    "DeviceFormStatus",
    "DraftUpload",
    "DraftUploadKind",
    "Filer",
    "OnlineDraft",
    "PublicPage",
    "Receipt",
    "RevisionStatus",
    "Throttle",
]
