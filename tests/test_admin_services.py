"""Workflow rules that used to live only in ModelAdmin.save_model are services the admin and the portal share."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from collaboration.factories import PartnershipFactory
from collaboration.models import Partnership, PartnershipStage
from collaboration.services.partnerships import partnership_save

pytestmark = pytest.mark.django_db


def test_a_new_partnership_saved_records_its_first_stage_on_the_day_it_was_commissioned(coordinator):
    partnership = PartnershipFactory.build(commissioned_on=dt.date(2022, 3, 1))
    partnership_save(partnership=partnership, saved_by=coordinator, stage_before=None)
    change = partnership.stage_changes.get()
    assert (change.from_stage, change.to_stage) == ("", PartnershipStage.COMMISSIONED)
    assert change.happened_on == dt.date(2022, 3, 1) and change.changed_by == coordinator


def test_a_stage_changed_in_a_form_goes_through_the_pipeline(coordinator):
    partnership = PartnershipFactory()
    partnership.stage, partnership.title = PartnershipStage.DIALOGUE, "Nytt namn"
    partnership_save(
        partnership=partnership, saved_by=coordinator, stage_before=PartnershipStage.COMMISSIONED
    )
    stored = Partnership.objects.get(pk=partnership.pk)
    assert (stored.stage, stored.title) == (PartnershipStage.DIALOGUE, "Nytt namn")
    assert stored.stage_changes.get().to_stage == PartnershipStage.DIALOGUE


def test_a_skipped_stage_is_refused_and_changes_nothing(coordinator):
    partnership = PartnershipFactory()
    title = partnership.title
    partnership.stage, partnership.title = PartnershipStage.RUNNING, "Nytt namn"
    with pytest.raises(ValidationError):
        partnership_save(
            partnership=partnership, saved_by=coordinator, stage_before=PartnershipStage.COMMISSIONED
        )
    stored = Partnership.objects.get(pk=partnership.pk)
    assert stored.title == title  # the whole save is refused, not only the stage
    assert stored.stage == PartnershipStage.COMMISSIONED and not stored.stage_changes.exists()
