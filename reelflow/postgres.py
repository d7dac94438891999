"""PostgreSQL for `reelflow up --db postgres` / `--db-url`.

Prefect's SQLite database answers 503 and "database is locked" under light concurrent use; a
team's server runs on PostgreSQL, so the local stack can too. `start` runs a private cluster from
Debian's `postgresql` package: initialised once under the stack's home (`.reelflow/postgres/data`,
kept across `down`/`up` like the SQLite file), listening on a loopback port and a unix socket in
the home, with a `prefect` role and database. PostgreSQL refuses to run as root, so as root every
server-side program runs as the unprivileged `postgres` user the package creates, which owns the
data dir. `stop` shuts it down by its data dir (`pg_ctl stop`), then by PID if that fails.

`check_url` validates an existing server's URL (`--db-url`) and that it answers, so a typo is a
one-line error instead of a Prefect server that never becomes healthy.
"""

from __future__ import annotations

import asyncio
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from pydantic import BaseModel
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from reelflow.errors import StackError

OS_USER = "postgres"  # runs the server when we are root (created by Debian's package)
ADMIN = "postgres"  # the cluster's superuser, only used to create the role and database
DB_USER = DB_NAME = "prefect"
HOST = "127.0.0.1"
INSTALL_HINT = (
    "PostgreSQL is not installed (no initdb/pg_ctl in /usr/lib/postgresql/*/bin or on PATH). "
    "Install it with `sudo apt-get install postgresql` (or `bash scripts/system-deps.sh`), "
    "or point at an existing server with --db-url postgresql://user:password@host:5432/prefect."
)
DEBIAN_LIB = Path("/usr/lib/postgresql")  # Debian's postgresql-<ver> puts its programs here
SOCKET_PATH_MAX = 100  # sun_path is 108 bytes; PostgreSQL appends "/.s.PGSQL.<port>"


class LocalPostgres(BaseModel):
    """A running private cluster; `url` carries its password and is never saved or printed."""

    data_dir: str
    port: int
    pid: int
    url: str


def bin_dir() -> Path:
    """Newest `/usr/lib/postgresql/<ver>/bin` (Debian's layout), else the one on PATH."""
    wanted = ("initdb", "pg_ctl", "postgres", "psql")
    versions = []
    for path in DEBIAN_LIB.glob("*/bin"):
        if re.fullmatch(r"\d+(\.\d+)?", path.parent.name):
            versions.append((float(path.parent.name), path))
    candidates = [path for _, path in sorted(versions, reverse=True)]
    if found := shutil.which("pg_ctl"):
        candidates.append(Path(found).resolve().parent)
    for path in candidates:
        if all((path / name).is_file() for name in wanted):
            return path
    raise StackError(INSTALL_HINT)


def port_free(host: str, port: int) -> bool:
    """True when nothing listens on host:port.

    Binding is the only reliable test; with SO_REUSEADDR, as servers bind, so that a just-stopped
    server's connections in TIME_WAIT do not count as busy.
    """
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _as_root() -> bool:
    return os.geteuid() == 0


def _owner_ids() -> tuple[int, int]:
    """uid/gid that own and run the cluster: `postgres` as root (created if missing), else us."""
    if not _as_root():
        return os.getuid(), os.getgid()
    try:
        entry = pwd.getpwnam(OS_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--user-group", "--no-create-home", "--shell", "/bin/false"]
            + [OS_USER],
            check=True,
            capture_output=True,
        )
        entry = pwd.getpwnam(OS_USER)
    return entry.pw_uid, entry.pw_gid


def _as_owner(args: list[str]) -> list[str]:
    """initdb, pg_ctl and postgres refuse root: run them as the unprivileged owner."""
    return ["runuser", "-u", OS_USER, "--", *args] if _as_root() else args


def _check_reachable(path: Path) -> None:
    """As root, the `postgres` user must be able to enter every folder above the data dir."""
    if not _as_root():
        return
    for folder in [*reversed(path.parents), path]:
        if subprocess.run(_as_owner(["test", "-x", str(folder)])).returncode != 0:
            raise StackError(
                f"PostgreSQL runs as the unprivileged `{OS_USER}` user (it refuses root), and that "
                f"user cannot enter {folder}. Run `reelflow up` from a folder it can reach (or as "
                f"a normal user), allow it with `chmod o+x {folder}`, or use --db-url."
            )


def _pg(binaries: Path, args: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    return subprocess.run(
        _as_owner([str(binaries / args[0]), *args[1:]]), cwd=cwd, env=env, text=True, **kwargs
    )


def _conf_value(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _init(binaries: Path, root: Path, data: Path, password_file: Path) -> None:
    """Run initdb the first time; an earlier `up`'s cluster is reused (its runs survive)."""
    if (data / "PG_VERSION").is_file():
        return
    if data.exists() and any(data.iterdir()):
        raise StackError(f"{data} is not empty and holds no PostgreSQL cluster: move it away.")
    password_file.write_text(secrets.token_hex(16) + "\n")
    password_file.chmod(0o600)
    uid, gid = _owner_ids()
    os.chown(password_file, uid, gid)
    args = ["initdb", "-D", str(data), "-U", ADMIN, "--pwfile", str(password_file)]
    args += ["--auth", "scram-sha-256", "--encoding", "UTF8", "--locale", "C"]
    done = _pg(binaries, args, root, capture_output=True)
    if done.returncode != 0:
        raise StackError(f"initdb failed:\n{(done.stdout + done.stderr)[-2000:]}", code=1)
    with (data / "postgresql.conf").open("a") as conf:
        conf.write("\n# reelflow: listen address, port and socket of this `up`\n")
        conf.write("include_if_exists = 'reelflow.conf'\n")


def _configure(data: Path, socket_dir: Path, port: int) -> None:
    sockets = str(socket_dir) if len(str(socket_dir)) < SOCKET_PATH_MAX else ""  # TCP only
    (data / "reelflow.conf").write_text(
        f"listen_addresses = {_conf_value(HOST)}\nport = {port}\n"
        f"unix_socket_directories = {_conf_value(sockets)}\n"
    )


def _psql(binaries: Path, port: int, password: str, sql: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env |= {"PGPASSWORD": password, "PGCONNECT_TIMEOUT": "10"}
    args = [str(binaries / "psql"), "-h", HOST, "-p", str(port), "-U", ADMIN, "-d", "postgres"]
    done = subprocess.run(
        [*args, "-v", "ON_ERROR_STOP=1", "-tAc", sql], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise StackError(f"psql failed: {done.stderr.strip()}", code=1)
    return done.stdout.strip()


def _create_database(binaries: Path, port: int, password: str) -> None:
    """The `prefect` role and database, owned by it (Prefect's migrations create what they need)."""
    if not _psql(binaries, port, password, f"SELECT 1 FROM pg_roles WHERE rolname='{DB_USER}'"):
        _psql(binaries, port, password, f"CREATE ROLE {DB_USER} LOGIN PASSWORD '{password}'")
    if not _psql(binaries, port, password, f"SELECT 1 FROM pg_database WHERE datname='{DB_NAME}'"):
        _psql(binaries, port, password, f"CREATE DATABASE {DB_NAME} OWNER {DB_USER}")


def _postmaster_pid(data: Path) -> int | None:
    try:
        return int((data / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None


def _is_postgres(pid: int) -> bool:
    """A stale postmaster.pid (after a reboot) may name a PID some other program now has."""
    try:
        return b"postgres" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # no /proc to ask: assume it is


def start(home: Path, logs: Path, port: int = 0) -> LocalPostgres:
    """Initialise (first time) and start the stack's cluster; port 0 picks a free one."""
    binaries = bin_dir()
    if port and not port_free(HOST, port):
        raise StackError(f"Port {port} on {HOST} is already in use: pick another with --db-port.")
    port = port or _free_port()
    root = (home / "postgres").resolve()
    data, socket_dir, password_file = root / "data", root / "run", root / "password"
    uid, gid = _owner_ids()
    for folder in (root, socket_dir):
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o700)
        os.chown(folder, uid, gid)
    _check_reachable(root)
    if (pid := _postmaster_pid(data)) and alive(pid) and _is_postgres(pid):
        raise StackError(f"PostgreSQL is already running on {data} (PID {pid}): `reelflow down`.")
    _init(binaries, root, data, password_file)
    _configure(data, socket_dir, port)
    with (logs / "postgres.log").open("a") as log:
        # Without -l the postmaster writes to pg_ctl's stdout: this file, opened by us, so the
        # unprivileged owner needs no write access to the logs folder.
        done = _pg(
            binaries,
            ["pg_ctl", "start", "-w", "-t", "60", "-D", str(data)],
            root,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    pid = _postmaster_pid(data)
    if done.returncode != 0 or pid is None:
        stop(str(data), pid or 0)
        raise StackError(f"PostgreSQL did not start: see {logs / 'postgres.log'}", code=1)
    password = password_file.read_text().strip()
    try:
        _create_database(binaries, port, password)
    except StackError:
        stop(str(data), pid)
        raise
    url = f"postgresql+asyncpg://{DB_USER}:{password}@{HOST}:{port}/{DB_NAME}"
    return LocalPostgres(data_dir=str(data), port=port, pid=pid, url=url)


def alive(pid: int) -> bool:
    """Whether the process runs (a zombie waiting for its parent to reap it does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return Path(f"/proc/{pid}").exists() and "Z" not in _proc_state(pid)


def _proc_state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""


def stop(data_dir: str, pid: int, timeout_s: float = 30) -> None:
    """Fast shutdown by data dir (`pg_ctl stop`); SIGQUIT, then SIGKILL, the PID if that fails."""
    data = Path(data_dir)
    try:
        binaries = bin_dir()
    except StackError:
        binaries = None
    if binaries and (data / "postmaster.pid").is_file():
        _pg(
            binaries,
            ["pg_ctl", "stop", "-D", str(data), "-m", "fast", "-w", "-t", str(int(timeout_s))],
            data.parent,
            capture_output=True,
        )
    for sig in (signal.SIGQUIT, signal.SIGKILL):
        if not pid or not alive(pid):
            return
        os.kill(pid, sig)
        deadline = time.monotonic() + 10
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)


def check_url(url: str) -> str:
    """An existing server's URL as Prefect needs it (postgresql+asyncpg://), checked to answer."""
    try:
        parsed = make_url(re.sub(r"^postgres://", "postgresql://", url.strip()))
    except ArgumentError:
        parsed = None
    if parsed is None or parsed.drivername not in ("postgresql", "postgresql+asyncpg"):
        raise StackError(
            f"--db-url must be a PostgreSQL URL such as "
            f"postgresql://user:password@host:5432/prefect, not {_redact(url)!r}."
        )
    if not parsed.host or not parsed.database:
        raise StackError("--db-url needs a host and a database: postgresql://user:pw@host/db.")
    _check_answers(parsed)
    return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def _redact(url: str) -> str:
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def _check_answers(parsed: URL) -> None:
    import asyncpg

    dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)

    async def probe() -> None:
        connection = await asyncpg.connect(dsn=dsn, timeout=10)
        await connection.close()

    try:
        asyncio.run(probe())
    except Exception as exc:  # noqa: BLE001 - any failure is the same advice to the user
        shown = parsed.render_as_string(hide_password=True)
        reason = str(exc) or type(exc).__name__
        raise StackError(f"Cannot connect to --db-url {shown}: {reason}") from None
