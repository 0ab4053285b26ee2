# live_at of the rows there were before it existed. A migration of its own: PostgreSQL builds no index in a
# transaction that has updated the table, and the previous migration's indexes are built at its end.

from django.db import migrations

from newsroom.operations import fill_live_at


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_live_at_search_vector"),
        ("newsroom", "0004_roles"),
    ]

    operations = [
        migrations.RunPython(fill_live_at("articles", "article"), migrations.RunPython.noop),
    ]
