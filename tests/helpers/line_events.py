"""Hypothesis strategies for LINE webhook bodies: events of every type as LINE sends them,
and some with a field missing or of the wrong type.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from tests.helpers.strategies import any_text, long_messages, messages, postback_data

# Wrong-typed values for any field.
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    any_text,
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)
tokens = st.one_of(st.text(alphabet="0123456789abcdef", min_size=1, max_size=32), any_text)
line_ids = st.one_of(
    st.builds(
        lambda c, h: c + h,
        st.sampled_from("UCR"),
        st.text(alphabet="0123456789abcdef", min_size=32, max_size=32),
    ),
    any_text,
)


def _source() -> st.SearchStrategy[dict[str, Any]]:
    user = st.fixed_dictionaries({"type": st.just("user"), "userId": line_ids})
    group = st.fixed_dictionaries(
        {"type": st.just("group"), "groupId": line_ids}, optional={"userId": line_ids}
    )
    room = st.fixed_dictionaries({"type": st.just("room"), "roomId": line_ids}, optional={"userId": line_ids})
    other = st.fixed_dictionaries({"type": any_text}, optional={"userId": line_ids})
    return st.one_of(user, user, group, room, other)


def _message() -> st.SearchStrategy[dict[str, Any]]:
    ident = st.text(alphabet="0123456789", min_size=1, max_size=18)
    provider = st.fixed_dictionaries({"type": st.sampled_from(["line", "external"])})
    return st.one_of(
        st.fixed_dictionaries(
            {"type": st.just("text"), "id": ident, "text": long_messages, "quoteToken": tokens},
            optional={"emojis": st.just([]), "markAsReadToken": tokens},
        ),
        st.fixed_dictionaries(
            {
                "type": st.sampled_from(["image", "video", "audio"]),
                "id": ident,
                "contentProvider": provider,
                "quoteToken": tokens,
            },
            optional={"duration": st.integers(0, 10**6)},
        ),
        st.fixed_dictionaries(
            {"type": st.just("file"), "id": ident, "fileName": any_text, "fileSize": st.integers(0, 10**9)}
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("location"),
                "id": ident,
                "latitude": st.floats(-90, 90),
                "longitude": st.floats(-180, 180),
            },
            optional={"title": any_text, "address": st.one_of(messages, st.just("東京都新宿区"))},
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("sticker"),
                "id": ident,
                "packageId": ident,
                "stickerId": ident,
                "stickerResourceType": st.sampled_from(["STATIC", "ANIMATION", "SOUND", "POPUP", "NEW_ONE"]),
                "quoteToken": tokens,
            },
            optional={"keywords": st.lists(any_text, max_size=3), "text": any_text},
        ),
        st.fixed_dictionaries({"type": st.one_of(st.just("hologram"), any_text), "id": ident}),
    )


EVENT_TYPES = (
    "message",
    "postback",
    "follow",
    "unfollow",
    "join",
    "leave",
    "memberJoined",
    "memberLeft",
    "beacon",
    "accountLink",
    "things",
    "unsend",
    "videoPlayComplete",
)


def _payload(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    """The fields particular to each event type."""
    members = st.fixed_dictionaries({"members": st.lists(_source(), max_size=2)})
    per_type: dict[str, st.SearchStrategy[dict[str, Any]]] = {
        "message": st.fixed_dictionaries({"message": _message()}),
        "postback": st.fixed_dictionaries(
            {
                "postback": st.fixed_dictionaries(
                    {"data": postback_data()},
                    optional={
                        "params": st.dictionaries(st.sampled_from(["date", "time", "datetime"]), any_text)
                    },
                )
            }
        ),
        "follow": st.fixed_dictionaries({"follow": st.fixed_dictionaries({"isUnblocked": st.booleans()})}),
        "memberJoined": st.fixed_dictionaries({"joined": members}),
        "memberLeft": st.fixed_dictionaries({"left": members}),
        "beacon": st.fixed_dictionaries(
            {
                "beacon": st.fixed_dictionaries(
                    {
                        "hwid": st.text(alphabet="0123456789abcdef", min_size=10, max_size=10),
                        "type": st.sampled_from(["enter", "banner", "stay", "leave"]),
                    },
                    optional={"dm": any_text},
                )
            }
        ),
        "unsend": st.fixed_dictionaries({"unsend": st.fixed_dictionaries({"messageId": any_text})}),
    }
    return per_type.get(kind, st.just({}))


@st.composite
def _plausible_event(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.one_of(st.just("message"), st.just("postback"), st.sampled_from(EVENT_TYPES), any_text))
    event: dict[str, Any] = {
        "type": kind,
        "mode": draw(st.sampled_from(["active", "standby"])),
        "timestamp": draw(st.integers(0, 2**53)),
        "source": draw(_source()),
        "webhookEventId": draw(
            st.one_of(
                st.text(alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZ", min_size=26, max_size=26), any_text
            )
        ),
        "deliveryContext": {"isRedelivery": draw(st.booleans())},
    }
    if draw(st.booleans()) or kind not in {"unfollow", "leave", "memberLeft"}:
        event["replyToken"] = draw(tokens)
    event.update(draw(_payload(kind)))
    return event


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path into nested dictionaries and lists."""
    out: list[tuple[Any, ...]] = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in items:
        out.append((*prefix, key))
        out += _paths(value, (*prefix, key))
    return out


@st.composite
def _damaged(draw: st.DrawFn, event: dict[str, Any]) -> dict[str, Any]:
    """The event with a few fields deleted or replaced by values of the wrong type."""
    paths = _paths(event)
    for _ in range(draw(st.integers(1, 3))):
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = event
        try:
            for key in path[:-1]:
                parent = parent[key]
            if draw(st.booleans()):
                del parent[path[-1]]
            else:
                parent[path[-1]] = draw(junk)
        except (KeyError, IndexError, TypeError):
            continue
    return event


@st.composite
def _body(draw: st.DrawFn) -> dict[str, Any]:
    """Events as LINE sends them; in one body of four, one event damaged (that body is refused)."""
    events = draw(st.lists(_plausible_event(), max_size=3))
    if events and draw(st.sampled_from([False, False, False, True])):
        i = draw(st.integers(0, len(events) - 1))
        events[i] = draw(_damaged(events[i]))
    return {"destination": draw(line_ids), "events": events}


webhook_bodies = _body()
