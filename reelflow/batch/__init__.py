"""`reelflow batch`: many videos from one spreadsheet (CSV, XLSX or JSON Lines).

The sheet is read (`sheet`), every row is turned into a brief and validated before anything runs
(`columns`, `validate`), then the videos are made through the deployments (`deployed`) or in
local worker processes (`local`, `child`), with a progress display (`display`) and a summary
that a rerun reads to skip what is already delivered (`summary`). `command` ties them together.
"""
