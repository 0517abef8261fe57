"""The enrolment QR code, drawn here as SVG (segno): the secret never leaves the server
for an image service."""

import segno


def qr_svg(uri: str) -> str:
    """Inline SVG of `uri`, scaled by CSS, with a title for screen readers."""
    return segno.make(uri, error="m").svg_inline(
        scale=4, title="QR code for your authenticator app", dark="#111", light="#fff"
    )
