import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from collaboration.factories import OrganisationFactory, PartnershipFactory, PartnershipPartyFactory
from collaboration.models import (
    Partnership,
    PartnershipDocument,
    PartnershipStage,
    StageChange,
    SupportEntry,
)
from collaboration.services.partnerships import (
    partnership_create,
    partnership_document_add,
    partnership_stage_change,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_create_records_the_first_stage(coordinator):
    organisation = OrganisationFactory()
    partnership = partnership_create(
        created_by=coordinator,
        title="Kraftsamling",
        form="iop",
        purpose="Delaktighet",
        level="partnership",
        parties=[(organisation, "civil_society", "Lokaler")],
    )
    assert partnership.stage == PartnershipStage.COMMISSIONED
    assert partnership.parties.get().contribution == "Lokaler"
    change = partnership.stage_changes.get()
    assert change.to_stage == PartnershipStage.COMMISSIONED and change.changed_by == coordinator


def test_stage_moves_one_step_and_logs_who_and_when(coordinator):
    partnership = PartnershipFactory()
    partnership_stage_change(partnership=partnership, stage="dialogue", changed_by=coordinator)
    partnership_stage_change(partnership=partnership, stage="signed", changed_by=coordinator)
    partnership.refresh_from_db()
    assert partnership.stage == "signed" and partnership.signed_on is not None
    assert list(partnership.stage_changes.values_list("from_stage", "to_stage")) == [
        ("commissioned", "dialogue"),
        ("dialogue", "signed"),
    ]
    assert all(change.changed_by == coordinator for change in StageChange.objects.all())


def test_skipping_a_stage_is_refused_and_changes_nothing(coordinator):
    partnership = PartnershipFactory()
    with pytest.raises(ValidationError) as error:
        partnership_stage_change(partnership=partnership, stage="running", changed_by=coordinator)
    assert "hoppas över" in str(error.value)
    partnership.refresh_from_db()
    assert partnership.stage == "commissioned"
    assert not StageChange.objects.exists()


def test_stopping_needs_a_reason(coordinator):
    partnership = PartnershipFactory(stage="dialogue")
    with pytest.raises(ValidationError):
        partnership_stage_change(partnership=partnership, stage="stopped", changed_by=coordinator)
    partnership_stage_change(
        partnership=partnership, stage="stopped", changed_by=coordinator, reason="Ingen finansiering"
    )
    partnership.refresh_from_db()
    assert partnership.stage == "stopped" and partnership.stopped_reason == "Ingen finansiering"
    with pytest.raises(ValidationError):
        partnership_stage_change(partnership=partnership, stage="dialogue", changed_by=coordinator)


def test_stage_change_page_skipping_gets_a_message(client, coordinator):
    partnership = PartnershipFactory(stage="dialogue")
    client.force_login(coordinator)
    response = client.post(reverse("partnership-stage-change", args=[partnership.pk]), {"stage": "ended"})
    assert response.status_code == 400
    assert "hoppas över" in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.stage == "dialogue"


def test_stage_change_page_moves_on(client, coordinator):
    partnership = PartnershipFactory(stage="signed")
    client.force_login(coordinator)
    response = client.post(
        reverse("partnership-stage-change", args=[partnership.pk]),
        {"stage": "running", "next_step": "Följ upp"},
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.stage == "running" and partnership.next_step == "Följ upp"


def test_stage_change_is_for_coordinators_only(client, representative):
    partnership = PartnershipFactory(stage="signed")
    client.force_login(representative)
    assert (
        client.post(
            reverse("partnership-stage-change", args=[partnership.pk]), {"stage": "running"}
        ).status_code
        == 403
    )
    partnership.refresh_from_db()
    assert partnership.stage == "signed"


def test_public_list_shows_running_and_signed_only(client):
    running = PartnershipPartyFactory(
        partnership__stage="running", organisation__name="Rädda Barnen"
    ).partnership
    signed = PartnershipFactory(stage="signed", title="Undertecknat")
    PartnershipFactory(stage="dialogue", title="Hemlig dialog")
    PartnershipFactory(stage="ended", title="Avslutat projekt")
    html = client.get(reverse("partnership-list")).content.decode()
    assert running.title in html and "Rädda Barnen" in html and signed.title in html
    assert "Hemlig dialog" not in html and "Avslutat projekt" not in html


def test_detail_of_a_partnership_in_dialogue_is_404_for_the_public(client, coordinator):
    partnership = PartnershipFactory(stage="dialogue")
    assert client.get(reverse("partnership-detail", args=[partnership.pk])).status_code == 404
    client.force_login(coordinator)
    assert client.get(reverse("partnership-detail", args=[partnership.pk])).status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_public_list_query_count_is_constant(client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        PartnershipPartyFactory.create_batch(3, partnership=PartnershipFactory(stage="running"))
    with django_assert_max_num_queries(2):
        assert client.get(reverse("partnership-list")).status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_pipeline_query_count_is_constant(client, coordinator, django_assert_max_num_queries, rows):
    for stage in ["commissioned", "dialogue", "running"]:
        for _ in range(rows):
            PartnershipPartyFactory(partnership=PartnershipFactory(stage=stage))
    client.force_login(coordinator)
    # session, user, roles, partnerships, parties with organisations, messages/context: 8 at any size
    with django_assert_max_num_queries(8):
        response = client.get(reverse("partnership-pipeline"))
    assert response.status_code == 200
    assert "Dagar i steget" in response.content.decode()


def test_pipeline_shows_time_in_stage_and_next_step(client, coordinator):
    from datetime import timedelta

    from django.utils import timezone

    PartnershipFactory(
        stage="dialogue", title="Lindängen", stage_changed_at=timezone.now() - timedelta(days=40)
    )
    client.force_login(coordinator)
    html = client.get(reverse("partnership-pipeline")).content.decode()
    assert "Lindängen" in html and ">40<" in html and "Ta fram ett avtalsförslag" in html


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("avtal.pdf", PDF),
        ("avtal.docx", None),
        ("gammalt.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 20),
    ],
)
def test_upload_accepts_pdf_and_office(client, coordinator, name, content):
    partnership = PartnershipFactory(stage="running")
    client.force_login(coordinator)
    upload = SimpleUploadedFile(name, content or docx_bytes(), content_type="application/octet-stream")
    response = client.post(
        reverse("partnership-document-upload", args=[partnership.pk]), {"title": "Avtal", "file": upload}
    )
    assert response.status_code == 302
    document = PartnershipDocument.objects.get()
    assert document.original_name == name and document.uploaded_by == coordinator
    assert not document.file.name.endswith(name)  # stored under a random name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.html", b"<script>alert(1)</script>", "Filtypen är inte tillåten"),
        ("fake.pdf", b"<html>not a pdf</html>", "stämmer inte med filtypen"),
        ("archive.docx", b"PK\x03\x04garbage", "stämmer inte med filtypen"),
        ("program.exe", b"MZ\x90\x00", "Filtypen är inte tillåten"),
    ],
)
def test_upload_refuses_wrong_types(client, coordinator, name, content, message):
    partnership = PartnershipFactory(stage="running")
    client.force_login(coordinator)
    response = client.post(
        reverse("partnership-document-upload", args=[partnership.pk]),
        {"title": "X", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PartnershipDocument.objects.exists()


def test_upload_refuses_too_large(client, coordinator, settings):
    settings.MAX_UPLOAD_SIZE = 100
    partnership = PartnershipFactory(stage="running")
    client.force_login(coordinator)
    response = client.post(
        reverse("partnership-document-upload", args=[partnership.pk]),
        {"title": "X", "file": SimpleUploadedFile("stor.pdf", PDF + b"0" * 200)},
    )
    assert response.status_code == 400 and "för stor" in response.content.decode()
    assert not PartnershipDocument.objects.exists()


def test_download_is_an_attachment_with_nosniff_for_party_members_only(
    client, representative, organisation, outsider, coordinator, media_root
):
    party = PartnershipPartyFactory(organisation=organisation, partnership__stage="running")
    document = partnership_document_add(
        partnership=party.partnership,
        title="Avtal",
        file=SimpleUploadedFile("avtal.pdf", PDF),
        uploaded_by=coordinator,
    )
    assert str(media_root) in document.file.path
    url = reverse("partnership-document-download", args=[document.pk])
    client.force_login(representative)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_support_log_entry(client, coordinator):
    partnership = PartnershipFactory(stage="dialogue")
    client.force_login(coordinator)
    response = client.post(
        reverse("partnership-support-add", args=[partnership.pk]),
        {"date": "2022-05-01", "kind": "funding", "description": "Hjälp att söka fonder"},
    )
    assert response.status_code == 302
    entry = SupportEntry.objects.get()
    assert entry.coordinator == coordinator and entry.kind == "funding"
    html = client.get(reverse("partnership-detail", args=[partnership.pk])).content.decode()
    assert "Hjälp att söka fonder" in html


def test_support_log_is_not_shown_to_the_public(client):
    partnership = PartnershipFactory(stage="running")
    SupportEntry.objects.create(partnership=partnership, kind="advice", description="Internt råd")
    assert (
        "Internt råd" not in client.get(reverse("partnership-detail", args=[partnership.pk])).content.decode()
    )


def test_admin_stage_change_goes_through_the_pipeline(client, coordinator):
    partnership = PartnershipFactory(stage="commissioned")
    client.force_login(coordinator)
    url = reverse("admin:collaboration_partnership_change", args=[partnership.pk])
    base = {
        "title": partnership.title,
        "form": "iop",
        "purpose": partnership.purpose,
        "level": "partnership",
        "stopped_reason": "",
        "next_step": "",
    }
    for prefix in ["parties", "decisions", "documents", "support_entries", "stage_changes"]:
        base |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = client.post(url, {**base, "stage": "running"})
    assert response.status_code == 200 and "hoppas över" in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.stage == "commissioned"
    response = client.post(url, {**base, "stage": "dialogue"})
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.stage == "dialogue"
    assert partnership.stage_changes.get().changed_by == coordinator


def test_admin_export_partnerships(client, coordinator):
    party = PartnershipPartyFactory(organisation__name="Malmö universitet", partnership__title="Herrgården")
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:collaboration_partnership_changelist"),
        {"action": "export_samverkan_csv", "_selected_action": [party.partnership.pk]},
    )
    text = response.content.decode("utf-8-sig")
    assert "Herrgården" in text and "Malmö universitet" in text


def test_ended_and_stopped_count_in_queryset_helpers():
    PartnershipFactory(stage="running")
    PartnershipFactory(stage="signed")
    PartnershipFactory(stage="ended")
    assert Partnership.objects.public().count() == 2
    assert Partnership.objects.visible().count() == 3


def test_admin_partnership_pages_render(client, coordinator):
    party = PartnershipPartyFactory()
    client.force_login(coordinator)
    assert client.get(reverse("admin:collaboration_partnership_add")).status_code == 200
    assert (
        client.get(reverse("admin:collaboration_partnership_change", args=[party.partnership.pk])).status_code
        == 200
    )


@pytest.mark.parametrize("rows", [2, 20])
def test_admin_partnership_changelist_query_count_is_constant(
    client, coordinator, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        PartnershipPartyFactory()
    client.force_login(coordinator)
    # 14 at any size: the admin's own (session, user, TOTP, counts, filters) plus one list and one prefetch
    with django_assert_max_num_queries(14):
        assert client.get(reverse("admin:collaboration_partnership_changelist")).status_code == 200


def test_demo_organisations_and_partnerships_follow_the_sources():
    from collaboration import demo_organisations
    from collaboration.models import Membership, Organisation
    from collaboration.services.users import user_create

    for email in ("samordnare@example.org", "forening@example.org"):
        user_create(email=email, password=None)
    demo_organisations.load()

    herrgarden = Partnership.objects.get(title="Kraftsamling Herrgården")
    assert herrgarden.stage == "running" and herrgarden.parties.count() == 6
    assert list(herrgarden.stage_changes.values_list("to_stage", flat=True)) == [
        "commissioned",
        "dialogue",
        "signed",
        "running",
    ]
    tillsammans = Partnership.objects.get(title="Malmö Tillsammans")
    assert tillsammans.stage == "ended" and str(tillsammans.ends_on) == "2023-04-30"
    assert Partnership.objects.get(title="Jämlik hälsa på Lindängen").stage == "dialogue"
    assert Partnership.objects.get(title="Helamalmö").stage == "commissioned"
    farid = Membership.objects.get(user__email="forening@example.org")
    assert farid.is_confirmed and farid.organisation.sector == "civil_society"
    for name in (
        "Malmö Ideella",
        "MISO",
        "HISO",
        "Röda Korset Malmö",
        "Fryshuset Malmö",
        "Sensus studieförbund",
    ):
        assert Organisation.objects.filter(name=name).exists()


def _admin_change_data(partnership, **extra):
    data = {
        "title": partnership.title,
        "form": partnership.form,
        "purpose": partnership.purpose,
        "level": partnership.level,
        "stage": partnership.stage,
        "stopped_reason": "",
        "next_step": "",
    }
    for prefix in ["parties", "decisions", "documents", "support_entries", "stage_changes"]:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | extra


@pytest.mark.parametrize(
    ("name", "content", "accepted"), [("avtal.pdf", PDF, True), ("sida.html", b"<html>", False)]
)
def test_admin_document_upload_is_checked_too(client, coordinator, name, content, accepted):
    partnership = PartnershipFactory(stage="running")
    client.force_login(coordinator)
    data = _admin_change_data(
        partnership,
        **{
            "documents-TOTAL_FORMS": "1",
            "documents-0-title": "Avtal",
            "documents-0-file": SimpleUploadedFile(name, content),
        },
    )
    response = client.post(reverse("admin:collaboration_partnership_change", args=[partnership.pk]), data)
    assert (response.status_code == 302) == accepted
    assert PartnershipDocument.objects.exists() == accepted
    if accepted:
        document = PartnershipDocument.objects.get()
        assert document.content_type == "application/pdf" and document.uploaded_by == coordinator
    else:
        assert "Filtypen är inte tillåten" in response.content.decode()


def test_admin_diarienummer_is_validated(client, coordinator):
    partnership = PartnershipFactory(stage="running")
    client.force_login(coordinator)
    data = _admin_change_data(
        partnership, **{"decisions-TOTAL_FORMS": "1", "decisions-0-diarienummer": "2023 267"}
    )
    response = client.post(reverse("admin:collaboration_partnership_change", args=[partnership.pk]), data)
    assert response.status_code == 200 and "STK-2023-267" in response.content.decode()
    data["decisions-0-diarienummer"] = "STK-2023-267"
    assert (
        client.post(
            reverse("admin:collaboration_partnership_change", args=[partnership.pk]), data
        ).status_code
        == 302
    )
    assert partnership.decisions.get().diarienummer == "STK-2023-267"


@pytest.mark.parametrize(
    ("field", "value"),
    [("commissioned_on", "2099-01-01"), ("signed_on", "1899-05-01"), ("ends_on", "9999-12-31")],
)
def test_the_admin_refuses_implausible_partnership_dates(db, field, value):
    from collaboration.admin.partnerships import PartnershipAdminForm

    form = PartnershipAdminForm(data={field: value})
    assert not form.is_valid()
    assert field in form.errors
