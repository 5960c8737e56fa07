from __future__ import annotations

from bot.tools.loadtest.drive import GetWorkload, WebhookWorkload
from bot.tools.loadtest.events import EventFactory

REPLICAS = ["http://127.0.0.1:1001", "http://127.0.0.1:1002"]


def test_get_workload_goes_round_robin_over_the_replicas() -> None:
    workload = GetWorkload([[f"{r}/api/search?q={q}" for q in "abc"] for r in REPLICAS])
    urls = [workload.next(i, 0.0).url for i in range(6)]
    assert urls == [
        f"{REPLICAS[0]}/api/search?q=a",
        f"{REPLICAS[1]}/api/search?q=a",
        f"{REPLICAS[0]}/api/search?q=b",
        f"{REPLICAS[1]}/api/search?q=b",
        f"{REPLICAS[0]}/api/search?q=c",
        f"{REPLICAS[1]}/api/search?q=c",
    ]


def test_webhook_workload_redelivers_to_another_replica_when_due() -> None:
    events = EventFactory(secret="s", texts=["仕事を探しています"], topics=["work"], users=10, seed=1)
    workload = WebhookWorkload(events, REPLICAS, until=100.0)
    first_sent: dict[str, tuple[float, str]] = {}
    redelivered: list[tuple[float, str, str]] = []  # when, where, token
    now = 0.0
    for index in range(3000):
        request = workload.next(index, now)
        assert request.event is not None and request.method == "POST"
        token = request.event.reply_token
        if request.event.redelivery:
            redelivered.append((now, request.url, token))
        else:
            assert token not in first_sent
            first_sent[token] = (now, request.url)
        workload.done(request, ok=True, started=now)
        now += 0.03
    assert workload.redeliveries == len(redelivered) > 150
    for when, url, token in redelivered:
        first_at, first_url = first_sent[token]
        assert url != first_url and url.endswith("/callback")
        assert 1.0 <= when - first_at <= 3.0 + 0.03
    assert set(workload.sent_at) == set(first_sent) == workload.acknowledged
    assert sum(workload.kinds.values()) == len(first_sent)


def test_webhook_workload_plans_no_redelivery_past_the_end() -> None:
    events = EventFactory(secret="s", texts=["仕事を探しています"], topics=["work"], users=10, seed=1)
    workload = WebhookWorkload(events, REPLICAS, until=1.0)
    requests = [workload.next(i, 0.5) for i in range(500)]
    requests += [workload.next(i, 5.0) for i in range(500, 600)]
    assert workload.redeliveries == 0 and not any(r.event and r.event.redelivery for r in requests)


def test_an_event_whose_post_failed_is_not_expected_to_be_answered() -> None:
    events = EventFactory(secret="s", texts=["仕事を探しています"], topics=["work"], users=10, seed=1)
    workload = WebhookWorkload(events, REPLICAS, until=0.0)
    failed, answered = workload.next(0, 0.0), workload.next(1, 0.0)
    workload.done(failed, ok=False, started=0.0)
    workload.done(answered, ok=True, started=0.0)
    assert failed.event and answered.event
    assert workload.acknowledged == {answered.event.reply_token}
    assert set(workload.sent_at) == {failed.event.reply_token, answered.event.reply_token}
