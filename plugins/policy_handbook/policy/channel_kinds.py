"""The kinds of channel a policy can name, and what each is called on the page. Each kind's
character limits, where published, are in data/platform_limits.yaml."""

from __future__ import annotations

from typing import Literal

ChannelKind = Literal[
    "facebook-page",
    "facebook-group",
    "twitter",
    "instagram",
    "linkedin",
    "youtube",
    "bluesky",
    "threads",
    "mastodon",
    "tiktok",
    "whatsapp-channel",
    "whatsapp-community",
    "nextdoor",
    "blog",
    "website",
    "email",
    "other",
]

# What each kind of channel is called on the page.
CHANNEL_KIND_WORDS = {
    "facebook-page": "Facebook page",
    "facebook-group": "Facebook group",
    "twitter": "X (Twitter)",
    "instagram": "Instagram",
    "linkedin": "LinkedIn",
    "youtube": "YouTube",
    "bluesky": "Bluesky",
    "threads": "Threads",
    "mastodon": "Mastodon",
    "tiktok": "TikTok",
    "whatsapp-channel": "WhatsApp channel",
    "whatsapp-community": "WhatsApp community",
    "nextdoor": "Nextdoor",
    "blog": "Blog",
    "website": "Website",
    "email": "Email",
    "other": "Other",
}
