"""URLs of the gate; everything under this prefix is exempt from the gate itself."""

from django.urls import path

from . import views

app_name = "gate"
urlpatterns = [
    path("", views.declare, name="declare"),
    path("patients-and-carers/", views.patients, name="patients"),
]
