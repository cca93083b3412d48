"""Anti-trafficking work (issue 12): identification interviews with the ILO–European
Commission 2009 indicators, and the protection (or exit) pathways they open."""
