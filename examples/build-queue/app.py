#!/usr/bin/python3
"""A build queue, standing in for Hydra in the seed's Hydra model: a web server where jobs are
submitted and listed, and a queue runner that builds them, both on one PostgreSQL database.

  app.py init-db    DSN              creates the tables (idempotent), as hydra-init does
  app.py serve      DSN PORT         the web server: GET / lists jobs, POST /jobs (name=…) queues one,
                                     GET /health answers once the database does
  app.py run-queue  DSN NAME         takes queued jobs one by one, woken by NOTIFY, and "builds" them

DSN is a libpq connection string; with peer authentication no password is involved.
"""
import hashlib
import select
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg2

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
  id serial PRIMARY KEY,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'queued',
  result text,
  built_by text
)
"""


def init_db(dsn):
    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute(SCHEMA)


def serve(dsn, port):
    class Handler(BaseHTTPRequestHandler):
        def answer(self, status, text):
            body = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
                if self.path == "/health":
                    cursor.execute("SELECT 1")
                    return self.answer(200, "ok\n")
                cursor.execute("SELECT id, name, status, coalesce(result, '-'), coalesce(built_by, '-') FROM jobs ORDER BY id")
                lines = [" ".join(str(field) for field in row) for row in cursor.fetchall()]
            self.answer(200, "".join(line + "\n" for line in lines))

        def do_POST(self):
            if self.path != "/jobs":
                return self.answer(404, "not found\n")
            length = int(self.headers.get("Content-Length", "0"))
            name = urllib.parse.parse_qs(self.rfile.read(length).decode()).get("name", [""])[0]
            if not name:
                return self.answer(400, "a job needs a name\n")
            with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
                cursor.execute("INSERT INTO jobs (name) VALUES (%s) RETURNING id", (name,))
                job = cursor.fetchone()[0]
                cursor.execute("NOTIFY jobs")
            self.answer(201, f"queued job {job}\n")

        def log_message(self, format, *args):
            print(f"{self.command} {self.path} {args[1] if len(args) > 1 else ''}", flush=True)

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"serving on port {port}", flush=True)
    server.serve_forever()


def run_queue(dsn, name):
    connection = psycopg2.connect(dsn)
    connection.autocommit = True
    listener = connection.cursor()
    listener.execute("LISTEN jobs")
    print(f"{name} waiting for jobs", flush=True)
    while True:
        while build_one(connection, name):
            pass
        # Woken by the server's NOTIFY; a poll every 5 s catches jobs queued while it was away.
        if select.select([connection], [], [], 5) != ([], [], []):
            connection.poll()
            connection.notifies.clear()


def build_one(connection, name):
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute("SELECT id, name FROM jobs WHERE status = 'queued' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED")
        row = cursor.fetchone()
        if row is None:
            cursor.execute("COMMIT")
            return False
        job, job_name = row
        result = hashlib.sha256(job_name.encode()).hexdigest()
        cursor.execute("UPDATE jobs SET status = 'done', result = %s, built_by = %s WHERE id = %s", (result, name, job))
        cursor.execute("COMMIT")
        print(f"built job {job} ({job_name})", flush=True)
        return True


if __name__ == "__main__":
    command, dsn, *rest = sys.argv[1:]
    if command == "init-db":
        init_db(dsn)
    elif command == "serve":
        serve(dsn, int(rest[0]))
    elif command == "run-queue":
        run_queue(dsn, rest[0])
    else:
        sys.exit(f"unknown command {command}")
