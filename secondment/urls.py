from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.security import throttled_sign_in
from accounts.views import SecurityEventListView, StandInsView

from . import manuals, views

admin.site.site_header = _("干部挂职交流管理系统")
admin.site.site_title = _("干部挂职交流管理")
admin.site.index_title = _("管理后台")
admin.site.login = throttled_sign_in(admin.site.login)

# An unknown path under /api/v1/ answers the API's JSON error, not the HTML 404 page.
handler404 = "secondment.views.not_found"
handler400 = "secondment.views.bad_request"

urlpatterns = [
    path("", views.home, name="home"),
    # First: most requests are the API's. Listed last, each of them was matched against
    # every page pattern before its own (about 60 failed matches a request).
    path("api/v1/", include("secondment.api.urls")),
    path("accounts/login/", throttled_sign_in(auth_views.LoginView.as_view()), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(),
         name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    # The invitation a new login follows to set its first password (accounts.services).
    path("accounts/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        post_reset_login=True,
        post_reset_login_backend="django.contrib.auth.backends.ModelBackend"),
        name="password_reset_confirm"),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("security-events/", SecurityEventListView.as_view(), name="security_events"),
    path("stand-ins/", StandInsView.as_view(), name="stand_ins"),
    path("", include("programs.urls")),
    path("", include("reports.urls")),
    path("", include("cadres.urls")),
    path("", include("placements.urls")),
    path("", include("imports.urls")),
    path("", include("notices.urls")),
    path("", include("documents.urls")),
    path("", include("evaluations.urls")),
    path("help/", manuals.manual, name="help_index"),
    path("help/<slug:slug>/", manuals.manual, name="help"),
    path("help/screenshots/<str:name>", manuals.screenshot, name="help_screenshot"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
