from django.urls import include, path  # include: part C

from funding.views import portfolio, public  # part B
from funding.views import record as record_views  # part A

app_name = "funding"

urlpatterns = [
    # --- part A: the record, its editing and history ---
    path("operations/nouvelle/", record_views.create, name="create"),
    path("operations/<int:pk>/", record_views.detail, name="detail"),
    path("operations/<int:pk>/modifier/", record_views.edit, name="edit"),
    path("operations/<int:pk>/plan/valider/", record_views.validate_plan, name="validate_plan"),
    path("operations/<int:pk>/plan/brouillon/", record_views.reopen_plan, name="reopen_plan"),
    # --- end of part A ---
    # --- part B: the public page, the staff's list, exports ---
    path("", public.portfolio_page, name="public"),
    path("operations/", portfolio.operation_list, name="list"),
    path("operations/export.xlsx", portfolio.operation_export, name="export"),
    path("operations/<int:pk>/fiche.pdf", portfolio.operation_sheet, name="sheet_pdf"),
    # --- end of part B ---
    # --- part C: indicators, participants, deliverables ---
    # The follow-up pages of an operation (funding/views/follow_up.py's urlpatterns).
    path("operations/<int:pk>/", include("funding.views.follow_up")),
    # --- end of part C ---
]
