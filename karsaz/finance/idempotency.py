"""Idempotency keys for every money-moving API call (Stripe's contract, enforced in the database),
and the one-time token of every HTML form (`form_once`).

The record is inserted in the same transaction as the work it guards:
- a repeat after the first committed finds the record and gets the first response back;
- the same key with a different body (or endpoint) is refused with 409;
- a repeat racing the first blocks on the unique index (PostgreSQL) or on the write lock
  (SQLite IMMEDIATE) until the first commits, then replays it: the work never runs twice;
- if the first fails (400, crash) nothing is stored, so the call may be retried with its key.
"""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from karsaz.finance.errors import FinanceErrorCode
from karsaz.finance.models import IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY = 120


def request_hash(request: Request) -> str:
    body = json.dumps(request.data, sort_keys=True, cls=DjangoJSONEncoder, default=str)
    text = f"{request.method} {request.path}\n{body}"
    return hashlib.sha256(text.encode()).hexdigest()


def _jsonable(data: Any) -> Any:
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _error(message: str, code: str) -> dict[str, list[dict[str, str]]]:
    """The API's error body (core.api): `{"idempotency_key": [{"message": ..., "code": ...}]}`."""
    return {"idempotency_key": [{"message": message, "code": code}]}


def run_idempotent(request: Request, work: Callable[[], tuple[int, Any]]) -> Response:
    key = (request.headers.get(HEADER) or "").strip()
    if not key or len(key) > MAX_KEY:
        return Response(
            _error(
                _("Send an Idempotency-Key header (up to 120 characters)."),
                FinanceErrorCode.KEY_REQUIRED,
            ),
            status=status.HTTP_400_BAD_REQUEST,
        )
    digest = request_hash(request)
    user_id: int = request.user.pk or 0  # the viewsets require a signed-in user
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user_id=user_id,
                    key=key,
                    method=request.method or "",
                    path=request.path[:255],
                    request_hash=digest,
                )
        except IntegrityError:
            first = IdempotencyRecord.objects.get(user_id=user_id, key=key)
            if first.request_hash != digest:
                return Response(
                    _error(
                        _("This key was used for a different request."),
                        FinanceErrorCode.KEY_REUSED,
                    ),
                    status=status.HTTP_409_CONFLICT,
                )
            return Response(
                first.response, status=first.status_code, headers={"Idempotent-Replayed": "true"}
            )
        code, body = work()
        record.status_code = code
        record.response = _jsonable(body)
        record.save(update_fields=["status_code", "response"])
        return Response(body, status=code)


def form_once(*, user: Any, token: str, path: str, work: Callable[[], Any]) -> bool:
    """Runs a form's action once per one-time token, in one transaction with the token's record.

    Returns False when the token was already used (a double click or a browser retry: the first
    submission's result stands) and True when `work` ran. A ValidationError from `work` rolls
    the record back with it, so the form may be sent again.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                IdempotencyRecord.objects.create(
                    user_id=user.pk or 0, key=f"form:{token[:120]}", method="POST",
                    path=path[:255], request_hash="form", status_code=200,
                )  # fmt: skip
        except IntegrityError:
            return False
        work()
    return True
