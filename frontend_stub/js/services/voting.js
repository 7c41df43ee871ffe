// M-Voting (MVoting / IMVoting): every call the page makes to it, and the electorate file
// (civic.voting.Electorate.dump: format, size, root, [seat, voter, weight] leaves) turned
// into a seat's Merkle proof exactly as MVoting checks it (OpenZeppelin StandardMerkleTree
// leaves, sorted pairs; an odd node moves up unchanged; missing seats are filler leaves).
import { ethers } from "../chain.js";

export const CONTRACT = "MVoting";
export const ELECTORATE_FORMAT = "m-voting-electorate/1";
const coder = ethers.AbiCoder.defaultAbiCoder();

export function voterLeaf(seat, voter, weight) {
  const inner = ethers.keccak256(
    coder.encode(["uint256", "address", "uint256"], [seat, voter, weight]),
  );
  return ethers.keccak256(inner);
}

export function fillerLeaf(seat) {
  return ethers.keccak256(
    ethers.concat([
      ethers.toUtf8Bytes("m-voting/filler"),
      ethers.toBeHex(seat, 32),
    ]),
  );
}

const hashPair = (a, b) =>
  ethers.keccak256(ethers.concat(a < b ? [a, b] : [b, a]));

/** `{root, seatsOf(address), proof(seat), weight(seat)}` of an electorate file. */
export function electorate(file) {
  if (file?.format !== ELECTORATE_FORMAT)
    throw new Error(`not ${ELECTORATE_FORMAT}`);
  const bySeat = new Map(
    file.leaves.map(([s, v, w]) => [
      Number(s),
      [ethers.getAddress(v), BigInt(w)],
    ]),
  );
  const layers = [
    Array.from({ length: Number(file.size) }, (_, i) =>
      bySeat.has(i) ? voterLeaf(i, ...bySeat.get(i)) : fillerLeaf(i),
    ),
  ];
  while (layers.at(-1).length > 1) {
    const layer = layers.at(-1);
    const up = [];
    for (let i = 0; i + 1 < layer.length; i += 2)
      up.push(hashPair(layer[i], layer[i + 1]));
    if (layer.length % 2) up.push(layer.at(-1));
    layers.push(up);
  }
  return {
    root: layers.at(-1)[0],
    size: Number(file.size),
    seatsOf: (address) =>
      [...bySeat]
        .filter(([, [v]]) => v === ethers.getAddress(address))
        .map(([s, [, w]]) => ({ seat: s, weight: w })),
    proof(seat) {
      const siblings = [];
      let index = seat;
      for (const layer of layers.slice(0, -1)) {
        if ((index ^ 1) < layer.length) siblings.push(layer[index ^ 1]);
        index = Math.floor(index / 2);
      }
      return siblings;
    },
  };
}

/** A ballot's config, phase (by the latest block's time), live turnout and tallies. */
export async function ballot(voting, ballotId, now) {
  const [view, tallies] = await Promise.all([
    voting.getBallot(ballotId),
    voting.talliesOf(ballotId),
  ]);
  const config = view.config;
  const state = Number(view.state); // IMVoting.BallotState
  const start = Number(config.start);
  const end = Number(config.end);
  const revealEnd = Number(config.revealEnd);
  let phase;
  if (state === 2) phase = "Cancelled";
  else if (state === 3) phase = "Finalized";
  else if (now < start) phase = "Pending";
  else if (now < end) phase = "Open";
  else if (config.secret && now < revealEnd) phase = "Revealing";
  else phase = "Closed";
  return {
    id: BigInt(ballotId),
    phase,
    root: config.eligibilityRoot,
    secret: config.secret,
    options: Number(config.optionCount),
    start,
    end,
    revealEnd,
    turnoutVotes: view.turnoutVotes,
    turnoutWeight: view.turnoutWeight,
    tallies: tallies[0].map((votes, i) => ({ votes, weight: tallies[1][i] })),
    result:
      state === 3
        ? { outcome: Number(view.outcome), winner: Number(view.winner) }
        : null,
  };
}

export async function castVote(
  voting,
  { ballotId, seat, weight, choice, proof },
) {
  return (await voting.vote(ballotId, seat, weight, choice, proof)).wait();
}

/** IMVoting's commitment: keccak256(abi.encode(contract, ballotId, index, choice, salt)),
 * computed here so the choice never leaves the browser before the reveal. */
export function commitment(address, ballotId, seat, choice, salt) {
  return ethers.keccak256(
    coder.encode(
      ["address", "uint256", "uint256", "uint256", "bytes32"],
      [address, ballotId, seat, choice, salt],
    ),
  );
}

export async function commitVote(
  voting,
  { ballotId, seat, weight, commitment: c, proof },
) {
  return (await voting.commit(ballotId, seat, weight, c, proof)).wait();
}

export async function revealVote(voting, { ballotId, seat, choice, salt }) {
  return (await voting.reveal(ballotId, seat, choice, salt)).wait();
}
