"""Deadlines as rows: opening and closing them, the timescale rules, the daily reminder pass
and weekly digest, My work and the calendar feeds."""
