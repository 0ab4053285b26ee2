"""The backend of ENGINE = "newsroom.postgresql": see the package's docstring."""

from django.db.backends.postgresql import base

from newsroom.postgresql import preparing


class PreparedCursor(base.ServerBindingCursor):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True if prepare is None else prepare, binary=binary)


class DatabaseWrapper(base.DatabaseWrapper):
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
