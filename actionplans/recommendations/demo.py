"""Demo action plans: realistic recommendations and actions for every demo review that reaches
Home Office QA, completed (with evidence and sign-off) before a review is closed, and true
repeats across reviews: the same lesson, worded differently, recommended again a review or
two later, with the repeat confirmed by a person.

Registered with ``panels.demo.register_before_action`` (the plan is written just before the
demo submits to QA, and completed just before it closes the review) and, for the confirmed
repeats and the progress of reviews being monitored, with ``dhr.demo.register_seeder``.
Everything goes through the domain functions; running the seeders again adds nothing.
"""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from actionplans.models import PlanAction, ProgressUpdate, Recommendation, RecommendationLink
from actionplans.recommendations import services
from cases.models import Review, Stage
from dhr.models import Agency, User

L = Recommendation.Level

# Lessons that come back, each worded three ways (the first, then two later paraphrases):
# (theme, level, lead agency, action, [wordings]).
FAMILIES = [
    (
        "Risk assessment",
        L.SINGLE_AGENCY,
        "Kent Police",
        "Audit 50 domestic abuse call-outs a quarter for a completed DASH risk assessment.",
        [
            "Kent Police should ensure that officers complete a DASH risk assessment at every "
            "domestic abuse incident and that supervisors check its quality.",
            "Officers attending domestic abuse incidents should always complete the DASH risk "
            "assessment, with its quality checked by a supervisor.",
            "Supervisors should check the quality of DASH risk assessments, which officers must "
            "complete at every domestic abuse incident they attend.",
        ],
    ),
    (
        "Information sharing",
        L.MULTI_AGENCY,
        "Kent and Medway Mental Health NHS Trust",
        "Publish an information-sharing protocol between mental health services and the MARAC.",
        [
            "Mental health services should share information about domestic abuse risk with "
            "the MARAC and with the police when a patient discloses abuse.",
            "When a patient discloses domestic abuse, mental health services should share the "
            "risk information with the police and the MARAC.",
            "Mental health practitioners should share domestic abuse risk information with the "
            "MARAC and police whenever a patient discloses abuse to them.",
        ],
    ),
    (
        "Supporting carers",
        L.SINGLE_AGENCY,
        "Kent County Council Adult Social Care",
        "Add questions about the carer's own safety to the carer's assessment form.",
        [
            "Adult social care should ask carers about their own safety and about domestic "
            "abuse at every carer's assessment, and record the answer.",
            "At each carer's assessment, adult social care should ask the carer about domestic "
            "abuse and their own safety, and record what they say.",
            "Carers should be asked about domestic abuse and their safety at every carer's "
            "assessment by adult social care, with the answer recorded.",
        ],
    ),
    (
        "Training and awareness",
        L.LOCAL,
        "Harbour Domestic Abuse Service",
        "Deliver coercive control training to frontline practitioners of every panel agency.",
        [
            "The partnership should provide training on coercive and controlling behaviour to "
            "frontline practitioners in all agencies.",
            "Frontline practitioners in every agency should receive training on coercive and "
            "controlling behaviour, provided by the partnership.",
            "All agencies' frontline staff should be trained by the partnership to recognise "
            "coercive and controlling behaviour.",
        ],
    ),
]
# Recommendations of one review only.
SINGLES = [
    (
        "Substance misuse",
        L.SINGLE_AGENCY,
        "Probation Service Kent",
        "Refer every person on probation with a domestic abuse history to the alcohol service.",
        "Probation should refer people with a history of domestic abuse and alcohol misuse to "
        "specialist treatment as part of their sentence plan.",
    ),
    (
        "MARAC process",
        L.NATIONAL,
        "Kent Police",
        "Write to the Home Office asking for national guidance on repeat MARAC referrals.",
        "The Home Office should issue national guidance on how MARACs handle repeat referrals "
        "of the same victim within twelve months.",
    ),
    (
        "Barriers to engagement",
        L.LOCAL,
        "Harbour Domestic Abuse Service",
        "Offer outreach appointments in GP surgeries for victims who do not attend.",
        "Specialist domestic abuse services should offer outreach for victims who miss "
        "appointments, instead of closing their case.",
    ),
]

EVIDENCE = b"Evidence of completion: audit report and minutes of the assurance meeting.\n"


def _order(review: Review) -> int:
    """How many reviews had their plan written before this one."""
    return Review.objects.filter(recommendations__isnull=False).distinct().count()


def _themes(review, name):
    return list(services.themes_for(review.partnership).filter(name=name))


def prepare_plan(review: Review, *, manager: User, chair: User, on: date) -> None:
    """Before QA: the chair drafts three or four recommendations, the manager agrees them and
    adds an action to each. The first review to get a plan uses each lesson's first wording;
    later ones repeat two of them in other words (never a wording used before)."""
    if review.recommendations.exists():
        return
    slot = _order(review)
    agencies = {agency.name: agency for agency in Agency.objects.all()}
    chosen = []
    # The two lessons used least so far (the next in turn first), each in the next wording not
    # used yet by another review: a lesson comes back in other words.
    uses = [Recommendation.objects.filter(text__in=family[4]).count() for family in FAMILIES]
    order = sorted(
        range(len(FAMILIES)), key=lambda index: (uses[index], (index - slot) % len(FAMILIES))
    )
    for index in order[:2]:
        family = FAMILIES[index]
        wording = family[4][uses[index] % 3]
        chosen.append((family[0], family[1], family[2], family[3], wording))
    chosen.append(SINGLES[slot % len(SINGLES)])
    author = chair if services.may_draft(chair, review) else manager
    for theme, level, lead, action_text, text in chosen:
        lead_agency = agencies.get(lead) or Agency.objects.order_by("pk").first()
        recommendation = services.draft_recommendation(
            review,
            by=author,
            text=text,
            level=level,
            addressed_agencies=[lead_agency],
            addressed_to="Home Office" if level == L.NATIONAL else "",
            themes=_themes(review, theme),
        )
        services.agree_recommendation(recommendation, by=manager, agreed_on=on)
        services.add_action(
            recommendation,
            by=manager,
            description=action_text,
            lead_agency=lead_agency,
            target_date=on + timedelta(days=180 + 30 * recommendation.number),
            owner_name="Head of safeguarding",
        )


def complete_plan(review: Review, *, manager: User, chair: User, on: date) -> None:
    """Before closing: each lead agency reports its action done with evidence, and the manager
    signs it off (the last one is recorded as not completed, with the reason)."""
    open_actions = list(
        PlanAction.objects.filter(review=review)
        .exclude(status__in=PlanAction.CLOSED_STATUSES)
        .select_related("lead_agency", "review")
        .order_by("recommendation__number", "number")
    )
    for index, action in enumerate(open_actions):
        member = action.lead_agency.members.filter(role="agency_member", is_active=True).first()
        if member is None:
            services.close_action(
                action, by=manager, status=PlanAction.Status.SUPERSEDED, reason="Agency merged."
            )
            continue
        last = index == len(open_actions) - 1 and len(open_actions) > 2
        proposed = PlanAction.Status.NOT_COMPLETED if last else PlanAction.Status.COMPLETED
        update = services.post_update(
            action,
            by=member,
            note="The action is done; the evidence is attached."
            if not last
            else "The funding for this action was not renewed.",
            proposed_status=proposed,
            reason="Funding withdrawn by the commissioner of the service." if last else "",
            files=[] if last else [SimpleUploadedFile("evidence.txt", EVIDENCE, "text/plain")],
            posted_on=on,
        )
        services.sign_off(update, by=manager, on=on)


def seed_action_plans(generated_reviews: int = 0) -> None:
    """Confirms the demo's true repeats (a later wording of a lesson repeats its first, or
    builds on it) and gives the reviews being monitored some progress."""
    families = {}
    for family_index, family in enumerate(FAMILIES):
        for wording_index, text in enumerate(family[4]):
            families[text] = (family_index, wording_index)
    recommendations = list(
        Recommendation.objects.filter(text__in=families)
        .select_related("review__partnership", "drafted_by")
        .order_by("review__notified_on", "review__pk", "number")
    )
    for index, recommendation in enumerate(recommendations):
        if RecommendationLink.objects.filter(recommendation=recommendation).exists():
            continue
        family_index, wording_index = families[recommendation.text]
        author = recommendation.drafted_by
        if author is None or not services.may_draft(author, recommendation.review):
            author = _manager_of(recommendation.review)
        if author is None:
            continue
        readable = set(Review.objects.for_user(author).values_list("pk", flat=True))
        earlier = next(
            (
                candidate
                for candidate in recommendations[:index]
                if families[candidate.text][0] == family_index
                and candidate.text != recommendation.text  # other words, not a copy
                and candidate.review_id != recommendation.review_id
                and candidate.review_id in readable
            ),
            None,
        )
        if earlier is None:
            continue
        services.link_recommendations(
            recommendation,
            by=author,
            earlier=earlier,
            # The third wording adds to the lesson: it builds on the earlier one.
            relation=RecommendationLink.Relation.BUILDS_ON
            if wording_index == 2
            else RecommendationLink.Relation.REPEATS,
        )
    for review in Review.objects.filter(stage=Stage.MONITORING):
        action = (
            PlanAction.objects.filter(review=review, status=PlanAction.Status.NOT_STARTED)
            .select_related("lead_agency", "review")
            .order_by("recommendation__number", "number")
            .first()
        )
        if action is None or ProgressUpdate.objects.filter(action__review=review).exists():
            continue
        member = action.lead_agency.members.filter(role="agency_member", is_active=True).first()
        if member is not None and not review.is_on_hold:
            services.post_update(
                action,
                by=member,
                note="The first quarterly audit is done; the second is booked.",
                proposed_status=PlanAction.Status.IN_PROGRESS,
            )


def _manager_of(review: Review):
    return (
        User.objects.filter(
            role="review_manager", partnerships=review.partnership_id, is_active=True
        )
        .order_by("pk")
        .first()
    )
