from rest_framework import serializers

from notifications.models import DEFAULT_DELIVERY, Delivery, Kind, Notification


class NotificationOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "body",
            "url",
            "created_at",
            "is_read",
            "read_at",
            "email",
            "emailed_at",
        ]

    def get_is_read(self, notification) -> bool:
        return notification.read_at is not None


class UnreadCountOutput(serializers.Serializer):
    unread = serializers.IntegerField()


class MarkedOutput(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many were unread and are now read.")
    unread = serializers.IntegerField()


class PreferenceOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    label = serializers.CharField()
    delivery = serializers.ChoiceField(choices=Delivery.choices, help_text="Your effective choice.")
    default = serializers.ChoiceField(choices=Delivery.choices)


class PreferencesInput(serializers.Serializer):
    """One optional field per kind; the names are the kinds themselves, so an unknown kind
    or delivery is refused naming exactly that field."""

    def get_fields(self):
        return {
            kind.value: serializers.ChoiceField(
                choices=Delivery.choices,
                required=False,
                help_text=f"{kind.label}. Default: {DEFAULT_DELIVERY[kind].value}.",
            )
            for kind in Kind
        }
