"""The identity providers page's forms. The secret field is never filled back in."""

from django import forms

from identity.models import ProviderKind


class IdentityProviderForm(forms.Form):
    kind = forms.ChoiceField(choices=ProviderKind.choices, label="Provider")
    name = forms.CharField(
        required=False, max_length=100, label="Button name", help_text="Shown as “Continue with <name>”."
    )
    issuer = forms.CharField(
        required=False,
        max_length=500,
        label="Issuer URL",
        help_text="Blank for Google, Clever and ClassLink (their own). Any other provider: its issuer.",
    )
    tenant_id = forms.CharField(
        required=False, max_length=100, label="Entra ID tenant id", help_text="Microsoft Entra ID only."
    )
    client_id = forms.CharField(max_length=255, label="Client id")
    client_secret = forms.CharField(
        max_length=4000,
        label="Client secret",
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    allowed_domains = forms.CharField(
        max_length=2000,
        label="Allowed email domains",
        help_text="Separated by commas or spaces, e.g. riverside.k12.us. Addresses elsewhere are refused.",
    )
    sourced_id_claim = forms.CharField(
        required=False,
        max_length=100,
        label="SIS id claim (optional)",
        help_text="The claim that carries the person's OneRoster sourcedId, if the provider sends one.",
    )
    enabled = forms.BooleanField(required=False, initial=True, label="Show on the sign-in page")


class IdentityProviderEditForm(IdentityProviderForm):
    """Editing: the kind never changes, and a blank secret keeps the stored one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        self.fields["client_secret"].required = False
        self.fields["client_secret"].help_text = "Blank keeps the stored secret, which is never shown."


class SignInPolicyForm(forms.Form):
    require_sso = forms.BooleanField(
        required=False, label="Require single sign-on: only break-glass administrators may use a password"
    )
    break_glass = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Break-glass administrators",
        help_text="They may still sign in with a password when the identity provider is down.",
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["break_glass"].choices = [
            (str(person.pk), f"{person} ({person.email})") for person in candidates
        ]
