"""Credential pages: the public verification page, My credentials, evidence, revoking."""

import pytest

from core.models import AuditEvent
from core.roles import Role
from pathways.credentials.services import credential_revoke
from tests.factories import person
from tests.pathways.factories import PDF, earned_credential, make_reviewer
from tests.support import shown_date

pytestmark = pytest.mark.django_db


def test_verification_page_works_signed_out_and_says_valid(api):
    holder = person(Role.TEACHER, first_name="Ada", last_name="Okafor")
    credential = earned_credential(holder)
    response = api().get(f"/credentials/{credential.public_id}/")
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    page = response.content.decode()
    mc = credential.micro_credential
    for shown in ("Ada Okafor", mc.title, mc.competency.code, "Riverside (test)", "Valid."):
        assert shown in page, shown
    assert shown_date(credential.issued_at) in page
    assert f"/credentials/{credential.public_id}/openbadge.json" in page
    assert "/.well-known/jwks.json" in page
    assert "Revoke this credential" not in page
    assert "Revoked" not in page


def test_verification_page_shows_revocation_date_and_reason(api):
    credential = earned_credential(person(Role.TEACHER))
    credential = credential_revoke(
        actor=person(Role.DISTRICT_ADMIN), credential=credential, reason="Awarded in error."
    )
    page = api().get(f"/credentials/{credential.public_id}/").content.decode()
    assert "Revoked" in page and "Awarded in error." in page
    assert shown_date(credential.revoked_at) in page
    assert "Valid." not in page


def test_unknown_credential_is_404_and_lakeview_does_not_show_riversides(api, lakeview):
    credential = earned_credential(person(Role.TEACHER))
    assert api().get("/credentials/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert api(district=lakeview).get(f"/credentials/{credential.public_id}/").status_code == 404
    assert api(district=lakeview).get(f"/credentials/{credential.public_id}/openbadge.jwt").status_code == 404


def test_public_json_and_jwt_downloads(api):
    credential = earned_credential(person(Role.TEACHER))
    document = api().get(f"/credentials/{credential.public_id}/openbadge.json")
    assert document.status_code == 200 and document["Content-Type"] == "application/ld+json"
    assert document.json()["id"].endswith(f"/credentials/{credential.public_id}/")
    signed = api().get(f"/credentials/{credential.public_id}/openbadge.jwt", {"download": "1"})
    assert signed["Content-Type"] == "text/plain", "Open Badges 3.0: a .jwt file is text/plain"
    assert signed["Content-Disposition"].startswith("attachment;")
    assert signed.content.count(b".") == 2


def test_public_pages_show_no_email_file_name_or_answer(api):
    """Anyone with the address reads these: the holder's email and their evidence stay private."""
    holder = person(Role.TEACHER, first_name="", last_name="")
    credential = earned_credential(holder)
    text_answer = credential.submission.answers.exclude(text="").get().text
    for path in ("/", "/openbadge.json"):
        page = api().get(f"/credentials/{credential.public_id}{path}").content.decode()
        assert holder.email not in page and "lesson-plan.pdf" not in page and text_answer not in page


def test_admin_revokes_from_the_verification_page(api):
    credential = earned_credential(person(Role.TEACHER))
    admin = api(person(Role.DISTRICT_ADMIN), session=True)
    url = f"/credentials/{credential.public_id}/"
    assert "Revoke this credential" in admin.get(url).content.decode()
    empty = admin.post(url, {"reason": ""})
    assert empty.status_code == 200
    assert "Say why the credential is revoked." in empty.content.decode()
    done = admin.post(url, {"reason": "Duplicate award."}, follow=True)
    assert "Duplicate award." in done.content.decode()
    credential.refresh_from_db()
    assert credential.revocation_reason == "Duplicate award."
    assert "Revoke this credential" not in admin.get(url).content.decode()


def test_others_cannot_revoke_from_the_page(api):
    holder = person(Role.TEACHER)
    credential = earned_credential(holder)
    url = f"/credentials/{credential.public_id}/"
    for who in (holder, person(Role.CENTRAL_OFFICE)):
        client = api(who, session=True)
        assert "Revoke this credential" not in client.get(url).content.decode()
        assert client.post(url, {"reason": "Mine"}).status_code == 403
    credential.refresh_from_db()
    assert credential.is_valid


def test_my_credentials_lists_own_with_downloads(api):
    holder = person(Role.TEACHER)
    mine = earned_credential(holder)
    revoked = earned_credential(holder)
    credential_revoke(actor=person(Role.DISTRICT_ADMIN), credential=revoked, reason="Error")
    others = earned_credential(person(Role.TEACHER))
    page = api(holder, session=True).get("/my/credentials/").content.decode()
    assert f"/credentials/{mine.public_id}/" in page
    assert f"/credentials/{mine.public_id}/openbadge.json" in page
    assert f"/credentials/{mine.public_id}/openbadge.jwt?download=1" in page
    assert f"/credentials/{others.public_id}/" not in page
    assert "Revoked" in page
    assert "/my/credentials/record.zip" in page and "Download my whole record" in page


def test_my_credentials_needs_sign_in(api):
    response = api().get("/my/credentials/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert api().get("/my/credentials/record.zip").status_code == 302


def test_evidence_is_served_to_the_holder_reviewers_and_admins_only(api):
    holder = person(Role.TEACHER)
    reviewer = person(Role.COACH)
    make_reviewer(reviewer)
    credential = earned_credential(holder, reviewer=reviewer)
    answers = {a.requirement.kind: a for a in credential.submission.answers.select_related("requirement")}
    text_url = f"/credentials/{credential.public_id}/evidence/{answers['text'].pk}/"
    file_url = f"/credentials/{credential.public_id}/evidence/{answers['file'].pk}/"

    own = api(holder, session=True)
    assert "I planned open questions" in own.get(text_url).content.decode()
    download = own.get(file_url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "lesson-plan.pdf" in download["Content-Disposition"]

    assert api(reviewer, session=True).get(text_url).status_code == 200
    assert api(person(Role.TEACHER), session=True).get(text_url).status_code == 404
    assert api(person(Role.CENTRAL_OFFICE), session=True).get(text_url).status_code == 404
    assert api().get(text_url).status_code == 302

    admin = person(Role.DISTRICT_ADMIN)
    assert api(admin, session=True).get(file_url).status_code == 200
    assert AuditEvent.objects.filter(
        actor=admin, action="submission.read", target_id=str(credential.submission_id)
    ).exists()
    other = earned_credential(holder)
    assert own.get(f"/credentials/{other.public_id}/evidence/{answers['text'].pk}/").status_code == 404
