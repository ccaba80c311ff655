"""The faithfulness eval harness: last line of the design's diagram.

dataset.py (eval sets, judge cases) -> runner.py (real pipeline + judge per sentence)
-> metrics.py (per question, per category, overall) -> report.py (json/md/html, compare)
-> gate.py (regression check against eval/baseline.json). The judge (answer/judge/) is
shared with answer verification.
"""
