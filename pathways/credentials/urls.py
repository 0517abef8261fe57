"""Pages and public documents of credentials: verification, Open Badges JSON, JWT and
embedded proof, the issuer profile, each public key and the JWK set, my credentials, my
record, and the evidence behind a credential."""

from django.urls import path

from pathways.credentials import views

urlpatterns = [
    path("credentials/<uuid:public_id>/", views.credential_verify, name="credential-verify"),
    path(
        "credentials/<uuid:public_id>/openbadge.json",
        views.credential_openbadge_json,
        name="credential-openbadge-json",
    ),
    path(
        "credentials/<uuid:public_id>/openbadge.jwt",
        views.credential_openbadge_jwt,
        name="credential-openbadge-jwt",
    ),
    path(
        "credentials/<uuid:public_id>/openbadge-proof.json",
        views.credential_openbadge_data_integrity,
        name="credential-openbadge-data-integrity",
    ),
    path(
        "credentials/<uuid:public_id>/evidence/<int:answer_id>/",
        views.credential_evidence,
        name="credential-evidence",
    ),
    path("issuer/", views.issuer, name="issuer"),
    path("issuer/keys/<str:kid>", views.signing_key, name="signing-key"),
    path(".well-known/jwks.json", views.jwks, name="jwks"),
    path("my/credentials/", views.my_credentials, name="my-credentials"),
    path("my/credentials/record.zip", views.my_record, name="my-record"),
]
