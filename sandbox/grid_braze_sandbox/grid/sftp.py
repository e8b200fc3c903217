"""The SFTP mailbox: a real SSH/SFTP server (asyncssh) on 127.0.0.1, with password and public-key
authentication, a stable host key, and every session chrooted to the mailbox root.

SFTP is how Trading Grid customers really reach their mailbox (reference §1.2, §2.8). Routing is
triggered from here: when a client closes a file it wrote into `outbound/`, or renames one into
it, the close (or rename) answers only once the network has routed the file.
"""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path
from typing import Any

import asyncssh

from grid_braze_sandbox.grid.config import host_private_key_text
from grid_braze_sandbox.grid.mailbox import is_settled_name
from grid_braze_sandbox.grid.service import GridService
from grid_braze_sandbox.httpserver import LOOPBACK

WRITE_FLAGS = asyncssh.FXF_WRITE | asyncssh.FXF_APPEND | asyncssh.FXF_CREAT | asyncssh.FXF_TRUNC


class MailboxSSHServer(asyncssh.SSHServer):
    def __init__(
        self, service: GridService, connections: set[asyncssh.SSHServerConnection]
    ) -> None:
        self._service = service
        self._connections = connections
        self._connection: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        # Kept so that stopping the server can close sessions a client left open.
        self._connection = conn
        self._connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._connection is not None:
            self._connections.discard(self._connection)

    def begin_auth(self, username: str) -> bool:
        return True  # every login authenticates

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        config = self._service.config
        return username == config.mailbox_user and password == config.mailbox_password

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        if username != self._service.config.mailbox_user:
            return False
        offered = key.export_public_key("openssh").split()[:2]
        for line in self._service.authorized_keys:
            if line.split()[:2] == [part.decode() for part in offered]:
                return True
        return False


class MailboxSFTPServer(asyncssh.SFTPServer):
    def __init__(self, chan: asyncssh.SSHServerChannel, service: GridService) -> None:
        self._service = service
        self._root = service.folders.root.resolve()
        super().__init__(chan, chroot=str(self._root).encode())
        self._written: dict[int, Path] = {}

    def _local(self, path: bytes) -> Path:
        return Path(os.fsdecode(self.map_path(path)))

    def _folder_of(self, local: Path) -> str | None:
        try:
            relative = local.resolve().relative_to(self._root)
        except ValueError:
            return None
        return relative.parts[0] if len(relative.parts) == 2 else None

    async def _slow_down(self) -> None:
        delay = self._service.faults.sftp_latency()
        if delay:
            await asyncio.sleep(delay)

    async def open(self, path: bytes, pflags: int, attrs: asyncssh.SFTPAttrs) -> object:
        await self._slow_down()
        file_obj = super().open(path, pflags, attrs)
        if pflags & WRITE_FLAGS:
            local = self._local(path)
            self._written[id(file_obj)] = local
            self._service.files_being_written.add(local.name)
        return file_obj

    async def close(self, file_obj: object) -> None:
        super().close(file_obj)
        local = self._written.pop(id(file_obj), None)
        if local is None:
            return
        self._service.files_being_written.discard(local.name)
        await self._arrived(local)

    async def rename(self, oldpath: bytes, newpath: bytes) -> None:
        super().rename(oldpath, newpath)
        await self._arrived(self._local(newpath))

    async def posix_rename(self, oldpath: bytes, newpath: bytes) -> None:
        super().posix_rename(oldpath, newpath)
        await self._arrived(self._local(newpath))

    async def remove(self, path: bytes) -> None:
        await self._slow_down()
        local = self._local(path)
        super().remove(path)
        if self._folder_of(local) == "inbound":
            await asyncio.get_running_loop().run_in_executor(None, self._confirm, local.name)

    async def _arrived(self, local: Path) -> None:
        """A file is complete in a folder: route it, or register a partner's upload."""
        folder = self._folder_of(local)
        if folder is None or not is_settled_name(local.name) or not local.exists():
            return
        loop = asyncio.get_running_loop()
        if folder == "outbound":
            await loop.run_in_executor(None, self._service.router.route_file, local)
        elif folder == "inbound":
            await loop.run_in_executor(None, self._register_upload, local)

    def _register_upload(self, local: Path) -> None:
        service = self._service
        with service.network_lock:
            if service.ledger.inbound_document(local.name) is not None:
                return
            service.register_inbound(local.name, local.read_bytes(), None, "sftp")

    def _confirm(self, name: str) -> None:
        service = self._service
        document = service.ledger.inbound_document(name)
        service.log.add("mailbox", action="deleted", folder="inbound", filename=name)
        if document is not None and document["status"] != "DELIVERED":
            service.ledger.confirm(document["documentId"])


class SftpMailboxServer:
    """The asyncssh server on its own event loop, in a background thread."""

    def __init__(self, service: GridService, port: int = 0) -> None:
        self._service = service
        self._requested_port = port
        self._loop = asyncio.new_event_loop()
        self._server: asyncssh.SSHAcceptor | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="grid-sftp", daemon=True)
        self._connections: set[asyncssh.SSHServerConnection] = set()
        self.port = 0

    def start(self) -> SftpMailboxServer:
        self._thread.start()
        self._ready.wait(timeout=30)
        if self._error is not None:
            raise self._error
        return self

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._server = self._loop.run_until_complete(self._listen())
            self.port = self._server.sockets[0].getsockname()[1]
        except BaseException as error:  # handed to start(), which raises it in the caller
            self._error = error
            self._ready.set()
            self._loop.close()
            return
        self._ready.set()
        self._loop.run_forever()
        self._loop.close()

    async def _listen(self) -> asyncssh.SSHAcceptor:
        service = self._service
        host_key = asyncssh.import_private_key(host_private_key_text())

        def sftp_factory(chan: asyncssh.SSHServerChannel) -> MailboxSFTPServer:
            return MailboxSFTPServer(chan, service)

        return await asyncssh.create_server(
            lambda: MailboxSSHServer(service, self._connections),
            LOOPBACK,
            self._requested_port,
            server_host_keys=[host_key],
            sftp_factory=sftp_factory,
            allow_scp=False,
            reuse_address=True,
        )

    def stop(self) -> None:
        if self._server is None or self._loop.is_closed():
            return

        async def shut() -> None:
            assert self._server is not None
            self._server.close()
            await self._server.wait_closed()
            for connection in list(self._connections):
                connection.close()
                await connection.wait_closed()
            # Sessions still open (a client that never disconnected) end with the server.
            current = asyncio.current_task()
            pending = [task for task in asyncio.all_tasks() if task is not current]
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

        future: Any = asyncio.run_coroutine_threadsafe(shut(), self._loop)
        try:
            future.result(timeout=10)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
