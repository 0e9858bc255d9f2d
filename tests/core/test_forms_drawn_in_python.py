"""A rarely opened form drawn without templates reads the same to a browser as Django's rendering."""

from datetime import date

from django import forms
from django.test import SimpleTestCase

from coffeechat.core.forms import drawn_in_python
from coffeechat.network.forms import DirectTieForm
from coffeechat.network.models import Person


class Everything(forms.Form):
    name = forms.CharField(max_length=20, help_text="As they <em>spell</em> it", required=True)
    kind = forms.ChoiceField(choices=[("", "Choose…"), ("a", "A & B"), ("b", "B")])
    on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    count = forms.IntegerField(min_value=1)
    agreed = forms.BooleanField(required=False)  # a checkbox keeps its template


def test_the_tie_form_shows_the_persons_tie_as_django_would() -> None:
    person = Person(pk=1, name="Ana", tie_strength=3, how_known="friend", known_since=date(2011, 2, 19))
    person.tie_context = 'Team "Blue" <2019>'
    form = DirectTieForm(instance=person)
    SimpleTestCase().assertHTMLEqual(str(drawn_in_python(form)), form.as_div())
    assert '<option value="3" selected>' in drawn_in_python(form)


def test_values_help_and_errors_read_as_django_draws_them() -> None:
    form = Everything({"name": "<b>x</b>" * 5, "kind": "a", "on": "not a date", "count": "0"})
    assert not form.is_valid()
    SimpleTestCase().assertHTMLEqual(str(drawn_in_python(form)), form.as_div())
    SimpleTestCase().assertHTMLEqual(str(drawn_in_python(Everything())), Everything().as_div())
