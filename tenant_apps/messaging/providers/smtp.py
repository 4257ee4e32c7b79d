"""E-mail through the tenant's SMTP server (Django's SMTP backend, one connection per batch)."""

from __future__ import annotations

import contextlib
import smtplib
import socket

from django.core.mail import EmailMultiAlternatives, get_connection

from tenant_apps.messaging.errors import ProviderError
from tenant_apps.messaging.netguard import UnsafeDestination, check_smtp_host
from tenant_apps.messaging.providers.base import OutgoingItem, Provider, SendResult


class SmtpEmailProvider(Provider):
    """Options: host, port, use_tls, use_ssl, from_email, rate_per_second.
    Secrets: username, password. SMTP has no idempotency key."""

    name = "smtp"
    channel = "email"
    rate_per_second = 20

    def __init__(self, config=None) -> None:
        super().__init__(config)
        self._connection = None

    def _open(self):
        if self._connection is None:
            try:  # again at send time: the name may resolve elsewhere than when it was saved
                check_smtp_host(str(self.options.get("host") or ""), self.options.get("port", 25))
            except UnsafeDestination as exc:
                raise ProviderError(exc.message, code=exc.code) from exc
            self._connection = get_connection(
                "django.core.mail.backends.smtp.EmailBackend",
                host=self.options.get("host", "localhost"),
                port=int(self.options.get("port", 25)),
                username=self.secrets.get("username") or None,
                password=self.secrets.get("password") or None,
                use_tls=bool(self.options.get("use_tls", False)),
                use_ssl=bool(self.options.get("use_ssl", False)),
                timeout=10,
                fail_silently=False,
            )
        return self._connection

    def send(self, item: OutgoingItem) -> SendResult:
        body = f"{item.body}\n\n{item.link}" if item.link else item.body
        email = EmailMultiAlternatives(
            subject=item.subject,
            body=body,
            from_email=self.options.get("from_email") or None,
            to=[item.to],
            headers={**item.headers, "X-Out-Id": item.out_id, "Message-ID": f"<{item.out_id}@messaging>"},
            connection=self._open(),
        )
        if item.html_body:
            email.attach_alternative(item.html_body, "text/html")
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as exc:
            raise ProviderError("收件地址被拒绝", code="recipient_refused") from exc
        except smtplib.SMTPConnectError as exc:
            self.close()
            raise ProviderError("无法连接邮件服务器", code="connect_error", transient=True) from exc
        except (ConnectionRefusedError, socket.gaierror) as exc:
            self.close()
            raise ProviderError("无法连接邮件服务器", code="connect_error", transient=True) from exc
        except smtplib.SMTPResponseException as exc:
            self.close()
            raise ProviderError(f"邮件服务器拒绝：{exc.smtp_code}", code=f"smtp_{exc.smtp_code}", transient=400 <= exc.smtp_code < 500) from exc
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            raise ProviderError("邮件发送结果未知", code="smtp_error", uncertain=True) from exc
        return SendResult(provider_message_id=item.out_id)

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):  # closing a broken connection
                self._connection.close()
            self._connection = None
