"""Where a prescribed wording cannot do the job its policy gives it, as written: a post to pin
that only goes out as a thread (a platform pins one post), or words for a profile longer than
the profile holds. Said plainly, with the options and the platform facts they rest on (each
cited from `data/platform_limits.yaml`), instead of suggesting half of it. No MkDocs import here.
"""

from __future__ import annotations

from ..policy import reply_text
from ..policy.model import Policy, Reply
from ..text import platform_limits

_NUMBERS = {1: "one", 2: "two", 3: "three"}


def _contact_words(policy: Policy, reply: Reply) -> list[str]:
    return [value for _, value in policy.contacts.get(reply.contact).ways]


def _pinned_as_thread(
    measure: reply_text.Measure, policy: Policy, reply: Reply, owner: str
) -> str | None:
    pin = platform_limits.pinning(measure.channel.kind)
    if pin is None or len(measure.parts) < 2:
        return None
    total = len(measure.parts)
    text = (
        f"{measure.channel.name} pins {_NUMBERS.get(pin.posts, pin.posts)} post"
        f"{'s' if pin.posts != 1 else ''} at a time, so this wording cannot be "
        f"pinned whole as written: it is {total} posts long, and pinned, part 1 would show "
        "alone"
    )
    missing = [word for word in _contact_words(policy, reply) if word not in measure.parts[0]]
    if missing and any(word in "".join(measure.parts[1:]) for word in missing):
        text += " (without the phone number or email, which are in a later part)"
    options = [
        f"ask {owner}'s policy owner for a wording of at most {measure.limit:,} characters "
        "that can be pinned",
    ]
    if pin.long_limit and pin.long_needs:
        options.append(
            f"post it as one long post, which {measure.channel.name} allows up to "
            f"{pin.long_limit:,} characters only with {pin.long_needs}"
        )
    options.append("pin part 1 and reply to it with the rest, knowing readers see part 1 first")
    sources = f"pinning: {pin.source}, checked {pin.as_of}"
    if pin.long_source:
        sources += f"; long posts: {pin.long_source}, checked {pin.long_as_of}"
    ways = "; or ".join(options)
    return f"{text}. The options: {ways}. (Where the platform facts come from: {sources}.)"


def _too_long_for_profile(reply: Reply, policy: Policy, owner: str) -> list[str]:
    if "profile" not in reply.also:
        return []
    text = reply_text.fill(reply.text, policy, reply.contact)
    found = []
    for channel_id in reply.channels:
        channel = policy.channels.get(channel_id)
        if channel is None:
            continue
        limit = platform_limits.limit_for(channel.kind, "profile")
        if limit is None:
            continue
        length = reply_text.length_for(text, channel)
        if length <= limit.limit:
            continue
        found.append(
            f"The policy also wants these words in the profile, but a {channel.name} profile "
            f"holds {limit.limit:,} characters and they are {length:,}, so they cannot go there "
            f"as written. The options: ask {owner}'s policy owner for a shorter profile "
            "wording; or leave the profile as it is and rely on the pinned post. (Where the "
            f"profile limit comes from: {limit.source}, checked {limit.as_of}.)"
        )
    return found


def cannot(reply: Reply, policy: Policy) -> tuple[str, ...]:
    """Plain sentences, one per way the wording cannot do its job as written (none if it can)."""
    owner = policy.organisation.short_name
    found: list[str] = []
    if reply.how == "pinned-post":
        for measure in reply_text.measure(reply, policy):
            problem = _pinned_as_thread(measure, policy, reply, owner)
            if problem:
                found.append(problem)
    found += _too_long_for_profile(reply, policy, owner)
    return tuple(found)
