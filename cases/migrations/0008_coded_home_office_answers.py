"""The Home Office answers about a person become codes (issue 10).

Sexual orientation, religion, ethnicity and the relationship were free text; previous offending,
caring responsibilities and death by suicide were True / False / None, where None meant both
"not known" and "not answered". Now every answer is a code, "unknown" is an answer of its own
and "" is no answer yet.

The free text is coded where its meaning is plain ("Church of England" is Christian, "White
British" is White: English, Welsh, Scottish, Northern Irish or British); what cannot be coded
safely ("Black British" could be African, Caribbean or another Black background) is left
unanswered and kept, as typed, in ``home_office_to_check``: the Home Office form shows it beside
the question until a person chooses the answer. True and False become "yes" and "no"; None
becomes "" (not answered), since nobody can tell now whether it meant "not known".

Like every data migration here, this one copies the values it needs instead of importing the
application's code, which changes later. The history tables keep the text as it was recorded;
only the type change of the yes / no columns is carried through them.
"""

import re

import django.contrib.postgres.fields
from django.db import migrations, models

YES_NO_FIELDS = ("previous_offending", "caring_responsibilities", "died_by_suicide")
_AS_CODE = {"true": "yes", "false": "no", None: ""}

# Words typed for each code, after ``normalise`` (lower case, letters and digits only).
FREE_TEXT_CODES = {
    "sexual_orientation": {
        "heterosexual": ["heterosexual", "straight", "heterosexual straight", "hetero"],
        "gay_lesbian": ["gay", "lesbian", "gay or lesbian", "gay lesbian", "gay man", "gay woman"],
        "bisexual": ["bisexual", "bi"],
        "other": ["other"],
        "unknown": ["unknown", "not known", "nk", "n k", "not stated", "prefer not to say"],
    },
    "religion": {
        "christian": [
            "christian",
            "christianity",
            "church of england",
            "c of e",
            "cofe",
            "anglican",
            "catholic",
            "roman catholic",
            "rc",
            "methodist",
            "baptist",
            "protestant",
            "church of wales",
            "church of scotland",
            "pentecostal",
            "orthodox christian",
            "jehovahs witness",
            "evangelical",
        ],
        "buddhist": ["buddhist", "buddhism"],
        "hindu": ["hindu", "hinduism"],
        "jewish": ["jewish", "judaism", "jew"],
        "muslim": ["muslim", "islam", "islamic", "moslem"],
        "sikh": ["sikh", "sikhism"],
        "none": [
            "none",
            "no religion",
            "no",
            "nil",
            "atheist",
            "agnostic",
            "no faith",
            "non religious",
        ],
        "other": ["other", "other religion"],
        "unknown": ["unknown", "not known", "nk", "n k", "not stated", "prefer not to say"],
    },
    "ethnicity": {
        "white_british": [
            "white british",
            "british",
            "white english",
            "english",
            "white welsh",
            "welsh",
            "white scottish",
            "scottish",
            "white uk",
            "white northern irish",
            "white uk british",
            "white english welsh scottish northern irish or british",
            "wb",
        ],
        "white_irish": ["white irish", "irish"],
        "white_gypsy_traveller": [
            "gypsy",
            "traveller",
            "irish traveller",
            "gypsy or irish traveller",
            "white gypsy or irish traveller",
            "gypsy traveller",
        ],
        "white_roma": ["roma", "white roma"],
        "white_other": [
            "white other",
            "other white",
            "any other white background",
            "white european",
        ],
        "mixed_white_black_caribbean": [
            "mixed white and black caribbean",
            "white and black caribbean",
        ],
        "mixed_white_black_african": ["mixed white and black african", "white and black african"],
        "mixed_white_asian": ["mixed white and asian", "white and asian"],
        "mixed_other": ["mixed other", "other mixed", "any other mixed background"],
        "asian_indian": ["indian", "asian indian", "british indian", "asian british indian"],
        "asian_pakistani": [
            "pakistani",
            "asian pakistani",
            "british pakistani",
            "asian british pakistani",
        ],
        "asian_bangladeshi": [
            "bangladeshi",
            "asian bangladeshi",
            "british bangladeshi",
            "asian british bangladeshi",
        ],
        "asian_chinese": ["chinese", "asian chinese", "british chinese"],
        "asian_other": ["asian other", "other asian", "any other asian background"],
        "black_african": ["black african", "african", "black british african"],
        "black_caribbean": ["black caribbean", "caribbean", "black british caribbean"],
        "black_other": ["black other", "other black", "any other black background"],
        "other_arab": ["arab", "other arab"],
        "other_any": ["any other ethnic group", "other ethnic group"],
        "unknown": ["unknown", "not known", "nk", "n k", "not stated", "prefer not to say"],
    },
    "relationship_to_other": {
        "spouse": ["husband", "wife", "spouse", "civil partner", "married"],
        "common_law_spouse": [
            "common law husband",
            "common law wife",
            "common law spouse",
            "common law partner",
        ],
        "partner": ["partner", "boyfriend", "girlfriend", "current partner", "intimate partner"],
        "ex_spouse": [
            "ex husband",
            "ex wife",
            "former husband",
            "former wife",
            "ex spouse",
            "ex civil partner",
        ],
        "ex_partner": [
            "ex partner",
            "ex boyfriend",
            "ex girlfriend",
            "former partner",
            "former boyfriend",
            "former girlfriend",
        ],
        "cohabitant": ["cohabitant", "cohabitee"],
        "parent": ["father", "mother", "parent", "dad", "mum"],
        "step_parent": [
            "stepfather",
            "stepmother",
            "step father",
            "step mother",
            "step parent",
            "stepparent",
        ],
        "grandparent": ["grandfather", "grandmother", "grandparent", "grandad", "grandma", "nan"],
        "child": ["son", "daughter", "child", "adult son", "adult daughter"],
        "sibling": ["brother", "sister", "sibling", "half brother", "half sister"],
        "other_relative": [
            "uncle",
            "aunt",
            "cousin",
            "nephew",
            "niece",
            "son in law",
            "daughter in law",
        ],
        "other": ["friend", "neighbour", "flatmate", "lodger", "acquaintance"],
        "unknown": ["unknown", "not known", "nk", "n k"],
    },
}
_LOOKUP = {
    field: {typed: code for code, words in codes.items() for typed in words}
    for field, codes in FREE_TEXT_CODES.items()
}


def normalise(text: str) -> str:
    """Lower case, "&" as "and", every run of other characters one space: "Ex-Wife" is "ex wife"."""
    text = text.casefold().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def code_for(field: str, text: str) -> str | None:
    """The code of ``text`` typed for ``field``, "" for nothing typed, None when unsure."""
    if not text.strip():
        return ""
    return _LOOKUP[field].get(normalise(text))


def code_free_text(apps, schema_editor):
    Subject = apps.get_model("cases", "Subject")
    for subject in Subject.objects.all():
        to_check = dict(subject.home_office_to_check or {})
        for field in FREE_TEXT_CODES:
            typed = getattr(subject, field)
            code = code_for(field, typed)
            if code is None:
                to_check[field] = typed
                code = ""
            setattr(subject, field, code)
        for field in YES_NO_FIELDS:
            setattr(subject, field, _AS_CODE.get(getattr(subject, field), ""))
        subject.home_office_to_check = to_check
        subject.save()
    HistoricalSubject = apps.get_model("cases", "HistoricalSubject")
    for field in YES_NO_FIELDS:
        for stored, code in _AS_CODE.items():
            HistoricalSubject.objects.filter(**{field: stored}).update(**{field: code})


def back_to_free_text(apps, schema_editor):
    """Codes back to yes / no for the boolean columns; the coded text stays as codes."""
    for name in ("Subject", "HistoricalSubject"):
        model = apps.get_model("cases", name)
        for field in YES_NO_FIELDS:
            model.objects.filter(**{field: "yes"}).update(**{field: "true"})
            model.objects.filter(**{field: "no"}).update(**{field: "false"})
            model.objects.exclude(**{f"{field}__in": ["true", "false"]}).update(**{field: None})


def _nullable_char():
    return models.CharField(max_length=8, null=True, blank=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_agency_document_deadlines"),
    ]

    operations = [
        migrations.RenameField("subject", "relationship_to_victim", "relationship_to_other"),
        migrations.RenameField(
            "historicalsubject", "relationship_to_victim", "relationship_to_other"
        ),
        migrations.AddField(
            model_name="subject",
            name="home_office_to_check",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="historicalsubject",
            name="home_office_to_check",
            field=models.JSONField(blank=True, default=dict),
        ),
        *[
            migrations.AlterField(model_name=model, name=field, field=_nullable_char())
            for model in ("subject", "historicalsubject")
            for field in YES_NO_FIELDS
        ],
        migrations.RunPython(code_free_text, back_to_free_text),
        *[
            migrations.AlterField(
                model_name=model,
                name=field,
                field=models.CharField(
                    blank=True,
                    choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Not known")],
                    max_length=8,
                ),
            )
            for model in ("subject", "historicalsubject")
            for field in YES_NO_FIELDS
        ],
        migrations.AddField(
            model_name="historicalsubject",
            name="carer_for_victim",
            field=models.CharField(
                blank=True,
                choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Not known")],
                max_length=8,
            ),
        ),
        migrations.AddField(
            model_name="subject",
            name="carer_for_victim",
            field=models.CharField(
                blank=True,
                choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Not known")],
                max_length=8,
            ),
        ),
        migrations.AlterField(
            model_name="historicalsubject",
            name="age_band",
            field=models.CharField(
                blank=True,
                choices=[
                    ("under-16", "Under 16"),
                    ("16-19", "16 to 19"),
                    ("20-24", "20 to 24"),
                    ("25-34", "25 to 34"),
                    ("35-44", "35 to 44"),
                    ("45-54", "45 to 54"),
                    ("55-64", "55 to 64"),
                    ("65+", "65 or over"),
                    ("unknown", "Not known"),
                ],
                max_length=8,
            ),
        ),
        migrations.AlterField(
            model_name="historicalsubject",
            name="court_outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("murder", "Murder"),
                    ("manslaughter", "Manslaughter"),
                    ("manslaughter_dr", "Manslaughter (diminished responsibility)"),
                    ("not_guilty", "Not guilty"),
                    ("pending", "Proceedings not finished"),
                    ("no_proceedings", "No criminal proceedings"),
                    ("other", "Other"),
                    ("unknown", "Not known"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="historicalsubject",
            name="ethnicity",
            field=models.CharField(
                blank=True,
                choices=[
                    ("asian_bangladeshi", "Asian or Asian British: Bangladeshi"),
                    ("asian_chinese", "Asian or Asian British: Chinese"),
                    ("asian_indian", "Asian or Asian British: Indian"),
                    ("asian_pakistani", "Asian or Asian British: Pakistani"),
                    ("asian_other", "Asian or Asian British: any other Asian background"),
                    ("black_african", "Black, Black British, Caribbean or African: African"),
                    ("black_caribbean", "Black, Black British, Caribbean or African: Caribbean"),
                    (
                        "black_other",
                        "Black, Black British, Caribbean or African: any other Black background",
                    ),
                    ("mixed_white_asian", "Mixed or multiple: White and Asian"),
                    ("mixed_white_black_african", "Mixed or multiple: White and Black African"),
                    ("mixed_white_black_caribbean", "Mixed or multiple: White and Black Caribbean"),
                    ("mixed_other", "Mixed or multiple: any other mixed background"),
                    ("white_british", "White: English, Welsh, Scottish, Northern Irish or British"),
                    ("white_irish", "White: Irish"),
                    ("white_gypsy_traveller", "White: Gypsy or Irish Traveller"),
                    ("white_roma", "White: Roma"),
                    ("white_other", "White: any other White background"),
                    ("other_arab", "Other ethnic group: Arab"),
                    ("other_any", "Other ethnic group: any other ethnic group"),
                    ("unknown", "Not known"),
                ],
                max_length=80,
            ),
        ),
        migrations.AlterField(
            model_name="historicalsubject",
            name="mental_health",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(
                    choices=[
                        ("depression", "Depression"),
                        ("anxiety", "Anxiety"),
                        ("ptsd", "Post-traumatic stress disorder"),
                        ("psychosis", "Psychosis"),
                        ("self_harm", "Self-harm"),
                        ("suicidal_thoughts", "Suicidal thoughts"),
                        ("other", "Other"),
                        ("none", "None known to agencies"),
                        ("unknown", "Not known"),
                    ],
                    max_length=24,
                ),
                blank=True,
                default=list,
                size=None,
            ),
        ),
        migrations.AlterField(
            model_name="historicalsubject",
            name="relationship_to_other",
            field=models.CharField(
                blank=True,
                choices=[
                    ("spouse", "Spouse or civil partner"),
                    ("common_law_spouse", "Common-law spouse"),
                    ("partner", "Boyfriend or girlfriend"),
                    ("ex_spouse", "Ex-spouse or ex-civil partner"),
                    ("ex_partner", "Ex-boyfriend or ex-girlfriend"),
                    ("cohabitant", "Cohabitant"),
                    ("parent", "Parent"),
                    ("step_parent", "Step-parent"),
                    ("grandparent", "Grandparent"),
                    ("child", "Son or daughter"),
                    ("sibling", "Brother or sister"),
                    ("other_relative", "Other relative"),
                    ("other", "Other (not a relative)"),
                    ("unknown", "Not known"),
                ],
                max_length=100,
            ),
        ),
        migrations.AlterField(
            model_name="historicalsubject",
            name="religion",
            field=models.CharField(
                blank=True,
                choices=[
                    ("christian", "Christian"),
                    ("buddhist", "Buddhist"),
                    ("hindu", "Hindu"),
                    ("jewish", "Jewish"),
                    ("muslim", "Muslim"),
                    ("sikh", "Sikh"),
                    ("none", "No religion"),
                    ("other", "Other religion"),
                    ("unknown", "Not known"),
                ],
                max_length=60,
            ),
        ),
        migrations.AlterField(
            model_name="historicalsubject",
            name="sexual_orientation",
            field=models.CharField(
                blank=True,
                choices=[
                    ("heterosexual", "Heterosexual or straight"),
                    ("gay_lesbian", "Gay or lesbian"),
                    ("bisexual", "Bisexual"),
                    ("other", "Other sexual orientation"),
                    ("unknown", "Not known"),
                ],
                max_length=60,
            ),
        ),
        migrations.AlterField(
            model_name="historicalsubject",
            name="vulnerabilities",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(
                    choices=[
                        ("alcohol", "Alcohol"),
                        ("substance_misuse", "Substance misuse"),
                        ("housing", "Housing"),
                        ("disability", "Disability"),
                        ("neurodiversity", "Neurodiversity"),
                        ("pregnancy", "Pregnancy"),
                        ("other", "Other"),
                        ("none", "None known to agencies"),
                        ("unknown", "Not known"),
                    ],
                    max_length=24,
                ),
                blank=True,
                default=list,
                size=None,
            ),
        ),
        migrations.AlterField(
            model_name="subject",
            name="age_band",
            field=models.CharField(
                blank=True,
                choices=[
                    ("under-16", "Under 16"),
                    ("16-19", "16 to 19"),
                    ("20-24", "20 to 24"),
                    ("25-34", "25 to 34"),
                    ("35-44", "35 to 44"),
                    ("45-54", "45 to 54"),
                    ("55-64", "55 to 64"),
                    ("65+", "65 or over"),
                    ("unknown", "Not known"),
                ],
                max_length=8,
            ),
        ),
        migrations.AlterField(
            model_name="subject",
            name="court_outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("murder", "Murder"),
                    ("manslaughter", "Manslaughter"),
                    ("manslaughter_dr", "Manslaughter (diminished responsibility)"),
                    ("not_guilty", "Not guilty"),
                    ("pending", "Proceedings not finished"),
                    ("no_proceedings", "No criminal proceedings"),
                    ("other", "Other"),
                    ("unknown", "Not known"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="subject",
            name="ethnicity",
            field=models.CharField(
                blank=True,
                choices=[
                    ("asian_bangladeshi", "Asian or Asian British: Bangladeshi"),
                    ("asian_chinese", "Asian or Asian British: Chinese"),
                    ("asian_indian", "Asian or Asian British: Indian"),
                    ("asian_pakistani", "Asian or Asian British: Pakistani"),
                    ("asian_other", "Asian or Asian British: any other Asian background"),
                    ("black_african", "Black, Black British, Caribbean or African: African"),
                    ("black_caribbean", "Black, Black British, Caribbean or African: Caribbean"),
                    (
                        "black_other",
                        "Black, Black British, Caribbean or African: any other Black background",
                    ),
                    ("mixed_white_asian", "Mixed or multiple: White and Asian"),
                    ("mixed_white_black_african", "Mixed or multiple: White and Black African"),
                    ("mixed_white_black_caribbean", "Mixed or multiple: White and Black Caribbean"),
                    ("mixed_other", "Mixed or multiple: any other mixed background"),
                    ("white_british", "White: English, Welsh, Scottish, Northern Irish or British"),
                    ("white_irish", "White: Irish"),
                    ("white_gypsy_traveller", "White: Gypsy or Irish Traveller"),
                    ("white_roma", "White: Roma"),
                    ("white_other", "White: any other White background"),
                    ("other_arab", "Other ethnic group: Arab"),
                    ("other_any", "Other ethnic group: any other ethnic group"),
                    ("unknown", "Not known"),
                ],
                max_length=80,
            ),
        ),
        migrations.AlterField(
            model_name="subject",
            name="mental_health",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(
                    choices=[
                        ("depression", "Depression"),
                        ("anxiety", "Anxiety"),
                        ("ptsd", "Post-traumatic stress disorder"),
                        ("psychosis", "Psychosis"),
                        ("self_harm", "Self-harm"),
                        ("suicidal_thoughts", "Suicidal thoughts"),
                        ("other", "Other"),
                        ("none", "None known to agencies"),
                        ("unknown", "Not known"),
                    ],
                    max_length=24,
                ),
                blank=True,
                default=list,
                size=None,
            ),
        ),
        migrations.AlterField(
            model_name="subject",
            name="relationship_to_other",
            field=models.CharField(
                blank=True,
                choices=[
                    ("spouse", "Spouse or civil partner"),
                    ("common_law_spouse", "Common-law spouse"),
                    ("partner", "Boyfriend or girlfriend"),
                    ("ex_spouse", "Ex-spouse or ex-civil partner"),
                    ("ex_partner", "Ex-boyfriend or ex-girlfriend"),
                    ("cohabitant", "Cohabitant"),
                    ("parent", "Parent"),
                    ("step_parent", "Step-parent"),
                    ("grandparent", "Grandparent"),
                    ("child", "Son or daughter"),
                    ("sibling", "Brother or sister"),
                    ("other_relative", "Other relative"),
                    ("other", "Other (not a relative)"),
                    ("unknown", "Not known"),
                ],
                max_length=100,
            ),
        ),
        migrations.AlterField(
            model_name="subject",
            name="religion",
            field=models.CharField(
                blank=True,
                choices=[
                    ("christian", "Christian"),
                    ("buddhist", "Buddhist"),
                    ("hindu", "Hindu"),
                    ("jewish", "Jewish"),
                    ("muslim", "Muslim"),
                    ("sikh", "Sikh"),
                    ("none", "No religion"),
                    ("other", "Other religion"),
                    ("unknown", "Not known"),
                ],
                max_length=60,
            ),
        ),
        migrations.AlterField(
            model_name="subject",
            name="sexual_orientation",
            field=models.CharField(
                blank=True,
                choices=[
                    ("heterosexual", "Heterosexual or straight"),
                    ("gay_lesbian", "Gay or lesbian"),
                    ("bisexual", "Bisexual"),
                    ("other", "Other sexual orientation"),
                    ("unknown", "Not known"),
                ],
                max_length=60,
            ),
        ),
        migrations.AlterField(
            model_name="subject",
            name="vulnerabilities",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(
                    choices=[
                        ("alcohol", "Alcohol"),
                        ("substance_misuse", "Substance misuse"),
                        ("housing", "Housing"),
                        ("disability", "Disability"),
                        ("neurodiversity", "Neurodiversity"),
                        ("pregnancy", "Pregnancy"),
                        ("other", "Other"),
                        ("none", "None known to agencies"),
                        ("unknown", "Not known"),
                    ],
                    max_length=24,
                ),
                blank=True,
                default=list,
                size=None,
            ),
        ),
    ]
