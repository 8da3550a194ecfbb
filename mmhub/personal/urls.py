from django.urls import path

from . import views

app_name = "personal"

urlpatterns = [
    path("saved/", views.saved, name="saved"),
    path("saved/<int:page_id>/", views.bookmark, name="bookmark"),
    path("saved/<int:page_id>/read/", views.mark_read, name="mark_read"),
    path("areas/", views.areas, name="areas"),
    path("areas/<int:area_id>/follow/", views.follow_area, name="follow_area"),
    path("recommended/", views.recommended, name="recommended"),
    path("how-it-works/", views.how_it_works, name="how_it_works"),
    path("switch/", views.switch, name="switch"),
    path("feeds-and-api/", views.feeds_and_api, name="feeds_and_api"),
]
