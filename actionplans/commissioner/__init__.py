"""The Domestic Abuse Commissioner's reports and recommendations, and the public bodies'
responses within 56 days (Domestic Abuse Act 2021 s.16)."""
