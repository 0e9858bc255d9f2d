from __future__ import annotations

from typing import Any

from django import forms

from coffeechat.lib.env import is_host
from coffeechat.mail.connecting import SERVER_FIELDS
from coffeechat.mail.models import MailAccount

KEEP = "Leave empty to keep the one stored."


class MailAccountForm(forms.ModelForm):
    """The servers, as the user types them. The passwords are never shown back: an empty one keeps
    what is stored (connecting.save_account)."""

    imap_password = forms.CharField(
        label="IMAP password", required=False, strip=False, widget=forms.PasswordInput(render_value=False)
    )
    smtp_password = forms.CharField(
        label="SMTP password", required=False, strip=False, widget=forms.PasswordInput(render_value=False)
    )

    class Meta:
        model = MailAccount
        fields = list(SERVER_FIELDS)
        labels = {"imap_security": "IMAP security", "smtp_security": "SMTP security"}
        help_texts = {"smtp_user": "Leave empty if your server takes mail without signing in."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in ("imap", "smtp"):
            self.fields[f"{kind}_port"].widget.attrs.update(min=1, max=65535)
            self.fields[f"{kind}_host"].widget.attrs.update(autocapitalize="none", spellcheck="false")
            self.fields[f"{kind}_user"].widget.attrs.update(autocomplete="off", autocapitalize="none")
            self.fields[f"{kind}_password"].widget.attrs.update(autocomplete="new-password")
            stored = self.instance.pk and getattr(self.instance, f"{kind}_password")
            self.fields[f"{kind}_password"].help_text = (
                KEEP if stored else "An app password, if your provider offers them."
            )

    def _host(self, name: str) -> str:
        host: str = self.cleaned_data.get(name, "").strip()
        if host and not is_host(host):
            raise forms.ValidationError(
                f"{host!r} is not a host name: write it like mail.example.org, "
                "without imap://, a port or a path."
            )
        return host

    def clean_imap_host(self) -> str:
        return self._host("imap_host")

    def clean_smtp_host(self) -> str:
        return self._host("smtp_host")

    def _port(self, name: str) -> int:
        port: int = self.cleaned_data[name]
        if not 1 <= port <= 65535:
            raise forms.ValidationError(f"{port} is not a port: use a number from 1 to 65535.")
        return port

    def clean_imap_port(self) -> int:
        return self._port("imap_port")

    def clean_smtp_port(self) -> int:
        return self._port("smtp_port")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("imap_host") and not data.get("imap_user"):
            self.add_error("imap_user", "Your mailbox's user name is needed to sign in (often your address).")
        if data.get("sync_enabled") and not data.get("imap_host"):
            self.add_error("sync_enabled", "Set the IMAP server first: replies are noticed in that mailbox.")
        if not data.get("imap_host") and not data.get("smtp_host") and "imap_host" not in self.errors:
            self.add_error("imap_host", "Set an IMAP server, an SMTP server, or both.")
        return data
