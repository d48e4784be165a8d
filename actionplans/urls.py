"""The action plan pages, in the namespace ``actionplans:`` (included at the site's root), from
the app's features."""

from actionplans.commissioner import urls as commissioner
from actionplans.recommendations import urls as recommendations

app_name = "actionplans"

urlpatterns = [
    *commissioner.urlpatterns,
    *recommendations.urlpatterns,
]
