"""The service's own tables (SQLAlchemy 2): the push inbox and the idempotency keys. The
platform's state — the ticket, tokens, refresh tokens and registration tasks — lives in the
wxopen store, not here.

``inbox``: one row per request to the push URL, written when it arrives (before it is
handled) and completed after, so a push that was being handled when the process died is
still listed (``outcome = received``). What is kept is what came over the wire — the query
string (signature, timestamp, nonce: no secret) and the body as received, still encrypted
with the EncodingAESKey — plus what the service learnt from it: ``info_type``, the appid it
concerns, the outcome and the error code. The decrypted XML is never stored: it carries
``component_verify_ticket``s and authorization codes.

``idempotency_keys``: a request sent with an ``Idempotency-Key`` header is recorded before its
WeChat call (``pending``) and completed with the answer given (``done``). The same key again
gets that answer without a second call; while the first is pending (or its process died in
the middle of the call, leaving WeChat's outcome unknown) it gets 409. Stored answers never
hold a secret: the routes strip credentials before answering.
"""

from __future__ import annotations

import time
from typing import Any, Optional

from sqlalchemy import (
    BigInteger,
    Integer,
    LargeBinary,
    String,
    Text,
    create_engine,
    event,
    select,
    text,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

__all__ = ["Database", "IdempotencyKey", "InboxPush", "now_ms"]


def now_ms() -> int:
    """Wall-clock unix milliseconds."""
    return time.time_ns() // 1_000_000


class Base(DeclarativeBase):
    pass


class InboxPush(Base):
    """One request received at the push URL."""

    __tablename__ = "inbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    received_at_ms: Mapped[int] = mapped_column(BigInteger, index=True)
    #: ``received`` (being handled, or the process died), ``applied`` (handled, answered
    #: success), ``uninterpreted`` (verified but not understood: answered success),
    #: ``refused`` (did not verify: 4xx), ``failed`` (verified, handling failed: 503, WeChat
    #: redelivers).
    outcome: Mapped[str] = mapped_column(String(16), index=True)
    query: Mapped[str] = mapped_column(Text)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    #: sha256 of the body: redeliveries of one push share it.
    digest: Mapped[str] = mapped_column(String(64), index=True)
    info_type: Mapped[Optional[str]] = mapped_column(String(64), nullable=True)
    appid: Mapped[Optional[str]] = mapped_column(String(64), nullable=True)
    error: Mapped[Optional[str]] = mapped_column(String(64), nullable=True)
    #: host:pid of the process that took it.
    worker: Mapped[str] = mapped_column(String(128))
    handled_at_ms: Mapped[Optional[int]] = mapped_column(BigInteger, nullable=True)


class IdempotencyKey(Base):
    """A request made with an ``Idempotency-Key``."""

    __tablename__ = "idempotency_keys"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    route: Mapped[str] = mapped_column(String(128))
    #: sha256 of the request body: the same key with another body is refused.
    digest: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))  # pending | done
    status_code: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)
    response: Mapped[Optional[str]] = mapped_column(Text, nullable=True)
    created_at_ms: Mapped[int] = mapped_column(BigInteger)
    updated_at_ms: Mapped[int] = mapped_column(BigInteger)


def engine_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` URLs go through psycopg 3."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


class Database:
    """The engine, a session factory and the few queries the routes need."""

    def __init__(self, url: str) -> None:
        url = engine_url(url)
        self.is_sqlite = url.startswith("sqlite")
        kwargs: dict[str, Any] = {"pool_pre_ping": True}
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        self.engine: Engine = create_engine(url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.session = sessionmaker(self.engine, expire_on_commit=False)

    def create_tables(self) -> None:
        """Creates the tables that do not exist. Two processes starting together on one
        PostgreSQL serialize on an advisory lock (CREATE TABLE is not race-free there)."""
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(7263510)"))
            Base.metadata.create_all(conn)

    def dialect(self) -> str:
        return self.engine.dialect.name

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    # ----- inbox ------------------------------------------------------------------------

    def inbox_received(self, query: str, body: bytes, digest: str, worker: str) -> int:
        with self.session.begin() as s:
            row = InboxPush(
                received_at_ms=now_ms(),
                outcome="received",
                query=query,
                body=body,
                digest=digest,
                worker=worker,
            )
            s.add(row)
            s.flush()
            return row.id

    def inbox_done(
        self,
        row_id: int,
        outcome: str,
        info_type: Optional[str] = None,
        appid: Optional[str] = None,
        error: Optional[str] = None,
    ) -> None:
        with self.session.begin() as s:
            row = s.get(InboxPush, row_id)
            if row is None:
                return
            row.outcome = outcome
            row.info_type = info_type
            row.appid = appid
            row.error = error
            row.handled_at_ms = now_ms()

    def inbox(
        self, limit: int, outcome: Optional[str] = None, info_type: Optional[str] = None
    ) -> list[InboxPush]:
        with self.session() as s:
            q = select(InboxPush).order_by(InboxPush.id.desc()).limit(limit)
            if outcome is not None:
                q = q.where(InboxPush.outcome == outcome)
            if info_type is not None:
                q = q.where(InboxPush.info_type == info_type)
            return list(s.scalars(q))

    # ----- idempotency keys -------------------------------------------------------------

    def claim_key(self, key: str, route: str, digest: str) -> Optional[IdempotencyKey]:
        """Records ``key`` as pending and returns None; if it exists, returns its row."""
        now = now_ms()
        try:
            with self.session.begin() as s:
                s.add(
                    IdempotencyKey(
                        key=key,
                        route=route,
                        digest=digest,
                        state="pending",
                        created_at_ms=now,
                        updated_at_ms=now,
                    )
                )
            return None
        except IntegrityError:
            with self.session() as s:
                row = s.get(IdempotencyKey, key)
            if row is None:  # deleted in between: claim again
                return self.claim_key(key, route, digest)
            return row

    def finish_key(self, key: str, status_code: int, response: str) -> None:
        with self.session.begin() as s:
            row = s.get(IdempotencyKey, key)
            if row is not None:
                row.state = "done"
                row.status_code = status_code
                row.response = response
                row.updated_at_ms = now_ms()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()
