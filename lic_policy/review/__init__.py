"""Review workflow: anchored threads (threads.py), re-anchoring (anchoring.py) and
writing accepted suggestions into the guideline (apply.py)."""
