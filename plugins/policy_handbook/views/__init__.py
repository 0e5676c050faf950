"""What a page shows, worked out once from the model and the plan and shared by every page
that shows it: a reply with its Copy buttons, the week's agenda, an organisation's contacts,
review status and targets in words. No templates, and no page of its own (see ARCHITECTURE.md)."""
