"""A sex-worker advisory reviewer's whole path on a phone (390 × 844), in a real browser (issue:
ux6): the invitation link, the draft, a suggestion made on the Respond page with JavaScript
off, "Back to the draft" to where they were, the drafter's answer from the CLI, and coming back
later to find it at the top of the page. With LIC_POLICY_README_PICTURES=FOLDER it draws the
README's picture of a reviewer coming back."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest

from .browser import AXE, Server, axe_violations, browser_missing, browsers, describe
from .conftest import newcomer_draft, run_cli
from .test_web_browser import _click_and_wait, _wait

pytestmark = [pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing())), pytest.mark.slow]

PHONE = (390, 844)


def _kelsey(tmp_path: Path) -> Path:
    docx = newcomer_draft("kelsey_falls").build(tmp_path / "kelsey-falls.docx")
    out = tmp_path / "kelsey-falls.yaml"
    r = run_cli("import", str(docx), "-o", str(out), "--owner-role", "Director of Social Planning")
    assert r.exit_code == 0, r.stderr
    return out


def _no_sideways_scroll(driver) -> None:
    width, inner = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"the page is {width}px wide on a {inner}-px screen"


def _axe(driver, name: str) -> None:
    if AXE.exists():
        bad = axe_violations(driver, impacts=("minor", "moderate", "serious", "critical"))
        assert not bad, f"{name}: axe found {describe(bad)}"


def test_a_reviewer_on_a_phone_responds_and_comes_back_to_the_answer(tmp_path):
    from selenium.webdriver.common.by import By

    guideline = _kelsey(tmp_path)
    with Server(guideline, with_review=False) as srv:
        out = srv.cli("serve", str(srv.dir), "--state", str(srv.state), "--port", str(srv.port),
                      "--invite", "sunflower", "--closes", (dt.date.today() + dt.timedelta(days=30)).isoformat())
        assert out.returncode == 0, out.stderr
        link = re.search(r"sunflower \(sex-worker-advisory\): (\S+)", out.stdout).group(1)
        with browsers(PHONE) as (phone,):
            phone.get(link)
            _wait(phone, "#guideline")
            _no_sideways_scroll(phone)
            assert not phone.find_elements(By.CSS_SELECTOR, ".yours")  # nothing written yet
            _axe(phone, "draft")
            # JavaScript off from here: the Respond page is plain HTML
            phone.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
            phone.get(srv.base + "/review/respond?part=resident-calls.1%7Ctext")
            _wait(phone, "fieldset")
            _no_sideways_scroll(phone)
            phone.find_element(By.ID, "quote").send_keys("conduct sweeps of the area")
            phone.find_element(By.ID, "kind-suggestion").click()
            phone.find_element(By.ID, "replacement").send_keys("ask the outreach team to check in, if people want that")
            phone.find_element(By.ID, "body").send_keys("Sweeps push people into darker places. Outreach keeps them safe.")
            phone.find_element(By.CSS_SELECTOR, "form[action='/review/threads'] button.primary").click()
            _wait(phone, "#thread-t1")
            assert phone.current_url.endswith("/review?sent=t1#thread-t1")
            assert "Sent." in phone.find_element(By.CSS_SELECTOR, "#thread-t1 [role=status]").text
            # "Back to the draft" from another Respond page lands on that part
            phone.get(srv.base + "/review/respond?part=discarded-needles.1%7Ctext")
            _wait(phone, "fieldset")
            phone.find_element(By.LINK_TEXT, "Back to the draft").click()
            _wait(phone, "#guideline")
            assert phone.current_url.endswith("/review#discarded-needles.1")
            # the drafter reads it from the CLI and answers
            listed = srv.cli("review", "list", str(srv.guideline))
            assert "suggestion on resident-calls.1 by sunflower (sex-worker-advisory)" in listed.stdout
            answer = srv.cli("review", "reply", str(srv.guideline), "t1", "--author", "social-planning", "--role",
                             "staff", "--body", "Thank you: we are taking the sweeps sentence out and using your words.")
            assert answer.returncode == 0, answer.stderr
            # coming back later (JavaScript on again)
            phone.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
            phone.get(srv.base + "/review")
            _wait(phone, "#guideline")
            box = phone.find_element(By.CSS_SELECTOR, ".round-info .yours")
            assert box.get_attribute("open") is not None
            assert "Your responses: 1, 1 with a reply" in box.text
            assert "1 reply, the newest from social-planning (Staff)" in box.text
            _axe(phone, "coming back")
            folder = os.environ.get("LIC_POLICY_README_PICTURES")
            if folder:
                phone.execute_script("window.scrollTo(0, 0)")
                phone.save_screenshot(str(Path(folder) / "review-room-phone-coming-back.png"))
            box.find_element(By.TAG_NAME, "a").click()
            _wait(phone, "#thread-t1")
            thread = phone.find_element(By.ID, "thread-t1")
            assert "taking the sweeps sentence out" in thread.text
        review = srv.review_file.read_text(encoding="utf-8")
        assert "127.0.0.1" not in review and "Mozilla" not in review and "HeadlessChrome" not in review
        state = srv.state.read_bytes()
        assert b"HeadlessChrome" not in state and b"Mozilla" not in state
