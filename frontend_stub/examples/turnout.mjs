// A ballot's live turnout with the dapp kit and ethers (node or a bundler; in a page,
// use the kit's loadRecords(url) and ethers' BrowserProvider).
// Usage: node frontend_stub/examples/turnout.mjs <rpc url> <records json> <ballot id>
import { readFile } from "node:fs/promises";
import { ethers } from "ethers";
import {
  MVotingAbi,
  enumLabel,
  formatAmount,
  fromRecord,
} from "../kit/index.js";

const [rpc, recordsFile, ballotId] = process.argv.slice(2);
const records = fromRecord(JSON.parse(await readFile(recordsFile, "utf8")));
const provider = new ethers.JsonRpcProvider(rpc);
const voting = new ethers.Contract(
  records.contracts.MVoting.address,
  MVotingAbi,
  provider,
);
const ballot = await voting.getBallot(ballotId);
const state = enumLabel("IMVoting.BallotState", ballot.state, "en");
console.log(
  `${state}: ${formatAmount(ballot.turnoutVotes)} seats, weight ${formatAmount(ballot.turnoutWeight)}`,
);
