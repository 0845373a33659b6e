"""The placements app's pages: browsing (browse.py) and the steps' forms, one module each."""
