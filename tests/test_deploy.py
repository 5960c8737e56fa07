"""The compose setup: what it promises in the README is what the files say."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_compose_runs_two_replicas_on_one_redis_behind_nginx() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    app, redis, nginx = services["app"], services["redis"], services["nginx"]
    assert app["deploy"]["replicas"] == 2
    assert app["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    assert app["depends_on"]["redis"]["condition"] == "service_healthy"
    assert (
        "--appendonly" in redis["command"]
        and redis["command"][redis["command"].index("--appendonly") + 1] == "yes"
    )
    mounted = {v.split(":")[0] for v in nginx["volumes"]}
    assert all((ROOT / path).exists() for path in mounted if path.startswith("./"))
    assert (ROOT / app["build"] / "Dockerfile").exists()


def test_nginx_keeps_no_access_log_and_balances_the_replicas() -> None:
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "access_log off;" in conf  # request lines carry her words
    assert "server app:8000;" in conf and "proxy_pass http://app;" in conf
    assert "X-Forwarded-For $remote_addr" in conf


def test_the_example_env_names_real_settings() -> None:
    names = [
        line.split("=", 1)[0]
        for line in (ROOT / "deploy" / "example.env").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert names and all(name.lower() in Settings.model_fields for name in names)
