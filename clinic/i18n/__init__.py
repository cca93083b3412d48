"""One translation catalogue for the interface and the reports (`translator`, `catalogue`,
`locale/`), and the words of known errors (`messages`). Below everything but `common`.
"""
