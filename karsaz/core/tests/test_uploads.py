"""The shared upload check: size before content, type by the first bytes, the name only when
the caller asks it to agree."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from karsaz.core.uploads import Sniffed, UploadProblem, UploadRefused, check_upload

PDF, PNG, JPEG = b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n\0", b"\xff\xd8\xff\xe0"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.pdf", PDF, Sniffed("application/pdf", ".pdf")),
        ("a.PNG", PNG, Sniffed("image/png", ".png")),
        ("a.jpeg", JPEG, Sniffed("image/jpeg", ".jpg")),
        ("renamed.txt", PDF, Sniffed("application/pdf", ".pdf")),
    ],
)
def test_the_content_decides_the_type(name, content, expected):
    upload = SimpleUploadedFile(name, content)
    assert check_upload(upload, max_bytes=100) == expected
    assert upload.read() == content  # left at its start


@pytest.mark.parametrize(
    ("name", "content"),
    [("a.pdf", b"MZ\x90\0"), ("a.pdf", b""), ("a.png", PDF), ("a", JPEG)],
)
def test_a_name_that_disagrees_or_unknown_bytes_are_the_wrong_type(name, content):
    with pytest.raises(UploadRefused) as e:
        check_upload(SimpleUploadedFile(name, content), max_bytes=100, name_must_agree=True)
    assert (e.value.code, e.value.size, e.value.limit) == (UploadProblem.WRONG_TYPE, 0, 0)


def test_too_large_is_refused_before_reading():
    upload = SimpleUploadedFile("a.pdf", PDF + b"x" * 92)  # 101 bytes
    with pytest.raises(UploadRefused) as e:
        check_upload(upload, max_bytes=100)
    assert (e.value.code, e.value.size, e.value.limit) == (UploadProblem.TOO_LARGE, 101, 100)
    assert check_upload(SimpleUploadedFile("a.pdf", PDF + b"x" * 91), max_bytes=100).extension == (
        ".pdf"
    )
