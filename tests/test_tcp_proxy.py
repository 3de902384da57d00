"""The test proxy's round-trip counter follows a client's Bolt bytes message by message."""

from __future__ import annotations

from tcp_proxy import _ClientStream

HANDSHAKE = b"\x60\x60\xb0\x17" + b"\x00\x00\x01\xff" + b"\x00" * 12


def _message(payload: bytes) -> bytes:
    return len(payload).to_bytes(2, "big") + payload + b"\x00\x00"


def test_a_message_split_anywhere_is_between_messages_only_at_its_end():
    stream = _ClientStream()
    stream.feed(HANDSHAKE)
    assert stream.between
    sent = _message(b"\xb1\x11" + b"x" * 300) + _message(b"\xb1\x10" + b"\x00\x00" * 50)
    ends = {len(_message(b"\xb1\x11" + b"x" * 300)), len(sent)}
    for cut in range(1, len(sent) + 1):
        stream.feed(sent[cut - 1 : cut])
        assert stream.between == (cut in ends), cut


def test_the_clients_choice_after_a_manifest_is_part_of_the_handshake():
    stream = _ClientStream()
    stream.feed(HANDSHAKE)
    stream.manifest()  # the server answered 00 00 01 FF: the client picks a version and capabilities
    stream.feed(b"\x00\x00\x08\x05" + b"\x81")
    assert not stream.between  # the varint goes on
    stream.feed(b"\x01" + _message(b"\xb1\x01")[:3])
    assert not stream.between
    stream.feed(_message(b"\xb1\x01")[3:])
    assert stream.between
