"""Parsing many files at once: worker processes and this one share them, chunk by chunk.

Workers take chunks from the front, this process from the back, until the two meet. The workers
end with the command whatever way it ends: stopped and reaped on any exception in this process
(the console entry point makes SIGTERM one, as Python makes SIGINT one), killed by the kernel if
this process dies without a word (Linux), and none of them holds the caller's standard streams.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any

from briefing.loader.parse import load_found
from briefing.loader.readback import payload_of
from briefing.loader.scan import Found

# Below this many files to parse, starting worker processes costs more than it saves. On Linux a
# worker is forked, with everything already imported (~20 ms); elsewhere it is spawned and must
# import pydantic and the models first (~0.3 s), so it pays off only for bigger folders.
PARALLEL_MIN_FILES = 1500 if sys.platform == "linux" else 5000
CHUNK = 250  # files per chunk, at most

Answer = tuple[str, str, bytes]  # (digest, kind, payload) of one file


def chunk_size(files: int, workers: int) -> int:
    """Chunks small enough that every process gets several, at most CHUNK files."""
    return max(1, min(CHUNK, files // (4 * workers)))


def parse_chunk(chunk: Sequence[Found]) -> list[Answer]:
    """(digest, kind, payload) for each file, parsed and validated."""
    out = []
    for found in chunk:
        result = load_found(found)
        kind, payload = payload_of(result)
        out.append((result.digest, kind, payload))
    return out


def parse_in_workers(
    files: Sequence[Found],
    todo: list[int],
    workers: int,
    here: Callable[[int], None],
    take: Callable[[list[int], list[Answer]], None],
) -> None:
    """Parse the files at `todo` with `workers` processes in all, this one included: `here(i)`
    parses a file in this process, `take(chunk, answers)` takes a worker's answers for a chunk."""
    import multiprocessing
    from multiprocessing.connection import wait

    # fork only on Linux: macOS's system libraries are not safe to fork (spawn is its default).
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    size = chunk_size(len(todo), workers)
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    lock = context.Lock()
    front = context.Value("i", 0, lock=False)  # the next chunk a worker takes
    back = context.Value("i", len(chunks), lock=False)  # the chunk this process took last
    work = [[files[i] for i in chunk] for chunk in chunks]
    processes, readers = [], []
    done: set[int] = set()
    try:
        for _ in range(workers - 1):
            reader, writer = context.Pipe(duplex=False)
            _widen(writer)
            process = context.Process(target=_worker, args=(writer, lock, front, back, work, os.getpid()), daemon=True)
            process.start()
            writer.close()
            processes.append(process)
            readers.append(reader)

        def receive(reader: Any) -> None:
            try:
                message = reader.recv()
            except (EOFError, OSError):
                readers.remove(reader)  # finished, or died: what it took and did not send is parsed here
                return
            k, answers = message
            take(chunks[k], answers)
            done.add(k)

        while True:
            with lock:
                k = back.value - 1
                if k < front.value:
                    break
                back.value = k
            for i in chunks[k]:
                here(i)
            done.add(k)
            # Every answer already sent, not one per reader: a worker that sent two chunks while
            # this process parsed one would otherwise fall behind by one more each time, until
            # its pipe is full and it waits.
            ready = wait(readers, timeout=0)
            while ready:
                for reader in ready:
                    receive(reader)
                ready = wait(readers, timeout=0)
        while readers:
            for reader in wait(readers):
                receive(reader)
        for k in range(len(chunks)):
            if k not in done:  # a worker that died with it
                for i in chunks[k]:
                    here(i)
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join()
        for reader in readers:
            reader.close()


def _widen(connection: Any) -> None:
    """A chunk's answers are a few hundred KB, and a pipe holds 64 KiB: the worker would wait at
    each send until this process, busy parsing its own chunk, read them. On Linux a pipe can hold
    a megabyte (fs.pipe-max-size), a couple of chunks' answers: ask for that, so the worker parses on."""
    try:
        import fcntl

        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError, ValueError):  # not Linux, not a pipe, not allowed
        pass


def _worker(writer: Any, lock: Any, front: Any, back: Any, work: list[list[Found]], parent: int) -> None:
    """A worker: take chunks from the front until none is left, send back the answers."""
    _detach(parent)
    while True:
        with lock:
            k = front.value
            if k >= back.value:
                break
            front.value = k + 1
        writer.send((k, parse_chunk(work[k])))
    writer.close()


def _detach(parent: int) -> None:
    """Hold none of the caller's streams, leave Ctrl-C to the command (it stops the workers),
    and die with it (Linux: the kernel kills a worker whose parent is gone)."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform == "linux":
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(0)
