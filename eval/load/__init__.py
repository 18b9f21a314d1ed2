"""Load test of the HTTP API: a locust scenario (locustfile.py) and its runner (python -m eval.load)."""
