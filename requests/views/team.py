"""The team's and the heads' side of ANT requests; the request page itself."""

from django.shortcuts import render
from django.urls import path

from requests import permissions, queries, workflow


def detail(request, pk):
    ant = queries.get_request_for(request.user, pk)
    return render(
        request,
        "requests/detail.html",
        {
            "ant": ant,
            "transitions": workflow.available(ant, request.user),
            "is_office": permissions.is_office(request.user, ant),
        },
    )


urlpatterns = [
    path("demandes/<int:pk>/", detail, name="detail"),
]
