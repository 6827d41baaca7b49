"""What the apps write their demo data with: the registry of demo steps, the run they
share, the bulk writer and the random draws. The steps themselves live in each app
(`<app>/demo.py` or `<app>/demo/`) and are run by vss.demo (`manage.py generate_demo_data`).
"""
