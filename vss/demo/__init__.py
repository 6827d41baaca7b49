"""The demo data: `manage.py generate_demo_data` runs the steps the apps register (see
vss.core.demo.steps) in their order, in one transaction; `manage.py demo_logins` lists the
demo accounts. At the top of the layers: it may import every app, and no app imports it.
"""

# Every demo account's password; `generate_demo_data` refuses to run in production, and
# creates accounts only in a database without forms.
DEMO_PASSWORD = "vss-demo-2026"
