"""Pages of operations: the one-query answer that `tanzim loadtest` measures every page against."""

from django.db import connection
from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def ping(request):
    """ "ok" after exactly one database query: the least any page costs (the middleware for a signed-in reader,
    its session, one round trip to the database), so the ceiling of requests per second on this machine."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
