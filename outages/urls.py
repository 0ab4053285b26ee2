app_name = "outages"

urlpatterns = []
