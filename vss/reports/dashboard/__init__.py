"""The dashboard of the Section's figures: each a table and a bar chart drawn on the
server, filtered by case and period, each count a way into the list it counts."""
