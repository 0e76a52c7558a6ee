"""Consent and Erasure move here from `access`, their tables and rows untouched.

The tables keep their names (`access_consent`, `access_erasure`): this migration only tells Django's state that
the models now belong to `privacy` (access 0004 forgets them there). Two labels that name the models move with
them, so nothing that points at them is left dangling: the content types (which permissions and the admin's log
refer to) and the record type of their audit rows ("access.consent" becomes "privacy.consent"; the rows' ids,
actions and values are unchanged).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("consent", "erasure")


def relabel(apps, schema_editor, old="access", new="privacy"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    db = schema_editor.connection.alias
    for model in MOVED:
        source = ContentType.objects.using(db).filter(app_label=old, model=model).first()
        target = ContentType.objects.using(db).filter(app_label=new, model=model).first()
        if source is not None and target is None:
            ContentType.objects.using(db).filter(pk=source.pk).update(app_label=new)
        elif source is not None:
            # Both exist (a database migrated back, then forward again): the permissions held through the old
            # one move to the new one, then the old one goes.
            for permission in Permission.objects.using(db).filter(content_type=source):
                twin = Permission.objects.using(db).filter(content_type=target, codename=permission.codename).first()
                if twin is None:
                    Permission.objects.using(db).filter(pk=permission.pk).update(content_type=target)
                else:
                    twin.user_set.add(*permission.user_set.all())
                    twin.group_set.add(*permission.group_set.all())
                    permission.delete()
            source.delete()
        # A queryset update: AuditEntry.save() refuses to rewrite a row, and only the record type's name changes.
        AuditEntry.objects.using(db).filter(target_type=f"{old}.{model}").update(target_type=f"{new}.{model}")


def relabel_back(apps, schema_editor):
    relabel(apps, schema_editor, old="privacy", new="access")


# The models as access 0002 created them, under their old table names.
STATE = [
    migrations.CreateModel(
        name="Erasure",
        fields=[
            (
                "id",
                models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
            ),
            ("erased_at", models.DateTimeField(auto_now_add=True, verbose_name="erased at")),
            ("reason", models.CharField(max_length=500, verbose_name="reason")),
            (
                "erased_by",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                    verbose_name="erased by",
                ),
            ),
            (
                "member",
                models.OneToOneField(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="erasure",
                    to="members.member",
                    verbose_name="member",
                ),
            ),
        ],
        options={
            "db_table": "access_erasure",
            "verbose_name": "erasure",
            "verbose_name_plural": "erasures",
        },
    ),
    migrations.CreateModel(
        name="Consent",
        fields=[
            (
                "id",
                models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
            ),
            (
                "purpose",
                models.CharField(
                    choices=[
                        ("registry", "Keeping my entry in the membership registry"),
                        ("communication", "Being contacted by the party (calls, messages, mail)"),
                        ("publication", "Publication of my name in communiqués and lists"),
                    ],
                    max_length=24,
                    verbose_name="purpose",
                ),
            ),
            (
                "channel",
                models.CharField(
                    choices=[
                        ("paper", "Paper form"),
                        ("online", "Online form"),
                        ("meeting", "Verbally, at a meeting"),
                        ("import", "Import of a file"),
                    ],
                    max_length=16,
                    verbose_name="channel",
                ),
            ),
            ("given_on", models.DateField(verbose_name="given on")),
            ("withdrawn_on", models.DateField(blank=True, null=True, verbose_name="withdrawn on")),
            ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
            (
                "member",
                models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="consents",
                    to="members.member",
                    verbose_name="member",
                ),
            ),
            (
                "recorded_by",
                models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                    verbose_name="recorded by",
                ),
            ),
        ],
        options={
            "db_table": "access_consent",
            "verbose_name": "consent",
            "verbose_name_plural": "consents",
            "ordering": ["-given_on", "-id"],
            "constraints": [
                models.CheckConstraint(
                    condition=models.Q(
                        ("withdrawn_on__isnull", True),
                        ("withdrawn_on__gte", models.F("given_on")),
                        _connector="OR",
                    ),
                    name="consent_withdrawn_after_given",
                ),
                models.UniqueConstraint(
                    condition=models.Q(("withdrawn_on__isnull", True)),
                    fields=("member", "purpose"),
                    name="one_current_consent_per_purpose",
                ),
            ],
        },
    ),
]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("access", "0003_account_trust_ceiling"),
        ("audit", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("members", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=STATE,
        ),
        migrations.RunPython(relabel, relabel_back, elidable=False),
    ]
