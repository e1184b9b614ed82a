"""Stage 2: extraction (see article.py)."""
