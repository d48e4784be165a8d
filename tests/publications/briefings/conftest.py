"""A review walked to "published" with an agreed recommendation on two themes, ready for its
learning briefing."""

import pytest

from actionplans.recommendations.services import themes_for
from cases.models import Stage
from tests.actionplans.factories import agreed_recommendation

PARTS = {
    "background": "Case Juniper was 42 when she died at home in 2025.",
    "why_it_matters": "Coercive control was visible to several agencies, none of them linked it.",
    "what_happened": "Over three years Juniper contacted her GP, the police and housing.",
    "key_learning": "Agencies saw separate incidents, not a pattern of control.",
    "themes_text": "Seeing a pattern across agencies.",
    "what_to_do": "Ask about coercive control at every contact.",
    "reflective_questions": "Would you have seen the pattern?\nWho would you tell?",
}
RECOMMENDATION = "Every agency should record coercive control as a pattern, not an incident."


@pytest.fixture
def published_review(cast):
    review = cast.walk_to(Stage.PUBLISHED, pseudonym="Juniper")
    themes = themes_for(review.partnership)
    chosen = [themes.get(name="Coercive control"), themes.get(name="Information sharing")]
    agreed_recommendation(
        review, by=cast.manager, agency=cast.agency, text=RECOMMENDATION, themes=chosen
    )
    return review
