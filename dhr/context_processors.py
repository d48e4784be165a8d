from django.conf import settings

from dhr import navigation


def service(request):
    """Service name and the signed-in user's navigation, for the base layout."""
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "organisation_name": settings.ORGANISATION_NAME,
        "navigation": navigation.items_for(user, request.path) if user else [],
    }
