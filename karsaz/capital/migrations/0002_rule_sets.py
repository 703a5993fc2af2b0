"""The markets' first rule sets (version 1). Their criteria come with the readiness rules;
staff change them in the admin by publishing a new version."""

from django.db import migrations

RULE_SETS = (
    # market, Persian title, English title, source, crowdfunding parameters
    ("sme_board", "بازار شرکت‌های کوچک و متوسط فرابورس", "Farabourse SME market",
     "دستورالعمل پذیرش اوراق بهادار در فرابورس ایران", {}),
    ("novafarin", "تابلوی نوآفرین", "Novafarin board",
     "دستورالعمل پذیرش اوراق بهادار در فرابورس ایران", {}),
    ("first_market", "بازار اول فرابورس", "Farabourse first market",
     "دستورالعمل پذیرش اوراق بهادار در فرابورس ایران", {}),
    ("crowdfunding", "تأمین مالی جمعی", "Crowdfunding",
     "دستورالعمل تأمین مالی جمعی (۱۳۹۷)",
     {"own_contribution_min_pct": 10, "campaign_max_days": 60, "person_share_max_pct": 5,
      "person_annual_cap": 5_000_000_000}),
)  # fmt: skip


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("capital", "RuleSet")
    for market, title_fa, title_en, source, params in RULE_SETS:
        RuleSet.objects.get_or_create(
            market=market,
            version=1,
            defaults={"title_fa": title_fa, "title_en": title_en, "source": source, **params},
        )


class Migration(migrations.Migration):
    dependencies = [("capital", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
