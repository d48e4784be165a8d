"""Family engagement: the victim's family and friends, their advocate and every contact."""
