from django.core.checks import Error, register
from django.db import connection


@register("database")
def postgres_ctype_check(app_configs, databases=None, **kwargs):
    """With LC_CTYPE "C", PostgreSQL neither folds case nor classifies letters outside ASCII: searches on names
    (icontains) and any trigram matching would treat Arabic and accented French as opaque bytes."""
    if connection.vendor != "postgresql" or not databases:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT datctype FROM pg_database WHERE datname = current_database()")
        (ctype,) = cursor.fetchone()
    if ctype.upper() in ("C", "POSIX"):
        return [
            Error(
                f"The database's LC_CTYPE is {ctype}: Arabic name search cannot work.",
                hint="Create it with: createdb -T template0 -E UTF8 --lc-ctype=C.UTF-8 NAME",
                id="tanzim.E001",
            )
        ]
    return []
