# Joins the action plan's deadlines (issue 9) and the coded Home Office answers (issue 10).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_coded_home_office_answers"),
        ("cases", "0008_plan_action_deadlines"),
    ]

    operations = []
