"""Widgets whose HTML is built in Python rather than one template per <option>: Django renders
each option through its own template, which costs milliseconds on lists of a few dozen."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        options = []
        for group_name, group_options, _index in context["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (
                        option["value"] if option["value"] is not None else "",
                        " selected" if option["selected"] else "",
                        option["label"],
                    )
                    for option in group_options
                ),
            )
            if group_name:
                options.append(
                    format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
                )
            else:
                options.append(rendered)
        return format_html(
            '<select name="{}"{}>{}</select>',
            context["name"],
            flatatt(context["attrs"]),
            format_html_join("", "{}", ((option,) for option in options)),
        )
