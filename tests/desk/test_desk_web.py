"""The read-only web view: list, detail, SLA; everything escaped, secrets masked."""

from __future__ import annotations

from wsgiref.util import setup_testing_defaults

from desk_fakes import msg
from tactful.web.desk_app import make_app


def get(desk, path, query=""):
    environ = {"PATH_INFO": path, "QUERY_STRING": query}
    setup_testing_defaults(environ)
    seen = {}
    body = b"".join(make_app(desk)(environ, lambda status, headers: seen.update(status=status)))
    return seen["status"], body.decode()


def test_list_and_detail_escape_and_mask(desk):
    desk.ingest(msg(msgid="<w1@x>", subject="<script>alert(1)</script> parcel",
                    body="Where is my parcel? My card is 4111 1111 1111 1111."))
    desk.process()
    status, body = get(desk, "/")
    assert status.startswith("200") and "TF-000001" in body
    assert "<script>alert(1)" not in body and "&lt;script&gt;" in body
    status, body = get(desk, "/t/TF-000001")
    assert status.startswith("200") and "shipping.status" in body and "draft" in body
    assert "4111 1111 1111 1111" not in body and "**** **** **** ****" in body
    assert get(desk, "/t/TF-999999")[0].startswith("404")
    assert get(desk, "/sla")[0].startswith("200")
    assert get(desk, "/", "page=abc")[0].startswith("400")


def test_an_unconfirmed_send_is_flagged_in_the_list_and_explained_on_the_ticket(desk):
    from sqlalchemy import select
    from tactful.desk.db import transaction
    from tactful.desk.models import Outbox
    from tactful.desk.outbox import approve
    import dataclasses
    desk.settings = dataclasses.replace(desk.settings, ack=False)
    desk.ingest(msg(msgid="<w2@x>", subject="Size", body="Which size?"))
    desk.process()
    with transaction(desk.sessions) as s:
        approve(s, "TF-000001", actor="ann", now=desk.clock())
    assert "send unconfirmed" not in get(desk, "/")[1]

    class CutOff:
        def send(self, from_addr, to_addrs, raw):
            from tactful.desk.outbox import DeliveryUnknown
            raise DeliveryUnknown("connection lost while the server answered DATA")
    assert desk.send(transport=CutOff()).unconfirmed == 1
    assert "send unconfirmed" in get(desk, "/")[1]
    with desk.session() as s:
        pk = s.scalars(select(Outbox.id)).one()
    detail = get(desk, "/t/TF-000001")[1]
    assert "unconfirmed" in detail and f"tactful send --confirm {pk}" in detail
