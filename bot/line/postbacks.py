"""What each button does: a postback (topics, more results, details, text-only mode, safety
tips, erasing her data, the emergency numbers, help, and the votes) answered from her state."""

from __future__ import annotations

from urllib.parse import parse_qs

from bot import feedback
from bot.line import cards, menus
from bot.line import messages as m
from bot.line.copy import label, text
from bot.line.details import detail_text
from bot.line.events import Incoming, Reply
from bot.line.ordering import PAGE, has_text_channel
from bot.line.replies import FETCH, Replies
from bot.present.results import source_label


class Postbacks(Replies):
    def _postback(self, incoming: Incoming) -> Reply:
        params = {k: v[0] for k, v in parse_qs(incoming.data[: m.MAX_POSTBACK_DATA]).items() if v}
        match params.get("a", ""):
            case "topic":
                return self._topic(incoming, params)
            case "more":
                return self._more(incoming, params)
            case "detail":
                return self._detail(incoming, params)
            case "textonly":
                return self._text_only(incoming, params)
            case "safety":
                return self._safety(incoming, params)
            case "forget":
                return self._forget(incoming, params)
            case "emergency":
                return self._emergency(incoming, params)
            case "help":
                return self._help(incoming, params)
            case "fb":
                return self._feedback(incoming, params)
            case "fbr":
                return self._feedback_reason(incoming, params)
            case _:
                return self._unknown(incoming)

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
        ids = list(state.ids)
        shown = state.shown
        page = self._results(ids[shown : shown + PAGE])
        if not page:
            return Reply(
                messages=[
                    m.text_message(text("no_more", lang), quick=menus.topic_actions(self.search.kb, lang))
                ]
            )
        self._save(incoming, state.model_copy(update={"shown": shown + len(page)}))
        carousel = cards.carousel(page, lang, at=self.clock(), text_first=state.text_only)
        carousel["quickReply"] = m.quick_reply(
            menus.menu(self.search.kb, lang, more=shown + len(page) < len(ids))
        )
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
            messages=[
                m.text_message(text("thanks_wrong", lang), quick=menus.menu(self.search.kb, lang, more=False))
            ]
        )

    def _detail(self, incoming: Incoming, params: dict[str, str]) -> Reply:
        lang = self._lang(incoming)
        entry = self.search.kb.get(params.get("id", ""))
        if entry is None:
            return Reply(messages=[m.text_message(text("detail_missing", lang))])
        body = detail_text(self.search.kb, entry, at=self.clock(), lang=lang, source=source_label)
        return Reply(
            messages=[m.text_message(body, quick=menus.menu(self.search.kb, lang, more=False))],
            entry_ids=(entry.id,),
        )

    def _text_only(self, incoming: Incoming, params: dict[str, str]) -> Reply:
        state = self._state(incoming)
        lang = self._lang(incoming)
        self._save(incoming, state.model_copy(update={"text_only": True}))
        shown = [r for r in self._results(list(state.ids)) if has_text_channel(r)]
        if not shown:
            every = [e.id for e in self.search.kb if e.user_facing and not e.emergency_only]
            shown = [r for r in self._results(every) if has_text_channel(r)]
            ranking = self.search.kb.ranking
            shown.sort(key=lambda r: (-ranking.of(r.kind), r.id))
        return self._show(incoming, shown[:FETCH], lang=lang, intro=text("text_only", lang))

    def _safety(self, incoming: Incoming, params: dict[str, str]) -> Reply:
        lang = self._lang(incoming)
        actions = [m.postback(label("forget", lang), "forget", display=label("forget", lang))]
        return Reply(
            messages=[
                m.text_message(
                    text("safety_tips", lang), quick=actions + menus.topic_actions(self.search.kb, lang)
                )
            ]
        )

    def _forget(self, incoming: Incoming, params: dict[str, str]) -> Reply:
        lang = self._lang(incoming)
        self._erase(incoming)
        return Reply(
            messages=[
                m.text_message(text("forgotten", lang), quick=menus.topic_actions(self.search.kb, lang))
            ]
        )

    def _emergency(self, incoming: Incoming, params: dict[str, str]) -> Reply:
        lang = self._lang(incoming)
        body = menus.emergency_numbers(self.search.kb, lang)
        return Reply(
            messages=[m.text_message(body, quick=menus.menu(self.search.kb, lang, more=False))], crisis=True
        )

    def _help(self, incoming: Incoming, params: dict[str, str]) -> Reply:
        lang = self._lang(incoming)
        body = text("how_to", lang) + "\n\n" + text("safety_short", lang)
        return Reply(messages=[m.text_message(body, quick=menus.menu(self.search.kb, lang, more=False))])
