"""The two named events between the crawler (public schema) and the tenant app that keeps
famous alumni (core.hooks). Both are published inside `schema_context(tenant)`, so the
handler reads and writes only that tenant's tables; the crawler never writes a tenant table.

CRAWL_BRIEF — asked at the start of a run. Payload: `source_kind` (SourceKind value),
`tenant_name` and `tenant_modules` (inside schema_context the connection knows only the schema).
A handler returns None when the tenant takes no crawls (module off), else a dict:
    {"school_names": [name, former names...],
     "excluded_names": [person or firm names never to fetch again],
     "excluded_urls": [source URLs never to fetch again],
     "subjects": [{"kind": "person"|"enterprise", "name": ...}]  # for news searches}

CRAWL_RESULTS — after each page that yielded something. Payload: `run_id`, `source_name`,
`source_kind`, `fetched_at` (aware datetime), `items` (dicts from extraction.py, each with its
`source_url`). A handler returns how many new candidates it stored for staff to confirm.
"""

CRAWL_BRIEF = "crawler.brief"
CRAWL_RESULTS = "crawler.results"
