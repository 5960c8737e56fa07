"""What to say to each kind of event (follow, text, location, media, a group): pure decisions
over the search and a small state (``bot.line.replies``); buttons are ``bot.line.postbacks``."""

from __future__ import annotations

import logging

from bot.catalog.places import municipality_in
from bot.line import cards, menus, smalltalk
from bot.line import messages as m
from bot.line.copy import Lang, text
from bot.line.details import place_in_text, region_of
from bot.line.events import Incoming, Reply
from bot.line.ordering import reachable_first
from bot.line.postbacks import Postbacks
from bot.line.replies import FETCH
from bot.present.answers import response_out
from bot.search.guards import OFF_TOPIC_REASONS, SHELTER_REASON
from bot.search.normalize import detect_language, normalize

log = logging.getLogger(__name__)

GROUP_NOTICE_TTL = 24 * 3600


# Decline reasons (knowledge/guards.yaml) that are a request to find a woman or learn
# whether she asked for help: answered with a refusal, never with a service.
LOCATE_REASONS = frozenset({"locate", "contact-enquiry", "asked-after"})
# A message this short that finds nothing is not a need put in other words: ask for her words.
SHORT_MESSAGE = 8


class Conversation(Postbacks):
    """What to say to each kind of event; the buttons' postbacks are answered by ``Postbacks``."""

    # --- entry point -------------------------------------------------------------------------
    def respond(self, incoming: Incoming) -> Reply:
        with self.answering(incoming):
            if incoming.source != "user" and incoming.kind not in {"join", "unfollow"}:
                return self._group(incoming)
            match incoming.kind:
                case "follow":
                    return self._follow(incoming)
                case "unfollow":
                    return self._unfollow(incoming)
                case "text":
                    return self._text(incoming)
                case "postback":
                    return self._postback(incoming)
                case "location":
                    return self._location(incoming)
                case "media":
                    return self._media(incoming)
                case "join":
                    return self._group(incoming)
                case _:
                    return self._unknown(incoming)

    def slow_down(self, incoming: Incoming) -> Reply:
        """Past her per-minute limit: no search, but never silence, and the emergency numbers."""
        with self.answering(incoming):
            lang = self._lang(incoming)
            body = text("slow_down", lang) + "\n\n" + menus.emergency_numbers(self.search.kb, lang)
            return Reply(messages=[m.text_message(body)])

    def _follow(self, incoming: Incoming) -> Reply:
        lang: Lang = "ja"
        return Reply(
            messages=[
                m.text_message(text("welcome", lang)),
                m.text_message(menus.emergency_numbers(self.search.kb, lang)),
                m.text_message(
                    text("how_to", lang) + "\n\n" + text("safety_short", lang),
                    quick=menus.menu(self.search.kb, lang, more=False),
                ),
            ]
        )

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
            self._update(incoming, **{k: v for k, v in place.items() if v})
        answer = self.search.search(incoming.text, limit=FETCH, channel="line")
        response = response_out(self.search.kb, answer, at=self.clock())
        lead = (
            [cards.crisis_message(response.crisis, lang, at=self.clock(), language=language)]
            if response.crisis
            else []
        )
        if not lead and (talk := smalltalk.classify(incoming.text, self.search.kb.guards.smalltalk)):
            # A greeting, thanks, "are you a person?" or emoji alone: a short kind answer.
            self._update(incoming, lang=lang)
            return Reply(
                messages=[
                    m.text_message(
                        text(talk, lang), quick=menus.menu(self.search.kb, lang, more=False, danger=True)
                    )
                ]
            )
        if response.declined_reason in LOCATE_REASONS and not lead:
            # Someone asking where a woman is, or whether she asked for help: a plain refusal,
            # and no cards, not even the front door's.
            self._update(incoming, lang=lang, ids=(), shown=0)
            return Reply(
                messages=[
                    m.text_message(
                        text("declined_locate", lang), quick=menus.menu(self.search.kb, lang, more=False)
                    )
                ]
            )
        if response.declined_reason == SHELTER_REASON:
            reply = self._front_door(incoming, lang, text("shelter_front_door", lang))
            return Reply(messages=lead + reply.messages, entry_ids=reply.entry_ids, crisis=bool(lead))
        if not response.results and not lead and len(folded.replace(" ", "")) <= SHORT_MESSAGE:
            # Letters that say nothing ("asdf") have no language of their own: keep hers.
            known = self._lang(incoming)
            menu = menus.menu(self.search.kb, known, more=False, danger=True)
            return Reply(messages=[m.text_message(text("nonsense", known), quick=menu)])
        if response.declined_reason in OFF_TOPIC_REASONS and not lead:
            self._update(incoming, lang=lang, ids=(), shown=0)
            menu = menus.menu(self.search.kb, lang, more=False, danger=True)
            return Reply(messages=[m.text_message(text("off_topic", lang), quick=menu)])
        if not response.results:
            self._update(incoming, lang=lang, ids=(), shown=0)
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

    def _location(self, incoming: Incoming) -> Reply:
        lang = self._lang(incoming)
        doors = self.search.kb.line
        region = region_of(incoming.address)
        ids = list(doors.front_doors[region])
        here = municipality_in(incoming.address) if region in doors.other_region_door else None
        if region in doors.other_region_door:
            self._update(incoming, region=region, municipality=here)
        own = [e.id for e in self.search.kb if e.user_facing and here in e.municipalities]
        intro = text(f"location_{region}", lang)
        if own and here:
            intro += text("location_own", lang).format(place=here)
        return self._show(incoming, self._results(own + ids), lang=lang, intro=intro)

    def _media(self, incoming: Incoming) -> Reply:
        lang = self._lang(incoming)
        return Reply(
            messages=[
                m.text_message(text("non_text", lang), quick=menus.menu(self.search.kb, lang, more=False))
            ]
        )

    def _group(self, incoming: Incoming) -> Reply:
        # Say it once per group or room a day; never read or search what members write.
        if incoming.state_key is not None and not self.store.claim(
            incoming.state_key + ":notice", GROUP_NOTICE_TTL
        ):
            return Reply()
        return Reply(messages=[m.text_message(text("group", "ja") + "\n" + text("group", "en"))])
