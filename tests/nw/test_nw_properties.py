"""Property test: a state machine over issue / transfer / pay / redeem / permit /
signed payments (single, terminal batch, cancelled) / service accounts / policy and
merchant changes / time, with ghost state and invariants."""

import ape
import pytest
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, rule
from state_machine import CivicMachine, run_machine

from civic.nw import (
    MERCHANT_MANAGER_ROLE,
    PERIOD_SECONDS,
    PaymentRejection,
    SpendingPolicy,
    compact_batch,
    payment_nonce,
    reference,
    sign_cancel,
    sign_payment,
    sign_permit,
)
from civic.nw.recount import audit

BUDGET = 5_000


@pytest.fixture(scope="module")
def machine_token(create_nw, merchant_manager, shop):
    token = create_nw(budget=BUDGET)
    token.registerMerchant(shop, reference("brn", "shop-1"), sender=merchant_manager)
    return token


@pytest.fixture(scope="module")
def machine_service(project, deployer, machine_token):
    return project.NWServiceMock.deploy(machine_token, sender=deployer)


def test_nw_state_machine(
    machine_token,
    machine_service,
    balance_reader,
    chain,
    nw_admin,
    issuer,
    issuer2,
    merchant_manager,
    pauser,
    resident,
    resident2,
    shop,
    shop2,
    stranger,
):
    token = machine_token
    service = machine_service
    reader = balance_reader
    people = [resident, resident2, shop, shop2, stranger]
    holders = [*people, service]
    issuers = [issuer, issuer2]

    class NWMachine(CivicMachine):
        steps = 8

        def __init__(self):
            super().__init__()
            self.balances = {p.address: token.balanceOf(p) for p in holders}
            self.issued = token.totalIssued()
            self.redeemed = token.totalRedeemed()
            self.used = {i.address: 0 for i in issuers}
            self.merchants = {shop.address: "active"}
            # ghost: the business-registration hash of each registered merchant
            self.hashes = {shop.address: reference("brn", "shop-1")}
            self.policy = SpendingPolicy.MERCHANTS_ONLY
            self.sealed = False
            self.paused = False
            self.refs = 0
            self.violations_attempted = 0
            self.service_named = False
            self.nonces = 0  # authorization nonces drawn so far (word 9 onwards)
            self.used_nonces = set()  # (payer, nonce) used or cancelled

        def _ref(self, kind):
            self.refs += 1
            return reference(kind, f"machine-{self.refs}")

        def _active(self, who):
            return self.merchants.get(who.address) == "active"

        @initialize()
        def start(self):
            assert token.totalSupply() == 0

        @rule(
            who=st.sampled_from(issuers), to=st.sampled_from(people), amount=st.integers(1, 3_000)
        )
        def issue(self, who, to, amount):
            ref = self._ref("volunteer")
            remaining = BUDGET - self.used[who.address]
            # issue() spends the issuer's budget before minting, and the mint checks the pause:
            # over budget while paused reports the budget.
            if amount > remaining:
                with ape.reverts(
                    token.IssuerBudgetExceeded,
                    issuer=who,
                    period=token.currentPeriod(),
                    requested=amount,
                    remaining=remaining,
                ):
                    token.issue(to, amount, ref, 60, sender=who)
            elif self.paused:
                with ape.reverts(token.EnforcedPause):
                    token.issue(to, amount, ref, 60, sender=who)
            else:
                token.issue(to, amount, ref, 60, sender=who)
                self.used[who.address] += amount
                self.issued += amount
                self.balances[to.address] += amount

        def _allowed(self, sender, to):
            return (
                self.policy == SpendingPolicy.OPEN
                or self._active(to)
                or self._active(sender)
                or (self.service_named and service.address in (sender.address, to.address))
            )

        def _expect_transfer(self, sender, to, amount, send, exempt=False):
            """Run `send()` and check its outcome against the ghost model; `exempt`: the
            spender is a service account, so the policy does not apply."""
            allowed = exempt or self._allowed(sender, to)
            if self.paused:
                with ape.reverts(token.EnforcedPause):
                    send()
            elif not allowed:
                self.violations_attempted += 1
                with ape.reverts(token.SpendingPolicyViolation, **{"from": sender, "to": to}):
                    send()
            elif amount > self.balances[sender.address]:
                with ape.reverts(
                    token.ERC20InsufficientBalance,
                    sender=sender,
                    balance=self.balances[sender.address],
                    needed=amount,
                ):
                    send()
            else:
                send()
                self.balances[sender.address] -= amount
                self.balances[to.address] += amount

        @rule(
            sender=st.sampled_from(people), to=st.sampled_from(people), amount=st.integers(0, 4_000)
        )
        def transfer(self, sender, to, amount):
            self._expect_transfer(
                sender, to, amount, lambda: token.transfer(to, amount, sender=sender)
            )

        @rule(
            owner=st.sampled_from(people),
            spender=st.sampled_from(people),
            amount=st.integers(1, 4_000),
        )
        def permit_then_pull(self, owner, spender, amount):
            deadline = chain.pending_timestamp + 600
            v, r, s = sign_permit(token, owner, spender.address, amount, deadline)
            token.permit(owner, spender, amount, deadline, v, r, s, sender=stranger)
            assert token.allowance(owner, spender) == amount
            self._expect_transfer(
                owner,
                spender,
                amount,
                lambda: token.transferFrom(owner, spender, amount, sender=spender),
            )

        def _nonce(self):
            self.nonces += 1
            return payment_nonce(9 + self.nonces // 256, self.nonces % 256)

        def _signed(self, payer, payee, amount, nonce, window):
            now = chain.pending_timestamp
            after, before = {"valid": (0, now + 600), "early": (now + 600, now + 1200)}.get(
                window, (0, now - 1)
            )
            return sign_payment(
                token, payer, payee.address, amount, nonce, self._ref("order"), before, after
            )

        def _expected_rejection(self, auth, payer, payee, window):
            if window == "early":
                return PaymentRejection.NOT_YET_VALID
            if window == "late":
                return PaymentRejection.EXPIRED
            if (payer.address, auth["nonce"]) in self.used_nonces:
                return PaymentRejection.AUTHORIZATION_USED
            if auth["amount"] == 0:
                return PaymentRejection.ZERO_AMOUNT
            if not self._allowed(payer, payee):
                return PaymentRejection.POLICY_VIOLATION
            if auth["amount"] > self.balances[payer.address]:
                return PaymentRejection.INSUFFICIENT_BALANCE
            return PaymentRejection.NONE

        def _settled(self, auth, payer, payee):
            self.used_nonces.add((payer.address, auth["nonce"]))
            self.balances[payer.address] -= auth["amount"]
            self.balances[payee.address] += auth["amount"]

        @rule(
            payer=st.sampled_from(people),
            payee=st.sampled_from(people),
            amount=st.integers(0, 3_000),
            window=st.sampled_from(["valid", "valid", "valid", "early", "late"]),
            replay=st.booleans(),
        )
        def signed_payment(self, payer, payee, amount, window, replay):
            used = sorted(n for p, n in self.used_nonces if p == payer.address)
            nonce = used[0] if replay and used else self._nonce()
            auth = self._signed(payer, payee, amount, nonce, window)
            reason = self._expected_rejection(auth, payer, payee, window)
            send = lambda: token.receiveWithAuthorization(auth, sender=payee)  # noqa: E731
            args = {"payer": payer, "nonce": nonce}
            if self.paused:
                with ape.reverts(token.EnforcedPause):
                    send()
            elif reason == PaymentRejection.NOT_YET_VALID:
                with ape.reverts(token.AuthorizationNotYetValid, **args):
                    send()
            elif reason == PaymentRejection.EXPIRED:
                with ape.reverts(token.AuthorizationExpired, **args):
                    send()
            elif reason == PaymentRejection.AUTHORIZATION_USED:
                with ape.reverts(token.AuthorizationAlreadyUsed, **args):
                    send()
            elif reason == PaymentRejection.ZERO_AMOUNT:
                with ape.reverts(token.ZeroAmount):
                    send()
            elif reason == PaymentRejection.POLICY_VIOLATION:
                self.violations_attempted += 1
                with ape.reverts(token.SpendingPolicyViolation, **{"from": payer, "to": payee}):
                    send()
            elif reason == PaymentRejection.INSUFFICIENT_BALANCE:
                with ape.reverts(
                    token.ERC20InsufficientBalance,
                    sender=payer,
                    balance=self.balances[payer.address],
                    needed=amount,
                ):
                    send()
            else:
                send()
                self._settled(auth, payer, payee)

        @rule(
            payee=st.sampled_from(people),
            items=st.lists(
                st.tuples(
                    st.sampled_from(people),
                    st.integers(0, 2_000),
                    st.sampled_from(["valid", "valid", "valid", "early", "late"]),
                ),
                min_size=1,
                max_size=4,
            ),
            repeat=st.booleans(),
        )
        def terminal_batch(self, payee, items, repeat):
            """A shop's terminal settles several residents' signed payments at once: each
            item is settled or reported, in order, as the ghost model predicts."""
            batch = [
                (payer, window, self._signed(payer, payee, amount, self._nonce(), window))
                for payer, amount, window in items
            ]
            if repeat:
                batch.append(batch[0])
            auths = compact_batch(auth for _, _, auth in batch)
            if self.paused:
                with ape.reverts(token.EnforcedPause):
                    token.receiveBatchWithAuthorization(auths, sender=payee)
                return
            expected = []
            for i, (payer, window, auth) in enumerate(batch):
                reason = self._expected_rejection(auth, payer, payee, window)
                if reason == PaymentRejection.NONE:
                    self._settled(auth, payer, payee)
                else:
                    expected.append((i, payer.address, reason))
            tx = token.receiveBatchWithAuthorization(auths, sender=payee)
            rejected = tx.decode_logs(token.PaymentAuthorizationRejected)
            assert [(e.index, e.payer, e.reason) for e in rejected] == expected
            assert len(tx.decode_logs(token.AuthorizationUsed)) == len(batch) - len(expected)

        @rule(payer=st.sampled_from(people), relayed=st.booleans())
        def cancel_authorization(self, payer, relayed):
            nonce = self._nonce()
            if relayed:
                sig = sign_cancel(token, payer, nonce)
                token.cancelAuthorization(payer, nonce, sig, sender=stranger)
            else:
                token.cancelAuthorization(payer, nonce, b"", sender=payer)
            self.used_nonces.add((payer.address, nonce))
            auth = self._signed(payer, shop, 1, nonce, "valid")
            if not self.paused:
                with ape.reverts(token.AuthorizationAlreadyUsed, payer=payer, nonce=nonce):
                    token.receiveWithAuthorization(auth, sender=shop)

        @rule()
        def toggle_service_account(self):
            if self.sealed:
                with ape.reverts(token.PolicyAlreadySealed):
                    if self.service_named:
                        token.removeServiceAccount(service, sender=nw_admin)
                    else:
                        token.addServiceAccount(service, sender=nw_admin)
            elif self.service_named:
                token.removeServiceAccount(service, sender=nw_admin)
                self.service_named = False
            else:
                token.addServiceAccount(service, sender=nw_admin)
                self.service_named = True
            assert token.isServiceAccount(service) == self.service_named

        @rule(to=st.sampled_from(people), amount=st.integers(0, 2_000))
        def service_pays(self, to, amount):
            self._expect_transfer(
                service, to, amount, lambda: service.pay(to, amount, sender=stranger)
            )

        @rule(
            owner=st.sampled_from(people), to=st.sampled_from(people), amount=st.integers(1, 2_000)
        )
        def service_pulls(self, owner, to, amount):
            """A wage moved by a service from the owner's allowance to anyone."""
            token.approve(service, amount, sender=owner)
            self._expect_transfer(
                owner,
                to,
                amount,
                lambda: service.payFrom(owner, to, amount, sender=stranger),
                exempt=self.service_named,
            )

        @rule(who=st.sampled_from(people), amount=st.integers(1, 4_000))
        def redeem(self, who, amount):
            ref = self._ref("settlement")
            if not self._active(who):
                with ape.reverts(token.MerchantNotActive, account=who):
                    token.redeem(amount, ref, sender=who)
            elif self.paused:
                with ape.reverts(token.EnforcedPause):
                    token.redeem(amount, ref, sender=who)
            elif amount > self.balances[who.address]:
                with ape.reverts(
                    token.ERC20InsufficientBalance,
                    sender=who,
                    balance=self.balances[who.address],
                    needed=amount,
                ):
                    token.redeem(amount, ref, sender=who)
            else:
                token.redeem(amount, ref, sender=who)
                self.balances[who.address] -= amount
                self.redeemed += amount

        def _holder(self, brn):
            return next((a for a, h in self.hashes.items() if h == brn), None)

        @rule(
            who=st.sampled_from([shop, shop2, stranger]),
            business=st.sampled_from(["shop-1", "shop-2", "shop-3"]),
        )
        def toggle_merchant(self, who, business):
            status = self.merchants.get(who.address)
            if status is None:
                brn = reference("brn", business)
                holder = self._holder(brn)
                if holder is not None:  # a hash belongs to one merchant at a time
                    with ape.reverts(
                        token.BusinessRegistrationClaimed,
                        businessRegistrationHash=brn,
                        merchant=holder,
                    ):
                        token.registerMerchant(who, brn, sender=merchant_manager)
                    return
                token.registerMerchant(who, brn, sender=merchant_manager)
                self.merchants[who.address] = "active"
                self.hashes[who.address] = brn
            elif status == "active":
                token.suspendMerchant(who, sender=merchant_manager)
                self.merchants[who.address] = "suspended"
            else:
                token.reinstateMerchant(who, sender=merchant_manager)
                self.merchants[who.address] = "active"

        @rule(
            src=st.sampled_from([shop, shop2, stranger]),
            dst=st.sampled_from([shop, shop2, stranger]),
            by_manager=st.sampled_from([True, True, True, False]),
            gate=st.integers(0, 2),
        )
        def move_merchant(self, src, dst, by_manager, gate):
            """Tried in one of three draws: most draws of it revert, and reverts are slow."""
            if gate:
                return
            caller = merchant_manager if by_manager else resident
            if src.address not in self.merchants:
                with ape.reverts(token.MerchantNotRegistered, account=src):
                    token.moveMerchant(src, dst, sender=caller)
            elif dst.address in self.merchants:
                with ape.reverts(token.MerchantAlreadyRegistered, merchant=dst):
                    token.moveMerchant(src, dst, sender=caller)
            elif not by_manager:
                with ape.reverts(
                    token.AccessControlUnauthorizedAccount,
                    account=caller,
                    neededRole=MERCHANT_MANAGER_ROLE,
                ):
                    token.moveMerchant(src, dst, sender=caller)
            else:
                token.moveMerchant(src, dst, sender=caller)
                self.merchants[dst.address] = self.merchants.pop(src.address)
                self.hashes[dst.address] = self.hashes.pop(src.address)

        @rule()
        def flip_policy(self):
            new = (
                SpendingPolicy.OPEN
                if self.policy == SpendingPolicy.MERCHANTS_ONLY
                else SpendingPolicy.MERCHANTS_ONLY
            )
            if self.sealed:
                with ape.reverts(token.PolicyAlreadySealed):
                    token.setSpendingPolicy(new, sender=nw_admin)
            else:
                token.setSpendingPolicy(new, sender=nw_admin)
                self.policy = new

        @rule()
        def seal(self):
            if self.sealed:
                with ape.reverts(token.PolicyAlreadySealed):
                    token.seal(sender=nw_admin)
            else:
                token.seal(sender=nw_admin)
                self.sealed = True

        @rule()
        def toggle_pause(self):
            if self.paused:
                token.unpause(sender=pauser)
            else:
                token.pause(sender=pauser)
            self.paused = not self.paused

        @rule()
        def next_period(self):
            chain.pending_timestamp += PERIOD_SECONDS
            chain.mine()
            self.used = {i.address: 0 for i in issuers}

        @invariant()
        def supply_balances_and_budgets(self):
            # Four eth_calls per step: one reads every balance and the supply at once.
            balances, total, supply = reader.balancesOf(token, holders)
            assert supply == total == self.issued - self.redeemed
            assert supply == token.totalIssued() - token.totalRedeemed()
            assert list(balances) == [self.balances[p.address] for p in holders]
            for i in issuers:
                assert self.used[i.address] <= BUDGET
                assert token.remainingBudget(i) == BUDGET - self.used[i.address]

        def audit(self):
            # one merchant per business hash, the one the ghost moved it to
            assert len(set(self.hashes.values())) == len(self.hashes)
            for account, brn in self.hashes.items():
                assert token.merchantOfBusiness(brn) == account
                assert bytes(token.merchant(account).businessRegistrationHash) == brn
            # every used or cancelled nonce stays used; no other nonce drawn is
            for payer, nonce in self.used_nonces:
                assert token.authorizationState(payer, nonce)
            assert audit(token) == []

    run_machine(NWMachine)
