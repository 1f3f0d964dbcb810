from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from collaboration.models import Organisation
from collaboration.shared.query import reads_query
from collaboration.shared.roles import coordinator_required, is_coordinator

from .forms import (
    FundingHelpForm,
    FundingSubscriptionForm,
    FundQueryForm,
    MailingForm,
    MatchForm,
    MatchPartnershipForm,
    PostingCreateQueryForm,
    PostingForm,
    PostingQueryForm,
    PostingTopicForm,
    ReviewForm,
)
from .funding import (
    fund_search,
    funding_help_request,
    funding_subscription_set,
    funding_unsubscribe,
    get_fund_for_user,
)
from .mailings import mail_opt_out, mailing_create, mailing_recipients, mailing_send
from .models import Call, FundingSubscription, Mailing, Posting, PostingKind, PostingStatus
from .services import (
    get_call_for_user,
    get_match_for_user,
    get_posting_for_user,
    match_accept,
    match_create,
    match_partnership_create,
    match_sides_for,
    matches_visible_to,
    posting_create,
    posting_review,
    posting_topic_set,
    topic_choices,
)

POSTING_LIST_LIMIT = 200


def _public_postings():
    return (
        Posting.objects.public().select_related("organisation", "focus_area").order_by("-created_at", "-id")
    )


@require_GET
@reads_query(PostingQueryForm)
def posting_list(request):
    query = PostingQueryForm.parse(request)
    postings = _public_postings()
    if query.get("typ"):
        postings = postings.filter(kind=query["typ"])
    if query.get("kategori"):
        postings = postings.filter(category=query["kategori"])
    if query.get("q"):
        text = query["q"].strip()
        postings = postings.filter(Q(title__icontains=text) | Q(description__icontains=text))
    context = {
        "form": PostingQueryForm(request.GET or None),
        "postings": postings[:POSTING_LIST_LIMIT],
        "calls": Call.objects.published().open_on(timezone.localdate()),
    }
    return render(request, "coordination/posting_list.html", context)


def _detail(request, posting, *, match_form=None, review_form=None, topic_form=None):
    coordinator = is_coordinator(request.user)
    context = {"posting": posting, "is_coordinator": coordinator}
    matches = matches_visible_to(request.user).filter(Q(need=posting) | Q(offer=posting))
    context["matches"] = matches
    if coordinator:
        if posting.kind == PostingKind.NEED and posting.is_public:
            offers = (
                _public_postings()
                .offers()
                .exclude(organisation=posting.organisation_id)
                .exclude(matches_as_offer__need=posting)
            )
            context["match_form"] = match_form or MatchForm(offers=offers)
        if posting.status == PostingStatus.SUBMITTED:
            context["review_form"] = review_form or ReviewForm()
        context["topic_form"] = topic_form or PostingTopicForm(
            initial={"topic": posting.topic_id}, topics=topic_choices()
        )
    status = 400 if (match_form or review_form or topic_form) else 200
    return render(request, "coordination/posting_detail.html", context, status=status)


@require_GET
def posting_detail(request, pk):
    return _detail(request, get_posting_for_user(request.user, pk))


@login_required
@reads_query(PostingCreateQueryForm)
def posting_create_view(request):
    query = PostingCreateQueryForm.parse(request)
    call = None
    if query.get("samordning"):
        call = Call.objects.published().open_on(timezone.localdate()).filter(pk=query["samordning"]).first()
    organisations = Organisation.objects.active().acted_for_by(request.user).only("id", "name")
    kinds = [PostingKind.OFFER] if call else None
    initial = {"kind": query.get("typ") or PostingKind.NEED}
    form = PostingForm(request.POST or None, organisations=organisations, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            posting = posting_create(posted_by=request.user, call=call, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if posting.status == PostingStatus.PUBLISHED:
                messages.success(request, _("Det är publicerat."))
            else:
                messages.success(request, _("Tack! Samordnarna granskar det innan det blir publikt."))
            return redirect(posting)
    context = {"form": form, "call": call, "has_organisations": organisations.exists()}
    return render(request, "coordination/posting_form.html", context, status=400 if form.errors else 200)


@coordinator_required
@require_GET
def posting_review_list(request):
    postings = (
        Posting.objects.filter(status=PostingStatus.SUBMITTED)
        .select_related("organisation", "posted_by")
        .order_by("created_at")
    )
    return render(request, "coordination/posting_review_list.html", {"postings": postings})


@require_POST
@coordinator_required
def posting_review_view(request, pk):
    posting = get_posting_for_user(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _detail(request, posting, review_form=form)
    try:
        posting_review(
            posting=posting, reviewed_by=request.user, publish=form.cleaned_data["decision"] == "publish"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Granskningen är sparad."))
    return redirect(posting)


@require_POST
@coordinator_required
def posting_topic_view(request, pk):
    posting = get_posting_for_user(request.user, pk)
    form = PostingTopicForm(request.POST, topics=topic_choices())
    if not form.is_valid():
        return _detail(request, posting, topic_form=form)
    try:
        posting_topic_set(posting=posting, topic=form.cleaned_data["topic"])
    except ValidationError as error:
        form.add_error(None, error)
        return _detail(request, posting, topic_form=form)
    messages.success(request, _("Var det började är sparat."))
    return redirect(posting)


@require_POST
@coordinator_required
def match_create_view(request, pk):
    need = get_posting_for_user(request.user, pk)
    offers = _public_postings().offers()
    form = MatchForm(request.POST, offers=offers)
    if not form.is_valid():
        return _detail(request, need, match_form=form)
    try:
        match = match_create(
            need=need,
            offer=form.cleaned_data["offer"],
            note=form.cleaned_data["note"],
            matched_by=request.user,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _detail(request, need, match_form=form)
    messages.success(request, _("Matchningen är sparad och parterna har fått e-post."))
    return redirect(match)


def _match_page(request, match, *, partnership_form=None):
    context = {
        "match": match,
        "sides": match_sides_for(request.user, match),
        "is_coordinator": is_coordinator(request.user),
    }
    if context["is_coordinator"] and match.is_accepted and not match.partnership_id:
        context["partnership_form"] = partnership_form or MatchPartnershipForm(
            initial={"title": match.need.title, "purpose": match.note}
        )
    status = 400 if partnership_form else 200
    return render(request, "coordination/match_detail.html", context, status=status)


@login_required
@require_GET
def match_detail(request, pk):
    return _match_page(request, get_match_for_user(request.user, pk))


@login_required
@require_GET
def match_list(request):
    matches = matches_visible_to(request.user).order_by("-created_at", "-id")[:POSTING_LIST_LIMIT]
    return render(request, "coordination/match_list.html", {"matches": matches})


@require_POST
@login_required
def match_accept_view(request, pk):
    match = get_match_for_user(request.user, pk)
    try:
        match_accept(match=match, accepted_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Du har accepterat matchningen."))
    return redirect(match)


@require_POST
@coordinator_required
def match_partnership_view(request, pk):
    match = get_match_for_user(request.user, pk)
    form = MatchPartnershipForm(request.POST)
    if not form.is_valid():
        return _match_page(request, match, partnership_form=form)
    try:
        partnership = match_partnership_create(match=match, created_by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(match)
    messages.success(request, _("Samverkan är skapad."))
    return redirect("partnership-detail", pk=partnership.pk)


@require_GET
def call_detail(request, pk):
    call = get_call_for_user(request.user, pk)
    offers = call.postings.public().offers().select_related("organisation").order_by("-created_at", "-id")
    return render(request, "coordination/call_detail.html", {"call": call, "offers": offers})


@require_GET
@reads_query(FundQueryForm)
def fund_list(request):
    query = FundQueryForm.parse(request)
    funds = fund_search(
        query=(query.get("q") or "").strip(),
        category=query.get("kategori") or "",
        open_only=not query.get("alla"),
    )
    context = {"form": FundQueryForm(request.GET or None), "funds": funds[:POSTING_LIST_LIMIT]}
    return render(request, "coordination/fund_list.html", context)


def _fund_page(request, fund, *, help_form=None):
    organisations = Organisation.objects.active().acted_for_by(request.user).only("id", "name")
    context = {"fund": fund}
    if request.user.is_authenticated and organisations.exists():
        context["help_form"] = help_form or FundingHelpForm(organisations=organisations)
    return render(request, "coordination/fund_detail.html", context, status=400 if help_form else 200)


@require_GET
def fund_detail(request, pk):
    return _fund_page(request, get_fund_for_user(request.user, pk))


@require_POST
@login_required
def fund_help_view(request, pk):
    fund = get_fund_for_user(request.user, pk)
    organisations = Organisation.objects.active().acted_for_by(request.user)
    form = FundingHelpForm(request.POST, organisations=organisations)
    if not form.is_valid():
        return _fund_page(request, fund, help_form=form)
    try:
        funding_help_request(fund=fund, requested_by=request.user, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return _fund_page(request, fund, help_form=form)
    messages.success(request, _("Tack! Samordnarna hör av sig om ansökan."))
    return redirect(fund)


@login_required
def funding_subscription(request):
    current = FundingSubscription.objects.filter(user=request.user).first()
    form = FundingSubscriptionForm(
        request.POST or None, initial={"categories": current.categories if current else []}
    )
    if request.method == "POST" and form.is_valid():
        subscription = funding_subscription_set(user=request.user, categories=form.cleaned_data["categories"])
        if subscription:
            messages.success(
                request, _("Du får ett e-brev i början av varje månad om sista ansökningsdagar.")
            )
        else:
            messages.success(request, _("Du får inte längre e-brev om fonder och bidrag."))
        return redirect("coordination:funding-subscription")
    return render(
        request,
        "coordination/funding_subscription.html",
        {"form": form, "subscribed": bool(current)},
        status=400 if form.errors else 200,
    )


def funding_unsubscribe_view(request, token):
    """The link in every funding e-mail: a GET shows the button, the POST ends the subscription (no login)."""
    if request.method == "POST":
        if funding_unsubscribe(token=token):
            messages.success(request, _("Du får inte längre e-brev om fonder och bidrag."))
            return redirect("coordination:fund-list")
        messages.error(request, _("Länken är ogiltig."))
    return render(request, "coordination/funding_unsubscribe.html", {"token": token})


@coordinator_required
@require_GET
def mailing_list(request):
    mailings = Mailing.objects.select_related("created_by")[:POSTING_LIST_LIMIT]
    return render(request, "coordination/mailing_list.html", {"mailings": mailings})


@coordinator_required
def mailing_create_view(request):
    form = MailingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        mailing = mailing_create(created_by=request.user, **form.cleaned_data)
        messages.success(request, _("Utkastet är sparat. Kontrollera mottagarna och skicka."))
        return redirect(mailing)
    return render(
        request, "coordination/mailing_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _get_mailing(pk) -> Mailing:
    try:
        return Mailing.objects.select_related("event").get(pk=pk)
    except (Mailing.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@coordinator_required
@require_GET
def mailing_detail(request, pk):
    mailing = _get_mailing(pk)
    context = {"mailing": mailing, "recipients": len(mailing_recipients(mailing))}
    return render(request, "coordination/mailing_detail.html", context)


@require_POST
@coordinator_required
def mailing_send_view(request, pk):
    try:
        mailing_send(mailing=_get_mailing(pk))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Utskicket skickas nu."))
    return redirect("coordination:mailing-detail", pk=pk)


def mail_opt_out_view(request, token):
    """The link in every mailing: a GET shows the button, the POST records the opt-out (no login)."""
    if request.method == "POST":
        if mail_opt_out(token=token):
            messages.success(request, _("Du får inga fler utskick från Malmöandan."))
            return redirect("about")
        messages.error(request, _("Länken är ogiltig."))
    return render(request, "coordination/mail_opt_out.html", {"token": token})
