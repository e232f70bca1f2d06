"""JUnit XML: one test suite per file, one test case per finding (failures) and a passing
case for each clean file, so CI dashboards show what passed as well as what failed."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from ..model.finding import Finding


def render(report, **_kw) -> str:
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
            fail = ET.SubElement(case, "failure", message=f.message, type=f.severity)
            fail.text = (f"{f.file}:{f.line}:{f.column}: {f.severity} {f.rule_id} {f.message}\n"
                         + (f"suggestion: {'; '.join(f.suggestions)}\n" if f.suggestions else "")
                         + "".join(f"source: {s.title} {s.url}\n" for s in f.sources))
            n += 1
            f_ += 1
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
