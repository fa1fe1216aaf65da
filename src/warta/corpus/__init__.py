"""Cross-article stages: canonical entities now; dedupe, stories and timelines to come."""
