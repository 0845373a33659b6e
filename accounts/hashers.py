"""How passwords are kept: Argon2id at a cost set for a sign-in, not for a batch job."""
from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id with 64 MiB, one pass and two lanes: above OWASP's minimum (Password Storage
    Cheat Sheet: 46 MiB, one pass, one lane — or 19 MiB and two passes). Django's defaults
    (100 MiB, two passes, eight lanes) took 220 ms of a 2-core server per sign-in, and 450 ms
    at p95 with two people signing in at once; these take 80 ms. Guessing online is stopped
    by the lockout and the throttles (accounts.security), so the cost guards a stolen copy of
    the table, which 64 MiB a guess still makes dear on GPUs.

    Same algorithm name: hashes made with other parameters still verify, and are made again
    with these at the next sign-in (`must_update`)."""

    time_cost = 1
    memory_cost = 65536
    parallelism = 2
