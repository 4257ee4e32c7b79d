"""django-tenants' PostgreSQL backend, remembering which search_path the server has.

With TENANT_LIMIT_SET_CALLS django-tenants sends one `SET search_path` per request: `set_tenant`
forgets what it sent, so the next cursor sends it again even when the connection already
serves that tenant. This backend also keeps `server_search_path`, what the server was last
told, and sends nothing when the wanted path is the same. The server's path changes only by
our SET (schemas are never switched with raw SQL, see decisions/0078), and is reverted only by
closing the connection, ROLLBACK and ROLLBACK TO SAVEPOINT, which forget it here as well.
"""

from __future__ import annotations

from django.db.backends.base.base import async_unsafe
from django_tenants.postgresql_backend import base
from django_tenants.utils import get_limit_set_calls


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs) -> None:
        self.server_search_path: list[str] | None = None
        super().__init__(*args, **kwargs)

    @async_unsafe
    def connect(self) -> None:
        # A new session starts with the server's default path.
        self.server_search_path = None
        self.search_path_set_schemas = None
        super().connect()

    def close(self) -> None:
        self.server_search_path = None
        super().close()

    @async_unsafe
    def rollback(self) -> None:
        self.server_search_path = None
        super().rollback()

    @async_unsafe
    def savepoint_rollback(self, sid) -> None:
        try:
            super().savepoint_rollback(sid)
        finally:
            self.server_search_path = None

    def _handle_search_path(self, cursor=None) -> None:
        if (
            get_limit_set_calls()
            and not self.search_path_set_schemas
            and not self._setting_search_path
            and self.server_search_path is not None
            and self.schema_name
            and self._get_cursor_search_paths() == self.server_search_path
        ):
            self.search_path_set_schemas = self.server_search_path  # the server has it already
            return
        super()._handle_search_path(cursor)
        if not self._setting_search_path:
            # What the SET just sent (or None when it failed and must be sent again).
            self.server_search_path = self.search_path_set_schemas
