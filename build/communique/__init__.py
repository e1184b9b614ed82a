"""Communique: diplomatic news in, validated open data out."""
