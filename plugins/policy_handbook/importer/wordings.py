"""Words the policy prescribes: a message to send ("send them … the following:"), text for the
profile ("add the following to our profile"), the profile text itself, and the kinds of account
to follow. Each becomes a reply or a follow list, marked as a guess."""

from __future__ import annotations

import re

from .document import Document, Piece
from .draft import Draft
from .facts import EMAIL, PHONE, platforms_in

INTRO = re.compile(
    r"(?i)(\bsend\b.*\bthe following|\badd the following to\b|\b(?:reply|respond|post|use)\b"
    r".*\bthe following (?:message|wording|words|text|statement)|\bthe following "
    r"(?:message|wording|statement)\b.*\b(?:send|post|use|reply))[^:]*:\s*$"
)
_PROFILE_TEXT = re.compile(r"(?i)^(profile|bio|account)\s*(text|description|bio)$")
_PROFILE_PICTURE = re.compile(r"(?i)^profile\s*(picture|photo|image)$")
_FOLLOW = re.compile(r"(?i)\bfollow")
# A quotation introduced as words to use ("reply with these words:"), not as a source quoted.
_QUOTED_WORDING = re.compile(
    r"(?i)\b(message|reply|respond|wording|words|say|post|send|pin)\w*\b[^:]*:\s*$"
)


def recognise(document: Document, draft: Draft) -> dict[int, str]:
    """Replies and the follow list; returns the pieces (by index) a reply block replaces."""
    replies: list[dict] = []
    draft.data["replies"] = replies
    replaced: dict[int, str] = {}
    heading: Piece | None = None
    pieces = document.pieces
    for index, piece in enumerate(pieces):
        if piece.kind == "heading":
            heading = piece
            continue
        title = heading.text if heading else ""
        after_heading = index > 0 and pieces[index - 1] is heading
        if piece.kind in ("paragraph", "quote") and after_heading and heading is not None:
            if _PROFILE_PICTURE.match(title):
                draft.data["organisation"]["profile_picture"] = piece.text
                draft.guess(
                    ("organisation", "profile_picture"), f'guess: under "{title}"', piece.line
                )
            if _PROFILE_TEXT.match(title):
                draft.data["organisation"]["profile_text"] = piece.text
                draft.guess(("organisation", "profile_text"), f'guess: under "{title}"', piece.line)
                replaced[index] = _reply(draft, replies, title, None, piece, "profile")
                continue
        previous = pieces[index - 1] if index else None
        introduced = previous is not None and previous.kind == "paragraph"
        if (
            piece.kind in ("paragraph", "quote") and introduced and INTRO.search(previous.text)
        ) or (piece.kind == "quote" and introduced and _QUOTED_WORDING.search(previous.text)):
            replaced[index] = _reply(draft, replies, title, previous, piece, _how(previous.text))
    _follow(document, draft)
    return replaced


def _how(intro: str) -> str:
    lower = intro.casefold()
    if "direct" in lower or "private message" in lower:
        return "direct-message"
    if "pinned" in lower or "pin " in lower:
        return "pinned-post"
    if "profile" in lower:
        return "profile"
    if "email" in lower:
        return "email"
    return "post"


def _reply(
    draft: Draft, replies: list[dict], title: str, intro: Piece | None, piece: Piece, how: str
) -> str:
    reply_id = draft.new_id(" ".join([*(title or "reply").split()[:4], "message"]), "reply")
    when = intro.text.rstrip(":").strip() if intro else f'The policy\'s "{title}".'
    reply = {
        "id": reply_id,
        "title": title or "Prescribed message",
        "situation": title or "A message the policy prescribes",
        "when": when,
        "how": how,
        "text": placeholders(piece.text, draft.data.get("contacts", {})),
    }
    path = ("replies", len(replies))
    replies.append(reply)
    said = f"the paragraph after {draft.where(intro.line)}" if intro else f'under "{title}"'
    named = [
        key
        for key in platforms_in(f"{title} {intro.text if intro else ''}")
        if key in draft.data.get("channels", {})
    ]
    draft.guess(path, f"guess: words the policy prescribes, {said}", piece.line)
    if named:  # run.py takes them off again if the words are over a platform's limit there
        reply["channels"] = named
        draft.guess((*path, "channels"), "guess: named in its section or the words before it", None)
    draft.guess((*path, "how"), "guess: from the words before it", intro.line if intro else None)
    return reply_id


def placeholders(text: str, contacts: dict) -> str:
    """The contacts in `text` as {phone} and {email}, so the reply follows the contacts."""
    phone, email = contacts.get("phone"), contacts.get("email")
    if phone:
        digits = re.sub(r"\D", "", phone)
        text = PHONE.sub(
            lambda m: "{phone}" if re.sub(r"\D", "", m.group(0)) == digits else m.group(0), text
        )
    if email:
        text = EMAIL.sub(
            lambda m: "{email}" if m.group(0).casefold() == email.casefold() else m.group(0), text
        )
    return text


def _follow(document: Document, draft: Draft) -> None:
    """The first list under a heading about following: its items are the kinds to follow."""
    pieces = document.pieces
    for index, piece in enumerate(pieces):
        if piece.kind != "heading" or not _FOLLOW.search(piece.text):
            continue
        body = []
        for later in pieces[index + 1 :]:
            if later.kind == "heading":
                break
            body.append(later)
        listed = next((p for p in body if p.kind in ("list", "numbered")), None)
        if listed is None:
            continue
        kinds = []
        for item in listed.items:
            kinds.append({"id": draft.new_id(item.text, "kind"), "name": item.text})
        follow: dict = {}
        platforms = [k for k in platforms_in(piece.text) if k in draft.data["channels"]]
        if platforms:
            follow["platforms"] = platforms
        intro = next((p for p in body if p.kind == "paragraph"), None)
        if intro is not None and body.index(intro) < body.index(listed):
            follow["intro"] = intro.text
        follow["kinds"] = kinds
        draft.data["follow"] = follow
        draft.guess(("follow",), f'guess: the list under "{piece.text}"', listed.line)
        return
