from rest_framework import serializers


class Ref(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    full_name = serializers.CharField()


class RoleOut(serializers.Serializer):
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    school = serializers.SerializerMethodField()
    position = serializers.CharField()
    start_date = serializers.DateField()

    def get_school(self, membership):
        return {"id": membership.school_id, "name": membership.school.name} if membership.school_id else None


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

    def get_title(self, credential):
        source = credential.micro_credential if credential.micro_credential_id else credential.pathway
        return source.title

    def get_revoked(self, credential):
        return credential.revoked_at is not None


class EnrollmentOut(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    pathway = serializers.SerializerMethodField()
    status = serializers.CharField()
    percent = serializers.SerializerMethodField()

    def get_pathway(self, enrollment):
        return {"id": enrollment.pathway_id, "title": enrollment.pathway.title}

    def get_percent(self, enrollment):
        return enrollment.progress.percent if getattr(enrollment, "progress", None) else None


class PersonProfileOut(serializers.Serializer):
    person = serializers.SerializerMethodField()
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

    def get_person(self, profile):
        person = profile["person"]
        return {"id": person.pk, "full_name": person.full_name, "email": person.email, "title": person.title}
