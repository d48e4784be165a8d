"""Partnerships (Community Safety Partnerships) and agencies."""
