"""OpenAPI: the invoice's price and repayment figures are left out for the parties that may not
read them (FinanceScope.invoice_hidden), so the schema must not call them required."""

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerExtension

from karsaz.finance.permissions import PRICE_FIELDS, REPAYMENT_FIELDS


class InvoiceSerializerSchema(OpenApiSerializerExtension):
    target_class = "karsaz.finance.api.serializers.InvoiceSerializer"

    def map_serializer(self, auto_schema: Any, direction: Any) -> Any:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        optional = PRICE_FIELDS | REPAYMENT_FIELDS
        schema["required"] = [f for f in schema.get("required", []) if f not in optional]
        return schema
