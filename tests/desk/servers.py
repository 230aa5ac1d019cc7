"""Real mail servers on loopback for the desk tests: Dovecot (IMAP) and aiosmtpd (SMTP)."""

from __future__ import annotations

import os
import pwd
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

DOVECOT = "/usr/sbin/dovecot"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def smtp_server(handler):
    """An aiosmtpd server on a free loopback port for ``handler``; yields the port."""
    from aiosmtpd.controller import Controller

    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


class Dovecot:
    """A private Dovecot instance: config, mail and runtime files all under ``root``."""

    user = "shop"
    password = "s3cret"

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    def config(self) -> Path:
        r = self.root
        for d in ("run", "state", "mail", "home"):
            (r / d).mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            # Dovecot refuses root for mail access: the mailbox belongs to "nobody".
            mail_user, login_user, internal_user = "nobody", "dovenull", "dovecot"
        else:
            mail_user = login_user = internal_user = pwd.getpwuid(os.geteuid()).pw_name
        pw = pwd.getpwnam(mail_user)
        for d in ("mail", "home"):
            os.chown(r / d, pw.pw_uid, pw.pw_gid)
        (r / "passwd").write_text(f"{self.user}:{{PLAIN}}{self.password}::::::\n")
        conf = r / "dovecot.conf"
        conf.write_text(f"""
protocols = imap
listen = 127.0.0.1
base_dir = {r}/run
state_dir = {r}/state
log_path = {r}/dovecot.log
info_log_path = {r}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = {min(pw.pw_uid, 100)}
mail_location = maildir:{r}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {r}/passwd
}}
userdb {{
  driver = static
  args = uid={pw.pw_uid} gid={pw.pw_gid} home={r}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
protocol imap {{
  imap_idle_notify_interval = 1 secs
}}
""")
        return conf

    def start(self) -> "Dovecot":
        if not Path(DOVECOT).exists():
            raise RuntimeError("dovecot-imapd is not installed (scripts/test installs it)")
        conf = self.config()
        self.proc = subprocess.Popen([DOVECOT, "-F", "-c", str(conf)], stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        deadline = time.time() + 15
        while time.time() < deadline:
            if self.proc.poll() is not None:
                out = self.proc.stdout.read().decode(errors="replace")
                log = (self.root / "dovecot.log").read_text() if (self.root / "dovecot.log").exists() else ""
                raise RuntimeError(f"dovecot exited: {out}\n{log}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    if s.recv(100).startswith(b"* OK"):
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("dovecot did not start listening within 15 s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def client(self):
        import imaplib
        imap = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        imap.login(self.user, self.password)
        return imap

    def append(self, raws, folder: str = "INBOX") -> None:
        imap = self.client()
        try:
            for raw in raws:
                typ, data = imap.append(folder, None, None, raw)
                assert typ == "OK", data
        finally:
            imap.logout()
