"""The notices app's API: 通知公告 and the user's private messages."""
from . import views

routes = [
    ("notices", views.NoticeViewSet),
    ("messages", views.MessageViewSet),
]
urlpatterns = []
