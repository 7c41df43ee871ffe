// M-Voting (MVoting / IMVoting): every call the page makes to it.
export const CONTRACT = "MVoting";
export const STATE = ["None", "Created", "Cancelled", "Finalized"];
export const OUTCOME = ["None", "Winner", "Tie", "QuorumNotMet"];

/** A ballot's config, phase (by the latest block's time), live turnout and tallies;
 * `result` is set once the ballot is finalized. */
export async function ballot(voting, ballotId, now) {
  const [view, tallies] = await Promise.all([
    voting.getBallot(ballotId),
    voting.talliesOf(ballotId),
  ]);
  const config = view.config;
  const state = STATE[Number(view.state)];
  const start = Number(config.start);
  const end = Number(config.end);
  const revealEnd = Number(config.revealEnd);
  let phase;
  if (state === "Cancelled" || state === "Finalized") phase = state.toLowerCase();
  else if (now < start) phase = "pending";
  else if (now < end) phase = "open";
  else if (config.secret && now < revealEnd) phase = "revealing";
  else phase = "closed (awaiting finalize)";
  return {
    id: BigInt(ballotId),
    state,
    phase,
    secret: config.secret,
    options: Number(config.optionCount),
    start,
    end,
    revealEnd,
    quorumVotes: config.quorumVotes,
    quorumWeight: config.quorumWeight,
    turnoutVotes: view.turnoutVotes,
    turnoutWeight: view.turnoutWeight,
    tallies: tallies[0].map((votes, i) => ({ votes, weight: tallies[1][i] })),
    result:
      state === "Finalized"
        ? { outcome: OUTCOME[Number(view.outcome)], winner: Number(view.winner) }
        : null,
  };
}

/** Direct open-mode vote as the signer, from seat `index` with `weight` and its proof. */
export async function castVote(voting, { ballotId, index, weight, choice, proof }) {
  const tx = await voting.vote(ballotId, index, weight, choice, proof);
  return tx.wait();
}
