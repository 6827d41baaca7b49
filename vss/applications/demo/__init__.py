"""Applicants, their forms and applications with their histories for the demo data
(generator.py), in the volumes the ECCC published (plan.py)."""
