"""The person page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from people.profile.selectors import person_profile_for_actor


@login_required
def person_page(request, person_id):
    profile = person_profile_for_actor(actor=request.user, person_id=person_id)
    return render(request, "people/person_page.html", {"profile": profile, "person": profile["person"]})
