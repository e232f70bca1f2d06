"""An in-process review room for the tests that need no browser (Starlette's TestClient)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .browser import SAMPLE



class Room:
    def __init__(self, tmp: Path, *, base_url: str = "http://127.0.0.1:8000", with_review: bool = True,
                 config=None, sample: Path = SAMPLE):
        from starlette.testclient import TestClient

        from lic_policy.web.app import Config, create_app
        from lic_policy.web.site import Site
        from lic_policy.web.state import State

        self.dir = tmp
        self.guideline = tmp / sample.name
        shutil.copy(sample, self.guideline)
        review = sample.with_name(sample.name[:-5] + ".review.yaml")
        self.review_file = tmp / review.name
        if with_review:
            shutil.copy(review, self.review_file)
        self.state_path = tmp / "state.sqlite3"
        self.state = State(self.state_path)
        self.site = Site([str(tmp)])
        self.gid = next(iter(self.site.guidelines))
        self.g = self.site.guidelines[self.gid]
        self.config = config or Config()
        self.app = create_app(self.site, self.state, self.config)
        self.base_url = base_url
        self.TestClient = TestClient

    def client(self, **kw):
        return self.TestClient(self.app, base_url=self.base_url, follow_redirects=False, **kw)

    def staff(self):
        c = self.client()
        r = c.get(f"/operator/{self.state.new_operator_token()}")
        assert r.status_code == 303, r.text
        return c

    def open_round(self, staff, reviewers="advisory-3 sex-worker-advisory\nadvisory-4 sex-worker-advisory",
                   **extra) -> tuple[int, dict]:
        csrf = csrf_of(staff.get(f"/staff/g/{self.gid}").text)
        r = staff.post(f"/staff/g/{self.gid}/rounds", data={"csrf": csrf, "reviewers": reviewers, **extra})
        assert r.status_code == 303, r.text  # to the links page (fix27: a reload opened a second round)
        r = staff.get(r.headers["location"])
        assert r.status_code == 200, r.text
        links = dict(re.findall(r'value="(?:[^"]*)/i/([A-Za-z0-9_-]+)" readonly data-handle="([^"]+)"', r.text))
        rid = int(re.search(r'href="/staff/r/(\d+)"', r.text).group(1))
        return rid, {handle: token for token, handle in links.items()}

    def reviewer(self, token: str):
        c = self.client()
        r = c.get(f"/i/{token}")
        assert r.status_code == 303, r.text
        return c


def draft_rounds(tmp: Path) -> tuple[Room, str, str]:
    """A room on the flawed sample draft with two rounds of advisory reviewers, one that does
    not show the automated check and one that does, and the review page each round's reviewer
    sees (hidden, shown)."""
    from .conftest import DRAFT

    room = Room(tmp, with_review=False, sample=DRAFT)
    staff = room.staff()
    _rid, hidden = room.open_round(staff, reviewers="advisory-3 sex-worker-advisory")
    _rid2, shown = room.open_round(staff, reviewers="advisory-4 sex-worker-advisory", show_findings="1")
    return (room, room.reviewer(hidden["advisory-3"]).get("/review").text,
            room.reviewer(shown["advisory-4"]).get("/review").text)


def serve_invite(tmp: Path, spec: str):
    """`lic-policy serve` of a copy of the sample guideline in ``tmp`` (the room's state there
    too) with ``--invite SPEC``: the command's result."""
    from .conftest import run_cli

    g = tmp / SAMPLE.name
    if not g.exists():
        g.write_bytes(SAMPLE.read_bytes())
    return run_cli("serve", str(g), "--state", str(tmp / "state.sqlite3"), "--invite", spec)


RESPOND_PAGE = "/review/respond?part=response.violence.1%7Ctext"
"""The Respond page of the sample's first violence-response clause (a phone's way to respond)."""


def advisory_reviewer(tmp: Path):
    """A room on the sample with one open round: (the room, advisory-3's signed-in client)."""
    room = Room(tmp, with_review=False)
    staff = room.staff()
    _rid, links = room.open_round(staff)
    return room, room.reviewer(links["advisory-3"])


def reviewer_suggestion(tmp: Path):
    """A room on the sample with one open round in which advisory-3 suggested "Stay beside"
    for "Stay with" (response.violence.1): (the room, the staff's client, the round's id, the
    suggestion's thread id)."""
    from lic_policy.review import threads

    room = Room(tmp)
    staff = room.staff()
    rid, links = room.open_round(staff)
    phone = room.reviewer(links["advisory-3"])
    html = phone.get("/review").text
    key = "response.violence.1|text"
    r = phone.post("/review/threads", data={"part": key, "h": part_of(html, key), "span": "words",
                                            "quote": "Stay with", "kind": "suggestion", "replacement": "Stay beside",
                                            "body": "Gentler.", "csrf": csrf_of(html)})
    assert r.status_code == 303, r.text
    return room, staff, rid, threads.load(room.review_file).review.threads[-1].id


def send_response(c, **fields):
    """Post the Respond page's form as the page gives it (its hidden fields), with ``fields``."""
    html = c.get(RESPOND_PAGE).text
    form = re.findall(r'<form method="post" action="/review/threads">.*?</form>', html, re.S)[-1]
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    data.update(fields)
    return c.post("/review/threads", data=data)


def csrf_of(html: str) -> str:
    m = re.search(r'data-csrf="([^"]*)"', html) or re.search(r'name="csrf" value="([^"]+)"', html)
    return m.group(1)


def part_of(html: str, key: str) -> str:
    """The fingerprint (data-h) the page gives a part."""
    return re.search(r'data-part="' + re.escape(key) + r'" data-h="(\w+)"', html).group(1)
