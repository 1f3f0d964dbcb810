"""axe-core (the newest, from npm) on every portal form in its error state: each form that a coordinator or a
representative can submit is posted empty (as tests/test_error_summary.py does), and the refused page, with
its error summary and the fields' messages, is checked in the browser."""

import pytest

from tests.test_error_summary import refused_pages, urls  # noqa: F401 (urls is a fixture)

from .fixtures import PageChecks


def test_every_refused_portal_form_passes_axe(page, axe, client, urls, live_server):  # noqa: F811
    checks = PageChecks(page, axe)
    problems, checked = [], 0
    page.goto(live_server.url + "/")  # the refused pages' stylesheets and scripts come from the live server
    for persona, name, url, response in refused_pages(client, urls):
        page.set_content(response.content.decode(), wait_until="load")
        try:
            checks.axe_check(f"POST {url} as {persona} (refused)")
            checked += 1
        except (pytest.fail.Exception, AssertionError) as error:
            problems.append(f"{name} as {persona}: {error}")
    assert not problems, "\n\n".join(problems)
    assert checked >= 10, checked
