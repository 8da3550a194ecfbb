"""Demo content for `manage.py load_demo_content`: original articles and clearly fictional sponsors."""
