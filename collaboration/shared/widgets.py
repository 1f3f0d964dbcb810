"""Form widgets shared by the apps."""

from django import forms


class SwedishChoicesSelect(forms.Select):
    """A select whose choices are stored content written in Swedish (event titles, organisation names): each
    option is marked lang="sv", so that on an English page a screen reader reads them as Swedish (WCAG 3.1.2)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value not in ("", None):
            option["attrs"]["lang"] = "sv"
        return option
