"""Pages and public documents of credentials.

Public, no sign-in (anyone holding the address of a credential may check it): the
verification page, the credential as Open Badges JSON and signed (VC-JWT and Data
Integrity), the district's issuer profile, each public key and the JWK set. Signed in:
"My credentials", the whole-record download, the evidence behind a credential
(access-checked), and the administrators' revoke form.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from core.downloads import file_download
from core.forms import submit
from pathways.credentials import selectors, services
from pathways.credentials.archive import record_archive, record_filename
from pathways.credentials.forms import RevokeForm
from pathways.credentials.openbadges import credential_document, issuer_profile
from pathways.credentials.rules import may_revoke
from pathways.credentials.signing import (
    jwks_url,
    public_jwk,
    public_jwks,
    sign_credential,
    sign_credential_data_integrity,
    signing_key_get_published,
)

NOINDEX = "noindex, nofollow"
JSON_LD = "application/ld+json"
# Open Badges 3.0 §8.2 (JSON Web Token Proof Format): a `.jwt` file is served as text/plain.
JWT_FILE = "text/plain"


def _public(response):
    """Credential addresses are shared on purpose but not for search engines."""
    response["X-Robots-Tag"] = NOINDEX
    return response


def credential_verify(request, public_id):
    """The public verification page: who holds what, from whom, since when, and whether
    it is still valid. District administrators also see the revoke form."""
    credential = selectors.credential_get_public(public_id)
    form = RevokeForm(request.POST or None) if may_revoke(actor=request.user) else None
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
        "title": selectors.credential_title(credential),
        "competency": credential.micro_credential.competency if credential.micro_credential_id else None,
        "form": form if credential.is_valid else None,
        "jwks_url": jwks_url(),
    }
    return _public(render(request, "pathways/credential_verify.html", context))


@require_GET
def credential_openbadge_json(request, public_id):
    credential = selectors.credential_get_public(public_id)
    document = credential_document(credential)
    response = JsonResponse(document, content_type=JSON_LD, json_dumps_params={"indent": 2})
    return _public(response)


@require_GET
def credential_openbadge_jwt(request, public_id):
    credential = selectors.credential_get_public(public_id)
    token = sign_credential(credential_document(credential))
    response = HttpResponse(token, content_type=JWT_FILE)
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="credential-{credential.public_id}.jwt"'
    return _public(response)


@require_GET
def credential_openbadge_data_integrity(request, public_id):
    """The credential with an embedded Data Integrity proof (eddsa-rdfc-2022)."""
    credential = selectors.credential_get_public(public_id)
    document = sign_credential_data_integrity(credential_document(credential))
    response = JsonResponse(document, content_type=JSON_LD, json_dumps_params={"indent": 2})
    if request.GET.get("download"):
        response["Content-Disposition"] = (
            f'attachment; filename="credential-{credential.public_id}.signed.json"'
        )
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


@require_GET
def signing_key(request, kid):
    """One public key, active or retired, as a JWK: the address a JWT's `kid` names."""
    key = signing_key_get_published(kid)
    if key is None:
        raise Http404("No such key.")
    response = HttpResponse(json.dumps(public_jwk(key), indent=2), content_type="application/jwk+json")
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_required
def my_credentials(request):
    """Your credentials, newest first, each with its verification page and downloads."""
    credentials = selectors.credential_list_own(actor=request.user)
    rows = [(credential, selectors.credential_title(credential)) for credential in credentials]
    return render(request, "pathways/credential_list.html", {"rows": rows})


@login_required
def my_record(request):
    """Your whole record as one zip."""
    archive = record_archive(actor=request.user, person=request.user)
    return file_download(archive, filename=record_filename(request.user), content_type="application/zip")


@login_required
def credential_evidence(request, public_id, answer_id):
    """One answer behind a credential, for whoever may read the submission it belongs to
    (its holder, its reviewers, district administrators, audited: pathways/submissions/).
    Everyone else, and a wrong address, gets a 404."""
    credential = selectors.credential_get_public(public_id)
    answer = selectors.credential_evidence_get_for_actor(
        actor=request.user, credential=credential, answer_id=answer_id
    )
    if answer.file:
        return file_download(
            answer.file,
            filename=answer.download_name or "evidence",
            content_type=answer.content_type or "application/octet-stream",
        )
    return render(request, "pathways/credential_evidence.html", {"credential": credential, "answer": answer})
