"""Indonesian resources: calendar words, news-page cues."""
