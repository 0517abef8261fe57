"""A form HTMX posts must still post when it is submitted before HTMX has bound it (a quick
click, a slow phone, the browser focusing an autofocus field ~20 ms before htmx processes the
swapped-in form): without method="post" the browser sends it as a GET, and the CSRF token and
everything typed land in the address bar, the history and the server's logs."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORM = re.compile(r"<form\b[^>]*>", re.DOTALL)


def test_every_form_htmx_posts_is_a_post_form_to_the_same_address():
    wrong = []
    for template in ROOT.glob("*/templates/**/*.html"):
        for form in FORM.findall(template.read_text()):
            posted = re.search(r'\shx-post="([^"]*)"', form)
            if not posted:
                continue
            action = re.search(r'\saction="([^"]*)"', form)
            if 'method="post"' not in form or action is None or action.group(1) != posted.group(1):
                wrong.append(f"{template.relative_to(ROOT)}: {form[:120]}")
    assert not wrong, wrong
