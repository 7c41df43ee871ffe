// Hardhat 3's node (EDR) as a second EVM implementation for our tooling's tests, started
// by toolchain/hardhat-node. Its funded accounts are Ape's test accounts: the same
// mnemonic, derivation path and count as ape-config.yaml's `test:` section.
// Kept out of the project root so that Ape and crytic-compile never see a Hardhat project.
const here = new URL(".", import.meta.url).pathname;

export default {
  paths: {
    // Nothing is compiled here; the node only watches this folder for build info.
    artifacts: `${here}../../.cache/hardhat/artifacts`,
    cache: `${here}../../.cache/hardhat/cache`,
  },
  networks: {
    node: {
      type: "edr-simulated",
      chainType: "l1",
      accounts: {
        mnemonic: "test test test test test test test test test test test junk",
        path: "m/44'/60'/0'/0",
        count: 30,
        accountsBalance: "10000000000000000000000",
      },
    },
  },
};
