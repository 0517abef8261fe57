from rest_framework import serializers


class Ref(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    full_name = serializers.CharField()


class NamedRef(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class TitledRef(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()


class RoleOut(serializers.Serializer):
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    school = NamedRef(allow_null=True)
    position = serializers.CharField()
    start_date = serializers.DateField()


class GoalOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    statement = serializers.CharField()
    status = serializers.CharField()
    health = serializers.CharField()
    health_label = serializers.CharField(source="get_health_display")
    due_on = serializers.DateField()


class SelfAssessmentOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    framework = serializers.CharField(source="framework.title")
    submitted_at = serializers.DateTimeField()


class CheckInOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    goal = serializers.IntegerField(source="goal_id", allow_null=True)
    cycle = serializers.IntegerField(source="cycle_id", allow_null=True)
    due_on = serializers.DateField()
    status = serializers.CharField()
    progress_rating = serializers.IntegerField(allow_null=True)


class CycleOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    coach = Ref()
    status = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class ObservationOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    observed_on = serializers.DateField()
    observer = Ref()
    cycle = serializers.IntegerField(source="cycle_id", allow_null=True)
    shared_with_supervisor = serializers.BooleanField()


class FeedbackOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    author = Ref()
    created_at = serializers.DateTimeField()
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    cycle = serializers.IntegerField(source="cycle_id", allow_null=True)
    shared_with_supervisor = serializers.BooleanField()


class CredentialOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    title = serializers.SerializerMethodField()
    issued_at = serializers.DateTimeField()
    revoked = serializers.SerializerMethodField()

    def get_title(self, credential) -> str:
        source = credential.micro_credential if credential.micro_credential_id else credential.pathway
        return source.title

    def get_revoked(self, credential) -> bool:
        return credential.revoked_at is not None


class EnrollmentOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    pathway = TitledRef()
    status = serializers.CharField()
    percent = serializers.SerializerMethodField()

    def get_percent(self, enrollment) -> int | None:
        return enrollment.progress.percent if getattr(enrollment, "progress", None) else None


class PersonOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    full_name = serializers.CharField()
    email = serializers.EmailField()
    title = serializers.CharField()


class PersonProfileOut(serializers.Serializer):
    person = PersonOut()
    roles = RoleOut(many=True)
    supervisors = Ref(many=True)
    supervisees = Ref(many=True)
    goals = GoalOut(many=True)
    self_assessments = SelfAssessmentOut(many=True)
    check_ins = CheckInOut(many=True)
    cycles = CycleOut(many=True)
    observations = ObservationOut(many=True)
    feedback = FeedbackOut(many=True)
    credentials = CredentialOut(many=True)
    enrollments = EnrollmentOut(many=True)
