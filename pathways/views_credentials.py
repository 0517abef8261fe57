"""Pages and public documents of credentials.

Public, no sign-in (anyone holding the address of a credential may check it): the
verification page, the credential as Open Badges JSON and signed, the district's issuer
profile and its JWK set. Signed in: "My credentials", the whole-record download, the
evidence behind a credential (access-checked), and the administrators' revoke form.
"""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from core.downloads import file_download
from core.forms import submit
from core.permissions import can
from pathways import credentials as services
from pathways.archive import record_archive, record_filename
from pathways.models import Answer, Credential
from pathways.openbadges import credential_document, issuer_profile
from pathways.signing import jwks_url, public_jwks, sign_credential
from pathways.submissions import evidence_name, is_blind_reviewer, submission_get_for_actor

NOINDEX = "noindex, nofollow"
JSON_LD = "application/ld+json"


class RevokeForm(forms.Form):
    reason = forms.CharField(
        max_length=services.MAX_REASON,
        label="Reason for revoking",
        help_text="The holder is told, and this page shows it to anyone who checks the credential.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the credential is revoked."},
    )


def _public(response):
    """Credential addresses are shared on purpose but not for search engines."""
    response["X-Robots-Tag"] = NOINDEX
    return response


def credential_verify(request, public_id):
    """The public verification page: who holds what, from whom, since when, and whether
    it is still valid. District administrators also see the revoke form."""
    credential = services.credential_get_public(public_id)
    may_revoke = request.user.is_authenticated and can(request.user, "credential.revoke")
    form = RevokeForm(request.POST or None) if may_revoke else None
    if form is not None and request.method == "POST":
        revoked = submit(
            request,
            form,
            lambda data: services.credential_revoke(
                actor=request.user, credential=credential, reason=data["reason"]
            ),
        )
        if revoked is not None:
            messages.success(request, "The credential is revoked; the holder has been told.")
            return redirect("pathways:credential-verify", public_id=credential.public_id)
    elif request.method == "POST":
        raise PermissionDenied("Only district administrators revoke credentials.")
    context = {
        "credential": credential,
        "title": services.credential_title(credential),
        "competency": credential.micro_credential.competency if credential.micro_credential_id else None,
        "form": form if credential.is_valid else None,
        "jwks_url": jwks_url(),
    }
    return _public(render(request, "pathways/credential_verify.html", context))


@require_GET
def credential_openbadge_json(request, public_id):
    credential = services.credential_get_public(public_id)
    document = credential_document(credential)
    response = JsonResponse(document, content_type=JSON_LD, json_dumps_params={"indent": 2})
    return _public(response)


@require_GET
def credential_openbadge_jwt(request, public_id):
    credential = services.credential_get_public(public_id)
    token = sign_credential(credential_document(credential))
    response = HttpResponse(token, content_type="application/vc+jwt")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="credential-{credential.public_id}.jwt"'
    return _public(response)


@require_GET
def issuer(request):
    """The district as an Open Badges issuer Profile; it names the JWK set."""
    return JsonResponse(issuer_profile(), content_type=JSON_LD, json_dumps_params={"indent": 2})


@require_GET
def jwks(request):
    """The public keys of every key the district has signed credentials with."""
    response = HttpResponse(json.dumps(public_jwks(), indent=2), content_type="application/jwk-set+json")
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_required
def my_credentials(request):
    """Your credentials, newest first, each with its verification page and downloads."""
    credentials = list(
        Credential.objects.filter(person=request.user)
        .select_related("micro_credential__competency", "pathway")
        .order_by("-issued_at", "-id")
    )
    rows = [(credential, services.credential_title(credential)) for credential in credentials]
    return render(request, "pathways/credential_list.html", {"rows": rows})


@login_required
def my_record(request):
    """Your whole record as one zip."""
    archive = record_archive(actor=request.user, person=request.user)
    return file_download(archive, filename=record_filename(request.user), content_type="application/zip")


@login_required
def credential_evidence(request, public_id, answer_id):
    """One answer behind a credential, for whoever may read the submission it belongs to
    (its holder, its reviewers, district administrators, audited: pathways/submissions.py).
    Everyone else, and a wrong address, gets a 404."""
    credential = services.credential_get_public(public_id)
    if not credential.submission_id:
        raise Http404("No such evidence.")
    submission = submission_get_for_actor(actor=request.user, submission_id=credential.submission_id)
    answer = Answer.objects.select_related("requirement").filter(submission=submission, pk=answer_id).first()
    if answer is None:
        raise Http404("No such evidence.")
    if answer.file:
        return file_download(
            answer.file,
            filename=evidence_name(
                answer,
                position=answer.requirement.position,
                blind=is_blind_reviewer(request.user, submission),
            )
            or "evidence",
            content_type=answer.content_type or "application/octet-stream",
        )
    return render(request, "pathways/credential_evidence.html", {"credential": credential, "answer": answer})
