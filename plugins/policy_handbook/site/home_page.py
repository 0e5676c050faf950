"""`index.md`: the home page, every organisation with its review status and This week.

No MkDocs import here.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import pages
from ..policy import situations
from ..policy.model import Policy
from ..views.organisation import review_status
from .templating import RenderContext, render


def home_page(policies: Iterable[Policy], context: RenderContext) -> str:
    rows = [
        {
            "policy": policy,
            "uri": context.registry.uri(pages.POLICY, policy.slug),
            "this_week": context.registry.uri(pages.THIS_WEEK, policy.slug)
            if context.registry.has(pages.THIS_WEEK, policy)
            else None,
            "status": review_status(policy, context.today),
            "overdue": policy.is_overdue(context.today),
        }
        for policy in policies
    ]
    return render(
        "home.md.j2",
        rows=rows,
        site_pages=context.registry.site_pages(),
        situations=situations.vocabulary(),
    )
