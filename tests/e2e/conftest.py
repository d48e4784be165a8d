"""Browser tests' shared hooks."""


def pytest_terminal_summary(terminalreporter):
    """Prints what the accessibility crawl checked (tests/e2e/test_accessibility.py).

    The counts travel in each report's ``user_properties``, so they add up across xdist workers.
    """
    pages, roles = 0, set()
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", None) != "call":
                continue
            properties = dict(getattr(report, "user_properties", []))
            if "axe_pages" in properties:
                pages += properties["axe_pages"]
                roles.add(properties["axe_role"])
    if roles:
        terminalreporter.write_line(
            f"Accessibility crawl: axe-core checked {pages} pages as {len(roles)} roles "
            f"({', '.join(sorted(roles))})"
        )
