"""The finance REST API. Every POST moves money or state and takes an Idempotency-Key header."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from karsaz.core.api import ScopedViewSetMixin
from karsaz.finance import selectors, services
from karsaz.finance.api import schema as _schema  # noqa: F401  (registers the extension)
from karsaz.finance.api import serializers as s
from karsaz.finance.filters import InvoiceFilter
from karsaz.finance.idempotency import HEADER, run_idempotent
from karsaz.finance.models import (
    Account,
    Bid,
    Invoice,
    JournalEntry,
    Limit,
    Programme,
    Settlement,
)
from karsaz.finance.permissions import FinanceScope

IDEMPOTENCY = OpenApiParameter(
    HEADER,
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="A unique key per intended operation; repeats return the first result.",
)


def _valid(serializer_class: type, data: Any) -> dict[str, Any]:
    ser = serializer_class(data=data)
    ser.is_valid(raise_exception=True)
    return dict(ser.validated_data)


class ProgrammeViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):  # fmt: skip
    serializer_class = s.ProgrammeSerializer
    permission_classes = [IsAuthenticated]

    model = Programme

    def rows(self, user: Any) -> QuerySet[Programme]:
        return selectors.programme_list(user=user)

    @extend_schema(request=s.ProgrammeInput, responses={201: s.ProgrammeSerializer},
                   parameters=[IDEMPOTENCY])  # fmt: skip
    def create(self, request: Request) -> Response:
        """National agency staff open a programme for an anchor buyer."""

        def work() -> tuple[int, Any]:
            data = _valid(s.ProgrammeInput, request.data)
            buyer = selectors.enterprise_get(pk=data.pop("buyer"))
            programme = services.programme_create(user=request.user, buyer=buyer, **data)
            return 201, s.ProgrammeSerializer(programme).data

        return run_idempotent(request, work)

    def _member(self, request: Request, pk: str, fn: Any) -> Response:
        def work() -> tuple[int, Any]:
            data = _valid(s.MemberInput, request.data)
            programme = selectors.programme_get(user=request.user, pk=int(pk))
            enterprise = selectors.enterprise_get(pk=data["enterprise"])
            fn(programme, enterprise, data["limit"])
            return 200, {"programme": programme.pk, "enterprise": enterprise.pk}

        return run_idempotent(request, work)

    @extend_schema(request=s.MemberInput, responses={200: dict}, parameters=[IDEMPOTENCY])
    @action(detail=True, methods=["post"])
    def suppliers(self, request: Request, pk: str) -> Response:
        """Onboard a supplier with its limit (agency or the buyer)."""
        return self._member(
            request, pk,
            lambda p, e, limit: services.programme_onboard_supplier(
                user=request.user, programme=p, supplier=e, limit=limit
            ),
        )  # fmt: skip

    @extend_schema(request=s.MemberInput, responses={200: dict}, parameters=[IDEMPOTENCY])
    @action(detail=True, methods=["post"])
    def financiers(self, request: Request, pk: str) -> Response:
        """Admit a financier with its limit on the buyer (national agency staff)."""
        return self._member(
            request, pk,
            lambda p, e, limit: services.programme_add_financier(
                user=request.user, programme=p, financier=e, limit=limit
            ),
        )  # fmt: skip

    @extend_schema(request=s.AutoBidInput, responses={200: dict}, parameters=[IDEMPOTENCY])
    @action(detail=True, methods=["post"], url_path="auto-bid")
    def auto_bid(self, request: Request, pk: str) -> Response:
        """A financier's standing offer on every unit of this programme up to a size."""

        def work() -> tuple[int, Any]:
            data = _valid(s.AutoBidInput, request.data)
            programme = selectors.programme_get(user=request.user, pk=int(pk))
            scope = FinanceScope(request.user)
            fin_id = data.pop("financier", None) or next(iter(sorted(scope.financier_ids)), None)
            if fin_id is None:
                raise ValidationError({"financier": [_("Only a financier sets auto-bids.")]})
            financier = selectors.enterprise_get(pk=fin_id)
            rule = services.autobid_set(
                user=request.user, programme=programme, financier=financier, **data
            )
            return 200, {
                "programme": programme.pk, "financier": financier.pk, "rate_bp": rule.rate_bp,
                "max_amount": rule.max_amount, "active": rule.active,
            }  # fmt: skip

        return run_idempotent(request, work)


class InvoiceViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):  # fmt: skip
    """Invoices the caller may see. Actions follow the state machine in choices.TRANSITIONS."""

    serializer_class = s.InvoiceSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = InvoiceFilter
    # Only figures every party reads: sorting by the price or the repayments would reveal them
    # to the buyer or the supplier (FinanceScope.invoice_hidden) without showing them.
    ordering_fields = ["id", "number", "issue_date", "due_date", "amount", "submitted_at",
                       "state"]  # fmt: skip

    model = Invoice

    def rows(self, user: Any) -> QuerySet[Invoice]:
        return selectors.invoice_list(user=user, credit_notes=True)

    def get_object(self) -> Invoice:
        return selectors.invoice_get(user=self.request.user, pk=int(self.kwargs["pk"]))

    def _invoice_result(self, invoice: Invoice, code: int = 200) -> tuple[int, Any]:
        invoice = selectors.invoice_fresh(invoice=invoice)
        return code, s.InvoiceSerializer(invoice, context={"request": self.request}).data

    @extend_schema(request=s.InvoiceInput, responses={201: s.InvoiceSerializer},
                   parameters=[IDEMPOTENCY])  # fmt: skip
    def create(self, request: Request) -> Response:
        """A supplier uploads an invoice (with any credit notes that offset it)."""

        def work() -> tuple[int, Any]:
            data = _valid(s.InvoiceInput, request.data)
            scope = FinanceScope(request.user)
            programme = selectors.programme_get(user=request.user, pk=data.pop("programme"))
            supplier_id = data.pop("supplier", None)
            if supplier_id is None:
                own = sorted(scope.supplier_ids)
                if len(own) != 1:
                    raise ValidationError({"supplier": [_("Choose the supplier enterprise.")]})
                supplier_id = own[0]
            supplier = selectors.enterprise_get(pk=supplier_id)
            invoice = services.invoice_submit(
                user=request.user, programme=programme, supplier=supplier, **data
            )
            return self._invoice_result(invoice, 201)

        return run_idempotent(request, work)

    def _act(self, request: Request, fn: Any) -> Response:
        def work() -> tuple[int, Any]:
            invoice = self.get_object()
            result = fn(invoice)
            if isinstance(result, Settlement):
                return 201, s.SettlementSerializer(result).data
            if isinstance(result, Bid):
                return 201, s.BidSerializer(result).data
            return self._invoice_result(invoice)

        return run_idempotent(request, work)

    @extend_schema(request=None, parameters=[IDEMPOTENCY])
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        """Buyer approval: the first buyer user approves, a second, different one accepts."""
        return self._act(
            request, lambda inv: services.invoice_approve(user=request.user, invoice=inv)
        )

    @extend_schema(request=s.ReasonInput, parameters=[IDEMPOTENCY])
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        reason = _valid(s.ReasonInput, request.data).get("reason", "")
        return self._act(
            request,
            lambda inv: services.invoice_reject(user=request.user, invoice=inv, reason=reason),
        )

    @extend_schema(request=s.ReasonInput, parameters=[IDEMPOTENCY])
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        reason = _valid(s.ReasonInput, request.data).get("reason", "")
        return self._act(
            request,
            lambda inv: services.invoice_cancel(user=request.user, invoice=inv, reason=reason),
        )

    @extend_schema(request=s.CreditNoteInput, parameters=[IDEMPOTENCY])
    @action(detail=True, methods=["post"], url_path="credit-notes")
    def credit_notes(self, request: Request, pk: str) -> Response:
        def add(inv: Invoice) -> Invoice:
            services.credit_note_add(
                user=request.user, invoice=inv, **_valid(s.CreditNoteInput, request.data)
            )
            return inv

        return self._act(request, add)

    @extend_schema(request=None, parameters=[IDEMPOTENCY])
    @action(detail=True, methods=["post"], url_path="request-financing")
    def request_financing(self, request: Request, pk: str) -> Response:
        return self._act(
            request,
            lambda inv: services.invoice_request_financing(user=request.user, invoice=inv),
        )

    @extend_schema(methods=["post"], request=s.BidInput, responses={201: s.BidSerializer},
                   parameters=[IDEMPOTENCY])  # fmt: skip
    @extend_schema(methods=["get"], responses={200: s.BidSerializer(many=True)})
    # One bid per financier of the programme at most: a short plain list.
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def bids(self, request: Request, pk: str) -> Response:
        """GET: the bids you may see (the supplier sees all; a financier its own). POST: bid."""
        if request.method == "GET":
            invoice = self.get_object()
            bids = selectors.invoice_bids(user=request.user, invoice=invoice)
            return Response(s.BidSerializer(bids, many=True).data)

        def place(inv: Invoice) -> Bid:
            data = _valid(s.BidInput, request.data)
            financier = selectors.financier_for(
                user=request.user, invoice=inv, financier_id=data.get("financier")
            )
            return services.bid_place(
                user=request.user, invoice=inv, financier=financier, rate_bp=data["rate_bp"]
            )

        return self._act(request, place)

    @extend_schema(request=s.TakeInput, responses={201: s.SettlementSerializer},
                   parameters=[IDEMPOTENCY])  # fmt: skip
    @action(detail=True, methods=["post"])
    def take(self, request: Request, pk: str) -> Response:
        """The supplier takes a bid (the best if none is named); the disbursement is pending."""

        def take(inv: Invoice) -> Settlement:
            bid_id = _valid(s.TakeInput, request.data).get("bid")
            bid = None
            if bid_id is not None:
                bid = selectors.invoice_bid_get(invoice=inv, pk=bid_id)
            return services.bid_take(user=request.user, invoice=inv, bid=bid)

        return self._act(request, take)

    @extend_schema(request=s.AmountInput, responses={201: s.SettlementSerializer},
                   parameters=[IDEMPOTENCY])  # fmt: skip
    @action(detail=True, methods=["post"])
    def repay(self, request: Request, pk: str) -> Response:
        """The buyer pays all or part; pending until the financier confirms it arrived."""
        amount = _valid(s.AmountInput, request.data)["amount"]
        return self._act(
            request,
            lambda inv: services.repayment_start(user=request.user, invoice=inv, amount=amount),
        )


class BidViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.BidSerializer
    permission_classes = [IsAuthenticated]

    model = Bid

    def rows(self, user: Any) -> QuerySet[Bid]:
        return selectors.bid_list(user=user)

    @extend_schema(request=None, parameters=[IDEMPOTENCY])
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        def work() -> tuple[int, Any]:
            bid = selectors.bid_get(user=request.user, pk=int(pk))
            return 200, s.BidSerializer(services.bid_withdraw(user=request.user, bid=bid)).data

        return run_idempotent(request, work)


class SettlementViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Two-phase transfers: confirm (post) when the bank confirms, void when it bounces. Listed
    for the parties whose accounts they move and staff in scope (a voided one included)."""

    serializer_class = s.SettlementSerializer
    permission_classes = [IsAuthenticated]

    model = Settlement

    def rows(self, user: Any) -> QuerySet[Settlement]:
        return selectors.settlement_list(user=user)

    @extend_schema(request=s.ConfirmInput, parameters=[IDEMPOTENCY])
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        def work() -> tuple[int, Any]:
            data = _valid(s.ConfirmInput, request.data)
            stl = selectors.settlement_get(user=request.user, pk=int(pk))
            stl = services.settlement_confirm(user=request.user, settlement=stl, **data)
            return 200, s.SettlementSerializer(stl).data

        return run_idempotent(request, work)

    @extend_schema(request=s.ReasonInput, parameters=[IDEMPOTENCY])
    @action(detail=True, methods=["post"])
    def void(self, request: Request, pk: str) -> Response:
        def work() -> tuple[int, Any]:
            data = _valid(s.ReasonInput, request.data)
            stl = selectors.settlement_get(user=request.user, pk=int(pk))
            stl = services.settlement_void(user=request.user, settlement=stl, **data)
            return 200, s.SettlementSerializer(stl).data

        return run_idempotent(request, work)


class AccountViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.AccountSerializer
    permission_classes = [IsAuthenticated]

    model = Account

    def rows(self, user: Any) -> QuerySet[Account]:
        return selectors.account_list(user=user)


class EntryViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Ledger entries the caller is a party to (its accounts move), the invoice steps that move
    no money, and everything in scope for staff; a rival financier's entry is 404."""

    serializer_class = s.EntrySerializer
    permission_classes = [IsAuthenticated]

    model = JournalEntry

    def rows(self, user: Any) -> QuerySet[JournalEntry]:
        return selectors.entry_list(user=user)


class LimitViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Caps on outstanding financed value. Buyer and supplier limits are set by the agency or
    the buyer; financier and pair limits by the financier itself. A cap never goes below what
    is reserved."""

    serializer_class = s.LimitSerializer
    permission_classes = [IsAuthenticated]

    model = Limit

    def rows(self, user: Any) -> QuerySet[Limit]:
        return selectors.limit_list(user=user)

    @extend_schema(request=s.LimitInput, responses={200: s.LimitSerializer},
                   parameters=[IDEMPOTENCY])  # fmt: skip
    @action(detail=False, methods=["post"], url_path="set")
    def set_limit(self, request: Request) -> Response:
        def work() -> tuple[int, Any]:
            data = _valid(s.LimitInput, request.data)
            programme = selectors.programme_get(user=request.user, pk=data["programme"])
            parties = {
                key: selectors.enterprise_get(pk=data[key])
                for key in ("financier", "supplier")
                if data.get(key) is not None
            }
            limit = services.limit_set(
                user=request.user, programme=programme, kind=data["kind"], cap=data["cap"],
                **parties,
            )  # fmt: skip
            return 200, s.LimitSerializer(limit).data

        return run_idempotent(request, work)


class AgingView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: s.AgingBucketSerializer(many=True)})
    def get(self, request: Request) -> Response:
        """Outstanding financed principal by days past due, within the caller's scope."""
        return Response(selectors.aging(user=request.user))


class ReconciliationView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: dict})
    def get(self, request: Request) -> Response:
        """National agency staff only (403 for anyone else): ledger balances against the unit
        records. The ledger's accounts are not split by province."""
        data = selectors.reconciliation(user=request.user)
        return Response(data, status=status.HTTP_200_OK)
