"""The infrastructure every app of the portal uses, kept apart from collaboration's three business areas.

collaboration/ holds the organisations (the register, memberships, the directory), the partnerships (IOP and
other agreements, their pipeline) and Nobel 21 (rooms, bookings, the centre's statistics): its models,
services, views, forms and admin. This package holds what is not about any of them:

- who may do what: `roles` (groups, two-factor for coordinators), `access_rules` (one visibility rule per
  model, for the database and cached copies alike), `admin_site`, `adapter` (allauth: login limits),
  `passwords`, `middleware`, `setup` and `signals` (role groups kept in step), `context_processors`;
- page caching: `fragments` (data versions kept by database triggers);
- input: `query` (GET parameters through forms), `dates`, `lookups`, `validators`, `widgets`, `choices`,
  `uploads`, `tables` (CSV/XLSX read with tablib);
- output: `exports` (CSV for Swedish Excel), `ics` (calendar files), `mail` (mail only through Celery);
- `portal_apps` (each app's part of a shared concern), `logging_filters`, `admin_autocomplete`.

What Django or Celery finds by its place stays at the app's top level: `templatetags/`, `management/`,
`tasks.py`, and the per-app hooks `demo.py` and `privacy.py` that `portal_apps` looks up in every app.
"""
