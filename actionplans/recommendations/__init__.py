"""The review's recommendations and action plan, tracked to completion, with repeats found."""
