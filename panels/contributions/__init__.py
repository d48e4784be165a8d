"""Agency contributions: requests to agencies, their uploads and versions, chronology
imports, submission and acceptance."""
