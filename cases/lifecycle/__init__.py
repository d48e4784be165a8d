"""The review lifecycle: stages, transitions and their guards (``workflow``), holds, the
statutory clocks, and the stage pages from notification to closure."""
