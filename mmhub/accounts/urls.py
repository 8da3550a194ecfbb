from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/verification/", views.request_verification, name="request_verification"),
    path("your-data/", views.your_data, name="your_data"),
    path("your-data/download/", views.download_data, name="download_data"),
    path("delete/", views.delete, name="delete"),
    path("deleted/", views.deleted, name="deleted"),
]
