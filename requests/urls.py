from requests.views import office, team, trainers

app_name = "requests"

urlpatterns = team.urlpatterns + office.urlpatterns + trainers.urlpatterns
