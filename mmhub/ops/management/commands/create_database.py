"""manage.py create_database: create the PostgreSQL database DATABASE_URL names, if it is missing."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections


class Command(BaseCommand):
    help = (
        "Create the PostgreSQL database named by DATABASE_URL when it does not exist yet "
        "(connecting to the server's 'postgres' database with the same credentials). "
        "SQLite files are created by migrate; nothing to do for them."
    )

    def handle(self, *args, **options):
        settings_dict = connections["default"].settings_dict
        if settings_dict["ENGINE"] != "django.db.backends.postgresql":
            self.stdout.write("Not PostgreSQL: migrate creates the database.")
            return
        import psycopg
        from psycopg import sql

        name = settings_dict["NAME"]
        try:
            server = psycopg.connect(
                dbname="postgres",
                user=settings_dict.get("USER") or None,
                password=settings_dict.get("PASSWORD") or None,
                host=settings_dict.get("HOST") or None,
                port=settings_dict.get("PORT") or None,
                autocommit=True,
                connect_timeout=5,
            )
        except psycopg.OperationalError as error:
            raise CommandError(
                f"Cannot reach PostgreSQL for DATABASE_URL ({error}). Is the server running "
                "(pg_ctlcluster 15 main start) and does DATABASE_URL name the right host and user?"
            ) from error
        with server:
            exists = server.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if exists:
                self.stdout.write(f"Database {name} is there.")
                return
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.stdout.write(self.style.SUCCESS(f"Created database {name}."))
