"""A plan to feeds: the .ics calendars and the daily digest, stopped at the size limit while
they are written. Imports only the floors below it (see ARCHITECTURE.md)."""
