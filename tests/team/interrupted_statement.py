"""Run by test_sessions.py in its own process (a signal to the test process would end
pytest): Ctrl-C during a team statement, then the next statement on the same connection.
psycopg cancels the query and waits again on the same generator."""

import os
import signal
import sys
import threading

from annotator.core.team.connection import connect

conn = connect(sys.argv[1], autocommit=True)
threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
try:
    conn.execute("SELECT pg_sleep(10)")
except KeyboardInterrupt:
    print("interrupted; closed:", conn.closed, flush=True)
print("next:", conn.execute("SELECT 1").fetchone(), flush=True)
