"""What a reader sees on a Persian page, checked for Latin digits.

Persian running text writes numbers in Persian digits («۱۲ روز», not «12 روز»). Latin digits
belong only where the text is Latin: inside an element marked `dir="ltr"` or `lang="en"` (an
identifier, an IBAN, an e-mail, English names), code, form values and scripts.
"""

import re
from html.parser import HTMLParser

from karsaz.core.persian import persian_text_digits

# A text with no Persian letter at all (an English name, a code line) is Latin text.
LATIN_ONLY = re.compile(r"^[^\u0600-\u06ff]*[A-Za-z][^\u0600-\u06ff]*$")
# Elements whose text is not running text, or is Latin by nature.
SKIP = {"script", "style", "code", "pre", "kbd", "samp", "textarea", "svg", "math"}
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is its text exempt?
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        values = dict(attrs)
        exempt = (
            (self.stack[-1] if self.stack else False)
            or tag in SKIP
            or values.get("dir") == "ltr"
            or (values.get("lang") or "").startswith("en")
            or "ltr" in (values.get("class") or "").split()
        )
        self.stack.append(exempt)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1]:
            return
        # The same rule as the `text_digits` filter: a Latin code («INV-2-REP-022», «ISO 9001»)
        # keeps its digits; any other digit should be Persian.
        if not LATIN_ONLY.match(data) and persian_text_digits(data) != data:
            self.found.append(" ".join(data.split())[:80])


def latin_digits(html: str) -> list[str]:
    """Texts of a Persian page that show Latin digits outside Latin contexts."""
    body = html.split("<body", 1)[-1].split(">", 1)[-1]
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    reader = _Reader()
    reader.feed(body)
    if title:
        reader.handle_data(title.group(1))
    return reader.found
