"""Facts about the policy document itself: its title, version, dates and review cycle.

Most public policies state no adoption or review date, and some state only a cycle
("reviewed annually"). Every date here is optional, and nothing is made up where one is
missing: the handbook says "not stated in the policy" instead. The next review is the
explicit `review_due` when given, else `last_reviewed` (or `adopted`) plus `review_every`.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator

from .fields import PolicyDate, Strict, Text

_CYCLE = re.compile(r"(?:every\s+)?(\d+)\s+(month|months|year|years)", re.IGNORECASE)
_CYCLE_WORDS = {"annually": 12, "yearly": 12, "every year": 12, "every month": 1, "monthly": 1}


def _months(value: Any) -> Any:
    """'12 months', '2 years', 'annually' → a number of months; anything else is refused."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError('must be a period like "12 months" or "2 years"')
    if isinstance(value, int):
        raise ValueError(
            f'is the number {value} without a unit; write "{value} months" or "{value} years"'
        )
    text = " ".join(value.lower().split())
    if text in _CYCLE_WORDS:
        return _CYCLE_WORDS[text]
    match = _CYCLE.fullmatch(text)
    if not match:
        raise ValueError(f'must be a period like "12 months" or "2 years", got "{value}"')
    count = int(match.group(1))
    months = count * 12 if match.group(2).startswith("year") else count
    if not 1 <= months <= 120:
        raise ValueError(f'must be between 1 month and 10 years, got "{value}"')
    return months


# Months between reviews, written as words in the YAML.
ReviewCycle = Annotated[
    int,
    BeforeValidator(_months),
    WithJsonSchema(
        {
            "type": "string",
            "description": 'How often the policy is reviewed: "12 months", "2 years", "annually".',
        }
    ),
]


def cycle_words(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return "every year" if years == 1 else f"every {years} years"
    return "every month" if months == 1 else f"every {months} months"


def add_months(date: PolicyDate, months: int) -> PolicyDate:
    """`date` moved on by `months`, as precise as it was (a day stays a day, a month a month)."""
    total = date.year * 12 + (date.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    day = None
    if date.day is not None:
        day = min(date.day, _stdlib_calendar.monthrange(year, month)[1])
    return PolicyDate(year=year, month=month, day=day)


class PolicyFacts(Strict):
    """The `policy:` block: what the document is and when it was adopted and reviewed."""

    title: Text = "Social Media Policy"
    version: str | None = Field(None, description='As the policy numbers itself, e.g. "1.0".')
    adopted: PolicyDate | None = Field(
        None, description="When the policy was adopted: 2018-04-23 or 2022-11. Omit if not stated."
    )
    adopted_by: str | None = Field(None, description="Who adopted it, e.g. 'the Steering Group'.")
    published: PolicyDate | None = Field(
        None,
        description="When the policy was published on the web, where it says so (not its "
        "adoption): 2025-03-01 or 2025-03.",
    )
    last_reviewed: PolicyDate | None = Field(
        None, description="When it was last reviewed: 2024-05-01 or 2024-05. Omit if not stated."
    )
    review_every: ReviewCycle | None = Field(
        None, description='How often it is reviewed, e.g. "12 months" or "2 years".'
    )
    review_due: PolicyDate | None = Field(
        None,
        description="When the policy is due for review: 2019-04-22 or 2024-04. Omit if not "
        "stated; with review_every, it is worked out from last_reviewed or adopted.",
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> PolicyFacts:
        if (
            self.adopted
            and self.last_reviewed
            and self.last_reviewed.last_day < self.adopted.first_day
        ):
            raise ValueError(
                f"last_reviewed ({self.last_reviewed.display()}) is before adopted "
                f"({self.adopted.display()}); a policy is reviewed after it is adopted"
            )
        return self

    @property
    def next_review(self) -> PolicyDate | None:
        """When the next review falls due, if the policy says or lets us work it out."""
        if self.review_due is not None:
            return self.review_due
        base = self.last_reviewed or self.adopted
        if self.review_every is not None and base is not None:
            return add_months(base, self.review_every)
        return None

    @property
    def review_basis(self) -> str | None:
        """How a worked-out review date was found, in words; None when stated or unknown."""
        if self.review_due is not None or self.next_review is None:
            return None
        assert self.review_every is not None
        base, what = (
            (self.last_reviewed, "last review")
            if self.last_reviewed
            else (self.adopted, "adoption")
        )
        assert base is not None
        return f"reviewed {cycle_words(self.review_every)}; {what} {base.display()}"
