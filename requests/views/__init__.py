"""ANT request views, in three parts: the team and head side (team.py), the office's queue
and campaigns (office.py), trainers and mission orders (trainers.py)."""
