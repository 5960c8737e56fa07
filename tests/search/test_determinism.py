"""The same message gets the same answer in every process: nothing may hang on the order of
a set of strings, which Python's string hashing changes from one process to the next."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = [
    "夜は不安で眠れなくて、誰かと話したい",
    "子どもの前で怒鳴ってしまう。子供に悪い",
    "こどもが いきを して いない。 たすけて",
    "保育園に落ちて、4月に仕事に戻れない",
    "Is there a women's shelter for foreigners?",
]
SCRIPT = """
import json, logging, sys
logging.disable(logging.INFO)
from bot.catalog.loader import load_knowledge
from bot.search.service import SearchService
from pathlib import Path
service = SearchService.build(load_knowledge(Path("knowledge")))
out = []
for text in json.loads(sys.argv[1]):
    answer = service.search(text)
    finding = service.detect_crisis(text)
    out.append([repr(answer.hits), finding and list(finding.kinds)])
print(json.dumps(out, ensure_ascii=False))
"""


def _answers(seed: str) -> list[object]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(MESSAGES, ensure_ascii=False)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    answers: list[object] = json.loads(done.stdout)
    return answers


def test_answers_and_their_reasons_do_not_change_with_string_hashing() -> None:
    assert _answers("1") == _answers("2") == _answers("3")
