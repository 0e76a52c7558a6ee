from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from tanzim.api.urls import api

from . import converters, views  # noqa: F401  (converters registers <id:…>, which every urls.py uses)

# The administration under the product's name, in the reader's language (not "Django administration").
admin.site.site_header = _("Tanzim administration")
admin.site.site_title = _("Tanzim administration")
admin.site.index_title = _("Records of the platform")

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("tanzim.access.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("territory/", include("tanzim.territory.urls")),
    path("people/", include("tanzim.people.urls")),
    path("bodies/", include("tanzim.organization.urls")),
    path("members/", include("tanzim.members.urls")),
    path("audit/", include("tanzim.audit.urls")),
    path("privacy/", include("tanzim.privacy.urls")),
    path("meetings/", include("tanzim.meetings.urls")),
    path("meetings/", include("tanzim.meetings.document_urls")),
    path("directives/", include("tanzim.directives.urls")),
    path("dues/", include("tanzim.dues.urls")),
    path("activities/", include("tanzim.activities.urls")),
    path("elections/", include("tanzim.elections.urls")),
    path("evaluation/", include("tanzim.evaluation.urls")),
    path("voters/", include("tanzim.voters.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("ops/", include("tanzim.ops.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
