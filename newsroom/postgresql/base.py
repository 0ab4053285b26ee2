"""The backend of ENGINE = "newsroom.postgresql": see the package's docstring."""

from django.db.backends.postgresql import base, operations
from psycopg import errors

from newsroom.postgresql import preparing


class PreparedCursor(base.ServerBindingCursor):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True if prepare is None else prepare, binary=binary)


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor, sql, params):
        """The query with its values, as Django shows it for its own cursors (DEBUG, captured queries)."""
        if not isinstance(cursor, PreparedCursor):
            return super().last_executed_query(cursor, sql, params)
        try:
            return self.compose_sql(sql, params)
        except errors.DataError:
            return sql


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def get_connection_params(self):
        params = super().get_connection_params()
        self.prepares = params.pop("prepared_statements", True)
        if self.prepares:
            # Django turns psycopg's statement cache off; only PreparedCursor uses it (the client-side binding of
            # every other cursor never prepares).
            params["prepare_threshold"] = 1
        return params

    def create_cursor(self, name=None):
        if name or not (preparing() and self.prepares):
            return super().create_cursor(name)
        kept, self.connection.cursor_factory = self.connection.cursor_factory, PreparedCursor
        try:
            return super().create_cursor(name)
        finally:
            self.connection.cursor_factory = kept
