// NW local currency (NWToken / INWToken): every call the page makes to it.
export const CONTRACT = "NWToken";
export const SPENDING_POLICY = ["MerchantsOnly", "Open"];

export async function summary(nw) {
  const [symbol, issued, redeemed, supply, policy, sealed, paused, period, redemptions] =
    await Promise.all([
      nw.symbol(),
      nw.totalIssued(),
      nw.totalRedeemed(),
      nw.totalSupply(),
      nw.spendingPolicy(),
      nw.isSealed(),
      nw.paused(),
      nw.currentPeriod(),
      nw.redemptionCount(),
    ]);
  return {
    symbol,
    issued,
    redeemed,
    supply,
    policy: SPENDING_POLICY[Number(policy)] ?? `#${policy}`,
    sealed,
    paused,
    period,
    redemptions,
  };
}
