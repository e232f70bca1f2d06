"""JUnit XML: one test suite per file, one test case per finding and a passing case for each
clean file, so CI dashboards show what passed as well as what failed. A finding fails its
case when it is at or above the run's ``fail_on`` (what makes the exit code 1); below it, the
case passes with the finding in ``system-out``, so the dashboard and the exit code agree."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from ..model.finding import Finding

_RANK = {"info": 0, "warning": 1, "error": 2}


def render(report, *, fail_on: str | None = None, **_kw) -> str:
    """``fail_on``: error, warning, info or none, as ``check --fail-on``; None fails every finding."""
    threshold = 0 if fail_on is None else 3 if fail_on == "none" else _RANK.get(fail_on, 0)
    suites = ET.Element("testsuites", name="lic-policy")
    total = failures = errors = 0
    for r in report.results:
        suite = ET.SubElement(suites, "testsuite", name=r.file)
        n = f_ = e_ = 0
        if r.error is not None:
            case = ET.SubElement(suite, "testcase", classname=r.file, name="parse")
            err = ET.SubElement(case, "error", message=r.error.message, type="input")
            err.text = r.error.one_line()
            n += 1
            e_ += 1
        elif not r.findings:
            ET.SubElement(suite, "testcase", classname=r.file, name="lic-policy check")
            n += 1
        for f in sorted(r.findings, key=Finding.sort_key):
            case = ET.SubElement(suite, "testcase", classname=r.file, name=f"{f.rule_id} at {f.line}:{f.column}")
            text = (f"{f.file}:{f.line}:{f.column}: {f.severity} {f.rule_id} {f.message}\n"
                    + (f"suggestion: {'; '.join(f.suggestions)}\n" if f.suggestions else "")
                    + "".join(f"source: {s.title} {s.url}\n" for s in f.sources))
            n += 1
            if _RANK.get(f.severity, 2) >= threshold:
                ET.SubElement(case, "failure", message=f.message, type=f.severity).text = text
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
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
