"""The coach's calendar: planned observations and meetings in cycles, and a secret
subscription link (.ics) for calendar apps.

Rules in words:
- Only a cycle's coach schedules or cancels its events, only while the cycle is open, and
  only in the future (what already happened is an observation or a note, not a plan).
- A person's calendar holds the events of the open cycles they coach or are coached in,
  nothing else: never another coach's, and (schemas) never another district's.
- Calendar apps cannot sign in, so the feed's link is its own key: a random token of which
  only the SHA-256 is stored. It is shown once when made; making a new one or revoking it
  ends the old link at once. A person who is no longer active gets an empty 404.
- The feed names the kind of event, the coachee and the cycle's title, and links to the
  cycle page; it never carries notes or anything written inside the cycle, because a
  subscribed calendar copies what it reads to the calendar provider.

- `services.py`: planning and cancelling events, making and revoking the link;
  `selectors.py`: the events a person may see, the week or month shown, the feed itself;
- `views.py` + `urls.py`: the calendar page, the link, and the .ics feed.
"""
