"""Text lengths and date ranges hold in the models too, so pages' forms show them."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.dates import validate_district_date
from core.text import LONG_MAX

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "day",
    [datetime.date(1, 1, 1), datetime.date(1989, 12, 31), datetime.date(9999, 12, 31)],
    ids=str,
)
def test_a_date_no_district_means_is_refused(day):
    with pytest.raises(ValidationError):
        validate_district_date(day)


def test_a_date_of_this_school_year_is_accepted():
    validate_district_date(datetime.date.today())
    validate_district_date(datetime.date(1990, 1, 1))


def test_a_reflection_longer_than_the_limit_is_refused_by_the_model():
    from assessments.models import SelfAssessment

    field = SelfAssessment._meta.get_field("reflection")
    with pytest.raises(ValidationError):
        field.clean("x" * (LONG_MAX + 1), None)
    assert field.clean("x" * LONG_MAX, None)


def test_a_membership_dated_year_one_is_refused_by_the_model():
    from schools.models import Membership

    with pytest.raises(ValidationError):
        Membership._meta.get_field("start_date").clean(datetime.date(1, 1, 1), None)
