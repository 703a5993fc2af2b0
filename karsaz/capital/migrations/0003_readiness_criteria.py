"""Version-1 criteria of the four markets' rule sets.

Figures as we read them in Farabourse's admission instruction («دستورالعمل پذیرش اوراق بهادار
در فرابورس ایران», with its 1399–1401 amendments: first market, SME market and the Novafarin
board of knowledge-based firms) and the crowdfunding directive of the Supreme Council of the
Stock Exchange (1397, amended 1399). Capital thresholds are in rials. They are readiness
indicators, not the board's legal test: staff revise them in the admin by publishing a new
version, which never rewrites an assessment already made.
"""

from django.db import migrations

B = 1_000_000_000  # a billion rials

# key, kind, threshold, weight, Persian title, English title, Persian advice, English advice
C = {
    "years_active": ("سابقهٔ فعالیت (سال)", "Years of activity",
                     "سابقهٔ فعالیت را با اساسنامه و آگهی تأسیس مستند کنید.",
                     "Document the founding date with the articles and the founding notice."),
    "audited_years": ("سال‌های صورت مالی حسابرسی‌شده", "Years of audited statements",
                      "صورت‌های مالی سال‌های اخیر را به حسابرس معتمد بورس بسپارید.",
                      "Have the recent years' statements audited by an exchange-trusted auditor."),
    "acceptable_opinion": ("اظهارنظر حسابرس مقبول یا مشروط", "Unqualified or qualified audit opinion",
                           "بندهای مردودی یا عدم اظهارنظر حسابرس را رفع کنید.",
                           "Resolve what led to an adverse opinion or a disclaimer."),
    "no_accumulated_loss": ("نداشتن زیان انباشته", "No accumulated loss",
                            "زیان انباشته را با افزایش سرمایه یا سودآوری جبران کنید.",
                            "Clear the accumulated loss with new capital or profits."),
    "profit_last_year": ("سود خالص در آخرین سال مالی", "Net profit last fiscal year",
                         "برنامهٔ بهبود حاشیهٔ سود را با کلینیک کسب‌وکار تدوین کنید.",
                         "Work out a margin plan with a business clinic."),
    "profitable_years": ("سال‌های سودده از سه سال اخیر", "Profitable years of the last three",
                         "", ""),
    "equity_ratio_pct": ("نسبت حقوق صاحبان سهام به دارایی‌ها (درصد)", "Equity to total assets (%)",
                         "ساختار سرمایه را تقویت کنید.", "Strengthen the capital structure."),
    "registered_capital": ("سرمایهٔ ثبت‌شده (ریال)", "Registered capital (rials)",
                           "افزایش سرمایه را در مجمع فوق‌العاده تصویب و ثبت کنید.",
                           "Approve and register a capital increase."),
    "float_pct": ("سهام شناور آزاد (درصد)", "Free float (%)",
                  "درصد عرضهٔ اولیه را با مشاور پذیرش تعیین کنید.",
                  "Plan the offered share with the admission adviser."),
    "shareholders": ("تعداد سهام‌داران", "Shareholders", "", ""),
    "independent_director": ("عضو مستقل هیئت‌مدیره", "Independent director",
                             "دست‌کم یک عضو غیرموظف مستقل در هیئت‌مدیره بگمارید.",
                             "Appoint at least one independent non-executive director."),
    "audit_committee": ("کمیتهٔ حسابرسی", "Audit committee",
                        "کمیتهٔ حسابرسی را طبق منشور نمونهٔ سازمان بورس تشکیل دهید.",
                        "Form an audit committee under the regulator's model charter."),
    "internal_controls": ("کنترل‌های داخلی مستند", "Documented internal controls",
                          "گزارش کنترل‌های داخلی را تهیه و به تأیید حسابرس برسانید.",
                          "Document internal controls and have the auditor review them."),
    "ir_officer": ("مسئول ارتباط با سرمایه‌گذاران", "Investor-relations officer",
                   "یک نفر را مسئول ارتباط با سرمایه‌گذاران و افشای اطلاعات کنید.",
                   "Name someone responsible for investor relations and disclosure."),
    "finance_defaults": ("نکول در تأمین مالی زنجیره‌ای کارساز", "Defaults in Karsaz supply-chain finance",
                         "بدهی‌های معوق را تسویه کنید.", "Settle the overdue debts."),
    "max_days_late": ("بیشترین روز تأخیر بازپرداخت", "Longest repayment delay (days)",
                      "بازپرداخت‌ها را سر موعد انجام دهید.", "Repay on time."),
    "employees": ("کارکنان", "Employees", "", ""),
}

RULES = {
    # Farabourse SME market: 2 years of activity, 2 audited years, no adverse opinion, profit in
    # the last year, no accumulated loss, registered capital of at least 30 billion rials, 10%
    # float among at least 50 shareholders, an independent director and an audit committee.
    "sme_board": [
        ("years_active", "at_least", 2, 2), ("audited_years", "at_least", 2, 3),
        ("acceptable_opinion", "true", None, 3), ("profit_last_year", "true", None, 2),
        ("no_accumulated_loss", "true", None, 2), ("registered_capital", "at_least", 30 * B, 2),
        ("float_pct", "at_least", 10, 1), ("shareholders", "at_least", 50, 1),
        ("independent_director", "true", None, 1), ("audit_committee", "true", None, 1),
        ("internal_controls", "true", None, 1), ("ir_officer", "true", None, 1),
        ("finance_defaults", "at_most", 0, 2),
    ],
    # Novafarin (knowledge-based firms): one year of activity, one audited year, no profit test,
    # registered capital of at least 10 billion rials, 10% float.
    "novafarin": [
        ("years_active", "at_least", 1, 2), ("audited_years", "at_least", 1, 3),
        ("acceptable_opinion", "true", None, 3), ("registered_capital", "at_least", 10 * B, 2),
        ("float_pct", "at_least", 10, 1), ("independent_director", "true", None, 1),
        ("audit_committee", "true", None, 1), ("ir_officer", "true", None, 1),
        ("finance_defaults", "at_most", 0, 2),
    ],
    # Farabourse first market: 3 years of activity and audited statements, profit in 2 of the
    # last 3 years and the last one, equity at least 20% of assets, capital of at least 300
    # billion rials, 15% float among 250 shareholders, the full governance set.
    "first_market": [
        ("years_active", "at_least", 3, 2), ("audited_years", "at_least", 3, 3),
        ("acceptable_opinion", "true", None, 3), ("profit_last_year", "true", None, 2),
        ("profitable_years", "at_least", 2, 2), ("no_accumulated_loss", "true", None, 2),
        ("equity_ratio_pct", "at_least", 20, 1), ("registered_capital", "at_least", 300 * B, 2),
        ("float_pct", "at_least", 15, 1), ("shareholders", "at_least", 250, 1),
        ("independent_director", "true", None, 1), ("audit_committee", "true", None, 1),
        ("internal_controls", "true", None, 1), ("ir_officer", "true", None, 1),
        ("finance_defaults", "at_most", 0, 2), ("max_days_late", "at_most", 30, 1),
    ],
    # Crowdfunding (1397 directive): a registered firm with a year of activity and no record of
    # default; statements need not be audited.
    "crowdfunding": [
        ("years_active", "at_least", 1, 2), ("employees", "at_least", 2, 1),
        ("finance_defaults", "at_most", 0, 3), ("max_days_late", "at_most", 60, 1),
    ],
}  # fmt: skip


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("capital", "RuleSet")
    Criterion = apps.get_model("capital", "Criterion")
    for market, rows in RULES.items():
        rule_set = RuleSet.objects.get(market=market, version=1)
        for order, (key, kind, threshold, weight) in enumerate(rows, start=1):
            title_fa, title_en, advice_fa, advice_en = C[key]
            Criterion.objects.get_or_create(
                rule_set=rule_set,
                key=key,
                defaults={
                    "kind": kind, "threshold": threshold, "weight": weight, "order": order,
                    "title_fa": title_fa, "title_en": title_en,
                    "advice_fa": advice_fa, "advice_en": advice_en,
                },
            )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("capital", "0002_rule_sets")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
