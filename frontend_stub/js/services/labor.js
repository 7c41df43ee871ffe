// Labor records (LaborRegistry / ILaborRegistry): the whole labor view in one module
// (calls and rendering), so a change of the interface touches this file only.
import { enumLabel, formatDay } from "../../kit/index.js";
import { contractOf, explain } from "../chain.js";
import { lang } from "../i18n.js";

export const CONTRACT = "LaborRegistry";
const HOLIDAY_MINUTES = 15 * 60; // the weekly-holiday threshold (주휴수당)

const TEXT = {
  ko: {
    mine: "내 근로 계약",
    none: "연결한 계정의 근로 계약이 없습니다.",
    agreement: "계약",
    employer: "사업주",
    status: "상태",
    wage: "시급",
    shifts: "근무 기록",
    day: "날짜",
    minutes: "시간",
    week: "확인된 근무",
    weekOf: "주 (월요일)",
    confirmAll: "대기 중인 근무 모두 확인",
    reached: "15시간 이상 (주휴수당 대상)",
    notReached: "15시간 미만",
    confirm: "확인",
    dispute: "이의",
    career: "경력 요약 (누구나 체인에서 확인)",
    careerOf: "노동자 주소",
    careerIds: "계약 번호 (쉼표로 구분)",
    check: "확인",
    agreements: "계약 수",
    active: "유효 계약",
    employers: "사업주 수",
    confirmedTotal: "확인된 총 근무",
    since: "첫 근무일",
  },
  en: {
    mine: "My labor contracts",
    none: "The connected account has no labor contract.",
    agreement: "Contract",
    employer: "Employer",
    status: "Status",
    wage: "Hourly wage",
    shifts: "Shifts",
    day: "Day",
    minutes: "Time",
    week: "Confirmed time",
    weekOf: "Week (Monday)",
    confirmAll: "Confirm all pending shifts",
    reached: "15 hours or more (weekly holiday pay)",
    notReached: "under 15 hours",
    confirm: "Confirm",
    dispute: "Dispute",
    career: "Career summary (anyone can check it on chain)",
    careerOf: "Worker address",
    careerIds: "Contract ids (comma-separated)",
    check: "Check",
    agreements: "Contracts",
    active: "Active contracts",
    employers: "Employers",
    confirmedTotal: "Confirmed time in total",
    since: "First day",
  },
};
const l = (key) => TEXT[lang][key];
const hours = (minutes) => {
  const m = Number(minutes);
  return lang === "en"
    ? `${Math.floor(m / 60)} h ${m % 60} min`
    : `${Math.floor(m / 60)}시간 ${m % 60}분`;
};

/** Agreements whose version-1 terms name `worker` (from AgreementActivated events). */
async function agreementsOf(registry, worker, fromBlock) {
  const logs = await registry.queryFilter(
    registry.filters.AgreementActivated(),
    fromBlock,
  );
  return logs
    .filter((log) => log.args.terms.worker === worker)
    .map((log) => log.args.agreementId);
}

/** Indexes of the shifts still waiting for the worker's review (status Recorded). */
function pendingOf(shifts) {
  return shifts
    .map((s, i) => [s, i])
    .filter(([s]) => Number(s.status) === 1)
    .map(([, i]) => i);
}

export async function render(ctx, ui) {
  const { body, section, h, row, table, statusLine, notDeployed } = ui;
  const registry = contractOf(ctx.records, CONTRACT, ctx.provider);
  if (!registry) return notDeployed("labor", CONTRACT);
  section.dataset.deployed = "true";
  section.dataset.loaded = "false";
  const nodes = [];
  const status = statusLine("labor-status");
  const act = (send) => async () => {
    const ok = await status.run(ctx, CONTRACT, async () =>
      (await send(contractOf(ctx.records, CONTRACT, ctx.signer))).wait(),
    );
    ui.last = { text: status.textContent, state: status.dataset.state };
    if (ok) await render(ctx, ui);
  };
  try {
    if (ctx.account) {
      const ids = await agreementsOf(
        registry,
        ctx.account,
        ctx.records.contracts[CONTRACT].block,
      );
      nodes.push(h("h3", {}, l("mine")));
      if (!ids.length) nodes.push(h("p", {}, l("none")));
      for (const id of ids) {
        const a = await registry.agreement(id);
        const shifts = await registry.shiftRange(id, 0, 100);
        const weeks = [
          ...new Set(shifts.map((s) => Math.floor((Number(s.day) + 3) / 7))),
        ].sort((x, y) => x - y);
        const weekly = await Promise.all(
          weeks.map((w) => registry.weeklyConfirmedMinutes(id, w)),
        );
        const pending = pendingOf(shifts);
        nodes.push(
          table(
            { "data-testid": "labor-agreement" },
            row(l("agreement"), `${id.slice(0, 10)}…`, "labor-id"),
            row(l("employer"), a.terms.employer, "labor-employer"),
            row(
              l("status"),
              enumLabel("ILaborRegistry.AgreementStatus", a.status, lang),
              "labor-agreement-status",
            ),
            row(
              l("wage"),
              `${Number(a.terms.hourlyWage).toLocaleString("ko-KR")}원`,
              "labor-wage",
            ),
          ),
          table(
            { "data-testid": "labor-weeks" },
            h(
              "tr",
              {},
              h("th", {}, l("weekOf")),
              h("th", {}, l("week")),
              h("th", {}, ""),
            ),
            weeks.map((w, i) =>
              h(
                "tr",
                { "data-testid": "labor-week" },
                h("td", {}, formatDay(w * 7 - 3, lang)),
                h("td", {}, hours(weekly[i])),
                h(
                  "td",
                  {},
                  weekly[i] >= HOLIDAY_MINUTES ? l("reached") : l("notReached"),
                ),
              ),
            ),
          ),
          table(
            { "data-testid": "labor-shifts" },
            h(
              "tr",
              {},
              h("th", {}, l("day")),
              h("th", {}, l("minutes")),
              h("th", {}, l("status")),
              h("th", {}, ""),
            ),
            shifts.map((s, i) =>
              h(
                "tr",
                { "data-testid": "labor-shift" },
                h("td", {}, formatDay(s.day, lang)),
                h("td", {}, hours(s.workedMinutes)),
                h(
                  "td",
                  {},
                  enumLabel("ILaborRegistry.ShiftStatus", s.status, lang),
                ),
                h(
                  "td",
                  {},
                  Number(s.status) === 1
                    ? h(
                        "button",
                        {
                          type: "button",
                          "data-testid": "shift-dispute",
                          onclick: act((c) => c.disputeShifts(id, [i], 1)),
                        },
                        l("dispute"),
                      )
                    : null,
                ),
              ),
            ),
          ),
          pending.length
            ? h(
                "button",
                {
                  type: "button",
                  "data-testid": "shift-confirm-all",
                  // read afresh at the click: a shift disputed since this view was drawn
                  // must not join the batch (the registry would refuse it)
                  onclick: act(async (c) =>
                    c.confirmShifts(
                      id,
                      pendingOf(await c.shiftRange(id, 0, 100)),
                    ),
                  ),
                },
                l("confirmAll"),
              )
            : null,
        );
      }
      nodes.push(status);
    }
    const who = h("input", {
      name: "worker",
      size: "20",
      value: ctx.account ?? "",
    });
    const ids = h("input", { name: "ids", size: "30" });
    const out = h("div", { "data-testid": "labor-career" });
    nodes.push(
      h("h3", {}, l("career")),
      h(
        "form",
        {
          "data-testid": "career-form",
          onsubmit: async (e) => {
            e.preventDefault();
            section.dataset.career = "loading";
            try {
              const list = ids.value
                .split(",")
                .map((x) => x.trim())
                .filter(Boolean)
                .sort();
              const c = await registry.careerSummary(who.value.trim(), list);
              out.replaceChildren(
                table(
                  {},
                  row(l("agreements"), c.agreements, "career-agreements"),
                  row(l("active"), c.activeAgreements, "career-active"),
                  row(l("employers"), c.employers, "career-employers"),
                  row(
                    l("confirmedTotal"),
                    hours(c.confirmedMinutes),
                    "career-minutes",
                  ),
                  row(
                    l("since"),
                    c.agreements ? formatDay(c.firstDay, lang) : "-",
                    "career-since",
                  ),
                ),
              );
            } catch (error) {
              out.replaceChildren(
                h(
                  "p",
                  { class: "error", "data-testid": "career-error" },
                  explain(error, CONTRACT),
                ),
              );
            }
            section.dataset.career = "done";
          },
        },
        h("label", {}, l("careerOf"), who),
        h("label", { class: "wide" }, l("careerIds"), ids),
        h("button", { type: "submit" }, l("check")),
      ),
      out,
    );
  } catch (error) {
    nodes.push(h("p", { class: "error" }, explain(error, CONTRACT)));
  }
  body.replaceChildren(...nodes.filter(Boolean));
  if (ui.last) {
    status.textContent = ui.last.text;
    status.dataset.state = ui.last.state;
    status.className = `status ${ui.last.state === "done" ? "ok" : "error"}`;
  }
  section.dataset.loaded = "true";
}
