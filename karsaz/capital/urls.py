from django.urls import path

from karsaz.capital.views import campaigns, home

app_name = "capital"

urlpatterns = [
    path("", home.home, name="home"),
    # campaigns
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
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
