"""gunicorn's settings for Polku, read from the working directory:

    gunicorn 'webapp:create_app()'

Four sync workers suit a 2-core machine (2 × cores); WEB_CONCURRENCY changes it.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
timeout = 30
