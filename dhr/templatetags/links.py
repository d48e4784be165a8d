"""``{% fixed_url "home" %}`` and ``{% review_url "cases:detail" review.reference %}``: what
``{% url %}`` gives, reversed once per process (``dhr.links``). For the links every page draws
(the layout, a review's header and tabs)."""

from django import template

from dhr import links

register = template.Library()

register.simple_tag(links.fixed_url, name="fixed_url")
register.simple_tag(links.review_url, name="review_url")
