"""drafter: offline-first, LLM-assisted job-ad drafting for customer-service roles."""

__version__ = "0.1.0"
