from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("notices/", views.NoticeListView.as_view(), name="notice_list"),
    path("notices/add/", views.NoticeFormView.as_view(), name="notice_add"),
    path("notices/<int:pk>/", views.NoticeDetailView.as_view(), name="notice_detail"),
    path("messages/", views.MessageListView.as_view(), name="message_list"),
    path("messages/read-all/", views.MessageReadAllView.as_view(), name="message_read_all"),
    path("messages/<int:pk>/", views.MessageOpenView.as_view(), name="message_open"),
]
