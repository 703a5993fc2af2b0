from django.urls import path

from karsaz.core.api import Router
from karsaz.finance.api import views

router = Router()
router.register("finance/programmes", views.ProgrammeViewSet, basename="finance-programme")
router.register("finance/invoices", views.InvoiceViewSet, basename="finance-invoice")
router.register("finance/bids", views.BidViewSet, basename="finance-bid")
router.register("finance/settlements", views.SettlementViewSet, basename="finance-settlement")
router.register("finance/accounts", views.AccountViewSet, basename="finance-account")
router.register("finance/entries", views.EntryViewSet, basename="finance-entry")
router.register("finance/limits", views.LimitViewSet, basename="finance-limit")

urlpatterns = [
    path("finance/reports/aging/", views.AgingView.as_view(), name="finance-aging"),
    path(
        "finance/reports/reconciliation/",
        views.ReconciliationView.as_view(),
        name="finance-reconciliation",
    ),
    *router.urls,
]
