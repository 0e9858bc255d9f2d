from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "coffeechat.community"
    label = "community"

    def ready(self) -> None:
        from coffeechat.accounts.deleting import BEFORE_DELETING
        from coffeechat.community.leaving import before_account_deleted

        BEFORE_DELETING.append(before_account_deleted)
