from django.urls import path

from karsaz.capital.views import campaigns, dossier, home, readiness

app_name = "capital"

urlpatterns = [
    path("", home.home, name="home"),
    # readiness
    path("readiness/", readiness.readiness_home, name="readiness"),
    path("readiness/board/", readiness.readiness_board, name="readiness_board"),
    path("readiness/<int:pk>/", readiness.readiness_firm, name="readiness_firm"),
    path("readiness/<int:pk>/profile/", readiness.profile_save, name="readiness_profile"),
    path("readiness/<int:pk>/statements/", readiness.statement_add, name="readiness_statement_add"),
    path("readiness/<int:pk>/assess/", readiness.assess, name="readiness_assess"),
    path(
        "readiness/statements/<int:pk>/edit/",
        readiness.statement_edit,
        name="readiness_statement_edit",
    ),
    path(
        "readiness/statements/<int:pk>/confirm/",
        readiness.statement_confirm,
        name="readiness_statement_confirm",
    ),
    path("readiness/gaps/<int:pk>/refer/", readiness.gap_refer, name="readiness_gap_refer"),
    path("readiness/<int:pk>/timeline/", dossier.firm_timeline, name="firm_timeline"),
    # Admission dossier and pipeline.
    path("advisers/", dossier.adviser_directory, name="advisers"),
    path("engagements/", dossier.engagements, name="engagements"),
    path("engagements/<int:pk>/revoke/", dossier.engagement_revoke, name="engagement_revoke"),
    path("filings/", dossier.filing_list, name="filing_list"),
    path("filings/<int:pk>/", dossier.filing_detail, name="filing_detail"),
    path(
        "filings/<int:pk>/move/<slug:action>/",
        dossier.filing_transition,
        name="filing_transition",
    ),
    path("filings/<int:pk>/reads/", dossier.filing_reads, name="filing_reads"),
    path("filings/<int:pk>/prospectus/", dossier.prospectus, name="prospectus"),
    path("documents/<int:pk>/upload/", dossier.document_upload, name="document_upload"),
    path("documents/<int:pk>/review/", dossier.document_review, name="document_review"),
    path("versions/<int:pk>/download/", dossier.version_download, name="version_download"),
    path("pipeline/", dossier.pipeline_board, name="pipeline"),
    # campaigns
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/export.<str:fmt>", campaigns.campaign_export, name="campaign_export"),
    path("campaigns/new/", campaigns.campaign_new, name="campaign_new"),
    path("campaigns/manage/", campaigns.campaign_manage, name="campaign_manage"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/pledge/", campaigns.pledge_create, name="pledge_create"),
    path("campaigns/<int:pk>/submit/", campaigns.campaign_submit, name="campaign_submit"),
    path("campaigns/<int:pk>/approve/", campaigns.campaign_approve, name="campaign_approve"),
    path("campaigns/<int:pk>/reject/", campaigns.campaign_reject, name="campaign_reject"),
    path("campaigns/<int:pk>/close/", campaigns.campaign_close, name="campaign_close"),
    path("pledges/", campaigns.my_pledges, name="my_pledges"),
    path("pledges/<int:pk>/cancel/", campaigns.pledge_cancel, name="pledge_cancel"),
    path("reports/<int:pk>/file/", campaigns.report_file, name="report_file"),
]
