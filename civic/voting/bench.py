"""Gas of M-Voting next to OpenZeppelin Governor, measured on the same node (``make bench``).

Ours runs on a 2**20-seat electorate (20-sibling proofs, the calldata a million-voter poll
pays); real voters sit at chosen seats among filler leaves. Governor runs a stock OZ 5.4
Governor over an ERC20Votes token (``contracts/peers/``).

Rows (ours vs peer):
- direct vote, 20-sibling proof, first seat of its bitmap word / a later one vs castVote
  first / later; the voters vote on two ballots of one bitmap group (8 ballots share a seat
  word): the rows are the second ballot's (words an earlier ballot wrote are rewritten),
  the rows "group's first ballot" the first's (every word new);
- relayed signed vote, one per transaction vs castVoteBySig;
- relayed batch of 100, per vote: a seat run (a roll ordered by building, relayers
  batching by seat range: four bitmap words) and scattered seats (every vote opens its own
  word, one packed multiproof for the batch) vs castVoteBySig;
- per-voter total from nothing: ours is the voter's share of a batch (the voter holds no
  ETH, no token); Governor's is receiving the token + delegate(self) + castVote;
- secret ballots: commit + reveal, and an encrypted ballot (2 and 5 options, weight 1) sent
  directly and in a relayed batch of ``ENCRYPTED_BATCH``, each vs castVote (first). Their
  floor is the calldata floor plus what the design cannot avoid: precompile calls, the
  seat's storage and the logged ciphertexts and proofs (``encrypted_floor``).
"""

from __future__ import annotations

from civic.eip712 import Domain, sign_digest
from civic.eip712 import digest as eip712_digest
from civic.gas import GasRow, calldata_floor, floor_gas, intrinsic_gas
from civic.voting import Electorate, ballot_config, domain, multiproof_batch, signed_ballot
from civic.voting.keys import key_voters

SERVICE = "voting"
PEER = "OZ Governor 5.4"
TREE_SIZE = 2**20
BATCH = 100
ENCRYPTED_BATCH = 50
ECMUL, ECADD = 6_000, 150
GOVERNOR_BALLOT_TYPES = {
    "Ballot": [
        {"name": "proposalId", "type": "uint256"},
        {"name": "support", "type": "uint8"},
        {"name": "voter", "type": "address"},
        {"name": "nonce", "type": "uint256"},
    ]
}


def _floor(receipt) -> int:
    return floor_gas(bytes(receipt.transaction.data))


def measure_governor(deployer, accounts) -> dict[str, int]:
    """castVote first/later, castVoteBySig, transfer to a fresh holder, delegate(self)."""
    from ape import chain, project

    token = project.PeerVotesToken.deploy(sender=deployer)
    governor = project.PeerGovernor.deploy(token.address, sender=deployer)
    token.mint(deployer, 10**24, sender=deployer)
    v_first, v_later, v_sig = accounts[20], accounts[21], accounts[22]
    gas: dict[str, int] = {}
    for i, voter in enumerate((v_first, v_later, v_sig)):
        tx = token.transfer(voter, 10**21, sender=deployer)
        dtx = token.invoke_transaction("delegate", voter, sender=voter)
        if i == 1:
            gas["transfer"] = tx.gas_used
            gas["delegate"] = dtx.gas_used
    tx = governor.propose([token.address], [0], [b""], "bench proposal", sender=deployer)
    proposal_id = tx.decode_logs(governor.ProposalCreated)[0].proposalId
    chain.mine(2)
    gas["castVote first"] = governor.castVote(proposal_id, 1, sender=v_first).gas_used
    gas["castVote later"] = governor.castVote(proposal_id, 1, sender=v_later).gas_used
    dom = Domain("Peer Governor", "1", chain.chain_id, str(governor.address))
    message = {
        "proposalId": proposal_id,
        "support": 1,
        "voter": v_sig.address,
        "nonce": governor.nonces(v_sig),
    }
    signature = sign_digest(v_sig, eip712_digest(dom, "Ballot", GOVERNOR_BALLOT_TYPES, message))
    gas["castVoteBySig"] = governor.castVoteBySig(
        proposal_id, 1, v_sig.address, signature, sender=deployer
    ).gas_used
    return gas


SEAT_WORD = 32  # seats per bitmap word (MVoting `_WORD_SEATS`)
KECCAK_PAIR = 36  # keccak256 of 64 bytes: 30 + 6 per word
COLD_READ = 2_100


def open_floor(
    data: bytes,
    *,
    words_new: int,
    words_used: int,
    sets: int,
    options: int,
    hashes: int,
    signatures: int,
) -> int:
    """What an open-mode vote transaction with calldata ``data`` cannot avoid in this design:
    the calldata (EIP-7623 floor, or the intrinsic cost plus everything below), the ballot's
    root and hot slot (two cold reads), ``words_new`` never-written bitmap words
    (zero-to-nonzero), ``words_used`` cold non-zero words, the other ``sets - words_new -
    words_used`` seat bits as dirty rewrites, each touched option's tally (a cold rewrite),
    ``hashes`` 64-byte keccaks (leaves and proof steps, the EIP-712 digests), one ecrecover
    per signature and one ``VoteCast`` per seat."""
    storage = (
        2 * COLD_READ
        + words_new * SSTORE_NEW
        + words_used * SSTORE_COLD
        + (sets - words_new - words_used) * SSTORE_DIRTY
        + options * SSTORE_COLD
    )
    vote_log = LOG_TOPIC * 4 + LOG_BYTE * 96  # VoteCast: LOG3 (375 + 3 topics), 3 words
    work = storage + hashes * KECCAK_PAIR + signatures * ECRECOVER + sets * vote_log
    return max(calldata_floor(data), intrinsic_gas(data) + work)


def measure_ours(deployer, accounts) -> dict[str, tuple[int, int]]:
    """``{row: (gas, floor_gas)}`` on a 2**20-seat electorate; batch rows are per vote.

    The same voters vote on two ballots of one bitmap group (ballot ids 1 and 2, see
    ``IMVoting``): on the group's first ballot every seat word is new (rows ``... fresh``);
    on the second, the words the first ballot wrote are rewritten (the steady state of a
    roll that votes ballot after ballot)."""
    from ape import chain, project

    voting = project.MVoting.deploy(deployer, deployer, sender=deployer)
    direct_first, direct_later, relayer = accounts[14], accounts[15], accounts[16]
    synthetic = key_voters(1 + 2 * BATCH, "m-voting/bench")
    single, run, scattered = synthetic[0], synthetic[1 : 1 + BATCH], synthetic[1 + BATCH :]
    seats = {direct_first.address: 512, direct_later.address: 513, single.address: 1024}
    seats |= {v.address: 4096 + i for i, v in enumerate(run)}  # four bitmap words
    seats |= {v.address: 8192 + 256 * 37 * i for i, v in enumerate(scattered)}  # one word each
    electorate = Electorate({a: 1 for a in seats}, size=TREE_SIZE, seats=seats)

    start = chain.pending_timestamp + 5
    config = ballot_config(electorate.root, start, start + 3600, options=2)
    ballots = []
    for _ in range(2):
        tx = voting.createBallot(config, sender=deployer)
        ballots.append(tx.decode_logs(voting.BallotCreated)[0].ballotId)
    if ballots != [1, 2]:
        raise RuntimeError(f"bench ballots must share a bitmap group, got {ballots}")
    chain.mine(1, timestamp=start)
    dom = domain(voting, chain.chain_id)

    rows: dict[str, tuple[int, int]] = {}
    for ballot, suffix in ((ballots[0], " fresh"), (ballots[1], "")):
        fresh = bool(suffix)
        for label, voter in (("direct first", direct_first), ("direct later", direct_later)):
            index, weight, proof = electorate.credentials(voter)
            tx = voting.vote(ballot, index, weight, 1, proof, sender=voter)
            new = fresh and label == "direct first"
            floor = open_floor(
                bytes(tx.transaction.data),
                words_new=int(new),
                words_used=int(not new),
                sets=1,
                options=1,
                hashes=2 + len(proof),
                signatures=0,
            )
            rows[label + suffix] = (tx.gas_used, floor)

        item = signed_ballot(electorate, dom, single, ballot, 1)
        tx = voting.relay(ballot, item, sender=relayer)
        floor = open_floor(
            bytes(tx.transaction.data),
            words_new=int(fresh),
            words_used=int(not fresh),
            sets=1,
            options=1,
            hashes=4 + len(item[6]),  # leaf (2), struct hash and typed-data digest, the proof
            signatures=1,
        )
        rows["relay single" + suffix] = (tx.gas_used, floor)

        for label, group in (("batch run", run), ("batch scattered", scattered)):
            items = [signed_ballot(electorate, dom, v, ballot, i % 2) for i, v in enumerate(group)]
            batch, proof, flags = multiproof_batch(electorate, items)
            tx = voting.relayBatch(ballot, batch, proof, flags, sender=relayer)
            if tx.decode_logs(voting.RelayedBallotRejected):
                raise RuntimeError("bench batch had rejected ballots")
            n = len(group)
            words = len({item[1] // SEAT_WORD for item in batch})
            steps = n + len(proof) - 1 if flags else sum(len(item[6]) for item in batch)
            floor = open_floor(
                bytes(tx.transaction.data),
                words_new=words if fresh else 0,
                words_used=0 if fresh else words,
                sets=n,
                options=2,
                hashes=4 * n + steps,
                signatures=n,
            )
            rows[label + suffix] = (tx.gas_used // n, floor // n)
    return rows


def _patient(method, *args):
    """Send ``method(*args[:-1], sender=args[-1])``; on a loaded node Ape gives up on a
    large transaction's receipt after 20 s although it is mined: wait longer for it then."""
    import re

    from ape import chain
    from ape.exceptions import TransactionNotFoundError

    try:
        return method(*args[:-1], sender=args[-1])
    except TransactionNotFoundError as err:
        found = re.search(r"0x[0-9a-fA-F]{64}", str(err))
        if found is None:
            raise
        return chain.provider.get_receipt(found.group(0), timeout=600)


ECRECOVER = 3_000
SSTORE_NEW, SSTORE_COLD, SSTORE_WARM, SSTORE_DIRTY = 22_100, 5_000, 2_900, 100
LOG_BYTE, LOG_TOPIC = 8, 375


def encrypted_floor(options: int, batch: int = 0) -> int:
    """Gas beyond calldata a seat's first encrypted ballot of ``options`` options cannot
    avoid in this design, for its ``k`` ciphertexts (``k = 1`` for two options, else one
    per option), sent directly (``batch = 0``) or as one of ``batch`` relayed ballots:

    - precompiles: per ciphertext 8 ecMul + 9 ecAdd (bit proof) and 2 ecAdd (its
      aggregate); for ``k >= 3`` also 4 ecMul + 2k + 3 ecAdd (sum proof over the
      product); relayed, one ecrecover (the voter's signature);
    - storage: the seat's record and commitment (two new slots), the ``4k`` aggregate
      words (kept non-zero: a cold rewrite, then 100 gas each for the rest of a batch)
      and the turnout word (warm: 2,900, then 100 in a batch);
    - logs: ``EncryptedVoteCast`` (3 topics, ``256 + 256k`` data bytes: the ciphertexts
      and the proofs) and ``VoteCommitted`` (3 topics, 96 data bytes)."""
    k = 1 if options == 2 else options
    ecmul = 8 * k + (4 if k > 1 else 0)
    ecadd = 11 * k + (2 * k + 3 if k > 1 else 0)
    n = max(batch, 1)
    shared = (
        4 * k * (SSTORE_COLD + (n - 1) * SSTORE_DIRTY) + SSTORE_WARM + (n - 1) * SSTORE_DIRTY
    ) // n
    storage = 2 * SSTORE_NEW + shared
    logs = 2 * (LOG_TOPIC * 4) + LOG_BYTE * (256 + 256 * k + 96)
    signature = ECRECOVER if batch else 0
    return ECMUL * ecmul + ECADD * ecadd + signature + storage + logs


def measure_secret(deployer, accounts) -> dict[str, tuple[int, int]]:
    """Commit + reveal, and encrypted ballots for 2 and 5 options, on a 2**20-seat tree."""
    from ape import chain, project

    from civic.voting import commitment
    from civic.voting import elgamal as eg

    voting = project.MVoting.deploy(deployer, deployer, sender=deployer)
    committee = eg.Trustees.generate([accounts[23], accounts[24], accounts[25]])
    relayer, committer = accounts[16], accounts[17]
    voters = key_voters(2 * (ENCRYPTED_BATCH + 1), "m-voting/bench-secret")
    seats = {committer.address: 100, accounts[18].address: 101, accounts[19].address: 102}
    seats |= {v.address: 4096 + i for i, v in enumerate(voters)}
    electorate = Electorate({a: 1 for a in seats}, size=TREE_SIZE, seats=seats)
    rows: dict[str, tuple[int, int]] = {}

    start = chain.pending_timestamp + 5
    config = ballot_config(
        electorate.root, start, start + 3600, options=2, secret=True, reveal_end=start + 7200
    )
    ballot = voting.createBallot(config, sender=deployer).decode_logs(voting.BallotCreated)[0]
    ballot = ballot.ballotId
    chain.mine(1, timestamp=start)
    index, weight, proof = electorate.credentials(committer)
    salt = b"\x07" * 32
    ctx = voting.commit(
        ballot,
        index,
        weight,
        commitment(voting.address, ballot, index, 1, salt),
        proof,
        sender=committer,
    )
    chain.mine(1, timestamp=start + 3600)
    rtx = voting.reveal(ballot, index, 1, salt, sender=committer)
    rows["commit reveal"] = (ctx.gas_used + rtx.gas_used, _floor(ctx) + _floor(rtx))

    for options, direct_voter, group in (
        (2, accounts[18], voters[:ENCRYPTED_BATCH]),
        (5, accounts[19], voters[ENCRYPTED_BATCH : 2 * ENCRYPTED_BATCH]),
    ):
        start = chain.pending_timestamp + 60
        config = ballot_config(
            electorate.root,
            start,
            start + 3600,
            options=options,
            secret=True,
            reveal_end=start + 7200,
        )
        tx = voting.createEncryptedBallot(
            config, [a.address for a in committee.accounts], sender=deployer
        )
        ballot = tx.decode_logs(voting.EncryptedBallotCreated)[0].ballotId
        key = committee.post_keys(voting, ballot, chain.chain_id)
        chain.mine(1, timestamp=start)
        dom = domain(voting, chain.chain_id)

        def encrypt(voter, choice, options=options, ballot=ballot, key=key):
            index = electorate.seat(voter)
            ctx = eg.ballot_context(chain.chain_id, voting.address, ballot, index, voter.address)
            return eg.encrypt_ballot(key, ctx, choice, options)

        index, weight, proof = electorate.credentials(direct_voter)
        tx = voting.castEncrypted(
            ballot,
            index,
            weight,
            proof,
            eg.vote_args(encrypt(direct_voter, 1)),
            sender=direct_voter,
        )
        rows[f"encrypted {options} direct"] = (tx.gas_used, _floor(tx) + encrypted_floor(options))
        sent = [encrypt(v, i % options) for i, v in enumerate(group)]
        items = [
            signed_ballot(electorate, dom, v, ballot, eg.ciphertext_hash(e.a, e.b))
            for v, e in zip(group, sent, strict=True)
        ]
        tx = _patient(
            voting.relayEncryptedBatch, ballot, items, [eg.vote_args(e) for e in sent], relayer
        )
        if tx.decode_logs(voting.RelayedBallotRejected):
            raise RuntimeError("bench encrypted batch had rejected ballots")
        n = len(group)
        rows[f"encrypted {options} batch"] = (
            tx.gas_used // n,
            _floor(tx) // n + encrypted_floor(options, n),
        )
    return rows


def measure(deployer, accounts) -> list[GasRow]:
    ours = measure_ours(deployer, accounts)
    ours |= measure_secret(deployer, accounts)
    gov = measure_governor(deployer, accounts)
    gov_total = gov["transfer"] + gov["delegate"] + gov["castVote later"]

    def row(op, key, peer_op, peer_gas):
        gas, floor = ours[key]
        return GasRow(SERVICE, op, gas, PEER, peer_op, peer_gas, floor)

    return [
        row(
            "vote, 2^20 proof, first seat of its bitmap word",
            "direct first",
            "castVote (first)",
            gov["castVote first"],
        ),
        row(
            "vote, 2^20 proof, first seat of its bitmap word, group's first ballot",
            "direct first fresh",
            "castVote (first)",
            gov["castVote first"],
        ),
        row(
            "vote, 2^20 proof, seat word already used",
            "direct later",
            "castVote (later)",
            gov["castVote later"],
        ),
        row(
            "relayed signed vote (single tx)", "relay single", "castVoteBySig", gov["castVoteBySig"]
        ),
        row(
            "relayed vote, batch of 100, seat run (per vote)",
            "batch run",
            "castVoteBySig",
            gov["castVoteBySig"],
        ),
        row(
            "relayed vote, batch of 100, scattered seats (per vote)",
            "batch scattered",
            "castVoteBySig",
            gov["castVoteBySig"],
        ),
        row(
            "relayed vote, batch of 100, seat run, group's first ballot (per vote)",
            "batch run fresh",
            "castVoteBySig",
            gov["castVoteBySig"],
        ),
        row(
            "relayed vote, batch of 100, scattered seats, group's first ballot (per vote)",
            "batch scattered fresh",
            "castVoteBySig",
            gov["castVoteBySig"],
        ),
        row(
            "per-voter total from nothing (batch share, seat run)",
            "batch run",
            "transfer + delegate + castVote (later)",
            gov_total,
        ),
        row(
            "per-voter total from nothing (batch share, scattered)",
            "batch scattered",
            "transfer + delegate + castVote (later)",
            gov_total,
        ),
        row(
            "secret mode: commit + reveal",
            "commit reveal",
            "castVote (first)",
            gov["castVote first"],
        ),
        row(
            "encrypted ballot, 2 options, direct",
            "encrypted 2 direct",
            "castVote (first)",
            gov["castVote first"],
        ),
        row(
            f"encrypted ballot, 2 options, batch of {ENCRYPTED_BATCH} (per ballot)",
            "encrypted 2 batch",
            "castVote (first)",
            gov["castVote first"],
        ),
        row(
            "encrypted ballot, 5 options, direct",
            "encrypted 5 direct",
            "castVote (first)",
            gov["castVote first"],
        ),
        row(
            f"encrypted ballot, 5 options, batch of {ENCRYPTED_BATCH} (per ballot)",
            "encrypted 5 batch",
            "castVote (first)",
            gov["castVote first"],
        ),
        GasRow(SERVICE, "peer: token transfer to fresh holder", gov["transfer"]),
        GasRow(SERVICE, "peer: delegate(self), first", gov["delegate"]),
    ]
