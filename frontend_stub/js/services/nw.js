// NW local currency (NWToken / INWToken): every call the page makes to it.
export const CONTRACT = "NWToken";

export async function summary(nw) {
  const [issued, redeemed, supply, policy, sealed, paused, redemptions] =
    await Promise.all([
      nw.totalIssued(),
      nw.totalRedeemed(),
      nw.totalSupply(),
      nw.spendingPolicy(),
      nw.isSealed(),
      nw.paused(),
      nw.redemptionCount(),
    ]);
  return { issued, redeemed, supply, policy, sealed, paused, redemptions };
}

/** Registered shops, from `MerchantRegistered` events since the deployment block, with
 * their current status. */
export async function shops(nw, fromBlock) {
  const logs = await nw.queryFilter(nw.filters.MerchantRegistered(), fromBlock);
  const seen = new Map();
  for (const log of logs) seen.set(log.args.merchant, log.blockNumber);
  return Promise.all(
    [...seen].map(async ([address, block]) => ({
      address,
      block,
      status: Number((await nw.merchant(address)).status),
    })),
  );
}

export const balanceOf = (nw, account) => nw.balanceOf(account);

export async function pay(nw, shop, amount) {
  return (await nw.transfer(shop, amount)).wait();
}

export async function redeem(nw, amount, settlementRef) {
  return (await nw.redeem(amount, settlementRef)).wait();
}
