"""The review room as an ASGI application (Starlette), over ``web.site`` and ``web.state``.

Safety, in one place:

* every response carries a strict Content-Security-Policy (``default-src 'none'``; scripts,
  styles, images and fetches from this origin only; no inline script or style, no frames,
  forms post only here), ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: same-origin``
  (a link token never leaks in a Referer), ``Cache-Control: no-store`` on pages;
* the session cookie is ``HttpOnly``, ``SameSite=Strict``, and ``Secure`` when the page was
  served over https; its value is 256 random bits, stored only as a hash;
* every POST needs the session's CSRF token (form field ``csrf`` or header
  ``X-CSRF-Token``) and, when the browser sends one, an ``Origin`` equal to this server;
* request bodies are form or JSON only, UTF-8, at most 64 KB (``web.inputs``);
* when bound to a loopback address the ``Host`` header must name it (DNS rebinding);
* nothing about the person is read or logged: no IP address, no user agent. uvicorn's access
  log is off; the room logs handles and thread ids only.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import logging
import re
import secrets
import sqlite3
import time
from pathlib import Path
from concurrent.futures import Future
from typing import Any, Optional
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import LicPolicyError
from ..model.vocab import SUGGESTION_ONLY
from ..model.vocab import WITHDRAWN as WITHDRAWN_TEXT
from . import i18n
from .inputs import MAX_BODY_BYTES, MAX_COMMENT, MAX_REPLACEMENT, InputProblem, int_field, parse_body, text_problem
from .state import State, iso, parse_iso, utcnow

HERE = Path(__file__).parent
log = logging.getLogger("lic_policy.web")
LINK_PREVIEW = re.compile(
    r"facebookexternalhit|facebot|whatsapp|slackbot|slack-imgproxy|telegrambot|twitterbot|discordbot|"
    r"linkedinbot|skypeuripreview|microsoftpreview|teamsbot|applebot|googlebot|bingbot|bingpreview|"
    r"redditbot|pinterestbot|embedly|iframely|mastodon|line-poker|yahoo.*slurp|duckduckbot|yandexbot",
    re.IGNORECASE)
"""User agents of the robots that fetch a pasted link to build its preview (messaging apps, social
sites, search engines): what they fetch is shown, not opened. Robots' names only: an app's own
in-app browser (Snapchat's, Pinterest's, Viber's carry the app's name) is a reviewer tapping the
link."""


def _keep_recent(store: "collections.OrderedDict", key, value, limit: int) -> None:
    """Keep ``value`` under ``key`` as the newest entry of ``store``, forgetting the oldest
    beyond ``limit`` (the room's in-memory notes for one session: a refused name, new links)."""
    store.pop(key, None)
    store[key] = value
    while len(store) > limit:
        store.popitem(last=False)


def _previewed(request: Request) -> bool:
    """A sign-in link fetched to be shown, not opened: a HEAD request, or a preview robot's GET."""
    return request.method == "HEAD" or bool(LINK_PREVIEW.search(request.headers.get("user-agent", "")))

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
COOKIE = "lic_session"
COOKIE_SECURE = "__Host-lic_session"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}

KIND_LABELS = {"comment": "Comment", "suggestion": "Suggested wording", "question": "Question",
               "objection": "Blocking objection", "approval": "Approval",
               # an objection its writer took back blocks nothing: "Blocking objection · Taken
               # back" read as if it still held up approval (fix27)
               "objection-taken-back": "Objection"}
STATUS_LABELS = {"open": "Open", "accepted": "Accepted", "rejected": "Not taken", "resolved": "Resolved",
                 "orphaned": "Lost its place", "in-draft": "Taken into the draft",
                 # an approval the staff have not acted on, as its reviewer reads it: "Open" read as
                 # if the approval were not given yet (the staff's page still says Open)
                 "recorded": "Recorded",
                 # a comment its writer took back: "Resolved" read as if the staff had dealt with it
                 "taken-back": "Taken back"}
ROLE_LABELS = {"sex-worker-advisory": "Sex worker advisory", "staff": "Staff", "legal": "Legal",
               "community": "Community", "automated": "Automated check"}
INVITE_ROLES = ["sex-worker-advisory", "community", "legal", "staff"]


def N_(text: str) -> str:
    return text


# the labels above, for the catalogue
_LABELS = [N_("Comment"), N_("Suggested wording"), N_("Question"), N_("Blocking objection"), N_("Approval"), N_("Objection"),
           N_("Open"), N_("Accepted"), N_("Not taken"), N_("Resolved"), N_("Lost its place"), N_("Taken into the draft"), N_("Recorded"),
           N_("Sex worker advisory"), N_("Staff"), N_("Legal"), N_("Community"), N_("Automated check")]


def _as_others_see(t, handle: str):
    """Thread ``t`` as reviewer ``handle`` is shown it: words of someone else's that look like
    they identify a person (a name, email, phone or address) masked, as findings mask them
    (“***** ******”). A comment imported from Word or added with `review add` is stored as
    written (the staff are warned and take the words out with `review redact`), and in a round
    where reviewers see each other's comments every reviewer read a peer's name in it. The
    writer reads their own words as written, and so do the staff (no ``handle``)."""
    from ..privacy import redact

    def shown(text, author) -> object:
        return text if not text or author.handle == handle else redact(text)

    body, replacement = shown(t.body, t.author), shown(t.replacement, t.author)
    replies = [shown(r.body, r.author) for r in t.replies]
    if body == t.body and replacement == t.replacement and all(b == r.body for b, r in zip(replies, t.replies)):
        return t
    c = t.model_copy(deep=True)
    c.body, c.replacement = body, replacement
    for r, b in zip(c.replies, replies):
        r.body = b
    return c

class Config:
    def __init__(self, *, host: str = "127.0.0.1", port: int = 8000, base_url: Optional[str] = None,
                 allowed_hosts: Optional[list[str]] = None, body_timeout: Optional[float] = None):
        from .server import http_timeout

        self.body_timeout = body_timeout or http_timeout()  # seconds for a POST's body (slow clients)
        self.host = host
        self.port = port
        shown = host if host not in ("0.0.0.0", "::") else "127.0.0.1"
        if ":" in shown and not shown.startswith("["):
            shown = f"[{shown}]"
        self.base_url = (base_url or f"http://{shown}:{port}").rstrip("/")
        from .server import is_loopback

        if allowed_hosts is None and is_loopback(host):
            # every 127.x address is this computer (``--host 127.0.0.2``, ``127.1``): its own name
            # joins the loopback names, where it left every Host allowed (a page of another site
            # whose name was made to point at 127.0.0.2 could then read the room)
            allowed_hosts = sorted(LOOPBACK | {host})
        self.allowed_hosts = allowed_hosts  # None: any


# --------------------------------------------------------------------------- templates


@functools.cache
def _env():
    """The templates' environment, one per process: it compiles each template once (about
    90 ms for all of them), where each app built its own (``serve`` builds one; the test
    suite about 75, 3 s of CPU). Nothing changes it after it is made."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    from ..report.plain import plain_message

    env.globals["plain_message"] = plain_message  # a finding as reviewers read it (no grammar labels)
    env.filters["words"] = quoted_words
    from .site import WITHDRAWN

    env.globals["WITHDRAWN"] = WITHDRAWN
    env.globals["kind_key"] = kind_key
    return env


def kind_key(t) -> str:
    """The key of ``KIND_LABELS`` (and of the ``k-`` class) a thread is shown under: its kind,
    or ``objection-taken-back`` for an objection its writer took back."""
    return "objection-taken-back" if t.kind == "objection" and t.body == WITHDRAWN_TEXT else t.kind


_LIST_MARKER = re.compile(r"(?m)^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+")


def quoted_words(text: object) -> str:
    """Quoted words as one line of words: a list's bullets and numbers left out, its lines
    joined (“staff: ask what …”; a response to a whole list was listed as “staff: - ask …”, ux22)."""
    return " ".join(_LIST_MARKER.sub("", str(text or "")).split())


@functools.lru_cache(maxsize=4096)
def _date(value, lang: str) -> str:
    return i18n.format_date(value, lang)


class Ctx:
    """Per-request view helpers."""

    def __init__(self, request: Request, session, lang: str):
        self.request = request
        self.session = session
        self.lang = lang
        self._ = i18n.translator(lang)

    def date(self, value) -> str:
        return _date(value, self.lang) if value else ""

    @staticmethod
    def day(value) -> str:
        """A comment's day for `<time datetime>`: never its hour and second, which a peer who saw
        someone send at that moment could tie to the made-up name (privacy29)."""
        text = str(value or "")
        return text[:10] if re.match(r"\d{4}-\d\d-\d\d", text) else ""


# --------------------------------------------------------------------------- the app


class Room:
    def __init__(self, site, state: State, config: Config):
        self.site = site
        self.state = state
        self.config = config
        self.env = _env()
        self.started = time.time()
        # a reviewer's refused name, shown on the draft the refusal redirects to (POST/redirect/
        # GET: the draft as the answer to the form was sent again by a reload): session token →
        # (the reason, in their language; the words typed, never a person's name). In memory
        # only, a few hundred at most, forgotten once a name is saved
        self._name_refusals: "collections.OrderedDict[str, tuple[str, str]]" = collections.OrderedDict()
        # the invitation links just made, shown on the page *Make the links* redirects to (its answer
        # had been the page, and a reload opened a second round): (staff session token, round) →
        # [(invitation, link)]. In memory only — the state keeps each link's fingerprint — for
        # that session alone, forgotten when it signs out, a few dozen batches at most
        self._new_links: "collections.OrderedDict[tuple[str, int], list]" = collections.OrderedDict()

    # ------------------------------------------------------------------ plumbing

    def session(self, request: Request):
        token = request.cookies.get(COOKIE_SECURE) or request.cookies.get(COOKIE)
        if not token or len(token) > 128:
            return None, None
        s = self.state.session(token)
        if s is None:
            return None, None
        if s.kind == "reviewer":
            inv = self.state.invitation(s.invitation_id) if s.invitation_id else None
            if inv is None or inv.revoked:
                return None, None
        return s, token

    def lang(self, request: Request, session=None) -> str:
        q = request.query_params.get("lang")
        if q in i18n.languages():
            return q
        if session is not None and session.lang in i18n.languages():
            return session.lang
        return i18n.negotiate(request.headers.get("accept-language"))

    def render(self, request: Request, name: str, status: int = 200, session=None, **values) -> HTMLResponse:
        lang = self.lang(request, session)
        ctx = Ctx(request, session, lang)
        tpl = self.env.get_template(name)

        def segments(page, threads_by_unit, findings_by_unit, can_post, respond_url, lost_by_unit=None, shift=0):
            return _segments(page, threads_by_unit, findings_by_unit, can_post, respond_url, lang, ctx._,
                             lost_by_unit or {}, shift)

        html = tpl.render(_=ctx._, ctx=ctx, lang=lang, session=session, languages=i18n.languages(),
                          sent=request.query_params.get("sent", ""), taken_back=request.query_params.get("taken", ""),
                          segments=segments,
                          language_names=i18n.LANGUAGE_NAMES, csrf=session.csrf if session else "",
                          KIND_LABELS=KIND_LABELS, STATUS_LABELS=STATUS_LABELS, ROLE_LABELS=ROLE_LABELS,
                          path=_here(request), asset_v=asset_versions(), **values)
        return HTMLResponse(html, status_code=status)

    def problem_page(self, request: Request, status: int, title: str, message: str, session=None,
                     closed: bool = False, keep_as: str = "", **values) -> HTMLResponse:
        lang = self.lang(request, session)
        _ = i18n.translator(lang)
        values = {k: (i18n.format_date(v, lang) if k == "date" and v else v) for k, v in values.items()}
        return self.render(request, "message.html", status=status, session=session, title=_(title),
                           message=_(message, **values), closed=closed, keep_as=keep_as)

    def set_cookie(self, request: Request, response: Response, token: str) -> None:
        # served over https: by uvicorn itself, or behind a proxy that --base-url names
        secure = request.url.scheme == "https" or self.config.base_url.startswith("https://")
        response.set_cookie(COOKIE_SECURE if secure else COOKIE, token, max_age=30 * 24 * 3600, path="/",
                            httponly=True, samesite="strict", secure=secure)

    async def body(self, request: Request, session) -> Any:
        """The parsed body of a POST after the CSRF and origin checks."""
        if session is None:
            raise InputProblem(401, "You are signed out. Please open your invitation link again.")
        origin = request.headers.get("origin")
        if origin is not None and origin != "null" and origin.rstrip("/") not in (_origin(request),
                                                                                  _url_origin(self.config.base_url)):
            raise InputProblem(403, "This form was sent from another site and was refused.")
        if origin == "null":
            raise InputProblem(403, "This form was sent from another site and was refused.")
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            raise InputProblem(413, "What you sent is too large (at most {limit} KB).", limit=MAX_BODY_BYTES // 1024)
        raw = bytearray()
        try:
            # a client that sends its body a byte now and then does not hold the request for ever
            async with asyncio.timeout(self.config.body_timeout):
                async for chunk in request.stream():
                    raw.extend(chunk)
                    if len(raw) > MAX_BODY_BYTES:
                        raise InputProblem(413, "What you sent is too large (at most {limit} KB).",
                                           limit=MAX_BODY_BYTES // 1024)
        except TimeoutError:
            raise InputProblem(408, "Sending took too long. Please check your connection and send again.") from None
        body = parse_body(bytes(raw), request.headers.get("content-type", ""))
        sent = request.headers.get("x-csrf-token") if body.json else body.data.get("csrf")
        # compared as bytes: `compare_digest` refuses str holding letters outside ASCII (a
        # token typed or sent by a script as `csrf=%C3%A9` was an internal error, 500)
        if not sent or not secrets.compare_digest(str(sent).encode("utf-8", "surrogatepass"),
                                                  session.csrf.encode("utf-8")):
            raise InputProblem(403, "This form has expired. Please reload the page and try again.")
        return body

    def not_written(self, exc: LicPolicyError, session) -> InputProblem:
        """What the page says when the review file (or, accepting a suggestion, the guideline) could
        not be changed. A file at its size limit (``TooLarge``: over it, or a write that would
        take it over) is said to a reviewer in words they can act on — the comment was not
        saved, keep the text, tell the staff — and to the staff and the operator's log with the
        file's own line (what to do included); nothing was written."""
        import os

        from ..errors import FileChanged, TooLarge
        from ..store import REVIEW_SUFFIXES

        name = os.path.basename(exc.file or "")
        review = not name or name.lower().endswith(REVIEW_SUFFIXES)
        if isinstance(exc, FileChanged):
            # an editor (or another program taking no lic-policy lock) saved the file meanwhile:
            # say which file, and what to do here (the CLI's hint is "run the command again")
            log.warning("a change was not saved: %s", exc.one_line())
            if review:
                return InputProblem(409, "Not saved: the review file changed while this was being saved (another "
                                         "program saved it); nothing was written. Please reload the page and try "
                                         "again.")
            return InputProblem(409, "Not saved: the draft ({name}) changed while this was being saved (someone saved "
                                     "it in an editor); nothing was written. Please reload the page and try again.",
                                name=name)
        if not isinstance(exc, TooLarge):
            if review:
                return InputProblem(409, "The review file could not be written: {why}", why=exc.message)
            return InputProblem(409, "The draft ({name}) could not be written: {why}", name=name, why=exc.message)
        log.warning("a change was not saved: %s", exc.one_line())
        if session is not None and session.kind == "staff":
            return InputProblem(507, "Not saved: {why}", why=f"{exc.message} ({exc.hint})" if exc.hint else exc.message)
        return InputProblem(507, "Your words were not saved: this review cannot take more comments for now. Keep a "
                                 "copy of what you wrote and tell the staff who invited you.")

    def _message(self, request: Request, exc: InputProblem, session) -> str:
        _ = i18n.translator(self.lang(request, session))
        values = {k: (_(v.text, **v.values) if isinstance(v, _Filled) else _(v) if isinstance(v, str) else v)
                  for k, v in exc.values.items()}
        return _(exc.message, **values)

    def refuse(self, request: Request, exc: InputProblem, session, wants_json: bool,
               resend: Optional[dict] = None) -> Response:
        _ = i18n.translator(self.lang(request, session))
        message = self._message(request, exc, session)
        confirm = getattr(exc, "confirm", False)
        if wants_json:
            return JSONResponse({"error": message, "confirm": confirm}, status_code=exc.status)
        if resend is not None and (confirm or any(str(resend.get(k) or "").strip()
                                                  for k in ("body", "replacement", "reviewers"))):
            # what the person wrote is never lost with the refusal: back in a box to change and
            # send again (a name may also be sent anyway), or, when it cannot be sent (the round
            # closed, the link withdrawn, the budget spent), shown to copy
            under, words = self._about(request, session, resend)
            return self.render(request, "confirm.html", status=exc.status, session=session, message=message,
                               action=request.url.path, fields=[(k, v) for k, v in resend.items() if k != "csrf"],
                               confirm=confirm, can_send=exc.status in (409, 413, 422), under=under, words=words)
        return self.problem_page(request, exc.status, _("That did not work"), message, session=session)

    def _about(self, request: Request, session, sent: dict) -> tuple[str, str]:
        """(the heading, the words) a response refused for a check is about, as its Respond page
        showed them: a phone's *Please check* page replaced that page, and the reviewer no longer
        saw which sentence they had chosen (ux21). ("", "") when it names no part of the draft."""
        from .document import split_key

        key = sent.get("part")
        if session is None or not isinstance(key, str) or not key:
            return "", ""
        try:
            if session.kind == "staff" and "rid" in request.path_params:
                _rnd, g, _action = self._staff_round(request)
            else:
                r = self._reviewer(request)
                g = r[4] if r is not None else None
            unit = g.unit(*split_key(key)) if g is not None else None
        except (LicPolicyError, ValueError, KeyError, TypeError):
            return "", ""
        if unit is None:
            return "", ""
        shown = g.page(None).units.get(key)
        under = shown.under if shown is not None else ""
        quote = " ".join(str(sent.get("quote") or "").split())
        span = str(sent.get("span") or "")
        words = unit.text
        if quote and span in ("words", ""):
            words = quote
        elif re.fullmatch(r"\d+-\d+", span):
            a, b = (int(x) for x in span.split("-"))
            if 0 <= a < b <= len(unit.text):
                words = unit.text[a:b]
        return under, " ".join(words.split())

    # ------------------------------------------------------------------ entry

    def home(self, request: Request) -> Response:
        s, _t = self.session(request)
        if s is not None:
            return RedirectResponse("/staff" if s.kind == "staff" else "/review", status_code=303)
        out = request.query_params.get("signed_out")
        return self.render(request, "home.html", signed_out=out if out in ("reviewer", "staff") else None)

    def operator(self, request: Request) -> Response:
        token = request.path_params["token"]
        wait = self.state.locked_out()
        if wait:
            return self._too_many(request, wait)
        if not self.state.is_operator(token):
            self.state.failed_attempt()
            log.info("failed link attempt")
            return self.problem_page(request, 404, N_("This link does not work"),
                                     N_("The link is not valid. Check that it was copied completely."))
        if _previewed(request):
            # the staff link pasted into a team chat, fetched by its preview robot: no session
            return self.problem_page(request, 200, N_("The review room's staff link"),
                                     N_("This link signs in the staff who run the review. Open it in your browser."))
        lang = self.lang(request)
        cookie, _s = self.state.new_session("staff", "staff", lang=lang)
        response = self._on_to(request, "/staff")
        self.set_cookie(request, response, cookie)
        log.info("staff signed in")
        return response

    def _too_many(self, request: Request, wait: float) -> Response:
        resp = self.problem_page(request, 429, N_("Too many attempts"),
                                 N_("Too many links that do not work were tried. Please wait {minutes} minutes "
                                    "and try again."), minutes=max(1, int(wait // 60) + 1))
        resp.headers["retry-after"] = str(int(wait) + 1)
        return resp

    def invitation(self, request: Request) -> Response:
        token = request.path_params["token"]
        wait = self.state.locked_out()
        if wait:
            return self._too_many(request, wait)
        inv = self.state.invitation_by_token(token) if len(token) <= 128 else None
        if inv is None:
            self.state.failed_attempt()
            log.info("failed link attempt")
            return self.problem_page(request, 404, N_("This link does not work"),
                                     N_("The link is not valid. Check that it was copied completely, or ask the "
                                        "person who invited you for a new one."))
        if inv.revoked:
            return self.problem_page(request, 410, N_("This link was withdrawn"),
                                     N_("This invitation link was withdrawn by the people running the review. "
                                        "If you still want to take part, ask them for a new link."))
        rnd = self.state.round(inv.round_id)
        if rnd is None or not rnd.is_open():
            when = rnd.closed or rnd.closes if rnd else None
            return self.problem_page(request, 410, N_("This review round has closed"),
                                     N_("This review round closed on {date}. Thank you for your time. Your "
                                        "comments are kept with the guideline."), date=when, closed=True,
                                     # whose words this browser may keep unsent (room.js): the link's holder's
                                     keep_as=f"reviewer:{inv.handle}")
        if _previewed(request):
            # a messaging app's link-preview robot (or a HEAD request) fetching the link that staff
            # pasted: no session, and the invitation is not marked opened (ux26: every link read
            # as opened before the reviewer tapped it)
            return self.problem_page(request, 200, N_("An invitation to a review"),
                                     N_("This link invites one person to comment on a draft guideline. Open it "
                                        "in your browser to take part; there is no account or password."))
        self.state.mark_opened(inv.id)
        cookie, _s = self.state.new_session("reviewer", inv.handle, inv.id, lang=self.lang(request),
                                            invitation_token=token)
        response = self._on_to(request, "/review")
        self.set_cookie(request, response, cookie)
        log.info("reviewer %s opened round %s", inv.handle, inv.round_id)
        return response

    def _on_to(self, request: Request, target: str) -> Response:
        """Where a link that signs someone in goes next. Opened from another site (a link in
        webmail), a redirect would arrive without the SameSite=Strict session cookie it has just
        set, on “Please open your invitation link”: the room's own page goes on instead."""
        if request.headers.get("sec-fetch-site") == "cross-site":
            return self.render(request, "handoff.html", session=None, target=target)
        return RedirectResponse(target, status_code=303)

    async def set_lang(self, request: Request) -> Response:
        s, token = self.session(request)
        try:
            body = await self.body(request, s)
        except InputProblem as exc:
            return self.refuse(request, exc, s, False)
        lang = body.data.get("lang")
        if lang in i18n.languages():
            self.state.set_session(token, lang=lang)
        back = body.data.get("next") or "/"
        if not back.startswith("/") or back.startswith("//"):
            back = "/"
        return RedirectResponse(back, status_code=303)

    async def logout(self, request: Request) -> Response:
        s, token = self.session(request)
        try:
            await self.body(request, s)
        except InputProblem as exc:
            return self.refuse(request, exc, s, False)
        self.state.end_session(token)
        for key in [k for k in self._new_links if k[0] == token]:
            del self._new_links[key]
        self._name_refusals.pop(token, None)
        # the welcome page says they are signed out, and how to come back, in the language they
        # read the room in (the session that kept it is gone): it was the first visit's page (ux30)
        who = "staff" if s is not None and s.kind == "staff" else "reviewer"
        lang = self.lang(request, s)
        response = RedirectResponse(f"/?signed_out={who}" + (f"&lang={lang}" if lang != i18n.DEFAULT else ""),
                                    status_code=303)
        response.delete_cookie(COOKIE, path="/")
        response.delete_cookie(COOKIE_SECURE, path="/", secure=True)
        return response

    # ------------------------------------------------------------------ reviewer

    def _reviewer(self, request: Request):
        s, token = self.session(request)
        if s is None or s.kind != "reviewer":
            return None
        inv = self.state.invitation(s.invitation_id)
        rnd = self.state.round(inv.round_id)
        g = self.site.by_path(rnd.guideline) if rnd else None
        return s, token, inv, rnd, g

    def _closed_page(self, request: Request, rnd, s) -> Response:
        return self.problem_page(request, 410, N_("This review round has closed"),
                                 N_("This review round closed on {date}. Thank you for your time. Your comments "
                                    "are kept with the guideline."), session=s, closed=True,
                                 date=rnd.closed or rnd.closes)

    def _visible(self, rnd, handle: str):
        def visible(t) -> bool:
            if t.author.role == "automated":
                return False
            return rnd.show_others or t.author.handle == handle

        return visible

    def _view(self, g, rnd, *, changes: bool, findings: bool, visible, handle: Optional[str] = None,
              invitation: Optional[int] = None, secret: Optional[bytes] = None):
        """What a document page shows: the page, threads per text field, findings per field."""
        prev = self.state.previous_round(rnd, handle) if rnd is not None else None
        old_text = self.state.snapshot(prev.id) if prev is not None else None
        since_round = False
        if old_text is None and rnd is not None and rnd.digest != g.digest():
            # a first round whose draft changed while it ran (a suggestion written in, an edit):
            # the changes since the draft the round opened on, for whoever comes back to it
            old_text = self.state.snapshot(rnd.id)
            since_round = old_text is not None
        page = g.page(old_text if changes else None)
        has_changes = prev is not None or since_round
        review, outcomes = g.anchored()
        by_unit: dict = {}
        orphaned = []
        for t in review.threads:
            if not visible(t):
                continue
            if handle is not None:
                t = _as_others_see(t, handle)
            if t.status == "orphaned" or outcomes.get(t.id) == "orphaned":
                orphaned.append(t)
                continue
            key = f"{t.anchor.clause or ''}|{t.anchor.field}"
            if key in page.units:
                by_unit.setdefault(key, []).append(t)
            else:
                orphaned.append(t)
        found: dict = {}
        general: list = []  # (how much it matters, the rule's title, the message) about the whole draft
        if findings:
            import os

            from ..review.packet import SEVERITY_WORDS, plain_words

            titles = None
            for f in sorted(g.findings(), key=lambda f: ("error", "warning", "info").index(f.severity)
                            if f.severity in ("error", "warning", "info") else 3):
                a = f.anchor
                if f.file and os.path.abspath(f.file) != g.path:
                    # about another file — a name in a stored comment (the review file): the staff's
                    # to take out (`review redact`), not a point about the draft; reviewers read
                    # “A person's name in the review file ('J*')” as one
                    continue
                if a is None or a.quote is None or not a.quote.exact:
                    # what the Word packet lists as points about the whole document (no sex workers
                    # at the design stage): the reviewers on a phone read it too
                    titles = g.rule_titles() if titles is None else titles
                    text = plain_words(f.message)
                    general.append((SEVERITY_WORDS.get(f.severity, "A note"), titles.get(f.rule_id),
                                    text[:1].upper() + text[1:]))
                    continue
                key = f"{a.clause or ''}|{a.field or 'text'}"
                if key in page.units:
                    found.setdefault(key, []).append(f)
        # a comment carried to the same words in another part: the part it was made on (the
        # unit, or None when that part is gone), so it does not read as made where it is now
        made_on: dict = {}
        if any(v == "moved" for v in outcomes.values()):
            first = {t.id: (t.anchor.clause, t.anchor.field) for t in g.review().threads}
            for ts in by_unit.values():
                for t in ts:
                    was = first.get(t.id)
                    if outcomes.get(t.id) == "moved" and was and was != (t.anchor.clause, t.anchor.field):
                        made_on[t.id] = page.units.get(f"{was[0] or ''}|{was[1]}")
        # a comment that lost its words on a part still in the draft: where it was, both ways
        lost_where, lost_by_unit = {}, {}
        for t in orphaned:
            key = f"{t.anchor.clause or ''}|{t.anchor.field}"
            if key in page.units and not page.units[key].removed:
                lost_where[t.id] = page.units[key]
                lost_by_unit.setdefault(key, []).append(t)
        # a suggestion resolved with its wording now in its part: written into the draft (review
        # apply, or Accept in the room), not set aside — what its reviewer wants to know first
        in_draft = set()
        for key, ts in by_unit.items():
            for t in ts:
                if t.kind == "suggestion" and t.status == "resolved" and (t.replacement or "").strip():
                    unit = g.unit(t.anchor.clause, t.anchor.field)
                    if unit is not None and _wording_in(unit.text, t.replacement, t.anchor.quote):
                        in_draft.add(t.id)
        agreements, agreed = (self.state.agreements(rnd.guideline, invitation, secret) if rnd is not None
                              else ({}, set()))
        return dict(page=page, threads_by_unit=by_unit, orphaned=orphaned, findings_by_unit=found, general=general,
                    agreements=agreements, agreed=agreed,
                    lost_where=lost_where, lost_by_unit=lost_by_unit, made_on=made_on,
                    previous=prev, has_changes=has_changes, show_changes=changes and has_changes,
                    since_round=since_round, in_draft=in_draft)

    def review_page(self, request: Request) -> Response:
        r = self._reviewer(request)
        if r is None:
            return self._signed_out(request)
        s, token, inv, rnd, g = r
        if g is None:
            return self.problem_page(request, 410, N_("This review round has closed"),
                                     N_("The guideline of this round is no longer served here."), session=s)
        if not rnd.is_open():
            return self._closed_page(request, rnd, s)
        held = self._held_back(request, g, s)
        if held is not None:
            return held
        refused = self._name_refusals.get(token) if request.query_params.get("name") == "refused" else None
        if refused is not None:
            return self._review_html(request, s, inv, rnd, g, name_problem=refused[0], name_typed=refused[1])
        return self._review_html(request, s, inv, rnd, g)

    def _review_html(self, request: Request, s, inv, rnd, g, status: int = 200, name_problem: str = "",
                     name_typed: Optional[str] = None) -> Response:
        """The reviewer's draft page; with ``name_problem``, the name box open with the reason
        beside it and ``name_typed`` in it (ux26)."""
        changes = request.query_params.get("changes", "1") != "0"
        view = self._view(g, rnd, changes=changes, findings=rnd.show_findings, visible=self._visible(rnd, s.handle),
                          handle=s.handle, invitation=s.invitation_id, secret=s.agree)
        return self.render(request, "review.html", status=status, session=s, g=g, rnd=rnd, inv=inv, staff=False,
                           yours=_yours(view, s.handle), can_name=not _written_by(g, s.handle),
                           named=request.query_params.get("named") == "1", name_problem=name_problem,
                           name_typed=s.handle if name_typed is None else name_typed, **view)

    async def choose_name(self, request: Request) -> Response:
        """The made-up name a reviewer reviews under, chosen by them before they send anything
        (the invitation's is the staff's choice): never a person's name or contact details,
        never one someone else in this review uses (their comments would read as this
        reviewer's own), and fixed once they have written."""
        r = self._reviewer(request)
        if r is None:
            return self._signed_out(request)
        s, token, inv, rnd, g = r
        name = ""
        try:
            body = await self.body(request, s)
            if g is None or not rnd.is_open():
                raise InputProblem(410, "This review round has closed; comments can no longer be added.")
            name = str(body.data.get("handle") or "").strip()
            if _written_by(g, inv.handle):
                raise InputProblem(409, "You have already sent a response as {handle}: what you wrote keeps the "
                                        "name it was sent under.", handle=inv.handle)
            if not name:
                raise InputProblem(422, "Write a made-up name to review under, such as bluejay-7.")
            if name != inv.handle:
                from ..model.review import handle_problem

                problem = handle_problem(name)
                name_like = self._name_like(name)
                if problem or name_like:
                    from ..privacy import mask

                    # a name, an email or a phone number is not written back on the page
                    identity = name_like or not problem.startswith("is not a handle")
                    shown = mask(name[:64]) if identity else name[:64]
                    if identity:
                        name = ""  # not back in the box either
                    raise InputProblem(422, "'{handle}' cannot be the name you review under: make one up, such as "
                                            "bluejay-7 (letters, numbers and dashes), never your name, an email or a "
                                            "phone number.", handle=shown)
                if self._name_taken(g, rnd.id, inv.id, name) or not self.state.rename_invitation(inv.id, name):
                    raise InputProblem(409, "'{handle}' cannot be the name you review under: someone else in this "
                                            "review already uses it. Choose another.", handle=name[:64])
                log.info("reviewer %s now reviews as %s", inv.handle, name)
        except InputProblem as exc:
            if exc.status in (409, 422) and g is not None and rnd.is_open() and self._held_back(request, g, s) is None:
                # the draft again, the name box open with the reason beside it and the words
                # typed in it to change: a page of its own closed the box and emptied it (ux26).
                # Reached by a redirect (303), so reloading it does not send the refused name
                # again (fix27: the browser asked to resubmit the form)
                _keep_recent(self._name_refusals, token, (self._message(request, exc, s), name[:64]), 256)
                return RedirectResponse("/review?name=refused", status_code=303)
            return self.refuse(request, exc, s, False)
        self._name_refusals.pop(token, None)
        return RedirectResponse("/review?named=1", status_code=303)

    def _name_taken(self, g, rid: int, iid: int, name: str) -> bool:
        """Whether ``name`` (any case) is another invitation's of the round, an author's in the
        review file, or the staff's."""
        low = name.lower()
        if low.startswith("staff") or low in ("lic-policy", "automated"):
            return True
        if any(low in (i.handle.lower(), (i.invited_as or "").lower())
               for i in self.state.invitations(rid) if i.id != iid):
            return True
        return any(a.lower() == low for a in _authors(g))

    def _signed_out(self, request: Request) -> Response:
        return self.problem_page(request, 401, N_("Please open your invitation link"),
                                 N_("This page is only for people invited to a review round. Open the link you "
                                    "were sent; there is no account or password."))

    def _held_back(self, request: Request, g, s) -> Optional[Response]:
        """The page a reviewer gets instead of the draft while it names someone in its
        consultation record, governance or owners (``Guideline.identity_reasons``):
        the room showed the names, emails and phones of a draft edited after its round opened.
        The log names the places for the staff, never what was found."""
        reasons = g.identity_reasons()
        if not reasons:
            return None
        log.warning("%s is not shown to reviewers: %s", g.name, "; ".join(reasons))
        return self.problem_page(request, 503, N_("This draft cannot be shown right now"),
                                 N_("The staff need to take something out of the draft before it can be shown. "
                                    "Please come back later; what you wrote before is kept."), session=s)

    def respond_page(self, request: Request) -> Response:
        """Choose a sentence (or the whole part, or type the words) to respond to: for
        phones and keyboards, where selecting words is hard."""
        staff = request.url.path.startswith("/staff")
        if staff:
            s, _t = self.session(request)
            if s is None or s.kind != "staff":
                return self._signed_out(request)
            rnd, g, action = self._staff_round(request)
        else:
            r = self._reviewer(request)
            if r is None:
                return self._signed_out(request)
            s, _token, _inv, rnd, g = r
            if not rnd.is_open():
                return self._closed_page(request, rnd, s)
            if g is not None:
                held = self._held_back(request, g, s)
                if held is not None:
                    return held
            action = "/review/threads"
        if g is None:
            return self.problem_page(request, 404, N_("Not found"), N_("There is no such page."), session=s)
        key = request.query_params.get("part", "")
        page = self._respond(request, s, g, rnd, key, action, staff, kind=request.query_params.get("kind", "comment"))
        if page is None:
            return self.problem_page(request, 404, N_("Not found"),
                                     N_("This part of the guideline is no longer in the draft. Please go back and "
                                        "reload the page."), session=s)
        return page

    def _respond(self, request: Request, s, g, rnd, key: str, action: str, staff: bool, *, kind: str = "comment",
                 sent: Optional[dict] = None, problem: Optional[str] = None, status: int = 200) -> Optional[Response]:
        """The Respond page of the part ``key`` (None when the draft no longer has it); with
        ``sent`` and ``problem``, what the reviewer sent, refused: the reason at the top and
        every field as they left it, so nothing they typed is lost."""
        from .document import field_html, sentences, split_key, text_digest

        element, fld = split_key(key)
        unit = g.unit(element, fld)
        if unit is None:
            return None
        if kind not in KIND_LABELS:
            kind = "comment"
        spans = sentences(unit.text)
        choices = [(f"{a}-{b}", unit.text[a:b]) for a, b in spans]
        whole = f"0-{len(unit.text)}"
        sent = sent or {}
        span = str(sent.get("span") or whole)
        if str(sent.get("quote") or "").strip():
            span = "words"
        shown = g.page(None).units.get(key)
        return self.render(request, "respond.html", status=status, session=s, g=g, rnd=rnd, unit=unit, key=key,
                           choices=choices, under=shown.under if shown is not None else "",
                           clause=bool(shown and shown.clause), unit_html=field_html(unit.text),
                           digest=text_digest(unit.text), whole=whole, kind=kind, action=action, staff=staff,
                           back=("/staff/r/%d" % rnd.id if staff else "/review") + _back_to(g, key),
                           problem=problem, span=span, quote=str(sent.get("quote") or ""),
                           replacement=str(sent.get("replacement") or ""), body=str(sent.get("body") or ""))

    def _staff_round(self, request: Request) -> tuple:
        """The round a staff page names (its ``rid``), its guideline and where its Respond
        form posts: (None, None, "") when there is no such round."""
        rnd = self.state.round(int(request.path_params["rid"]))
        g = self.site.by_path(rnd.guideline) if rnd else None
        return rnd, g, (f"/staff/r/{rnd.id}/threads" if rnd else "")

    def _respond_again(self, request: Request, s, staff: bool, sent: dict, exc: InputProblem) -> Optional[Response]:
        """A response sent from a form and refused: its Respond page again, filled in."""
        if s is None or not isinstance(sent.get("part"), str):
            return None
        if staff:
            if s.kind != "staff":
                return None
            rnd, g, action = self._staff_round(request)
        else:
            r = self._reviewer(request)
            if r is None:
                return None
            s, _token, _inv, rnd, g = r
            if not rnd.is_open():
                return None
            action = "/review/threads"
        if g is None:
            return None
        return self._respond(request, s, g, rnd, sent["part"], action, staff, kind=str(sent.get("kind") or "comment"),
                             sent=sent, problem=self._message(request, exc, s), status=exc.status)

    def _poster(self, request: Request, s, staff: bool) -> tuple:
        """Who posts a comment or a reply, and where: (session, round, author, which threads
        they may answer, the page to go back to). Staff must hold a staff session and name a
        round; a reviewer's invitation must still be valid and its round open."""
        if staff:
            if s.kind != "staff":
                raise InputProblem(403, "Only the people running the review can do this.")
            rnd = self.state.round(int(request.path_params["rid"]))
            if rnd is None:
                raise InputProblem(404, "There is no such review round.")
            return s, rnd, self._staff_author(s), (lambda t: True), f"/staff/r/{rnd.id}"
        r = self._reviewer(request)
        if r is None:
            raise InputProblem(401, "You are signed out. Please open your invitation link again.")
        s, _token, inv, rnd, _g = r
        if not rnd.is_open():
            raise InputProblem(410, "This review round has closed; comments can no longer be added.")
        return s, rnd, self._author(inv.handle, inv.role), self._visible(rnd, inv.handle), "/review"

    async def post_thread(self, request: Request) -> Response:
        staff = request.url.path.startswith("/staff")
        s, _t = self.session(request)
        wants_json = "application/json" in request.headers.get("content-type", "")
        body = None
        try:
            body = await self.body(request, s)
            s, rnd, author, _visible, back = self._poster(request, s, staff)
            g = self.site.by_path(rnd.guideline)
            if g is None:
                raise InputProblem(404, "There is no such review round.")
            with self._budget(s, body.data.get("body"), body.data.get("replacement")):
                queued = await run_in_threadpool(self._new_thread, g, body.data, author)
                thread = await asyncio.wrap_future(queued)  # answered once it is written (durable)
        except InputProblem as exc:
            if body is not None and not wants_json and not getattr(exc, "confirm", False) and exc.status != 429:
                again = self._respond_again(request, s, staff, body.data, exc)
                if again is not None:
                    return again
            return self.refuse(request, exc, s, wants_json, resend=body.data if body is not None else None)
        except LicPolicyError as exc:  # the words come back with the refusal, to send again or copy
            return self.refuse(request, self.not_written(exc, s), s, wants_json,
                               resend=body.data if body is not None else None)
        log.info("thread %s (%s) added by %s", thread.id, thread.kind, thread.author.handle)
        # ?sent= makes the page say, beside the thread, that it was sent (and saved)
        url = f"{back}?sent={thread.id}#thread-{thread.id}"
        if wants_json:
            return JSONResponse({"id": thread.id, "kind": thread.kind, "url": url}, status_code=201)
        return RedirectResponse(url, status_code=303)

    @contextlib.contextmanager
    def _budget(self, s, *texts):
        """A reviewer's comment or reply counted against their invitation's budget for the
        round (``state.MAX_POSTS`` and ``MAX_POST_CHARS``: the room's own limit, so that one
        link cannot fill the review file for everyone); given back when it is not written.
        Staff have none."""
        if s is None or s.kind != "reviewer" or s.invitation_id is None:
            yield
            return
        from . import state as _state

        chars = sum(len(t) for t in texts if isinstance(t, str))
        if not self.state.take_post(s.invitation_id, chars):
            log.warning("%s reached the round's limit of %d comments and replies (%d characters); not saved",
                        s.handle, _state.MAX_POSTS, _state.MAX_POST_CHARS)
            raise InputProblem(429, "Your words were not saved: you have written as much as one person can in "
                                    "this round ({n} comments and replies, {chars} characters in all). Keep a copy "
                                    "of what you wrote and tell the staff who invited you.",
                               n=_state.MAX_POSTS, chars=_state.MAX_POST_CHARS)
        try:
            yield
        except BaseException:
            self.state.give_back_post(s.invitation_id, chars)
            raise

    def _author(self, handle: str, role: str):
        from ..model.review import Author

        return Author(handle=handle, role=role)

    def _staff_author(self, s):
        return self._author(s.handle, "staff")

    def _new_thread(self, g, data: dict, author) -> "Future":
        """Check and anchor what was posted, and queue the new thread (the future gives it
        when it is written)."""
        from ..review.threads import today as now  # the day only (privacy30)
        from .document import split_key

        kind = data.get("kind", "comment")
        if kind not in ("comment", "suggestion", "objection", "approval", "question"):
            raise InputProblem(400, "The form could not be read. Please reload the page and try again.")
        element, fld = split_key(data.get("part", ""))
        body = (data.get("body") or "").replace("\r\n", "\n")
        replacement = data.get("replacement")
        if kind == "suggestion":
            replacement = (replacement or "").replace("\r\n", "\n")
            if replacement:
                p = text_problem(replacement, limit=MAX_REPLACEMENT, what=N_("Your suggested wording"))
                if p:
                    raise p
            if not body.strip():
                body = SUGGESTION_ONLY  # shown nowhere: the words are not the reviewer's (ux29)
        else:
            if (replacement or "").strip():
                # the Respond page opens with Comment chosen, and its first box is the one for new
                # wording: wording typed there was dropped without a word (with a comment below),
                # or answered "the box is empty" (the comment typed in the wrong box)
                if body.strip():
                    raise InputProblem(422, "You wrote new wording, but “Suggest wording” is not chosen, so only your "
                                            "comment would be sent. To suggest the wording, choose “Suggest wording”; "
                                            "to send only your comment, empty the box for new wording.")
                raise InputProblem(422, "Your words are in the box for new wording, but “Suggest wording” is not "
                                        "chosen. To suggest them as new wording, choose “Suggest wording”; for a "
                                        "comment, move them into the “Your comment” box.")
            replacement = None
        if kind == "approval" and not body.strip():
            body = "Approved."
        p = text_problem(body, limit=MAX_COMMENT, what=N_("Your comment"))
        if p:
            raise p
        self._privacy(body, replacement, confirmed=data.get("confirm") == "1")
        span = data.get("span")
        if span and (data.get("quote") or "").strip():
            span = "words"  # words typed in the box are what the comment is about, whichever button is on
        if span == "words":
            exact, start, end = self._quote(g, element, fld, data.get("quote", ""))
        elif span:  # from the sentence picker: "start-end"
            a, _, b = span.partition("-")
            start, end = int_field({"x": a}, "x"), int_field({"x": b}, "x")
            unit = g.unit(element, fld)
            if unit is None:
                raise InputProblem(409, "The draft changed since you opened the page and those words are no longer "
                                        "there. Please reload the page and select the words again.")
            exact = unit.text[start:end]
        else:
            start, end = int_field(data, "start"), int_field(data, "end")
            exact = data.get("exact", "")
        if len(exact) > 20000:
            raise InputProblem(413, "The selected words are too long; please select fewer words.")
        anchor = g.anchor(element, fld, start, end, exact, data.get("prefix", "")[:200], data.get("suffix", "")[:200],
                          data.get("h") or None)
        return g.add_thread(anchor=anchor, author=author, kind=kind, body=body, replacement=replacement,
                            created=now())

    def _quote(self, g, element, fld, quote: str) -> tuple[str, int, int]:
        """Words typed by the reviewer: found as `lic-policy review add --quote` finds them (the
        first place they occur)."""
        from ..text import quote_spans

        unit = g.unit(element, fld)
        spans = quote_spans(unit.text, quote) if unit is not None and quote.strip() else []
        if not spans:
            raise InputProblem(422, "Those words are not in this part of the guideline. Copy them exactly, or "
                                    "choose a sentence instead.")
        start, end = spans[0]
        return unit.text[start:end], start, end

    def _privacy(self, body: str, replacement: Optional[str], confirmed: bool = False) -> None:
        """Emails, phone numbers, street addresses and social-media handles are refused before
        anything is stored;
        a person's name is refused until the reviewer confirms it is not one (or was chosen)."""
        from .privacy import identity_problem

        for text in (body, replacement or ""):
            problem = identity_problem(text)
            if problem is None or (confirmed and not problem.refused):
                continue
            if problem.refused:
                raise InputProblem(422, "{what} Reviews are anonymous: please leave out email addresses, phone "
                                        "numbers, street addresses and social-media accounts, and send again.",
                                   what=_Filled(problem.message, masked=problem.masked))
            exc = InputProblem(422, "{what} Reviews are anonymous: please leave out people's names. If it is not "
                                    "a person's name, or the person chose to be named, you can send it anyway.",
                               what=_Filled(problem.message, masked=problem.masked))
            exc.confirm = True
            raise exc

    async def post_reply(self, request: Request) -> Response:
        staff = request.url.path.startswith("/staff")
        s, _t = self.session(request)
        wants_json = "application/json" in request.headers.get("content-type", "")
        tid = request.path_params["tid"]
        body = None
        try:
            body = await self.body(request, s)
            s, rnd, author, visible, back = self._poster(request, s, staff)
            g = self.site.by_path(rnd.guideline)
            text = (body.data.get("body") or "").replace("\r\n", "\n")
            p = text_problem(text, limit=MAX_COMMENT, what=N_("Your reply"))
            if p:
                raise p
            self._privacy(text, None, confirmed=body.data.get("confirm") == "1")
            from ..review.threads import today as now  # the day only (privacy30)

            with self._budget(s, text):
                await run_in_threadpool(lambda: g.reply(tid, author=author, body=text, created=now(), visible=visible))
        except InputProblem as exc:
            return self.refuse(request, exc, s, wants_json, resend=body.data if body is not None else None)
        except LicPolicyError as exc:  # the words come back with the refusal, to send again or copy
            return self.refuse(request, self.not_written(exc, s), s, wants_json,
                               resend=body.data if body is not None else None)
        log.info("reply to %s by %s", tid, author.handle)
        if wants_json:
            return JSONResponse({"id": tid, "url": f"{back}?sent={tid}#thread-{tid}"}, status_code=201)
        return RedirectResponse(f"{back}?sent={tid}#thread-{tid}", status_code=303)

    async def withdraw(self, request: Request) -> Response:
        """A reviewer takes back their own comment (``Guideline.withdraw``): its words leave the
        review file."""
        s, _t = self.session(request)
        wants_json = "application/json" in request.headers.get("content-type", "")
        tid = request.path_params["tid"]
        try:
            await self.body(request, s)
            s, rnd, author, visible, back = self._poster(request, s, False)
            g = self.site.by_path(rnd.guideline)
            if g is None:
                raise InputProblem(404, "There is no such comment in this review.")
            await run_in_threadpool(lambda: g.withdraw(tid, author=author))
            # agreements were with its words, which are gone: a count beside "took it back"
            # read as agreeing that it be taken back
            self.state.forget_agreements(rnd.guideline, tid)
        except InputProblem as exc:
            return self.refuse(request, exc, s, wants_json)
        except LicPolicyError as exc:
            return self.refuse(request, self.not_written(exc, s), s, wants_json)
        log.info("thread %s taken back by its author", tid)
        if wants_json:
            return JSONResponse({"id": tid, "withdrawn": True})
        # ?taken= makes the page say, beside the thread, that it was taken back (it said nothing: ux31)
        return RedirectResponse(f"{back}?at={tid}&taken={tid}#thread-{tid}", status_code=303)

    async def agree(self, request: Request) -> Response:
        """*I agree* with a thread the reviewer can see and did not write (or take it back):
        counted in the room's state, once per invitation, with nothing that says whose
        agreement it is (``State.agree``); the review file is not touched."""
        s, _t = self.session(request)
        wants_json = "application/json" in request.headers.get("content-type", "")
        tid = request.path_params["tid"]
        try:
            body = await self.body(request, s)
            s, rnd, author, visible, back = self._poster(request, s, False)
            g = self.site.by_path(rnd.guideline)
            t = next((t for t in g.review().threads if t.id == tid), None) if g is not None else None
            if t is None or not visible(t):
                raise InputProblem(404, "There is no such comment in this review.")
            if t.author.handle == author.handle:
                raise InputProblem(409, "This is your own comment: others can agree with it.")
            agrees = str(body.data.get("agree", "1")) != "0"
            from .site import WITHDRAWN

            if agrees and t.body == WITHDRAWN:
                raise InputProblem(409, "The person who wrote this comment took it back: there are no words left "
                                        "to agree with.")
            self.state.agree(rnd.guideline, tid, s.invitation_id, agrees, secret=s.agree)
        except InputProblem as exc:
            return self.refuse(request, exc, s, wants_json)
        except LicPolicyError as exc:
            return self.refuse(request, self.not_written(exc, s), s, wants_json)
        counts, _mine = self.state.agreements(rnd.guideline)
        if wants_json:
            return JSONResponse({"id": tid, "agrees": agrees, "count": counts.get(tid, 0)})
        # ?at= tells the page's script, which sends the form with fetch (a response has no
        # fragment), which comment to come back to
        return RedirectResponse(f"{back}?at={tid}#thread-{tid}", status_code=303)

    # ------------------------------------------------------------------ staff

    def _staff(self, request: Request):
        s, token = self.session(request)
        if s is None or s.kind != "staff":
            return None, None
        return s, token

    def staff_home(self, request: Request) -> Response:
        s, _t = self._staff(request)
        if s is None:
            return self._staff_only(request)
        from ..guideline_data import place_not_in_title

        rows = []
        for g in self.site.guidelines.values():
            try:
                title, version = g.title, g.version
                problem = None
                # whose it is, when its title does not say (ux30: a regional room's guidelines
                # were all “Sex Work Response Guidelines”, told apart by their file names)
                place = place_not_in_title(g.document().data.get("metadata"), title)
                if place:
                    title = f"{title} — {place}"
            except LicPolicyError as exc:
                title, version, problem = g.name, None, exc.one_line()
            rows.append((g, title, version, problem, self.state.rounds(g.path)))
        return self.render(request, "staff_home.html", session=s, rows=rows)

    def _staff_only(self, request: Request) -> Response:
        return self.problem_page(request, 401, N_("Staff only"),
                                 N_("Open the staff link that `lic-policy serve` printed when it started."))

    def staff_guideline(self, request: Request) -> Response:
        s, _t = self._staff(request)
        if s is None:
            return self._staff_only(request)
        g = self.site.get(request.path_params["gid"])
        if g is None:
            return self.problem_page(request, 404, N_("Not found"), N_("There is no such page."), session=s)
        return self.render(request, "staff_guideline.html", session=s, g=g, rounds=self.state.rounds(g.path),
                           roles=INVITE_ROLES)

    def _parse_invitees(self, text: str) -> list[tuple[str, str]]:
        from .privacy import invitee_problem

        out = []
        for n, line in enumerate((text or "").splitlines(), 1):
            parts = line.replace(",", " ").split()
            if not parts:
                continue
            handle = parts[0]
            role = parts[1] if len(parts) > 1 else "sex-worker-advisory"
            if len(parts) > 2 or role not in INVITE_ROLES:
                # "Maria Lopez sex-worker-advisory", "Maria Lopez": a person's name, said as such
                words = parts[:-1] if parts[-1] in INVITE_ROLES else parts
                if len(words) > 1 and self._name_like(" ".join(words)):
                    raise InputProblem(422, "Line {n}: that looks like a person's name: invite each reviewer under "
                                            "a made-up handle such as advisory-3, never a name, email or phone "
                                            "number.", n=n)
                raise InputProblem(422, "Line {n}: write one reviewer per line as a handle and a role, e.g. "
                                        "advisory-3 sex-worker-advisory (roles: {roles}).", n=n,
                                   roles=", ".join(INVITE_ROLES))
            found = invitee_problem(handle)
            if found is not None and found[0] == "first name":  # "heron-3": a bird, and a first name too
                word, instead = found[1]  # type: ignore[misc]
                raise InputProblem(422, "Line {n}: “{word}” is also a first name, so '{handle}' could name someone: "
                                        "use a handle that names no one, such as {instead}.", n=n, word=word,
                                   handle=handle[:64], instead=instead)
            if found is not None:
                raise InputProblem(422, "Line {n}: '{handle}' cannot be a handle: use a made-up handle such as "
                                        "advisory-3, never a name, email or phone number.", n=n, handle=handle[:64])
            out.append((handle, role))
        if len({h for h, _r in out}) != len(out):
            raise InputProblem(422, "Each reviewer needs their own handle; a handle appears twice.")
        if len(out) > 200:
            raise InputProblem(422, "At most 200 reviewers can be invited at once.")
        return out

    def _name_like(self, handle: str) -> bool:
        from .privacy import handle_looks_like_name

        return handle_looks_like_name(handle)

    async def open_round(self, request: Request) -> Response:
        s, _t = self.session(request)
        g = self.site.get(request.path_params["gid"])
        body = None
        try:
            body = await self.body(request, s)
            if s.kind != "staff":
                raise InputProblem(403, "Only the people running the review can do this.")
            if g is None:
                raise InputProblem(404, "There is no such page.")
            invitees = self._parse_invitees(body.data.get("reviewers", ""))
            closes = body.data.get("closes") or None
            if closes:
                from .state import closing_time

                try:
                    closes = closing_time(closes)
                except LicPolicyError:
                    raise InputProblem(422, "The closing date is not a date; write it as 2026-12-31.") from None
                if parse_iso(closes) < utcnow():
                    raise InputProblem(422, "The closing date is in the past.")
            doc = await run_in_threadpool(g.document)
            if await run_in_threadpool(g.identity_reasons):  # as `review packet` and `serve --invite` refuse
                raise InputProblem(409, "The draft names someone in its consultation record, governance or owners, "
                                        "and the room would show it to the reviewers: take the names, "
                                        "emails and phone numbers out first (`lic-policy check --only privacy` "
                                        "lists them).")
            rnd = self.state.open_round(g.path, g.version, doc.text, closes=closes,
                                        show_findings=body.data.get("show_findings") == "1",
                                        show_others=body.data.get("show_others") == "1",
                                        title=(body.data.get("title") or "")[:200] or None)
            links = [(inv, self._link(tok)) for inv, tok in (self.state.invite(rnd.id, h, r) for h, r in invitees)]
        except InputProblem as exc:  # the list typed comes back to correct, with the round's settings
            return self.refuse(request, exc, s, False, resend=body.data if body is not None else None)
        log.info("round %s opened with %d invitations", rnd.id, len(links))
        return self._show_links(_t, rnd.id, links)

    def _show_links(self, token: str, rid: int, links: list) -> Response:
        """Keep the links just made for this staff session and send it to the page that shows
        them (POST/redirect/GET: a reload shows them again and sends nothing)."""
        _keep_recent(self._new_links, (token, rid), links, 64)
        return RedirectResponse(f"/staff/r/{rid}/links", status_code=303)

    def links_page(self, request: Request) -> Response:
        s, token = self._staff(request)
        if s is None:
            return self._staff_only(request)
        rnd, g, _action = self._staff_round(request)
        if rnd is None or g is None:
            return self.problem_page(request, 404, N_("Not found"), N_("There is no such page."), session=s)
        links = self._new_links.get((token, rnd.id))
        if links is None:
            return self.problem_page(request, 410, N_("These links are no longer shown"),
                                     N_("Invitation links are shown only to the person who made them, until they "
                                        "sign out or the review room is restarted; only a fingerprint of each is "
                                        "kept. To give a reviewer a new link, withdraw the old one on the round's "
                                        "page and invite them again."), session=s)
        from ..guideline_data import placeholder_owners

        try:
            owners = placeholder_owners(g.document().data)
        except LicPolicyError:
            owners = []
        return self.render(request, "links.html", session=s, g=g, rnd=rnd, links=links, placeholder_owner=owners)

    def _link(self, token: str) -> str:
        return f"{self.config.base_url}/i/{token}"

    def round_page(self, request: Request) -> Response:
        s, _t = self._staff(request)
        if s is None:
            return self._staff_only(request)
        rnd, g, _action = self._staff_round(request)
        if rnd is None or g is None:
            return self.problem_page(request, 404, N_("Not found"), N_("There is no such page."), session=s)
        changes = request.query_params.get("changes", "1") != "0"
        findings = request.query_params.get("findings", "1") != "0"
        view = self._view(g, rnd, changes=changes, findings=findings, visible=lambda t: t.author.role != "automated")
        review, outcomes = g.anchored()
        order = {"open": 1, "accepted": 2, "orphaned": 3, "resolved": 4, "rejected": 5}
        shown = [t for t in review.threads if t.author.role != "automated"]
        groups = {
            # an objection its writer took back (and the staff reopened) blocks nothing
            "blocking": [t for t in shown if t.kind == "objection" and not t.withdrawn
                         and (t.status in ("open", "orphaned") or outcomes.get(t.id) == "orphaned")],
        }
        rest = [t for t in shown if t not in groups["blocking"]]
        for st in ("open", "accepted", "orphaned", "resolved", "rejected"):
            groups[st] = [t for t in rest if (("orphaned" if outcomes.get(t.id) == "orphaned" else t.status) == st)]
        stale = sum(1 for t in review.threads if outcomes.get(t.id) in ("moved", "orphaned"))
        refused = self._name_refusals.get(_t) if request.query_params.get("handle") == "refused" else None
        return self.render(request, "round.html", session=s, g=g, rnd=rnd, staff=True,
                           handle_problem=refused[0] if refused else "",
                           handle_typed=refused[1] if refused else s.handle,
                           invitations=self.state.invitations(rnd.id), groups=groups, order=order,
                           outcomes=outcomes, stale=stale, roles=INVITE_ROLES, show_findings=findings, **view)

    async def round_action(self, request: Request) -> Response:
        s, _t = self.session(request)
        action = request.path_params["action"]
        rnd = self.state.round(int(request.path_params["rid"]))
        body = None
        try:
            body = await self.body(request, s)
            if s.kind != "staff":
                raise InputProblem(403, "Only the people running the review can do this.")
            if rnd is None:
                raise InputProblem(404, "There is no such review round.")
            g = self.site.by_path(rnd.guideline)
            if action == "close":
                self.state.close_round(rnd.id)
                log.info("round %s closed", rnd.id)
            elif action == "revoke":
                iid = int_field(body.data, "invitation")
                inv = self.state.invitation(iid)
                if inv is None or inv.round_id != rnd.id:
                    raise InputProblem(404, "There is no such invitation.")
                self.state.revoke(iid)
                log.info("invitation of %s withdrawn", inv.handle)
            elif action == "invite":
                invitees = self._parse_invitees(body.data.get("reviewers", ""))
                # refused before any link is made: a link made and not shown is lost (ux16: the
                # page read "The draft cannot be read", the links made before it gone)
                active = {n.lower() for i in self.state.invitations(rnd.id) if not i.revoked
                          for n in (i.handle, i.invited_as) if n}
                taken = [h for h, _r in invitees if h.lower() in active]
                if taken:
                    raise InputProblem(409, "'{handle}' already has a link in this round: give each reviewer their "
                                            "own handle, or withdraw that link first, then invite them again for a "
                                            "new one.", handle=taken[0][:64])
                links = [(inv, self._link(tok)) for inv, tok in
                         (self.state.invite(rnd.id, h, r) for h, r in invitees)]
                return self._show_links(_t, rnd.id, links)
            elif action == "reanchor":
                rep = await run_in_threadpool(g.reanchor)
                log.info("threads carried: %d stayed, %d moved, %d orphaned", rep.stayed, rep.moved, rep.orphaned)
            elif action == "handle":
                from ..model.review import handle_problem

                handle = (body.data.get("handle") or "").strip()
                problem = handle_problem(handle)
                name_like = self._name_like(handle)
                if problem or name_like:
                    # as a reviewer's refused name: a name, an email or a phone number is not
                    # written back on the page, nor put back in the box, and the round page
                    # comes back by a redirect, with the reason beside the box (fix27)
                    identity = bool(handle) and (name_like or not problem.startswith("is not a handle"))
                    if identity:
                        from ..privacy import mask

                        shown, handle = mask(handle[:64]), ""
                    else:
                        shown = handle[:64]
                    exc = InputProblem(422, "'{handle}' cannot be a handle: use a made-up handle such as staff-1, "
                                            "never a name, email or phone number.", handle=shown)
                    self._name_refusals.pop(_t, None)
                    self._name_refusals[_t] = (self._message(request, exc, s), handle[:64])
                    while len(self._name_refusals) > 256:
                        self._name_refusals.popitem(last=False)
                    return RedirectResponse(f"/staff/r/{rnd.id}?handle=refused", status_code=303)
                self._name_refusals.pop(_t, None)
                self.state.set_session(_t, handle=handle)
            else:
                raise InputProblem(404, "There is no such page.")
        except InputProblem as exc:  # an invitation list typed comes back to correct
            resend = body.data if body is not None and action == "invite" else None
            return self.refuse(request, exc, s, False, resend=resend)
        return RedirectResponse(f"/staff/r/{rnd.id}", status_code=303)

    async def thread_action(self, request: Request) -> Response:
        s, _t = self.session(request)
        rnd = self.state.round(int(request.path_params["rid"]))
        tid = request.path_params["tid"]
        action = request.path_params["action"]
        wants_json = "application/json" in request.headers.get("content-type", "")
        try:
            body = await self.body(request, s)
            if s.kind != "staff":
                raise InputProblem(403, "Only the people running the review can do this.")
            if rnd is None:
                raise InputProblem(404, "There is no such review round.")
            g = self.site.by_path(rnd.guideline)
            text = (body.data.get("body") or "").replace("\r\n", "\n")
            if text:
                p = text_problem(text, limit=MAX_COMMENT, what=N_("Your reply"))
                if p:
                    raise p
                self._privacy(text, None, confirmed=body.data.get("confirm") == "1")
            from ..review.threads import today as now  # the day only (privacy30)

            author = self._staff_author(s)
            if action == "accept":
                await run_in_threadpool(lambda: g.accept(tid, author=author, body=text or None, created=now()))
            elif action in ("resolve", "reject", "reopen"):
                status = {"resolve": "resolved", "reject": "rejected", "reopen": "open"}[action]
                await run_in_threadpool(lambda: g.set_status(tid, status, author=author, body=text or None,
                                                             created=now()))
            else:
                raise InputProblem(404, "There is no such page.")
        except InputProblem as exc:
            return self.refuse(request, exc, s, wants_json)
        except LicPolicyError as exc:
            return self.refuse(request, self.not_written(exc, s), s, wants_json)
        log.info("thread %s: %s by %s", tid, action, author.handle)
        if wants_json:
            return JSONResponse({"id": tid, "action": action})
        return RedirectResponse(f"/staff/r/{rnd.id}#thread-{tid}", status_code=303)


def _segments(page, threads_by_unit: dict, findings_by_unit: dict, can_post: bool, respond_url: str, lang: str,
              _, lost_by_unit: Optional[dict] = None, shift: int = 0) -> list:
    """The document as the template walks it: the text fields with notes beside them as
    ``Unit`` objects (the template renders them and their threads), every run of the others as
    one string of HTML, made once per page, language and page kind (the same markup the
    template writes; a 50-page guideline has some 700 fields and few of them have notes)."""
    from markupsafe import escape
    from urllib.parse import quote

    from .document import Involvement, Unit

    cache = page.__dict__.setdefault("_fragments", {})
    key = (lang, can_post, respond_url, shift)
    frags = cache.get(key)
    if frags is None:
        respond, to = _("Respond"), _("to")
        frags = []
        for it in page.items:
            if isinstance(it, Involvement):
                frags.append(_involvement_html(it, shift))
                continue
            if not isinstance(it, Unit):
                anchor = f' id="{escape(it.anchor)}"' if it.anchor else ""
                level = min(it.level + shift, 6)  # the staff's page: the draft under its own heading (ux17)
                frags.append(f'<h{level} class="part-heading"{anchor}>{escape(it.title)}</h{level}>\n')
                continue
            cls = "unit" + (" clause-unit" if it.clause else "") + (" removed" if it.removed else "")
            ident = f' id="{escape(it.anchor)}"' if not it.removed else ""
            data = f' data-part="{escape(it.key)}" data-h="{it.digest}"' if not it.removed else ""
            level = min(it.heading + shift, 6)
            text = f"<h{level}>{it.html}</h{level}>" if it.heading else it.html
            notes = ""
            if can_post and not it.removed:
                what = it.named()
                notes = (f'<div class="notes" lang="{lang}"><p class="respond"><a href="{escape(respond_url)}?part='
                         f'{quote(it.key, safe="")}">{escape(respond)}<span class="sr-only"> {escape(to)} '
                         f'{escape(what)}</span></a></p></div>')
            frags.append(f'<section class="{cls}"{ident}><div class="text{" clause" if it.clause else ""}"{data}>'
                         f'{text}</div>{notes}</section>\n')
        if len(cache) > 8:
            cache.clear()
        cache[key] = frags
    out: list = []
    run: list[str] = []
    level = 1  # the heading level in effect: a unit's threads are headed one level below it
    for it, frag in zip(page.items, frags):
        if not isinstance(it, Unit):
            level = it.level
        elif it.heading:
            level = it.heading
        if isinstance(it, Unit) and (it.key in threads_by_unit or it.key in findings_by_unit
                                     or it.key in (lost_by_unit or {})) and not it.removed:
            if run:
                out.append("".join(run))
                run = []
            import dataclasses

            shown = dataclasses.replace(it)
            shown.note_level = min(6, level + 1)  # type: ignore[attr-defined]
            out.append(shown)
        else:
            run.append(frag)
    if run:
        out.append("".join(run))
    return out


def _involvement_html(it, shift: int = 0) -> str:
    """The page's part on how sex workers took part in making the draft: its heading, then each
    fact as a term and its words (a list where there are several), in English as the draft's
    other generated headings are; classes only (the Content-Security-Policy allows no inline
    style)."""
    from markupsafe import escape

    level = min(it.level + shift, 6)
    out = [f'<section class="involvement" id="{escape(it.anchor)}" lang="en" aria-labelledby="{escape(it.anchor)}-h">',
           f'<h{level} class="part-heading" id="{escape(it.anchor)}-h">{escape(it.title)}</h{level}>']
    terms = []
    for f in it.facts:
        words = (f"<p>{escape(f.text)}</p>" if f.text else "") \
            + ("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in f.items) + "</ul>" if f.items else "")
        if f.label:
            terms.append(f"<dt>{escape(f.label)}</dt><dd>{words}</dd>")
        else:
            out.append(words)
    if terms:
        out.append("<dl>" + "".join(terms) + "</dl>")
    out.append("</section>\n")
    return "".join(out)


class _Filled:
    """A catalogue text with its own values, used as the value of another text."""

    def __init__(self, text: str, **values):
        self.text = text
        self.values = values


def _url_origin(url: str) -> str:
    """``https://review.example.org/x`` → ``https://review.example.org``."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _origin(request: Request) -> str:
    host = request.headers.get("host", "")
    return f"{request.url.scheme}://{host}"


# --------------------------------------------------------------------------- middleware


def origin_form(scope: dict) -> dict:
    """``scope`` of a request whose target is in absolute form (``GET http://127.0.0.1:8000/review
    HTTP/1.1``), as the same request in origin form: its path, and the target's host for the Host
    header, as RFC 9112 (3.2.2) asks of every server. uvicorn gave the whole URL as the path, and
    the room answered 404; the Host check then reads the target's host (another site's: 421)."""
    from urllib.parse import unquote

    raw = scope.get("raw_path") or scope.get("path", "").encode("latin-1", "replace")
    rest = raw.split(b"://", 1)[1] if b"://" in raw else b""
    authority, slash, path = rest.partition(b"/")
    raw_path = slash + path if slash else b"/"
    raw_path = raw_path.split(b"?", 1)[0]  # uvicorn took the query apart already
    headers = [(k, v) for k, v in scope.get("headers") or [] if k != b"host"] + [(b"host", authority)]
    return {**scope, "path": unquote(raw_path.decode("latin-1")), "raw_path": raw_path, "headers": headers}


class _ClientGone(Exception):
    """The server could not send the answer: the connection is closed or already answered."""


class Guard:
    """Pure ASGI middleware: Host check, security headers on every response, and one
    clear page (never a traceback) when something fails."""

    def __init__(self, app, config: Config, room: Room):
        self.app = app
        self.config = config
        self.room = room

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if scope.get("path", "")[:8].lower().startswith(("http://", "https://")):
            scope = origin_form(scope)
        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1")
        name, port = (host.rsplit(":", 1) + [None])[:2] if not host.endswith("]") else (host, None)
        if port is not None and not _is_port(port):
            # 'Host: 127.0.0.1:99999', ':abc', ':' were served as naming the room (the port cut off
            # unread); no browser sends them
            resp = PlainTextResponse("Bad request: the port in the Host header is not a port number (1 to 65535).",
                                     status_code=400)
            return await self._send(resp, scope, receive, send)
        # a host name is the same in any case, and with its root's dot (`Host: LOCALHOST`,
        # `localhost.`): they were 421, this address is not served here (RFC 9110, 4.2.3)
        name = name.lower()
        if name.endswith(".") and not name.endswith(".."):
            name = name[:-1]
        if self.config.allowed_hosts is not None and name not in self.config.allowed_hosts:
            resp = PlainTextResponse("This address is not served here (the Host header does not name this server).",
                                     status_code=421)
            return await self._send(resp, scope, receive, send)
        started = False
        t0 = time.perf_counter()

        async def send_with_headers(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                hs = list(message.get("headers") or [])
                # how long the server took (Server-Timing: browsers' developer tools and the benchmark read it)
                hs.append((b"server-timing", f"app;dur={(time.perf_counter() - t0) * 1000:.1f}".encode()))
                names = {k.lower() for k, _v in hs}
                for k, v in SECURITY_HEADERS.items():
                    if k.encode() not in names:
                        hs.append((k.encode(), v.encode()))
                path = scope.get("path", "")
                if b"cache-control" not in names:
                    hs.append((b"cache-control", _static_cache(path, scope.get("query_string") or b"")
                               if path.startswith("/static/") else b"no-store"))
                message = {**message, "headers": hs}
            try:
                await send(message)
            except Exception as exc:  # noqa: BLE001 - the server can no longer answer on this connection
                raise _ClientGone() from exc

        try:
            await self.app(scope, receive, send_with_headers)
        except _ClientGone:
            # the server already answered and closed the connection (a malformed request body:
            # uvicorn says 400 itself), or the client went away: nothing to answer, no error
            log.info("connection closed before the answer to %s %s was sent", scope.get("method"),
                     _route_name(scope.get("path", "")))
        except Exception:  # noqa: BLE001 - a bug: one clear page, details in the server's log only
            log.exception("error while answering %s %s", scope.get("method"), _route_name(scope.get("path", "")))
            if not started:
                resp = PlainTextResponse("Something went wrong on the server. Your last change may not have been "
                                         "saved; please reload the page.", status_code=500)
                await resp(scope, receive, send_with_headers)

    async def _send(self, resp, scope, receive, send):
        async def with_headers(message):
            if message["type"] == "http.response.start":
                hs = list(message.get("headers") or [])
                hs.extend((k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items())
                message = {**message, "headers": hs}
            await send(message)

        await resp(scope, receive, with_headers)


def _is_port(text: str) -> bool:
    """``text`` a TCP port as a Host header writes it: one to five ASCII digits, 1 to 65535. A
    valid port other than the one listened on is let through: a room reached through
    ``ssh -L 9000:127.0.0.1:8000`` is asked for as localhost:9000."""
    return 0 < len(text) <= 5 and text.isascii() and text.isdigit() and 0 < int(text) <= 65535


def _route_name(path: str) -> str:
    """A path for the log with any token taken out."""
    for prefix in ("/i/", "/operator/"):
        if path.startswith(prefix):
            return prefix + "…"
    return path


def _asset_files() -> dict:
    return {"favicon.svg": HERE / "static" / "favicon.svg", "guideline.css": HERE.parent / "publish" / "style.css",
            "room.css": HERE / "static" / "room.css", "room.js": HERE / "static" / "room.js"}


@functools.lru_cache(maxsize=1)
def asset_versions() -> dict:
    """Each file the pages link to → the first 12 hex digits of its content's SHA-256: the pages
    link ``/static/NAME?v=…``, which a browser keeps for a year, and a changed file (lic-policy
    upgraded) is another address, fetched at once (ux16: sent with no Cache-Control, a browser
    kept last month's room.js by its own guess for days)."""
    import hashlib

    out = {}
    for name, path in _asset_files().items():
        try:
            out[name] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        except OSError:
            out[name] = "0" * 12
    return out


def _static_cache(path: str, query: bytes) -> bytes:
    """Cache-Control of a /static/ file: a year under its current fingerprint, else checked
    with the room each time (an address from before an upgrade, or none)."""
    version = asset_versions().get(path[len("/static/"):])
    if version is not None and query == b"v=" + version.encode():
        return b"public, max-age=31536000, immutable"
    return b"no-cache"


async def _guideline_css(request: Request) -> Response:
    """The publish stylesheet itself: the draft reads as the published guideline does."""
    from starlette.responses import FileResponse

    return FileResponse(HERE.parent / "publish" / "style.css", media_type="text/css")


def _authors(g) -> set:
    """Every made-up name that wrote a thread or a reply in the guideline's review file."""
    return {a.author.handle for t in g.review().threads for a in (t, *t.replies)}


def _written_by(g, handle: str) -> bool:
    return handle in _authors(g)


def _yours(view: dict, handle: str) -> list:
    """The threads on the page a reviewer started or replied to, in the order they were made,
    each with the reply that came last from someone else (or None): what a reviewer coming
    back looks for first."""
    threads = [t for ts in view["threads_by_unit"].values() for t in ts] + list(view["orphaned"])
    out = []
    # the day each was made, then its number: the review file keeps a comment's day, not its second
    # (privacy30), and t10 comes after t9
    for t in sorted(threads, key=lambda t: (str(t.created)[:10], len(t.id), t.id)):
        if t.author.handle != handle and not any(r.author.handle == handle for r in t.replies):
            continue
        answers = [r for r in t.replies if r.author.handle != handle]
        out.append((t, answers[-1] if answers else None))
    return out


def _wording_in(text: str, wording: str, quote) -> bool:
    from .site import wording_in

    return wording_in(text, wording, quote)


def _back_to(g, key: str) -> str:
    """``#id`` of the part ``key`` on the draft's page (empty when the page has no such part)."""
    from urllib.parse import quote

    shown = g.page(None).units.get(key)
    return "#" + quote(shown.anchor, safe="") if shown is not None else ""


def _here(request: Request) -> str:
    """Where the language switch sends the person back: this page's address with its query
    (a Respond page's part), less a ``lang`` that would undo the choice; a page made in answer
    to a form has an address that only takes forms, so the home page (which leads on)."""
    if request.method not in ("GET", "HEAD"):
        return "/"
    from urllib.parse import urlencode

    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return request.url.path + ("?" + urlencode(query) if query else "")


def _round_numbers() -> None:
    """``{rid:round}`` in a route: a round's number, at most 18 digits (a number sqlite can
    hold). Starlette's ``int`` took any run of digits and read it before the route was chosen:
    `/staff/r/` and 5,000 digits was an internal error (Python reads no number of more than
    4,300 digits), for anyone who sent it. Longer runs match no route: 404, the room's page."""
    from starlette.convertors import CONVERTOR_TYPES, IntegerConvertor, register_url_convertor

    if "round" not in CONVERTOR_TYPES:
        class RoundNumber(IntegerConvertor):
            regex = "[0-9]{1,18}"

        register_url_convertor("round", RoundNumber())


def create_app(site, state: State, config: Optional[Config] = None) -> Starlette:
    config = config or Config()
    room = Room(site, state, config)

    async def not_found(request: Request, exc) -> Response:
        s, _t = room.session(request)
        response = room.problem_page(request, getattr(exc, "status_code", 404), N_("Not found"),
                                     N_("There is no such page."), session=s)
        allow = (getattr(exc, "headers", None) or {}).get("Allow")
        if allow:  # a 405 says which methods the page takes (RFC 9110)
            response.headers["Allow"] = allow
        return response

    async def library_error(request: Request, exc: LicPolicyError) -> Response:
        """A guideline or review file that cannot be read (an editor saved a broken draft, a file
        was removed): staff see the one-line error, reviewers a plain sentence; nothing else."""
        s, _t = room.session(request)
        log.warning("cannot show %s: %s", _route_name(request.url.path), exc.one_line())
        if s is not None and s.kind == "staff":  # which file: the review file's error was headed "The draft"
            from ..store import REVIEW_SUFFIXES

            review = str(exc.file or "").lower().endswith(REVIEW_SUFFIXES)
            return room.problem_page(request, 503, N_("The review file cannot be read") if review else
                                     N_("The draft cannot be read"), exc.one_line(), session=s)
        return room.problem_page(request, 503, N_("The draft cannot be read"),
                                 N_("The draft cannot be shown right now. Please try again later."), session=s)

    async def state_error(request: Request, exc: sqlite3.Error) -> Response:
        """The room's own state file cannot be used (the disk is full, the file was made
        read-only or damaged, another program holds it): not a bug, and nothing a reviewer can
        do. One line for the operator (it was a 500 page and a traceback per request), a page
        saying nothing was kept (no session is looked up: that reads the state file too)."""
        from .state import StateFileGone

        said = str(exc).lower()
        if isinstance(exc, StateFileGone):
            hint = "put the file back where it was, or restart the room, which starts a new state file: invite the " \
                   "reviewers again"
        elif "locked" in said or "busy" in said:  # 'free some space' was the advice for this too (hostile29)
            hint = "another program holds the file (another `lic-policy serve`, the sqlite3 shell, a backup tool): " \
                   "close it, and the room goes on"
        elif "readonly" in said or "read-only" in said:
            hint = "make the file and its folder writable again, or restart the room with another --state FILE"
        else:
            hint = "free some space, or restart the room with another --state FILE"
        log.error("could not answer %s %s: the review room's state file %s cannot be used: %s (%s)", request.method,
                  _route_name(request.url.path), room.state.path, exc, hint)
        return room.problem_page(request, 503, N_("The review room cannot save right now"),
                                 N_("The review room could not record what you sent, so nothing of it was kept. "
                                    "Please keep a copy of what you wrote, try again later, and tell the staff who "
                                    "invited you."))

    _round_numbers()
    routes = [
        Route("/", room.home),
        Route("/operator/{token}", room.operator),
        Route("/i/{token}", room.invitation),
        Route("/lang", room.set_lang, methods=["POST"]),
        Route("/logout", room.logout, methods=["POST"]),
        Route("/review", room.review_page),
        Route("/review/respond", room.respond_page),
        Route("/review/name", room.choose_name, methods=["POST"]),
        Route("/review/threads", room.post_thread, methods=["POST"]),
        Route("/review/threads/{tid:str}/replies", room.post_reply, methods=["POST"]),
        Route("/review/threads/{tid:str}/agree", room.agree, methods=["POST"]),
        Route("/review/threads/{tid:str}/withdraw", room.withdraw, methods=["POST"]),
        Route("/staff", room.staff_home),
        Route("/staff/g/{gid:str}", room.staff_guideline),
        Route("/staff/g/{gid:str}/rounds", room.open_round, methods=["POST"]),
        Route("/staff/r/{rid:round}", room.round_page),
        Route("/staff/r/{rid:round}/respond", room.respond_page),
        Route("/staff/r/{rid:round}/links", room.links_page),
        Route("/staff/r/{rid:round}/threads", room.post_thread, methods=["POST"]),
        Route("/staff/r/{rid:round}/threads/{tid:str}/replies", room.post_reply, methods=["POST"]),
        Route("/staff/r/{rid:round}/threads/{tid:str}/{action:str}", room.thread_action, methods=["POST"]),
        Route("/staff/r/{rid:round}/{action:str}", room.round_action, methods=["POST"]),
        Route("/static/guideline.css", _guideline_css),
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found, LicPolicyError: library_error,
                                                       sqlite3.Error: state_error})
    app.state.room = room
    # pages, script and styles go out gzip-compressed to a browser that asks (ux17: the sample's
    # review page was 119 kB on every load, a 6-clause draft's 31 kB, 5.4 s at 50 kbit/s; about
    # a fifth compressed). A page holds the form token beside words other reviewers wrote, but
    # the session cookie is SameSite=Strict: no other site can have a reviewer's browser load
    # the room's pages, which a compression-length attack (BREACH) needs, many times over.
    from starlette.middleware.gzip import GZipMiddleware

    return Guard(GZipMiddleware(app, minimum_size=1024, compresslevel=6), config, room)


__all__ = ["create_app", "Config", "Room", "CSP", "SECURITY_HEADERS", "COOKIE", "COOKIE_SECURE"]
