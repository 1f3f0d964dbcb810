"""The coordinators run the whole yearly decision from here: shortlist, open, close, record the chair's decision."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from collaboration.shared.admin_autocomplete import SafeAutocompleteMixin

from .models import (
    AuditEvent,
    Ballot,
    BallotOption,
    BallotStatus,
    FocusArea,
    Mandate,
    Meeting,
    Nomination,
    Proposal,
    ProposalComment,
    composition_on,
)
from .services.ballots import (
    BallotError,
    ballot_close,
    ballot_confirm,
    ballot_lot_draw,
    ballot_open,
    ballot_tally,
    ballot_tie_decide,
)
from .services.mandates import mandate_end, mandate_save
from .services.proposals import ShortlistError, proposal_recommend, proposals_shortlist_decide


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ["title", "start_year", "end_year"]
    search_fields = ["title"]


@admin.register(Mandate)
class MandateAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    ordering = ["-starts_on", "user__last_name"]  # newest first
    list_display = ["user", "side", "role", "category", "starts_on", "ends_on"]
    list_filter = ["side", "role", "category"]
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    autocomplete_fields = ["user", "organisation"]
    actions = ["end_today"]

    def changelist_view(self, request, extra_context=None):
        composition = composition_on(timezone.localdate())
        for deviation in composition["deviations"]:
            self.message_user(
                request,
                _(
                    "Sammansättningen avviker: %(side)s har %(actual)s röstberättigade ledamöter, ska ha %(required)s."
                )
                % deviation,
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        mandate_save(
            mandate=obj, actor=request.user, user_before_id=form.initial.get("user") if change else None
        )

    @admin.action(description=_("Avsluta valda mandat (platsen är tom från i dag)"))
    def end_today(self, request, queryset):
        for mandate in queryset:
            mandate_end(mandate=mandate, actor=request.user)
        self.message_user(request, _("Mandaten är avslutade."))


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["held_at", "title", "place", "minutes_status"]
    list_filter = ["minutes_status"]
    date_hierarchy = "held_at"
    filter_horizontal = ["attendees"]
    readonly_fields = ["quorum_display"]

    @admin.display(description=_("Beslutsförhet"))
    def quorum_display(self, obj):
        if not obj.pk:
            return "–"
        quorum = obj.quorum()
        verdict = _("beslutsfört") if quorum["quorate"] else _("inte beslutsfört")
        return f"{quorum['present']} / {quorum['seats']}: {verdict}"


class ProposalCommentInline(admin.TabularInline):
    model = ProposalComment
    extra = 0
    readonly_fields = ["author", "created_at"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """The coordinators prepare (assessment, recommendation); the shortlist is the steering group's decision,
    recorded here for a quorate meeting."""

    ordering = ["-year", "-created_at"]  # newest first

    list_display = ["title", "year", "status", "recommended", "proposed_by", "created_at"]
    list_filter = ["year", "status", "recommended"]
    search_fields = ["title", "motivation"]
    readonly_fields = ["proposed_by", "status", "recommended"]
    fields = [
        "year",
        "title",
        "motivation",
        "priorities",
        "coordinator_assessment",
        "proposed_by",
        "status",
        "recommended",
    ]
    inlines = [ProposalCommentInline]
    actions = ["recommend", "unrecommend", "record_shortlist"]

    @admin.action(description=_("Samordnarna rekommenderar valda förslag"))
    def recommend(self, request, queryset):
        for proposal in queryset:
            proposal_recommend(proposal=proposal, actor=request.user, recommended=True)
        self.message_user(request, _("Rekommendationen är registrerad."))

    @admin.action(description=_("Ta bort samordnarnas rekommendation"))
    def unrecommend(self, request, queryset):
        for proposal in queryset:
            proposal_recommend(proposal=proposal, actor=request.user, recommended=False)

    @admin.action(description=_("Registrera styrgruppens beslut: valda förslag går till omröstning"))
    def record_shortlist(self, request, queryset):
        years = set(queryset.values_list("year", flat=True))
        if len(years) != 1:
            self.message_user(request, _("Välj förslag för ett och samma år."), messages.ERROR)
            return None
        meetings = Meeting.objects.order_by("-held_at")[:12]
        if "apply" in request.POST:
            meeting = Meeting.objects.filter(pk=request.POST.get("meeting") or 0).first()
            if meeting is None:
                self.message_user(request, _("Välj mötet där styrgruppen beslutade."), messages.ERROR)
                return None
            try:
                proposals_shortlist_decide(
                    meeting=meeting, year=years.pop(), proposals=list(queryset), actor=request.user
                )
            except ShortlistError as error:
                self.message_user(request, error.messages[0], messages.ERROR)
                return None
            self.message_user(request, _("Styrgruppens urval är registrerat i mötets protokoll."))
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Styrgruppens urval av förslag"),
            "proposals": queryset,
            "meetings": meetings,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "steering/admin_shortlist_decision.html", context)


class BallotOptionInline(admin.TabularInline):
    model = BallotOption
    extra = 0
    fields = ["label", "proposal", "nomination", "is_abstain", "position"]

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.status == BallotStatus.DRAFT

    has_add_permission = has_delete_permission = has_change_permission


class NominationInline(SafeAutocompleteMixin, admin.StackedInline):
    model = Nomination
    extra = 0
    autocomplete_fields = ["candidate", "nominated_by"]


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "year", "opens_at", "closes_at", "status", "outcome", "decided_at"]
    list_filter = ["kind", "status", "outcome", "year"]
    readonly_fields = [
        "status",
        "outcome",
        "no_decision_reason",
        "is_tied",
        "decided_at",
        "focus_area",
        "result_display",
        "chair_decision",
    ]
    inlines = [BallotOptionInline, NominationInline]
    actions = [
        "open_ballots",
        "close_ballots",
        "record_chair_decision",
        "confirm_at_meeting",
        "reject_at_meeting",
        "draw_lot",
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj and obj.status != BallotStatus.DRAFT:
            fields += ["kind", "year", "is_secret", "seats", "opens_at"]
        if obj and obj.status == BallotStatus.CLOSED:
            fields += ["closes_at", "title", "term_starts_on", "meeting"]
        return fields

    @admin.display(description=_("Resultat"))
    def result_display(self, obj):
        if not obj.pk or not obj.is_closed:
            return _("Visas när omröstningen har stängt.")
        tally = ballot_tally(obj)
        rows = format_html_join("", "<li>{}: {}</li>", ((o.label, n) for o, n in tally.rows))
        return format_html_join(
            "",
            "{}<ul>{}</ul>",
            [(_("Röster: %(v)s av %(e)s. ") % {"v": tally.votes, "e": tally.electorate}, rows)],
        )

    def _run(self, request, queryset, service, done):
        for ballot in queryset:
            try:
                service(ballot=ballot, actor=request.user)
                self.message_user(request, f"{ballot}: {done}")
            except BallotError as error:
                self.message_user(request, f"{ballot}: {error.messages[0]}", messages.ERROR)

    @admin.action(description=_("Öppna (eller schemalägg) valda omröstningar"))
    def open_ballots(self, request, queryset):
        self._run(request, queryset, ballot_open, _("öppnad eller schemalagd."))

    @admin.action(description=_("Stäng valda omröstningar nu"))
    def close_ballots(self, request, queryset):
        self._run(request, queryset, ballot_close, _("stängd."))

    def _at_meeting(self, request, queryset, *, confirmed: bool):
        for ballot in queryset:
            if ballot.meeting is None:
                self.message_user(
                    request,
                    f"{ballot}: {_('ange först mötet som beslutar om omröstningen.')}",
                    messages.ERROR,
                )
                continue
            try:
                ballot_confirm(ballot=ballot, meeting=ballot.meeting, actor=request.user, confirmed=confirmed)
            except BallotError as error:
                self.message_user(request, f"{ballot}: {error.messages[0]}", messages.ERROR)
            else:
                self.message_user(request, f"{ballot}: {_('mötets beslut är registrerat i protokollet.')}")

    @admin.action(description=_("Mötet fastställer resultatet (fokusområdet beslutas)"))
    def confirm_at_meeting(self, request, queryset):
        self._at_meeting(request, queryset, confirmed=True)

    @admin.action(description=_("Mötet fastställer inte resultatet (inget beslut)"))
    def reject_at_meeting(self, request, queryset):
        self._at_meeting(request, queryset, confirmed=False)

    @admin.action(description=_("Valmötets ordförande drar lott vid lika röstetal"))
    def draw_lot(self, request, queryset):
        self._run(request, queryset, ballot_lot_draw, _("lotten är dragen och valet avgjort."))

    @admin.action(description=_("Registrera mötets beslut vid lika röstetal"))
    def record_chair_decision(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Välj en omröstning åt gången."), messages.ERROR)
            return None
        ballot = queryset.get()
        try:
            tally = ballot_tally(ballot)
        except BallotError as error:
            self.message_user(request, error.messages[0], messages.ERROR)
            return None
        if "apply" in request.POST:
            chosen = [o for o in tally.tied if str(o.pk) in request.POST.getlist("option")]
            try:
                ballot_tie_decide(ballot=ballot, options=chosen, actor=request.user)
            except BallotError as error:
                self.message_user(request, error.messages[0], messages.ERROR)
                return None
            self.message_user(request, _("Mötets beslut vid lika röstetal är registrerat."))
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Mötets beslut vid lika röstetal"),
            "ballot": ballot,
            "tally": tally,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "steering/admin_tie_decision.html", context)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Append-only: coordinators read it; nobody adds, changes or deletes."""

    list_display = ["at", "action", "ballot", "mandate", "actor", "votes_total", "detail"]
    list_filter = ["action", "ballot"]
    list_select_related = ["ballot", "actor", "mandate__user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
