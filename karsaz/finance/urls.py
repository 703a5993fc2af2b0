from django.urls import path

from karsaz.finance import views

app_name = "finance"
urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("invoices/", views.invoice_list, name="invoice_list"),
    path("invoices/new/", views.invoice_new, name="invoice_new"),
    path("invoices/export.<str:fmt>", views.invoice_export, name="invoice_export"),
    path("invoices/<int:pk>/", views.invoice_detail, name="invoice_detail"),
    path("invoices/<int:pk>/auction/", views.auction, name="auction"),
    path("invoices/<int:pk>/auction/bids/", views.auction_bids, name="auction_bids"),
    path("invoices/<int:pk>/<str:action>/", views.invoice_action, name="invoice_action"),
    path("settlements/<int:pk>/<str:action>/", views.settlement_action, name="settlement_action"),
    path("reports/", views.reports, name="reports"),
    path("reports/reconciliation/", views.reconciliation, name="reconciliation"),
]
