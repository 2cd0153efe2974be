"""The job queue: inline for tests, a thread by default, RQ on a real Redis when configured."""

import pytest

from tests.web import job_targets
from webapp import jobs, worker


def test_eager_jobs_run_inline_in_an_app_context(make_app, make_user, tmp_path):
    app = make_app(JOBS_EAGER=True)
    make_user("student")
    with app.app_context():
        future = jobs.enqueue(job_targets.write_user_count, str(tmp_path / "n"))
    assert future.result() == 1 and (tmp_path / "n").read_text() == "1"


def test_thread_jobs_run_in_the_background(make_app, make_user, tmp_path):
    app = make_app()
    make_user("student")
    make_user("teacher")
    with app.app_context():
        future = jobs.enqueue(job_targets.write_user_count, str(tmp_path / "n"))
    assert future.result(timeout=10) == 2


def test_a_failing_job_is_logged_and_reported_to_its_future(make_app, caplog):
    app = make_app()
    with app.app_context():
        future = jobs.enqueue(job_targets.fail)
    with pytest.raises(RuntimeError):
        future.result(timeout=10)
    assert "background job tests.web.job_targets:fail failed" in caplog.text


def test_only_module_level_functions_can_be_jobs(make_app):
    def local():
        return None

    with make_app().app_context(), pytest.raises(ValueError):
        jobs.enqueue(local)


def test_rq_jobs_go_through_redis_to_a_worker(
    make_app, make_user, redis_url, tmp_path, monkeypatch
):
    from rq import SimpleWorker

    app = make_app(REDIS_URL=redis_url)
    make_user("student")
    with app.app_context():
        job = jobs.enqueue(job_targets.write_user_count, str(tmp_path / "n"))
        queue = jobs.redis_queue(app)
    assert queue.count == 1 and not (tmp_path / "n").exists()
    # The worker process would build its own app from the environment; here it uses the test app.
    monkeypatch.setattr(worker, "_app", app)
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    job.refresh()
    assert job.is_finished and job.return_value() == 1
    assert (tmp_path / "n").read_text() == "1"
