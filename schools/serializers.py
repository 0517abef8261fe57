from rest_framework import serializers

from accounts.models import User
from accounts.serializers import PersonRef
from core.api import DistrictDateField
from core.roles import Role
from schools.models import GradeBand, ImplementationStage, Membership, School, Supervision


class SchoolOutput(serializers.ModelSerializer):
    staff_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = School
        fields = ["id", "name", "code", "grade_band", "stage", "is_active", "staff_count", "created_at"]


class SchoolCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    code = serializers.CharField(max_length=20)
    grade_band = serializers.ChoiceField(choices=GradeBand.choices)
    stage = serializers.ChoiceField(choices=ImplementationStage.choices, required=False)


class SchoolUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    code = serializers.CharField(max_length=20, required=False)
    grade_band = serializers.ChoiceField(choices=GradeBand.choices, required=False)
    stage = serializers.ChoiceField(choices=ImplementationStage.choices, required=False)
    is_active = serializers.BooleanField(required=False)


class SchoolRef(serializers.ModelSerializer):
    class Meta:
        model = School
        fields = ["id", "name", "code"]


class MembershipOutput(serializers.ModelSerializer):
    person = PersonRef(source="user", read_only=True)
    school = SchoolRef(read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "person",
            "school",
            "role",
            "position",
            "start_date",
            "end_date",
            "is_active",
            "ended_at",
        ]


class MembershipCreateInput(serializers.Serializer):
    person = serializers.IntegerField()
    school = serializers.IntegerField(required=False, allow_null=True)
    role = serializers.ChoiceField(choices=Role.choices)
    position = serializers.CharField(max_length=120, required=False, allow_blank=True)
    start_date = DistrictDateField(required=False)
    end_date = DistrictDateField(required=False, allow_null=True)


class MembershipUpdateInput(serializers.Serializer):
    position = serializers.CharField(max_length=120, required=False, allow_blank=True)
    start_date = DistrictDateField(required=False)
    end_date = DistrictDateField(required=False, allow_null=True)


class MembershipEndInput(serializers.Serializer):
    end_date = DistrictDateField(required=False)


class SupervisionOutput(serializers.ModelSerializer):
    supervisor = PersonRef(read_only=True)
    supervisee = PersonRef(read_only=True)

    class Meta:
        model = Supervision
        fields = ["id", "supervisor", "supervisee", "started_on", "ended_on"]


class SupervisionCreateInput(serializers.Serializer):
    supervisor = serializers.IntegerField()
    supervisee = serializers.IntegerField()
    started_on = DistrictDateField(required=False)
    confirm = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Needed when a teacher is to supervise the leader of their own school.",
    )


class SupervisionEndInput(serializers.Serializer):
    ended_on = DistrictDateField(required=False)


# --- People --------------------------------------------------------------------------


class PersonMembershipOutput(serializers.ModelSerializer):
    school = SchoolRef(read_only=True, allow_null=True)
    is_current = serializers.BooleanField(read_only=True, help_text="In force today in the district.")

    class Meta:
        model = Membership
        fields = ["id", "school", "role", "position", "start_date", "end_date", "is_active", "is_current"]


class PersonOutput(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)
    memberships = PersonMembershipOutput(many=True, read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "first_name",
            "last_name",
            "full_name",
            "title",
            "is_active",
            "date_joined",
            "deactivated_at",
            "memberships",
        ]


class PersonCreateInput(serializers.Serializer):
    email = serializers.EmailField()
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    title = serializers.CharField(max_length=120, required=False, allow_blank=True)
    send_invitation = serializers.BooleanField(
        default=False, help_text="Email them a one-time link to choose a password."
    )


class PersonUpdateInput(serializers.Serializer):
    email = serializers.EmailField(required=False)
    first_name = serializers.CharField(max_length=100, required=False)
    last_name = serializers.CharField(max_length=100, required=False)
    title = serializers.CharField(max_length=120, required=False, allow_blank=True)


class MeOutput(PersonOutput):
    roles = serializers.SerializerMethodField()
    district = serializers.SerializerMethodField()

    class Meta(PersonOutput.Meta):
        fields = [*PersonOutput.Meta.fields, "roles", "district"]

    def get_roles(self, user) -> list[str]:
        return self.context["roles"]

    def get_district(self, user) -> dict:
        tenant = self.context["district"]
        return {"slug": tenant.schema_name, "name": tenant.name, "timezone": tenant.timezone}
