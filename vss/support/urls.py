from django.urls import path

from . import views

app_name = "support"
urlpatterns = [
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/sessions/", views.session_add, name="session_add"),
    path("referrals/<int:pk>/notes/", views.health_note_add, name="note_add"),
    path("referrals/<int:pk>/close/", views.referral_close, name="referral_close"),
    path("people/<int:person_pk>/refer/", views.referral_create, name="referral_create"),
    path("people/<int:person_pk>/contacts/", views.contact_add, name="contact_add"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
]
