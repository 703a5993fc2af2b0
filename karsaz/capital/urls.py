from django.urls import path

from karsaz.capital.views import dossier, home

app_name = "capital"

urlpatterns = [
    path("", home.home, name="home"),
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
]
