"""JUnit XML: one test suite per file, one test case per finding and a passing case for each
clean file, so CI dashboards show what passed as well as what failed. A finding fails its
case when it is at or above the run's ``fail_on`` (what makes the exit code 1); below it, the
case passes with the finding in ``system-out``, so the dashboard and the exit code agree."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from ..model.finding import Finding, fails_at

# what XML 1.0 cannot hold, even as a character reference: C0 controls but tab, LF and CR,
# surrogates (a file name that is not UTF-8, kept by surrogateescape) and U+FFFE/U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    from .text import printable

    return _NOT_XML.sub(lambda m: printable(m.group()) if m.group() < "\x20" else "\ufffd", text)


def _xml_safe(root: ET.Element) -> None:
    """Every name and text in the tree as XML can hold it: a file named with a control
    character (or bytes that are not UTF-8) made the whole report not well-formed XML, and CI
    dashboards dropped it (controls are shown as symbols, as in the text report)."""
    for el in root.iter():
        for k, v in el.attrib.items():
            if _NOT_XML.search(v):
                el.set(k, _xml_text(v))
        if el.text and _NOT_XML.search(el.text):
            el.text = _xml_text(el.text)


def render(report, *, fail_on: str | None = None, **_kw) -> str:
    """``fail_on``: error, warning, info or none, as ``check --fail-on``; None fails every finding."""
    from .github import repo_path
    from .plain import advice, plain_message

    suites = ET.Element("testsuites", name="lic-policy")
    total = failures = errors = 0
    for r in report.results:
        # the file as the repository names it (ux16): `check .` named it `./guidelines/x.yaml`, so
        # a dashboard's test history keyed on the class changed with the job's command
        name = repo_path(r.file) if r.file != "-" else r.file
        suite = ET.SubElement(suites, "testsuite", name=name)
        n = f_ = e_ = 0
        if r.error is not None:
            case = ET.SubElement(suite, "testcase", classname=name, name="parse")
            err = ET.SubElement(case, "error", message=r.error.message, type="input")
            err.text = r.error.one_line()
            n += 1
            e_ += 1
        elif not r.findings:
            ET.SubElement(suite, "testcase", classname=name, name="lic-policy check")
            n += 1
        for f in sorted(r.findings, key=Finding.sort_key):
            case = ET.SubElement(suite, "testcase", classname=name, name=f"{f.rule_id} at {f.line}:{f.column}")
            # a dashboard shows the message without the line under it: the words quoted, said plainly
            message = plain_message(f)
            todo = advice(f)
            # a finding in the review file beside the guideline is at that file's line (it was
            # named by the guideline's name, where that line holds something else)
            where = repo_path(f.file) if f.file and f.file not in ("-", r.file) else name
            text = (f"{where}:{f.line}:{f.column}: {f.severity} {f.rule_id} {message}\n"
                    + (f"{todo}\n" if todo else "")
                    + "".join(f"source: {s.title} {s.url}".rstrip() + "\n" for s in f.sources))
            n += 1
            if fail_on is None or fails_at(f.severity, fail_on):
                ET.SubElement(case, "failure", message=message, type=f.severity).text = text
                f_ += 1
            else:
                ET.SubElement(case, "system-out").text = text
        suite.set("tests", str(n))
        suite.set("failures", str(f_))
        suite.set("errors", str(e_))
        total += n
        failures += f_
        errors += e_
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("errors", str(errors))
    _xml_safe(suites)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
