"""Pulling a roster from a OneRoster 1.1 or 1.2 REST provider.

OAuth 2.0 client credentials (the token endpoint, HTTP Basic with the client id and
secret), then `orgs` and `users` page by page (`limit`/`offset`, until `X-Total-Count` is
reached or the `Link` header has no `next`). Everything is fetched before anything is
written: a provider error on any page raises `ProviderError` and the sync stops whole.
The JSON becomes the same columns a CSV bundle has, and is read by `bundle.read_rows`.
"""

import requests

from rostering.bundle import REQUIRED, Roster, read_rows

PAGE_SIZE = 500
TIMEOUT = (5, 60)
MAX_PAGES = 10_000
PATHS = {"1.1": "/ims/oneroster/v1p1", "1.2": "/ims/oneroster/rostering/v1p2"}


class ProviderError(Exception):
    """The provider refused or failed; the message says which request."""


def _token(session: requests.Session, *, token_url: str, client_id: str, client_secret: str) -> str:
    try:
        response = session.post(
            token_url,
            data={"grant_type": "client_credentials"},
            auth=(client_id, client_secret),
            timeout=TIMEOUT,
        )
    except requests.RequestException as error:
        raise ProviderError(f"Token request failed: {error.__class__.__name__}.") from None
    if response.status_code != 200:
        raise ProviderError(f"Token request answered {response.status_code}.")
    try:
        return response.json()["access_token"]
    except (ValueError, KeyError, TypeError):
        raise ProviderError("Token response has no access_token.") from None


def _pages(session: requests.Session, url: str, key: str) -> list[dict]:
    items: list[dict] = []
    offset = 0
    next_url: str | None = f"{url}?limit={PAGE_SIZE}&offset=0"
    for _ in range(MAX_PAGES):
        if next_url is None:
            break
        try:
            response = session.get(next_url, timeout=TIMEOUT)
        except requests.RequestException as error:
            raise ProviderError(f"GET {key} (offset {offset}) failed: {error.__class__.__name__}.") from None
        if response.status_code != 200:
            raise ProviderError(f"GET {key} (offset {offset}) answered {response.status_code}.")
        try:
            page = response.json()[key]
        except (ValueError, KeyError, TypeError):
            raise ProviderError(f"GET {key} (offset {offset}) did not answer OneRoster JSON.") from None
        items.extend(page)
        offset += len(page)
        total = response.headers.get("X-Total-Count")
        link_next = response.links.get("next", {}).get("url")
        if link_next:
            next_url = requests.compat.urljoin(next_url, link_next)
        elif total is not None and total.isdigit() and offset < int(total) and page:
            next_url = f"{url}?limit={PAGE_SIZE}&offset={offset}"
        else:
            next_url = None
    return items


def _ref(value) -> str:
    return (value or {}).get("sourcedId", "") if isinstance(value, dict) else ""


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def fetch_roster(
    *,
    version: str,
    base_url: str,
    token_url: str,
    client_id: str,
    client_secret: str,
    known_org_ids: frozenset[str] = frozenset(),
) -> Roster:
    """The provider's whole roster (bulk), or ProviderError."""
    with requests.Session() as session:
        session.headers["Accept"] = "application/json"
        token = _token(session, token_url=token_url, client_id=client_id, client_secret=client_secret)
        session.headers["Authorization"] = f"Bearer {token}"
        root = base_url.rstrip("/") + PATHS[version]
        orgs = _pages(session, f"{root}/orgs", "orgs")
        users = _pages(session, f"{root}/users", "users")
    if not users:
        # A bulk sync of nobody would deactivate everyone: far likelier a provider fault.
        raise ProviderError("The provider listed no users.")
    org_rows = [
        {
            "sourcedId": _text(o.get("sourcedId")),
            "status": _text(o.get("status")) if _text(o.get("status")) != "active" else "",
            "name": _text(o.get("name")),
            "type": _text(o.get("type")),
            "identifier": _text(o.get("identifier")),
            "parentSourcedId": _ref(o.get("parent")),
        }
        for o in orgs
    ]
    user_rows, role_rows = [], []
    for u in users:
        row = {
            "sourcedId": _text(u.get("sourcedId")),
            "status": _text(u.get("status")) if _text(u.get("status")) != "active" else "",
            "enabledUser": _text(u.get("enabledUser")).lower(),
            "username": _text(u.get("username")),
            "givenName": _text(u.get("givenName")),
            "familyName": _text(u.get("familyName")),
            "email": _text(u.get("email")),
        }
        if version == "1.1":
            row["role"] = _text(u.get("role"))
            row["orgSourcedIds"] = ",".join(_ref(org) for org in u.get("orgs") or [])
        else:
            for n, role in enumerate(u.get("roles") or []):
                role_rows.append(
                    {
                        "sourcedId": f"{row['sourcedId']}#{n}",
                        "userSourcedId": row["sourcedId"],
                        "roleType": _text(role.get("roleType")),
                        "role": _text(role.get("role")),
                        "orgSourcedId": _ref(role.get("org")),
                        "beginDate": _text(role.get("beginDate")),
                        "endDate": _text(role.get("endDate")),
                    }
                )
        user_rows.append(row)

    def table(rows):
        return (list(rows[0]) if rows else [], rows)

    tables = {"orgs": table(org_rows), "users": table(user_rows)}
    modes = {"orgs": "bulk", "users": "bulk"}
    if version == "1.2":
        tables["roles"] = table(role_rows)
        modes["roles"] = "bulk"
    # An empty page has no header: give the required columns so the check is about rows.
    for name, (header, rows) in tables.items():
        if not header:
            tables[name] = (list(REQUIRED[(version, name)]), rows)
    return read_rows(version=version, modes=modes, tables=tables, known_org_ids=known_org_ids)
