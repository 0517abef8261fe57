"""Writing a OneRoster CSV bundle (zip): the sample bundle, the benchmark's generated
roster and the tests' bundles are all made here, so they have the columns a SIS sends."""

import csv
import io
import zipfile

ORG_COLUMNS = ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"]
COLUMNS = {
    ("1.1", "orgs"): ORG_COLUMNS,
    ("1.1", "users"): [
        "sourcedId", "status", "dateLastModified", "enabledUser", "orgSourcedIds", "role", "username",
        "userIds", "givenName", "familyName", "middleName", "identifier", "email", "sms", "phone",
        "agentSourcedIds", "grades", "password",
    ],
    ("1.2", "orgs"): ORG_COLUMNS,
    ("1.2", "users"): [
        "sourcedId", "status", "dateLastModified", "enabledUser", "username", "userIds", "givenName",
        "familyName", "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds", "grades",
        "password", "userMasterIdentifier", "resourceSourcedIds", "preferredGivenName", "preferredMiddleName",
        "preferredFamilyName", "primaryOrgSourcedId", "pronouns",
    ],
    ("1.2", "roles"): [
        "sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role", "beginDate",
        "endDate", "orgSourcedId", "userProfileSourcedId",
    ],
}  # fmt: skip


def csv_text(columns: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def bundle_zip(
    *, version: str, orgs=None, users=None, roles=None, modes: dict | None = None, extra: dict | None = None
) -> bytes:
    """A zip with manifest.csv and each file given (None: absent in the manifest).
    `modes` overrides bulk/delta per file; `extra` adds or replaces raw files by name."""
    files = {"orgs": orgs, "users": users}
    if version == "1.2":
        files["roles"] = roles
    modes = modes or {}
    manifest = [
        {"propertyName": "manifest.version", "value": "1.0"},
        {"propertyName": "oneroster.version", "value": version},
    ]
    for name, rows in files.items():
        manifest.append(
            {"propertyName": f"file.{name}", "value": modes.get(name, "absent" if rows is None else "bulk")}
        )
    manifest.append({"propertyName": "source.systemName", "value": "Lodestar sample"})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        contents = {"manifest.csv": csv_text(["propertyName", "value"], manifest)}
        for name, rows in files.items():
            if rows is not None:
                contents[f"{name}.csv"] = csv_text(COLUMNS[(version, name)], rows)
        contents.update(extra or {})
        for name, text in contents.items():
            if text is not None:
                archive.writestr(name, text)
    return buffer.getvalue()
