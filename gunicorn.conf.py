"""Polku's production server settings: `gunicorn -c gunicorn.conf.py 'webapp:create_app()'`.

Sized for phones on weak connections. gthread workers: a request that takes minutes (a
500 MB video at 600 KB/s takes 14) occupies one thread, while the worker's main thread
keeps telling the master it is alive, so `timeout` never cuts an upload off (the sync
worker killed a 54 MB upload at 30 s). The reverse proxy should still buffer request
bodies (README, Production), so a slow phone holds a proxy connection, not a thread.
Every value can be set from the environment.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
# Threads per worker: requests mostly wait on the database, Redis or the client.
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# With gthread this is how long a worker may go silent (hung, not busy) before it is
# replaced; a long request in a thread does not count.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Phones reuse connections between page loads; the proxy in front keeps its own pool.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# A worker is replaced now and then, so a slow leak never grows for weeks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# The app is imported in each worker, not the master: no database connection is shared.
preload_app = False
