from django import forms

from accounts.models import User
from core.roles import Role
from schools.models import School


class SchoolForm(forms.ModelForm):
    class Meta:
        model = School
        fields = ["name", "code", "grade_band", "stage"]

    def validate_unique(self):
        """Uniqueness is the service's to judge (case-insensitively), not the form's."""


class PersonForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "title"]

    def validate_unique(self):
        """The service checks the email against the district, ignoring case."""


class MembershipForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
    school = forms.ModelChoiceField(
        queryset=School.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label="No school (central office)",
        help_text="Leave empty for central office and district administrators.",
    )
    position = forms.CharField(max_length=120, required=False, help_text="e.g. Principal, Grade 3 teacher")
    start_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class SupervisionForm(forms.Form):
    """Who supervises whom, asked in words with no default, the colleague chosen by name
    from a search (`people`: whom the actor may name, from the selector)."""

    direction = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Who supervises whom?",
        error_messages={"required": "Choose who supervises whom."},
    )
    other = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Colleague",
        error_messages={
            "required": "Find the colleague by name and choose them.",
            "invalid_choice": "Choose the colleague from the search results.",
        },
    )
    confirm = forms.BooleanField(required=False)

    def __init__(self, *args, person, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["direction"].choices = [
            ("supervises", f"{person.full_name} supervises …"),
            ("supervised_by", f"… supervises {person.full_name}"),
        ]
        self.fields["other"].queryset = people

    def pair(self):
        """(supervisor, supervisee) from the cleaned data."""
        other = self.cleaned_data["other"]
        if self.cleaned_data["direction"] == "supervises":
            return self.person, other
        return other, self.person
