"""Parsing many files at once: worker processes and this one share them, chunk by chunk."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from briefing.loader.parse import load_found
from briefing.loader.readback import payload_of
from briefing.loader.scan import Found

# Below this many files to parse, starting worker processes costs more than it saves. On Linux a
# worker is forked, with everything already imported (~20 ms); elsewhere it is spawned and must
# import pydantic and the models first (~0.3 s), so it pays off only for bigger folders.
PARALLEL_MIN_FILES = 1500 if sys.platform == "linux" else 5000
CHUNK = 250  # files per task sent to a worker, at most

Answer = tuple[str, str, bytes]  # (digest, kind, payload) of one file


def chunk_size(files: int, workers: int) -> int:
    """Chunks small enough that every process gets several, at most CHUNK files."""
    return max(1, min(CHUNK, files // (4 * workers)))


def parse_chunk(chunk: list[Found]) -> list[Answer]:
    """A worker's task: (digest, kind, payload) for each file, parsed and validated."""
    from briefing.loader.gc import gc_paused

    with gc_paused():
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
    """Parse the files at `todo` with `workers` processes in all, this one included.

    Workers take chunks from the front and send back JSON (`take` validates it here once more:
    that is how the cache is read too, and it is faster than unpickling models); this process
    takes chunks from the back and parses them itself (`here`), until the two meet.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork only on Linux: macOS's system libraries are not safe to fork (spawn is its default).
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    size = chunk_size(len(todo), workers)
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    with ProcessPoolExecutor(max_workers=workers - 1, mp_context=context) as pool:
        futures = [pool.submit(parse_chunk, [files[i] for i in chunk]) for chunk in chunks]
        taken = 0  # worker answers validated so far (in order, while this process also parses)
        for future, chunk in zip(reversed(futures), reversed(chunks)):
            if not future.cancel():
                break  # a worker has it, and every chunk before it
            for i in chunk:
                here(i)
            while taken < len(futures) and futures[taken].done() and not futures[taken].cancelled():
                take(chunks[taken], futures[taken].result())
                taken += 1
        for future, chunk in zip(futures[taken:], chunks[taken:]):
            if not future.cancelled():
                take(chunk, future.result())
