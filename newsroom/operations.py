"""Migration operations of the core that the desks' migrations use."""

from django.db.migrations.operations.base import Operation

from newsroom.publication import live_at_expression


def search_index_name(model):
    return f"{model._meta.db_table}_search"


def search_index_sql(model, schema_editor, create=True):
    table, name = model._meta.db_table, search_index_name(model)
    quote = schema_editor.quote_name
    if create:
        return f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} USING gin ({quote('search_vector')})"
    return f"DROP INDEX IF EXISTS {quote(name)}"


def search_column_sql(model, schema_editor):
    """How PostgreSQL keeps and judges the column: tokens of character pairs do not compress, so it does not try;
    and ANALYZE keeps ten times the usual number of frequent tokens, so that a rare word or a number is known
    to be rare and read from the GIN index, not by walking the newest items one by one."""
    quote = schema_editor.quote_name
    column = f"ALTER TABLE {quote(model._meta.db_table)} ALTER COLUMN {quote('search_vector')}"
    return [f"{column} SET STORAGE EXTERNAL", f"{column} SET STATISTICS 1000"]


class AddSearchIndex(Operation):
    """The GIN index on a desk's search_vector (newsroom.search), and how the column is stored and analysed;
    PostgreSQL only, SQLite searches without it."""

    reversible = True

    def __init__(self, model_name):
        self.model_name = model_name

    def state_forwards(self, app_label, state):
        pass

    def _run(self, app_label, schema_editor, state, create):
        if schema_editor.connection.vendor == "postgresql":
            model = state.apps.get_model(app_label, self.model_name)
            for sql in search_column_sql(model, schema_editor) if create else []:
                schema_editor.execute(sql)
            schema_editor.execute(search_index_sql(model, schema_editor, create=create))

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._run(app_label, schema_editor, to_state, create=True)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._run(app_label, schema_editor, from_state, create=False)

    def describe(self):
        return f"Add the search index of {self.model_name} (PostgreSQL)"

    def deconstruct(self):
        return self.__class__.__name__, [self.model_name], {}


def fill_live_at(app_label, model_name):
    """A RunPython function filling live_at of a desk's existing rows."""

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        model.objects.update(live_at=live_at_expression(apps.get_model("newsroom", "Edition")))

    return forwards
