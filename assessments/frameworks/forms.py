"""The framework editor's forms: importing a CASE package, a framework's details and
level scale, an item, a new item and an indicator's level descriptors."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory

from assessments.models import Audience, Framework, Item, ItemKind
from core import parsers

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CASE JSON file",
        required=False,
        help_text=f"A CASE 1.0 or 1.1 package (.json), up to {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
    text = forms.CharField(
        label="Or paste the JSON",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "class": "code-input"}),
    )
    url = forms.URLField(
        label="Or its address",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="An http(s) URL serving the package. Lodestar fetches it now and remembers the "
        "address, so you can check it for updates later.",
    )
    audience = forms.ChoiceField(
        label="Audience",
        required=False,
        choices=[("", "As the package says (or educators)"), *Audience.choices],
        help_text="Who rates themselves on this framework.",
    )
    repair = forms.BooleanField(
        label="Repair known defects",
        required=False,
        help_text="Leave out an association listed twice byte for byte, and read whole numbers written "
        'as text ("sequenceNumber": "1") as numbers. Each repair is listed after the import.',
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"The file is {_megabytes(upload.size)}; the largest package accepted is "
                f"{_megabytes(MAX_UPLOAD_BYTES)}."
            )
        return upload

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if self.errors:
            return data
        given = sum(bool(source) for source in (upload, text, data.get("url")))
        if given > 1:
            raise ValidationError("Choose a file, paste JSON or give its address: one of the three.")
        if not given:
            raise ValidationError("Choose a CASE JSON file, paste the package or give its address.")
        if data.get("url"):
            return data  # fetched by the import itself, which remembers the address
        field = "file" if upload else "text"
        raw = upload.read() if upload else text
        try:
            package = parsers.loads(raw)
        except parsers.JsonRefusedError as refused:
            self.add_error(field, refused.message)
            return data
        except UnicodeDecodeError:
            self.add_error(field, "The file is not text: a CASE package is a JSON file.")
            return data
        except ValueError as error:
            where = f" (line {error.lineno}, column {error.colno})" if hasattr(error, "lineno") else ""
            self.add_error(field, f"This is not valid JSON{where}.")
            return data
        if not isinstance(package, dict):
            self.add_error(field, "A CASE package is a JSON object with a CFDocument.")
            return data
        data["package"] = package
        return data


class FrameworkForm(forms.ModelForm):
    class Meta:
        model = Framework
        fields = ["title", "version", "audience", "source", "description", "is_public"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        labels = {"is_public": "Public: CASE readers may read it without credentials"}
        help_texts = {
            "is_public": "While it is adopted, and only if the district settings allow anonymous CASE reads."
        }


class NewFrameworkForm(forms.ModelForm):
    class Meta:
        model = Framework
        fields = ["title", "audience", "version", "description"]
        help_texts = {"audience": "Who rates themselves on this framework."}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class LevelForm(forms.Form):
    name = forms.CharField(label="Name", max_length=100)
    value = forms.DecimalField(label="Score", max_digits=6, decimal_places=2)
    is_proficient = forms.BooleanField(label="Proficient", required=False)


LevelFormSet = formset_factory(LevelForm, extra=1, can_delete=True, max_num=12, validate_max=True)


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["code", "title", "statement", "description"]
        labels = {"title": "Short title", "statement": "Statement", "description": "Notes"}
        help_texts = {"code": "", "title": "", "statement": "", "description": ""}
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {"statement": {"required": "A statement is required."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id=f"item-{kwargs['instance'].pk}-%s", **kwargs)
        self.fields["code"].widget.attrs["autofocus"] = True  # HTMX focuses it once swapped in

    def focus_first_error(self) -> None:
        for field in self.fields.values():
            field.widget.attrs.pop("autofocus", None)
        first = next((name for name in self.fields if name in self.errors), None)
        if first:
            self.fields[first].widget.attrs["autofocus"] = True


class NewItemForm(forms.Form):
    """A new domain, competency or indicator; indicators have no short title."""

    code = forms.CharField(label="Code", max_length=50, required=False)
    title = forms.CharField(label="Short title", max_length=300, required=False)
    statement = forms.CharField(
        label="Statement",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "A statement is required."},
    )
    description = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, slot: str, kind: str, **kwargs):
        super().__init__(*args, auto_id=f"{slot}-%s", **kwargs)
        if kind == ItemKind.INDICATOR:
            del self.fields["title"]
        self.fields["code"].widget.attrs["autofocus"] = True  # HTMX focuses it once swapped in

    focus_first_error = ItemForm.focus_first_error


class DescriptorsForm(forms.Form):
    """One textarea per level of the scale, named level_<id>."""

    def __init__(self, *args, indicator: Item, levels, texts: dict[int, str], **kwargs):
        super().__init__(*args, auto_id=f"item-{indicator.pk}-descriptor-%s", **kwargs)
        for level in levels:
            self.fields[f"level_{level.pk}"] = forms.CharField(
                label=level.name,
                required=False,
                initial=texts.get(level.pk, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if self.fields:  # HTMX focuses it once swapped in
            next(iter(self.fields.values())).widget.attrs["autofocus"] = True

    def texts(self) -> dict[int, str]:
        return {int(name.removeprefix("level_")): text for name, text in self.cleaned_data.items()}
