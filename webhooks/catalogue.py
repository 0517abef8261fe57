"""The event types an endpoint can subscribe to, what each means, and which integration
scope may also read an event's private text (docs/integrations/webhooks.md lists them with
example payloads; a test checks that the two agree)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class EventType:
    name: str
    description: str
    # The integration scope an endpoint's owner must hold for the event's private text
    # (notes, reflections, feedback) to be sent; None: the event has no private text.
    private_scope: str | None = None


COACHING_READ = "coaching:read"

EVENT_TYPES = {
    event.name: event
    for event in (
        EventType("person.created", "A person was added to the district."),
        EventType("person.updated", "A person's name, title or sign-in email changed."),
        EventType("person.deactivated", "A person was deactivated; their memberships ended."),
        EventType("self_assessment.submitted", "A self-assessment was submitted (and locked)."),
        EventType("coaching_cycle.transitioned", "A coaching cycle moved to its next stage.", COACHING_READ),
        EventType("feedback.given", "A coach gave feedback in a coaching cycle.", COACHING_READ),
        EventType("feedback.acknowledged", "A coachee acknowledged feedback.", COACHING_READ),
        EventType("goal.created", "A goal was written."),
        EventType(
            "goal.status_changed",
            "A goal's status changed (activated, approved, returned, closed).",
            COACHING_READ,
        ),
        EventType("goal.health_changed", "A goal's health changed (on track, at risk, off track)."),
        EventType("check_in.completed", "A check-in was answered.", COACHING_READ),
        EventType("check_in.overdue", "A check-in was marked overdue."),
        EventType("submission.submitted", "Evidence for a micro-credential was submitted."),
        EventType("submission.reviewed", "A submission was decided (earned, or not yet)."),
        EventType("credential.issued", "A micro-credential was awarded."),
        EventType("credential.revoked", "An awarded micro-credential was revoked."),
        EventType("roster.sync_completed", "A OneRoster import or scheduled sync finished."),
        EventType("webhook.test", "A test event an administrator sent to one endpoint."),
    )
}

# What an endpoint subscribes to; `webhook.test` goes only to the endpoint it is sent to.
SUBSCRIBABLE = [name for name in EVENT_TYPES if name != "webhook.test"]


def may_read_private(event_type: str, owner_scopes) -> bool:
    """Whether an endpoint registered with `owner_scopes` gets the event's private text.
    An endpoint a district administrator registered has no scopes, so never does: the
    payload leaves Lodestar, and a person's private words stay inside it unless an
    integration was granted exactly that reach."""
    scope = EVENT_TYPES[event_type].private_scope if event_type in EVENT_TYPES else None
    return scope is not None and scope in set(owner_scopes or ())
