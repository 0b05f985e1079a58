"""ANT request views, by page family: the team's and heads' side with the request page
(team.py), the office's queue (queue.py), its exports (exports.py), its campaigns
(campaigns.py), the catalogue (catalogue.py), trainers and mission orders (trainers.py).
URLs are in requests/urls.py."""
