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
    DIRECTIONS = [("supervises", "supervises"), ("supervised_by", "is supervised by")]

    direction = forms.ChoiceField(choices=DIRECTIONS, label="This person")
    other = forms.EmailField(
        label="Colleague's email",
        widget=forms.EmailInput(attrs={"list": "colleagues", "autocomplete": "off"}),
    )

    def clean_other(self):
        email = self.cleaned_data["other"].strip().lower()
        colleague = User.objects.filter(email__iexact=email).first()
        if colleague is None:
            raise forms.ValidationError(f"Nobody in this district signs in as {email}.")
        return colleague
