from rest_framework import serializers


def _ids():
    return serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, max_length=500)


class NudgeInput(serializers.Serializer):
    check_ins = _ids()
    people = _ids()


class NudgedCheckIn(serializers.Serializer):
    check_in = serializers.IntegerField(source="pk")
    person = serializers.IntegerField(source="owner_id")


class NudgeOutput(serializers.Serializer):
    message = serializers.CharField()
    sent = NudgedCheckIn(many=True)
    skipped = NudgedCheckIn(many=True)
