"""Deploy tests: a failed test that ran against real web nodes shows the tail of their logs."""

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    stack = getattr(item, "funcargs", {}).get("stack")
    if report.failed and stack is not None and hasattr(stack, "log_tails"):
        report.sections.append(("web node and worker logs (last lines)", stack.log_tails()))
