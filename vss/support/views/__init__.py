from .contacts import contact_add, follow_up_done
from .referrals import (
    consent_withdraw,
    health_note_add,
    referral_close,
    referral_create,
    referral_detail,
    referral_list,
    session_add,
)

__all__ = [
    "consent_withdraw",
    "contact_add",
    "follow_up_done",
    "health_note_add",
    "referral_close",
    "referral_create",
    "referral_detail",
    "referral_list",
    "session_add",
]
