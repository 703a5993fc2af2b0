"""Error codes survive from the service to the API body."""

from typing import Any

from django.core.exceptions import ValidationError
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from karsaz.core.errors import ConflictError, error_codes, field_error


def test_a_dict_error_drops_its_code_which_is_why_field_error_exists() -> None:
    dropped = ValidationError({"rate_bp": ["closed"]}, code="closed")
    assert error_codes(dropped) == {"rate_bp": ["invalid"]}
    kept = field_error("rate_bp", "The auction is closed.", "closed")
    assert error_codes(kept) == {"rate_bp": ["closed"]}
    assert kept.message_dict == {"rate_bp": ["The auction is closed."]}
    assert error_codes(ValidationError("x", code="late")) == {"__all__": ["late"]}


def _answer(exc: Exception) -> Any:
    class Refuses(APIView):
        authentication_classes = ()
        permission_classes = ()

        def get(self, request: Any) -> Any:
            raise exc

    return Refuses.as_view()(APIRequestFactory().get("/"))


def test_the_api_answers_messages_with_their_codes() -> None:
    error = ValidationError(
        {
            "amount": [ValidationError("Too much.", code="limit"), ValidationError("Odd.")],
            "__all__": [ValidationError("Closed.", code="closed")],
        }
    )
    response = _answer(error)
    assert response.status_code == 400
    assert response.data == {
        "amount": [
            {"message": "Too much.", "code": "limit"},
            {"message": "Odd.", "code": "invalid"},
        ],
        "non_field_errors": [{"message": "Closed.", "code": "closed"}],
    }


def test_a_list_error_and_a_conflict_have_the_same_shape() -> None:
    response = _answer(ValidationError(["One.", ValidationError("Two.", code="two")]))
    assert (response.status_code, response.data) == (
        400,
        {
            "non_field_errors": [
                {"message": "One.", "code": "invalid"},
                {"message": "Two.", "code": "two"},
            ]
        },
    )
    response = _answer(ConflictError(field_error("state", "Already paid.", "settled")))
    assert (response.status_code, response.data) == (
        409,
        {"state": [{"message": "Already paid.", "code": "settled"}]},
    )


def test_the_schema_documents_the_error_body_on_every_operation(client: Any) -> None:
    schema = client.get("/api/schema/?format=json").json()
    item = schema["components"]["schemas"]["ValidationError"]["additionalProperties"]["anyOf"][0]
    assert item["items"]["anyOf"][0]["required"] == ["message", "code"]
    operations = [
        op
        for path in schema["paths"].values()
        for method, op in path.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    assert len(operations) > 50
    assert all("400" in op["responses"] for op in operations)
