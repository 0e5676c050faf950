"""The `handbook` plugin's options in mkdocs.yml.

plugins:
  - handbook:
      policies_dir: policies
      calendar_dir: calendar
      replies: true            # Canned replies pages and snippets
      follow: true             # Who we follow pages and CSV files
      search: true             # the search page and its Pagefind index (site/pagefind/)
      calendar:                # the posting calendar (enabled: false turns it off)
        weeks_back: 2
        weeks_ahead: 13
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class CalendarConfig(Config):
    enabled = c.Type(bool, default=True)
    # Bounded (0-52 and 0-104) with every other check in Handbook.load.
    weeks_back = c.Type(int, default=2)
    weeks_ahead = c.Type(int, default=13)
    # Processes writing feeds for large sites; 0 means one per CPU, 1 writes them in turn.
    workers = c.Type(int, default=0)


class HandbookConfig(Config):
    policies_dir = c.Type(str, default="policies")
    # Awareness sets (awareness/<set-id>.yaml) and blackout dates for the posting calendar.
    calendar_dir = c.Type(str, default="calendar")
    # Where the pencil on an organisation's pages leads, e.g.
    # "https://github.com/org/handbook/edit/main/{path}" ({path}: policies/<file>.yaml).
    # Unset: repo_url and edit_uri in mkdocs.yml lead to the YAML there; neither: no pencil.
    edit_url_template = c.Optional(c.Type(str))
    replies = c.Type(bool, default=True)
    follow = c.Type(bool, default=True)
    # Search in staff's words: the search page and a Pagefind index of the built site.
    search = c.Type(bool, default=True)
    calendar = c.SubConfig(CalendarConfig)
