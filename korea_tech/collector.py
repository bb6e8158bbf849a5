"""Python's cyclic garbage collector, paused where a run makes objects by the hundred
thousand that only reference counting will free (a batch) or that live as long as the
process (the rules, a language's pipeline, the rate table)."""
from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

_paused = {"batches": 0, "by_us": False, "aged": 0}  # batches being read (threads of one process share the collector)
# Objects aged without a pass (``_age_young``) before a full pass runs instead: the
# garbage in cycles among them waits at most this long (batches with records leave
# about 15 such objects per 1,000 aged: the seeds repeated age 28,000 objects per MB, a
# table 350,000), and a full pass walks every object alive (about 200,000 after
# start-up: 0.1 s), so at most one per million objects aged.
AGED_BEFORE_FULL_PASS = 1_000_000
_paused_lock = threading.Lock()


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector paused while a batch is read (or while the
    engine builds what it keeps for the whole run: rules, a language, the rates).

    A batch makes objects by the hundred thousand (matches, candidates, mentions, rows)
    that live until it is done and that reference counting frees; the collector's full
    passes walked every one of them, more often the more there were: on a text dense
    with candidates a third of the time went there (a 1 MB chain of hyphenated years:
    11 full passes, 2.2 s of 6.4). When it comes back, what the batch made and still
    holds (its results, there until they are written) goes straight to the oldest
    generation (``_age_young``): its next pass would otherwise walk them once more only
    to find them alive (a table's 55,000 rows per MB: 7% of its time), and batches make
    almost no garbage in cycles (none in the seeds or the dev texts, 82 objects in 5 MB
    of seeds repeated; about 2,000 with records), which a full pass finds once a million
    objects were aged so (``AGED_BEFORE_FULL_PASS``), so memory stays flat. The collector is
    one per process: with batches in several threads (Dask's threaded workers) it comes
    back when the last of them is done, and only if it was running when the first began."""
    with _paused_lock:
        if _paused["batches"] == 0:
            _paused["by_us"] = gc.isenabled()
            gc.disable()
        _paused["batches"] += 1
    try:
        yield
    finally:
        with _paused_lock:
            _paused["batches"] -= 1
            if _paused["batches"] == 0 and _paused["by_us"]:
                _age_young()
                gc.enable()


def _age_young() -> None:
    """Every object the collector tracks into its oldest generation, without a pass:
    ``gc.freeze`` moves them all aside and ``gc.unfreeze`` puts them back, in the oldest
    one; a full pass instead once AGED_BEFORE_FULL_PASS objects were aged so. Not when
    someone else has frozen objects: unfreezing would thaw theirs."""
    if gc.get_freeze_count() != 0:
        return
    # (with the collector off, the youngest generation's count is the objects made and
    # still alive: what would be aged)
    _paused["aged"] += gc.get_count()[0]
    if _paused["aged"] >= AGED_BEFORE_FULL_PASS:
        _paused["aged"] = 0
        gc.collect()
    else:
        gc.freeze()
        gc.unfreeze()
