"""Exit 0 when DATABASE_URL (argv[1]) names a PostgreSQL server that answers; used by `make test`."""

import sys

import psycopg

sys.path.insert(0, ".")
from newsroom.config import POSTGRES, ConfigError, parse_database_url


def main(url):
    try:
        db = parse_database_url(url, ".")
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    if db["ENGINE"] != POSTGRES:
        return 1
    try:
        # The maintenance database: the test database is created by the test run itself.
        psycopg.connect(
            dbname="postgres",
            user=db["USER"] or None,
            password=db["PASSWORD"] or None,
            host=db["HOST"] or None,
            port=db["PORT"] or None,
            connect_timeout=3,
        ).close()
    except psycopg.Error as exc:
        print(f"PostgreSQL is not reachable: {exc}".strip(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
