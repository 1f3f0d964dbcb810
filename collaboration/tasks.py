from celery import shared_task

from .services import users as services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, retry_backoff_max=600, max_retries=5)
def send_email(*, subject: str, body: str, to: list[str], attachments: list | None = None) -> None:
    """Deliver one e-mail. Retried with backoff when the SMTP server does not answer."""
    services.email_deliver(
        subject=subject, body=body, to=to, attachments=[tuple(item) for item in attachments or []]
    )


@shared_task(acks_late=True)
def privacy_retention_run() -> dict[str, int]:
    """Anonymise personal data that has outlived its retention time (every app's `retention_anonymise`)."""
    from .services.privacy import retention_run

    return retention_run()
