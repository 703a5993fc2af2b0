from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from karsaz.notifications.choices import Kind


class SettingsForm(forms.Form):
    """Two checkboxes per kind: `<kind>-in_app` and `<kind>-email`."""

    def __init__(self, *args: Any, table: list[tuple[Kind, bool, bool]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for kind, in_app, email in table:
            self.fields[f"{kind.value}-in_app"] = forms.BooleanField(
                label=_("In the app"), required=False, initial=in_app
            )
            self.fields[f"{kind.value}-email"] = forms.BooleanField(
                label=_("By e-mail"), required=False, initial=email
            )
            self.rows.append(
                (kind.label, self[f"{kind.value}-in_app"], self[f"{kind.value}-email"])
            )

    def choices(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {kind: (data[f"{kind}-in_app"], data[f"{kind}-email"]) for kind in Kind.values}
