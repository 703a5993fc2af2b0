"""Badge tokens: what a delegate's badge QR code carries and the check-in desk scans.

A token is the delegate's event and id signed with the project's key (django.core.signing, its
own salt): it cannot be made up from an id, and a token of another event is told apart from a
forged one. The QR code is drawn by the `qrcode` package as an SVG path.
"""

import io

import qrcode
import qrcode.image.svg
from django.core import signing

SALT = "karsaz.events.badge"


class BadBadge(Exception):
    """The scanned text is not a badge token (mistyped, cut off or forged)."""


def badge_token(*, event_id: int, delegate_id: int) -> str:
    return signing.Signer(salt=SALT).sign_object([event_id, delegate_id], compress=True)


def read_badge(token: str) -> tuple[int, int]:
    """(event id, delegate id) of a genuine token, else `BadBadge`."""
    try:
        value = signing.Signer(salt=SALT).unsign_object((token or "").strip())
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadBadge from exc
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise BadBadge
    return value[0], value[1]


def qr_svg(text: str) -> str:
    """The QR code of `text` as an inline SVG element (no XML declaration)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]
