from django.urls import path

from .views import browse, diary, lifecycle, matching, nominations, orders

app_name = "placements"
urlpatterns = [
    path("orders/", browse.OrderListView.as_view(), name="order_list"),
    path("orders/add/", orders.OrderCreateView.as_view(), name="order_add"),
    path("orders/<int:pk>/", browse.OrderDetailView.as_view(), name="order_detail"),
    path("orders/<int:pk>/edit/", orders.OrderEditView.as_view(), name="order_edit"),
    path("orders/<int:pk>/submit/", orders.OrderSubmitView.as_view(), name="order_submit"),
    path("orders/<int:pk>/approve/", orders.OrderApproveView.as_view(), name="order_approve"),
    path("orders/<int:pk>/return/", orders.OrderReturnView.as_view(), name="order_return"),
    path("nominations/", browse.NominationListView.as_view(), name="nomination_list"),
    path("nominations/add/", nominations.NominationCreateView.as_view(),
         name="nomination_add"),
    path("nominations/<int:pk>/withdraw/", nominations.NominationWithdrawView.as_view(),
         name="nomination_withdraw"),
    path("batches/<int:pk>/matching/", matching.MatchingBoardView.as_view(), name="matching"),
    path("batches/<int:pk>/matching/run/", matching.MatchingRunView.as_view(),
         name="matching_run"),
    path("placements/", browse.PlacementListView.as_view(), name="placement_list"),
    path("placements/<int:pk>/", browse.PlacementDetailView.as_view(),
         name="placement_detail"),
    path("placements/<int:pk>/training/", lifecycle.TrainingView.as_view(),
         name="placement_training"),
    path("placements/<int:pk>/start/", lifecycle.StartView.as_view(), name="placement_start"),
    path("placements/<int:pk>/end/", lifecycle.EndView.as_view(), name="placement_end"),
    path("placements/<int:pk>/extend/", lifecycle.ExtendView.as_view(),
         name="placement_extend"),
    path("work-logs/<int:pk>/review/", diary.WorkLogReviewView.as_view(),
         name="worklog_review"),
    path("my/", diary.MyPlacementView.as_view(), name="my"),
    path("my/diary/", diary.MyDiaryView.as_view(), name="my_diary"),
]
