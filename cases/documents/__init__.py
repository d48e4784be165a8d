"""A review's documents, and the stages that carry one: terms of reference and Home Office QA."""
