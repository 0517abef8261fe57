"""Development email: each message is written to a folder (`.run/mail/` by default) as an
`.eml` file that any mail program opens, and its HTML part beside it as an `.html` file to
open in a browser. Nothing leaves the machine."""

import os
import re
import threading
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

_lock = threading.Lock()
_counter = 0


class FolderEmailBackend(BaseEmailBackend):
    def __init__(self, *args, file_path=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages) -> int:
        global _counter
        self.folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            with _lock:
                _counter += 1
                number = _counter
            slug = re.sub(r"[^a-z0-9]+", "-", message.subject.lower()).strip("-")[:60] or "email"
            stem = self.folder / f"{timezone.now():%Y%m%d-%H%M%S}-{os.getpid()}-{number:04d}-{slug}"
            stem.with_suffix(".eml").write_bytes(message.message().as_bytes())
            for content, mimetype in getattr(message, "alternatives", []):
                if mimetype == "text/html":
                    stem.with_suffix(".html").write_text(content, encoding="utf-8")
            sent += 1
        return sent
