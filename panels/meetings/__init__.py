"""Panel meetings: scheduling, attendance, minutes and actions arising."""
