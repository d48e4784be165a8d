"""The combined chronology pages of a review."""

from django.urls import path

from panels.chronology.views import (
    AnnotateView,
    AnnotationDeleteView,
    PdfExportView,
    combined_chronology,
    export_download,
    export_list,
    export_xlsx,
)

_C = "reviews/<str:reference>/chronology/"

urlpatterns = [
    path(_C, combined_chronology, name="combined_chronology"),
    path(_C + "export.xlsx", export_xlsx, name="chronology_xlsx"),
    path(_C + "export.pdf", PdfExportView.as_view(), name="chronology_pdf"),
    path(_C + "exports/", export_list, name="chronology_exports"),
    path(_C + "exports/<int:pk>/download/", export_download, name="chronology_export_download"),
    path(_C + "entries/<int:entry_pk>/annotate/", AnnotateView.as_view(), name="annotate"),
    path(
        _C + "annotations/<int:pk>/delete/",
        AnnotationDeleteView.as_view(),
        name="annotation_delete",
    ),
]
