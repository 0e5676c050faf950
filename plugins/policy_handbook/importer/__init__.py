"""From a policy document (Word, OpenDocument, web page, Markdown, text or PDF) to a draft
policy file that the loader accepts: `python -m policy_handbook import FILE`."""
