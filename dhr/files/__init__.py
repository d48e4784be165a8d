"""Files: checking uploads by content and size, serving files as attachments, the access log."""
