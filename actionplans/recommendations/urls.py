"""The review's action plan pages (``actionplans:plan...``), "Our actions", the themes and the
repeats report. Not to be confused with the Commissioner's recommendations
(``actionplans.commissioner``)."""

from django.urls import path

from actionplans.recommendations import views

PLAN = "reviews/<str:reference>/action-plan/"
REC = PLAN + "recommendations/<int:pk>/"
ACTION = PLAN + "actions/<int:pk>/"

urlpatterns = [
    path(PLAN, views.plan, name="plan"),
    path(
        PLAN + "recommendations/new/",
        views.RecommendationFormView.as_view(),
        name="plan_recommendation_new",
    ),
    path(REC, views.recommendation_detail, name="plan_recommendation"),
    path(REC + "edit/", views.RecommendationFormView.as_view(), name="plan_recommendation_edit"),
    path(
        REC + "agree/", views.RecommendationDecisionView.as_view(), name="plan_recommendation_agree"
    ),
    path(
        REC + "withdraw/",
        views.RecommendationDecisionView.as_view(withdraw=True),
        name="plan_recommendation_withdraw",
    ),
    path(REC + "link/", views.link_recommendation, name="plan_recommendation_link"),
    path(REC + "actions/new/", views.ActionFormView.as_view(), name="plan_action_new"),
    path(ACTION, views.action_detail, name="plan_action"),
    path(ACTION + "edit/", views.ActionFormView.as_view(editing=True), name="plan_action_edit"),
    path(ACTION + "close/", views.CloseActionView.as_view(), name="plan_action_close"),
    path(ACTION + "update/", views.UpdateView.as_view(), name="plan_action_update"),
    path(ACTION + "sign-off/", views.SignOffView.as_view(), name="plan_action_sign_off"),
    path(ACTION + "milestones/new/", views.MilestoneView.as_view(), name="plan_milestone_new"),
    path(
        ACTION + "milestones/<int:milestone_pk>/done/",
        views.milestone_done,
        name="plan_milestone_done",
    ),
    path(
        ACTION + "milestones/<int:milestone_pk>/edit/",
        views.MilestoneView.as_view(),
        name="plan_milestone_edit",
    ),
    path(
        ACTION + "milestones/<int:milestone_pk>/delete/",
        views.MilestoneDeleteView.as_view(),
        name="plan_milestone_delete",
    ),
    path(PLAN + "evidence/<int:pk>/", views.evidence_download, name="plan_evidence"),
    path(PLAN + "export.xlsx", views.plan_xlsx, name="plan_xlsx"),
    path(PLAN + "export.pdf", views.plan_pdf, name="plan_pdf"),
    path(PLAN + "import/", views.ImportView.as_view(), name="plan_import"),
    path(
        PLAN + "import/<int:staged_pk>/",
        views.ImportPreviewView.as_view(),
        name="plan_import_preview",
    ),
    path(
        PLAN + "import/<int:staged_pk>/columns/",
        views.ImportColumnsView.as_view(),
        name="plan_import_columns",
    ),
    path(
        PLAN + "import/<int:staged_pk>/discard/",
        views.ImportDiscardView.as_view(),
        name="plan_import_discard",
    ),
    path("action-plans/our-actions/", views.OurActionsView.as_view(), name="our_actions"),
    path("action-plans/themes/", views.ThemesView.as_view(), name="plan_themes"),
    path("action-plans/themes/<int:pk>/offered/", views.theme_offered, name="plan_theme_offered"),
    path("action-plans/repeats/", views.RepeatsReportView.as_view(), name="plan_repeats"),
]
