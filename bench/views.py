from django.shortcuts import render

from collaboration.models import Organisation


def reference(request):
    """What plain Django does on this machine: 50 rows from one query through a minimal template."""
    rows = Organisation.objects.only("pk", "name", "kind", "sector").order_by("name")[:50]
    return render(request, "bench/reference.html", {"rows": rows})
