"""The dashboards that span apps (DESIGN.md 2): sections registered by the apps owning the data."""
