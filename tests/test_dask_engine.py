"""Extraction on a Dask cluster (a LocalCluster of two worker processes on 127.0.0.1):
the same package, byte for byte, as extraction in this process."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from communique import extraction
from communique.bench.corpus import write_corpus
from communique.cli import main
from communique.engines import Engine, EngineError
from communique.pipeline import build
from corpus_helpers import files

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dask") / "articles"
    write_corpus(folder, 8, seed=5)
    return folder


def test_dask_gives_the_bytes_of_the_local_engine(cluster, corpus, tmp_path, capsys):
    build(corpus, tmp_path / "local")
    build(corpus, tmp_path / "dask", engine=Engine("dask", scheduler=cluster.scheduler_address))
    assert files(tmp_path / "dask") == files(tmp_path / "local")
    command = ["build", str(corpus), "--out", str(tmp_path / "cli"), "--no-cache"]
    assert main([*command, "--engine", "dask", "--scheduler", cluster.scheduler_address]) == 0
    assert files(tmp_path / "cli") == files(tmp_path / "local")
    capsys.readouterr()


def test_workers_with_other_extraction_code_are_refused(cluster, corpus, tmp_path, monkeypatch):
    # the check runs by reference on the workers, so only this process sees the change
    monkeypatch.setattr(extraction, "fingerprint", lambda *modules: "not the workers' code")
    with pytest.raises(EngineError, match="other extraction code"):
        build(corpus, tmp_path / "out", engine=Engine("dask", scheduler=cluster.scheduler_address))


def test_dask_without_a_scheduler_is_a_usage_error(corpus, tmp_path, capsys):
    assert main(["build", str(corpus), "--out", str(tmp_path / "p"), "--engine", "dask"]) == 2
    assert "--scheduler" in capsys.readouterr().err
