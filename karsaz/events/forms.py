import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from karsaz.core.forms import DecimalField, IntegerField, JalaliDateField, NamedChoices
from karsaz.core.money import RialFormField
from karsaz.core.textlimits import TEXT_MAX
from karsaz.events.choices import DealDocument, DealKind, FollowUpAnswer, Priority
from karsaz.events.models import Event
from karsaz.events.slots import TEHRAN
from karsaz.registry.models import Enterprise, Province


def _at(day: dt.date, clock: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, clock.replace(microsecond=0), TEHRAN)


class EventForm(NamedChoices, forms.Form):
    name_fa = forms.CharField(label=_("Persian name"), max_length=255)
    name_en = forms.CharField(label=_("English name"), max_length=255, required=False)
    venue = forms.CharField(label=_("Venue"), max_length=255)
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.all())
    city = forms.CharField(label=_("City"), max_length=64, required=False)
    starts_on = JalaliDateField(label=_("First day"))
    days = IntegerField(label=_("Days"), min_value=1, max_value=14, initial=2)
    day_start = forms.TimeField(label=_("Meetings start"), initial="09:00")
    day_end = forms.TimeField(label=_("Meetings end"), initial="17:00")
    slot_minutes = IntegerField(label=_("Meeting length (minutes)"), initial=30, min_value=5)
    lunch_start = forms.TimeField(label=_("Lunch break from"), required=False, initial="12:30")
    lunch_end = forms.TimeField(label=_("Lunch break to"), required=False, initial="13:30")
    tables = IntegerField(label=_("Tables"), min_value=1, max_value=2000, initial=20)
    booths = IntegerField(label=_("Booths"), min_value=0, initial=0)
    # Dates in Jalali; opening at the start of the day, closing at its end (Tehran time).
    registration_opens = JalaliDateField(label=_("Registration opens"))
    registration_closes = JalaliDateField(label=_("Registration closes"))
    requests_close = JalaliDateField(label=_("Meeting requests close"))
    request_expiry_hours = IntegerField(
        label=_("Unanswered requests expire after (hours)"), min_value=1, initial=72
    )

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        start, end = data.pop("lunch_start"), data.pop("lunch_end")
        data["breaks"] = [[f"{start:%H:%M}", f"{end:%H:%M}"]] if start and end else []
        data.pop("tables")
        data["registration_opens"] = _at(data["registration_opens"], dt.time.min)
        data["registration_closes"] = _at(data["registration_closes"], dt.time.max)
        data["requests_close"] = _at(data["requests_close"], dt.time.max)
        return data


class RegisterForm(NamedChoices, forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Enterprise.objects.none())
    delegates: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Delegates"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    looking_for = forms.CharField(
        label=_("What you are looking for"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_MAX,
    )
    offering = forms.CharField(
        label=_("What you offer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_MAX,
    )

    def __init__(self, *args: Any, enterprises: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises  # type: ignore[attr-defined]
        self.fields["delegates"].queryset = people  # type: ignore[attr-defined]
        self.fields["delegates"].label_from_instance = lambda u: u.display_name  # type: ignore[attr-defined]


class RequestForm(forms.Form):
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    message = forms.CharField(
        label=_("Short message"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DelegateSettingsForm(forms.Form):
    max_meetings = IntegerField(label=_("Maximum meetings"), min_value=0, max_value=100)
    unavailable: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Slots when I am not available"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unavailable"].queryset = event.slots.all()  # type: ignore[attr-defined]


class RunForm(forms.Form):
    time_limit_s = DecimalField(
        label=_("Time limit (seconds)"), min_value=1, max_value=600, decimal_places=1, initial=20
    )

    def clean_time_limit_s(self) -> float:
        # Seconds of solver time, not money: the scheduler takes a float.
        return float(self.cleaned_data["time_limit_s"])


class MoveForm(forms.Form):
    slot = IntegerField()
    table = IntegerField()


class DealForm(NamedChoices, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"),
        queryset=Enterprise.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=DealKind.choices)
    document = forms.ChoiceField(label=_("Document"), choices=DealDocument.choices)
    value_rials = RialFormField(label=_("Value (rials)"))
    signed_on = JalaliDateField(label=_("Signed on"))

    def __init__(self, *args: Any, enterprises: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = enterprises  # type: ignore[attr-defined]


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Rating"), coerce=int, choices=[(n, str(n)) for n in range(5, 0, -1)]
    )
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class FollowUpForm(forms.Form):
    answer = forms.ChoiceField(label=_("Since the event"), choices=FollowUpAnswer.choices)
