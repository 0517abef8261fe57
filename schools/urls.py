from django.urls import include, path

from schools import views

app_name = "schools"
urlpatterns = [
    path("", include("schools.policy.urls")),
    path("schools/", views.school_list, name="school-list"),
    path("schools/new/", views.school_create, name="school-create"),
    path("schools/<int:school_id>/edit/", views.school_edit, name="school-edit"),
    path("schools/<int:school_id>/toggle-active/", views.school_toggle_active, name="school-toggle-active"),
    path("people/", views.person_list, name="person-list"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/<int:person_id>/", views.person_detail, name="person-detail"),
    path("people/<int:person_id>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:person_id>/toggle-active/", views.person_toggle_active, name="person-toggle-active"),
    path("people/<int:person_id>/memberships/", views.membership_add, name="membership-add"),
    path("memberships/<int:membership_id>/end/", views.membership_end, name="membership-end"),
    path("people/<int:person_id>/supervisions/", views.supervision_add, name="supervision-add"),
    path(
        "people/<int:person_id>/supervision-candidates/",
        views.supervision_candidates,
        name="supervision-candidates",
    ),
    path(
        "people/<int:person_id>/supervisions/<int:supervision_id>/end/",
        views.supervision_end,
        name="supervision-end",
    ),
    path("", include("schools.roadmap.urls")),
]
