"""What to say to each kind of event: pure decisions over the search and a small state.

The state per person (keyed by an HMAC of her LINE id) holds which entries were shown,
how many, the reply language, text-only mode and where she lives (23 wards or Tama, and her ward
or city) if she told it,
for 30 minutes. Never her words. 「データを消す」 erases it at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from urllib.parse import parse_qs

from bot import feedback
from bot.catalog.hours import now_tokyo
from bot.catalog.places import municipality_in, own_windows
from bot.line import messages as m
from bot.line import smalltalk
from bot.line.copy import Lang, label, text
from bot.line.details import detail_text, place_in_text, region_of
from bot.present.answers import response_out
from bot.present.results import first_phone, result_by_id, source_label
from bot.present.schemas import ResultOut
from bot.search.normalize import detect_language, normalize
from bot.search.service import SearchService
from bot.state.store import CONVERSATION_TTL_SECONDS, StateStore, rate_key

log = logging.getLogger(__name__)

Kind = Literal["follow", "unfollow", "text", "postback", "location", "media", "join", "unknown"]
Source = Literal["user", "group", "room"]
PAGE = 3
FETCH = 12
GROUP_NOTICE_TTL = 24 * 3600
# Results scoring at least this share of a better one fit about as well: reach decides between them.
FIT_BAND = 0.85
# A line open now may join the first page if it scores at least this share of the best fit.
REACH_BAND = 0.3


@dataclass(frozen=True)
class Incoming:
    kind: Kind
    source: Source = "user"
    state_key: str | None = None  # an HMAC of the user, group or room id
    text: str = ""
    data: str = ""
    address: str = ""


# Decline reasons (knowledge/guards.yaml) that are a request to find a woman or learn
# whether she asked for help: answered with a refusal, never with a service.
LOCATE_REASONS = frozenset({"locate", "contact-enquiry"})
# Where a shelter is: its place is never told, but the front door that arranges one is.
SHELTER_REASON = "shelter-location"
# A message this short that finds nothing is not a need put in other words: ask for her words.
SHORT_MESSAGE = 8


@dataclass(frozen=True)
class Reply:
    messages: list[m.Message] = field(default_factory=list)
    entry_ids: tuple[str, ...] = ()
    crisis: bool = False


class Conversation:
    def __init__(
        self,
        search: SearchService | Callable[[], SearchService],
        store: StateStore,
        *,
        clock: Callable[[], datetime] = now_tokyo,
    ) -> None:
        self._search = search
        self.store = store
        self.clock = clock
        self._handlers: dict[Kind, Callable[[Incoming], Reply]] = {
            "follow": self._follow,
            "unfollow": self._unfollow,
            "text": self._text,
            "postback": self._postback,
            "location": self._location,
            "media": self._media,
            "join": self._group,
            "unknown": self._unknown,
        }
        self._postbacks: dict[str, Callable[[Incoming, dict[str, str]], Reply]] = {
            "topic": self._topic,
            "more": self._more,
            "detail": self._detail,
            "textonly": self._text_only,
            "safety": self._safety,
            "forget": self._forget,
            "emergency": self._emergency,
            "help": self._help,
            "fb": self._feedback,
            "fbr": self._feedback_reason,
        }

    @property
    def search(self) -> SearchService:
        return self._search if isinstance(self._search, SearchService) else self._search()

    # --- state -------------------------------------------------------------------------------
    def _state(self, incoming: Incoming) -> dict[str, Any]:
        if incoming.state_key is None:
            return {}
        return self.store.get(incoming.state_key) or {}

    def _save(self, incoming: Incoming, state: dict[str, Any]) -> None:
        if incoming.state_key is not None:
            self.store.put(incoming.state_key, state, CONVERSATION_TTL_SECONDS)

    def _lang(self, incoming: Incoming) -> Lang:
        lang = self._state(incoming).get("lang", "ja")
        return lang if lang in {"en", "easy"} else "ja"

    # --- entry point -------------------------------------------------------------------------
    def respond(self, incoming: Incoming) -> Reply:
        if incoming.source != "user" and incoming.kind not in {"join", "unfollow"}:
            return self._group(incoming)
        return self._handlers.get(incoming.kind, self._unknown)(incoming)

    # --- quick replies -----------------------------------------------------------------------
    def _topic_actions(self, lang: Lang) -> list[dict[str, Any]]:
        topics = {t.id: t for t in self.search.kb.taxonomy.topics}
        actions = []
        for topic_id in self.search.kb.line.menu_topics:
            topic = topics.get(topic_id)
            if topic is not None:
                name = topic.label_en if lang == "en" else topic.label
                actions.append(m.postback(name, "topic", display=name, t=topic.id))
        return actions

    def _menu(
        self, lang: Lang, *, more: bool, danger: bool = False, forget: bool = False
    ) -> list[dict[str, Any]]:
        actions = []
        if forget:
            actions.append(m.postback(label("forget", lang), "forget", display=label("forget", lang)))
        if danger:
            actions.append(
                m.postback(label("emergency", lang), "emergency", display=label("emergency", lang))
            )
        if more:
            actions.append(m.postback(label("more", lang), "more", display=label("more", lang)))
        actions.append(m.postback(label("text_only", lang), "textonly", display=label("text_only", lang)))
        actions.append(m.postback(label("safety", lang), "safety", display=label("safety", lang)))
        return (actions + self._topic_actions(lang))[: m.MAX_QUICK_REPLY]

    # --- showing results ---------------------------------------------------------------------
    def _results(self, ids: list[str]) -> list[ResultOut]:
        at = self.clock()
        kb = self.search.kb
        return [r for i in ids if (r := result_by_id(kb, i, at=at))]

    def _show(
        self,
        incoming: Incoming,
        results: list[ResultOut],
        *,
        lang: Lang,
        intro: str,
        lead: list[m.Message] | None = None,
        crisis: bool = False,
    ) -> Reply:
        state = self._state(incoming)
        if state.get("text_only"):
            results = _text_only_first(results)
        other_door = self.search.kb.line.other_region_door.get(state.get("region", "unknown"))
        results = [r for r in results if r.id != other_door]
        results = self._with_own_window(results, state.get("municipality"))
        ids = [r.id for r in results]
        page = results[:PAGE]
        self._save(incoming, {**state, "ids": ids, "shown": len(page), "lang": lang})
        out = list(lead or [])
        if page:
            carousel = m.carousel(page, lang, at=self.clock(), text_first=bool(state.get("text_only")))
            remembered = self._remembered(state, lang)
            menu = self._menu(lang, more=len(ids) > len(page), forget=bool(remembered))
            carousel["quickReply"] = m.quick_reply(menu)
            out.append(m.text_message(intro + (f"\n{remembered}" if remembered else "")))
            out.append(carousel)
        return Reply(messages=out, entry_ids=tuple(r.id for r in page), crisis=crisis)

    def _with_own_window(self, results: list[ResultOut], here: str | None) -> list[ResultOut]:
        """Her ward's or city's own window, beside the best fit when it serves the same needs."""
        if not here or not results:
            return results
        topics = {t for r in results[:PAGE] for t in r.topics}
        own = own_windows(self.search.kb, here, topics=topics, shown={r.id for r in results})
        return results[:1] + self._results([e.id for e in own]) + results[1:]

    def _remembered(self, state: dict[str, Any], lang: Lang) -> str:
        """One line saying what she told that shapes these results, and how to make us forget."""
        parts = []
        if state.get("municipality"):
            parts.append(str(state["municipality"]))
        elif state.get("region") in {"ku", "tama"}:
            parts.append(label(f"region_{state['region']}", lang))
        if state.get("text_only"):
            parts.append(label("text_only", lang))
        if not parts:
            return ""
        return text("remembered", lang).format(what="・".join(parts))

    def _front_door(self, incoming: Incoming, lang: Lang, intro: str) -> Reply:
        door = self._results(list(self.search.kb.line.front_doors["unknown"]))
        return self._show(incoming, door, lang=lang, intro=intro)

    # --- events ------------------------------------------------------------------------------
    def _emergency_numbers(self, lang: Lang) -> str:
        """The first lines of the violence, suicide and medical kinds, from the base."""
        numbers: list[str] = []
        for kind in self.search.kb.crisis.kinds:
            if kind.id not in {"violence", "suicide", "medical"}:
                continue
            for entry_id in kind.contacts[:2]:
                entry = self.search.kb.get(entry_id)
                phone = first_phone(entry) if entry else None
                if entry and phone and all(not n.startswith(f"{phone.value} ") for n in numbers):
                    numbers.append(f"{phone.value} （{entry.name}）")
        return text("emergency_intro", lang) + "\n" + "\n".join(numbers)

    def slow_down(self, incoming: Incoming) -> Reply:
        """Past her per-minute limit: no search, but never silence, and the emergency numbers."""
        lang = self._lang(incoming)
        body = text("slow_down", lang) + "\n\n" + self._emergency_numbers(lang)
        return Reply(messages=[m.text_message(body)])

    def _follow(self, incoming: Incoming) -> Reply:
        lang: Lang = "ja"
        return Reply(
            messages=[
                m.text_message(text("welcome", lang)),
                m.text_message(self._emergency_numbers(lang)),
                m.text_message(
                    text("how_to", lang) + "\n\n" + text("safety_short", lang),
                    quick=self._menu(lang, more=False),
                ),
            ]
        )

    def _erase(self, incoming: Incoming) -> None:
        """Everything kept under her pseudonymous id: the conversation, the per-minute count and
        her vote claims (the vote counts stay; they name no one)."""
        if incoming.state_key is not None:
            self.store.delete(incoming.state_key, rate_key(incoming.state_key))
            feedback.forget(self.store, incoming.state_key, self.search.kb)

    def _unfollow(self, incoming: Incoming) -> Reply:
        self._erase(incoming)
        return Reply()

    def _text(self, incoming: Incoming) -> Reply:
        folded = normalize(incoming.text)
        language = detect_language(folded) if incoming.text.strip() else "other"
        # "ok" or a number says nothing of her language: keep the one she wrote in before. Once
        # she has said she reads little Japanese, or wrote hiragana word by word, keep it easy.
        before = self._lang(incoming)
        lang: Lang = before if language == "other" else "ja" if language == "ja" else "en"
        if lang == "ja" and (
            before == "easy"
            or smalltalk.wants_easy_japanese(incoming.text, self.search.kb.guards.easy_japanese)
        ):
            lang = "easy"
        region, named = place_in_text(incoming.text)
        if region != "unknown":
            place = {"region": region, "municipality": named}
            self._save(incoming, {**self._state(incoming), **{k: v for k, v in place.items() if v}})
        answer = self.search.search(incoming.text, limit=FETCH, channel="line")
        response = response_out(self.search.kb, answer, at=self.clock())
        lead = (
            [m.crisis_message(response.crisis, lang, at=self.clock(), language=language)]
            if response.crisis
            else []
        )
        if not lead and (talk := smalltalk.classify(incoming.text, self.search.kb.guards.smalltalk)):
            # A greeting, thanks, "are you a person?" or emoji alone: a short kind answer.
            self._save(incoming, {**self._state(incoming), "lang": lang})
            return Reply(
                messages=[m.text_message(text(talk, lang), quick=self._menu(lang, more=False, danger=True))]
            )
        if response.declined_reason in LOCATE_REASONS and not lead:
            # Someone asking where a woman is, or whether she asked for help: a plain refusal,
            # and no cards, not even the front door's.
            self._save(incoming, {**self._state(incoming), "lang": lang, "ids": [], "shown": 0})
            return Reply(
                messages=[m.text_message(text("declined_locate", lang), quick=self._menu(lang, more=False))]
            )
        if response.declined_reason == SHELTER_REASON:
            reply = self._front_door(incoming, lang, text("shelter_front_door", lang))
            return Reply(messages=lead + reply.messages, entry_ids=reply.entry_ids, crisis=bool(lead))
        if not response.results and not lead and len(folded.replace(" ", "")) <= SHORT_MESSAGE:
            # Letters that say nothing ("asdf") have no language of their own: keep hers.
            known = self._lang(incoming)
            menu = self._menu(known, more=False, danger=True)
            return Reply(messages=[m.text_message(text("nonsense", known), quick=menu)])
        if not response.results:
            self._save(incoming, {**self._state(incoming), "lang": lang, "ids": [], "shown": 0})
            reply = self._front_door(incoming, lang, text("no_match", lang))
            return Reply(messages=lead + reply.messages, entry_ids=reply.entry_ids, crisis=bool(lead))
        intro = text(
            "results_intro_foreign" if language not in {"ja", "en", "other"} else "results_intro", lang
        )
        return self._show(
            incoming,
            reachable_first(list(response.results)),
            lang=lang,
            intro=intro,
            lead=lead,
            crisis=response.crisis is not None,
        )

    def _postback(self, incoming: Incoming) -> Reply:
        params = {k: v[0] for k, v in parse_qs(incoming.data[: m.MAX_POSTBACK_DATA]).items() if v}
        handler = self._postbacks.get(params.get("a", ""))
        if handler is None:
            return self._unknown(incoming)
        return handler(incoming, params)

    def _topic(self, incoming: Incoming, params: dict[str, str]) -> Reply:
        lang = self._lang(incoming)
        topic = next((t for t in self.search.kb.taxonomy.topics if t.id == params.get("t")), None)
        if topic is None:
            return self._unknown(incoming)
        members = [
            e for e in self.search.kb if e.user_facing and topic.id in e.topics and not e.emergency_only
        ]
        ranking = self.search.kb.ranking
        members.sort(key=lambda e: (-ranking.of(e.kind), e.id))
        ids = list(dict.fromkeys([*topic.primary, *(e.id for e in members)]))[:FETCH]
        name = topic.label_en if lang == "en" else topic.label
        return self._show(
            incoming,
            self._results(ids),
            lang=lang,
            intro=f"{name}:" if lang == "en" else f"「{name}」の窓口です。",
        )

    def _more(self, incoming: Incoming, params: dict[str, str]) -> Reply:
        state = self._state(incoming)
        lang = self._lang(incoming)
        ids: list[str] = state.get("ids", [])
        shown = int(state.get("shown", 0))
        page = self._results(ids[shown : shown + PAGE])
        if not page:
            return Reply(messages=[m.text_message(text("no_more", lang), quick=self._topic_actions(lang))])
        self._save(incoming, {**state, "shown": shown + len(page)})
        carousel = m.carousel(page, lang, at=self.clock(), text_first=bool(state.get("text_only")))
        carousel["quickReply"] = m.quick_reply(self._menu(lang, more=shown + len(page) < len(ids)))
        return Reply(messages=[carousel], entry_ids=tuple(r.id for r in page))

    def _feedback(self, incoming: Incoming, params: dict[str, str]) -> Reply:
        lang = self._lang(incoming)
        entry_id, vote = params.get("id", ""), params.get("v", "")
        if not feedback.valid(entry_id, vote, None, self.search.kb):
            return self._unknown(incoming)
        counted = feedback.record(
            self.store,
            entry_id=entry_id,
            vote="wrong" if vote == "wrong" else "helpful",
            voter=incoming.state_key or "-",
            channel="line",
        )
        if not counted:
            return Reply(messages=[m.text_message(text("already_voted", lang))])
        if vote == "helpful":
            return Reply(messages=[m.text_message(text("thanks_helpful", lang))])
        reasons = [
            m.postback(label(f"wrong_{r}", lang), "fbr", display=label(f"wrong_{r}", lang), id=entry_id, r=r)
            for r in feedback.REASONS
        ]
        return Reply(messages=[m.text_message(text("ask_wrong", lang), quick=reasons)])

    def _feedback_reason(self, incoming: Incoming, params: dict[str, str]) -> Reply:
        lang = self._lang(incoming)
        entry_id, reason = params.get("id", ""), params.get("r", "")
        if not feedback.valid(entry_id, "wrong", reason, self.search.kb):
            return self._unknown(incoming)
        feedback.record(
            self.store,
            entry_id=entry_id,
            vote="wrong",
            reason=reason,
            voter=incoming.state_key or "-",
            channel="line",
        )
        return Reply(
            messages=[m.text_message(text("thanks_wrong", lang), quick=self._menu(lang, more=False))]
        )

    def _detail(self, incoming: Incoming, params: dict[str, str]) -> Reply:
        lang = self._lang(incoming)
        entry = self.search.kb.get(params.get("id", ""))
        if entry is None:
            return Reply(messages=[m.text_message(text("detail_missing", lang))])
        body = detail_text(self.search.kb, entry, at=self.clock(), lang=lang, source=source_label)
        return Reply(
            messages=[m.text_message(body, quick=self._menu(lang, more=False))], entry_ids=(entry.id,)
        )

    def _text_only(self, incoming: Incoming, params: dict[str, str]) -> Reply:
        state = self._state(incoming)
        lang = self._lang(incoming)
        self._save(incoming, {**state, "text_only": True})
        shown = [r for r in self._results(state.get("ids", [])) if _has_text_channel(r)]
        if not shown:
            every = [e.id for e in self.search.kb if e.user_facing and not e.emergency_only]
            shown = [r for r in self._results(every) if _has_text_channel(r)]
            ranking = self.search.kb.ranking
            shown.sort(key=lambda r: (-ranking.of(r.kind), r.id))
        return self._show(incoming, shown[:FETCH], lang=lang, intro=text("text_only", lang))

    def _safety(self, incoming: Incoming, params: dict[str, str]) -> Reply:
        lang = self._lang(incoming)
        actions = [m.postback(label("forget", lang), "forget", display=label("forget", lang))]
        return Reply(
            messages=[m.text_message(text("safety_tips", lang), quick=actions + self._topic_actions(lang))]
        )

    def _forget(self, incoming: Incoming, params: dict[str, str]) -> Reply:
        lang = self._lang(incoming)
        self._erase(incoming)
        return Reply(messages=[m.text_message(text("forgotten", lang), quick=self._topic_actions(lang))])

    def _emergency(self, incoming: Incoming, params: dict[str, str]) -> Reply:
        lang = self._lang(incoming)
        body = self._emergency_numbers(lang)
        return Reply(messages=[m.text_message(body, quick=self._menu(lang, more=False))], crisis=True)

    def _help(self, incoming: Incoming, params: dict[str, str]) -> Reply:
        lang = self._lang(incoming)
        body = text("how_to", lang) + "\n\n" + text("safety_short", lang)
        return Reply(messages=[m.text_message(body, quick=self._menu(lang, more=False))])

    def _location(self, incoming: Incoming) -> Reply:
        lang = self._lang(incoming)
        doors = self.search.kb.line
        region = region_of(incoming.address)
        ids = list(doors.front_doors[region])
        here = municipality_in(incoming.address) if region in doors.other_region_door else None
        if region in doors.other_region_door:
            self._save(incoming, {**self._state(incoming), "region": region, "municipality": here})
        own = [e.id for e in self.search.kb if e.user_facing and here in e.municipalities]
        intro = text(f"location_{region}", lang)
        if own and here:
            intro += text("location_own", lang).format(place=here)
        return self._show(incoming, self._results(own + ids), lang=lang, intro=intro)

    def _media(self, incoming: Incoming) -> Reply:
        lang = self._lang(incoming)
        return Reply(messages=[m.text_message(text("non_text", lang), quick=self._menu(lang, more=False))])

    def _group(self, incoming: Incoming) -> Reply:
        # Say it once per group or room a day; never read or search what members write.
        if incoming.state_key is not None and not self.store.claim(
            incoming.state_key + ":notice", GROUP_NOTICE_TTL
        ):
            return Reply()
        return Reply(messages=[m.text_message(text("group", "ja") + "\n" + text("group", "en"))])

    def _unknown(self, incoming: Incoming) -> Reply:
        lang = self._lang(incoming)
        return Reply(messages=[m.text_message(text("unknown", lang), quick=self._menu(lang, more=False))])


def _reach(result: ResultOut) -> int:
    return min((m.reach_rank(c) for c in result.contacts), default=2)


def reachable_first(results: list[ResultOut], *, page: int = PAGE) -> list[ResultOut]:
    """Results she can reach now come first among those that fit about as well (within FIT_BAND
    of the best of their run). And when the first page has no line open now (nor one whose
    unconfirmed hours say so), the best open one that still fits (within REACH_BAND of the best)
    leads it: late on a Saturday a 24-hour line comes before the weekday windows."""
    out: list[ResultOut] = []
    start = 0
    while start < len(results):
        end = start + 1
        while end < len(results) and results[end].score >= results[start].score * FIT_BAND:
            end += 1
        out += sorted(results[start:end], key=_reach)
        start = end
    if not out or any(_reach(r) <= 1 for r in out[:page]):
        return out
    best = out[0].score
    late = next((r for r in out[page:] if _reach(r) == 0 and r.score >= best * REACH_BAND), None)
    if late is not None:
        out.remove(late)
        out.insert(0, late)
    return out


def _has_text_channel(result: ResultOut) -> bool:
    return any(c.text_only for c in result.contacts)


def _text_only_first(results: list[ResultOut]) -> list[ResultOut]:
    return sorted(results, key=lambda r: not _has_text_channel(r))
