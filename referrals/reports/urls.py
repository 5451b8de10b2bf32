from django.urls import path

from referrals.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("print/", views.printable, name="print"),
    path("building-blocks/", views.building_blocks, name="blocks"),
    path("council/", views.council_page, name="council"),
    path("council/export.<str:fmt>", views.council_export, name="council-export"),
    path("<slug:name>/", views.detail, name="detail"),
    path("<slug:name>/rows/", views.rows, name="rows"),
    path("<slug:name>/export.<str:fmt>", views.export, name="export"),
]
