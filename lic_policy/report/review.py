"""`check --format review`: findings as review threads, the same shape human reviewers'
threads have (author `lic-policy`, role `automated`; a safe fix becomes a suggestion).

The output is one review-file YAML document per checked guideline (a `---` between them).
`check --write-review` merges the threads into each guideline's `NAME.review.yaml` instead:
existing threads are kept, and a finding already there is not added twice.
"""

from __future__ import annotations

from ..model.finding import Finding


def _guideline_results(report):
    for r in report.results:
        if r.error is None and r.file.lower().endswith((".yaml", ".yml")):
            yield r


def _version(findings) -> str | None:
    for f in findings:
        if f.anchor is not None and f.anchor.version:
            return f.anchor.version
    return None


def render(report, **_kw) -> str:
    from pathlib import Path

    from ..model.review import ReviewFile
    from ..review import threads

    created = threads.now()
    out = []
    for r in _guideline_results(report):
        findings = sorted(r.findings, key=Finding.sort_key)
        review = ReviewFile(guideline=Path(r.file).name)
        threads.add_findings(review, findings, created, _version(findings))
        doc = threads.ReviewDocument(threads.review_path(r.file), review)
        out.append(f"# review threads for {r.file}\n" + threads.render(doc))
    return "---\n".join(out)


def write_review_files(report) -> list[tuple[str, int]]:
    """Merge each guideline's findings into its review file; (path, threads added) per file."""
    from ..review import threads

    created = threads.now()
    written = []
    results = list(_guideline_results(report))
    for r in results:  # every name first: none written when one cannot be (they were, up to it)
        threads.refuse_a_review_name_too_long(r.file, hint="give the guideline a shorter name: its automated "
                                              "threads go to NAME.review.yaml beside it")
    for r in results:
        findings = sorted(r.findings, key=Finding.sort_key)
        path = threads.review_path(r.file)
        from pathlib import Path

        from ..store import locked

        with locked(path):  # read under the write lock: a thread added meanwhile is kept
            doc = threads.load(path, guideline_name=Path(r.file).name)
            remasked = threads.remask_findings(doc.review, findings)  # masks of an earlier version
            added = threads.add_findings(doc.review, findings, created, _version(findings))
            if added or remasked:
                threads.save(doc)
        written.append((str(path), len(added)))
    return written
