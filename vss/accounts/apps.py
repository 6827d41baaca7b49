from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vss.accounts"
    label = "accounts"
