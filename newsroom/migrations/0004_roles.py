from django.db import migrations


def create_roles(apps, schema_editor):
    from newsroom.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("newsroom", "0003_transition"),
        ("articles", "0003_alter_article_options_article_created_by_and_more"),
        ("notices", "0002_notice_created_by_notice_updated_by_notice_version_and_more"),
        ("outages", "0002_outagenotice_created_by_outagenotice_updated_by_and_more"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
