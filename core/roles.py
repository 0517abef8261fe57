from django.db import models


class Role(models.TextChoices):
    TEACHER = "teacher", "Teacher"
    COACH = "coach", "Instructional coach"
    SCHOOL_LEADER = "school_leader", "School leader"
    CENTRAL_OFFICE = "central_office", "Central office"
    DISTRICT_ADMIN = "district_admin", "District administrator"


# Roles held at a school; the others belong to the central office and have no school.
SCHOOL_ROLES = frozenset({Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER})
DISTRICT_ROLES = frozenset({Role.CENTRAL_OFFICE, Role.DISTRICT_ADMIN})
