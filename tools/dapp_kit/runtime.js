// Error decoding and formatting for the civic contracts. Copied into the kit by
// tools/dapp_kit (the data it reads, errors.js and enums.js, is generated from the build).
import { errors } from "./errors.js";
import { enumLabel } from "./enums.js";

const KST = "Asia/Seoul";
const LOCALE = { ko: "ko-KR", en: "en-GB" };

/** `0x1234…abcd` for an address or a hash. */
export function shortHex(value) {
  const s = String(value);
  return s.length > 14 ? `${s.slice(0, 6)}…${s.slice(-4)}` : s;
}

/** A unix time (seconds) as a date and time in Korea Standard Time. */
export function formatKst(seconds, lang = "ko") {
  const n = Number(seconds);
  if (!n) return "-";
  const text = new Intl.DateTimeFormat(LOCALE[lang] ?? LOCALE.ko, {
    timeZone: KST,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(n * 1000));
  return `${text} KST`;
}

/** A day number (days since 1970-01-01, KST days) as a date. */
export function formatDay(day, lang = "ko") {
  const text = new Intl.DateTimeFormat(LOCALE[lang] ?? LOCALE.ko, {
    timeZone: "UTC",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(Number(day) * 86_400_000));
  return text;
}

/** An integer with thousands separators (exact for any size). */
export function formatAmount(value) {
  const s = BigInt(value).toString();
  const neg = s.startsWith("-");
  const digits = neg ? s.slice(1) : s;
  return (neg ? "-" : "") + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** One error argument, readable: kind is one of address, hash, bool, enum:<Name>, time,
 * day, amount:<unit>, number, text. */
export function formatArg(kind, value, lang = "ko") {
  if (kind === "address" || kind === "hash") return shortHex(value);
  if (kind === "bool")
    return value
      ? lang === "en"
        ? "yes"
        : "예"
      : lang === "en"
        ? "no"
        : "아니오";
  if (kind.startsWith("enum:"))
    return enumLabel(kind.slice(5), Number(value), lang);
  if (kind === "time") return formatKst(value, lang);
  if (kind === "day") return formatDay(value, lang);
  if (kind.startsWith("amount")) {
    const unit = kind.split(":")[1];
    const n = formatAmount(value);
    if (!unit) return n;
    return unit === "KRW"
      ? lang === "en"
        ? `₩${n}`
        : `${n}원`
      : `${n} ${unit}`;
  }
  if (kind === "number") {
    // a 256-bit identifier (a hash read as a number) reads better as short hex
    const n = BigInt(value);
    return n >= 10n ** 15n
      ? shortHex(`0x${n.toString(16).padStart(64, "0")}`)
      : formatAmount(n);
  }
  return String(value);
}

function entryOf(contract, name, args) {
  const pools = contract && errors[contract] ? [errors[contract]] : [];
  pools.push(...Object.values(errors));
  for (const pool of pools) {
    for (const entry of Object.values(pool)) {
      if (entry.name === name && (!args || entry.inputs.length === args.length))
        return entry;
    }
  }
  return null;
}

/** The sentence for custom error `name` with `args` (positional) of `contract`. */
export function describeError(contract, name, args = [], lang = "ko") {
  const entry = entryOf(contract, name, Array.from(args));
  if (!entry) return null;
  const values = Object.fromEntries(
    entry.inputs.map(([argName, , kind], i) => [
      argName,
      formatArg(kind, args[i], lang),
    ]),
  );
  const template = entry[lang] ?? entry.en;
  return template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? `{${key}}`);
}

// -------------------------------------------------------- ABI decoding of revert data

function word(hex, i) {
  return hex.slice(i * 64, i * 64 + 64);
}

function decodeValue(type, hex, i) {
  const w = word(hex, i);
  if (type === "address") return `0x${w.slice(24)}`;
  if (type === "bool") return BigInt(`0x${w}`) !== 0n;
  if (/^bytes\d+$/.test(type))
    return `0x${w.slice(0, Number(type.slice(5)) * 2)}`;
  if (type.startsWith("int")) {
    const bits = BigInt(type.slice(3) || 256);
    let v = BigInt(`0x${w}`) & ((1n << bits) - 1n);
    if (v >> (bits - 1n)) v -= 1n << bits;
    return v;
  }
  if (type.startsWith("uint")) return BigInt(`0x${w}`);
  if (type === "string" || type === "bytes") {
    const at = Number(BigInt(`0x${w}`)) * 2;
    const len = Number(BigInt(`0x${hex.slice(at, at + 64)}`));
    const body = hex.slice(at + 64, at + 64 + len * 2);
    if (type === "bytes") return `0x${body}`;
    const bytes = new Uint8Array(
      body.match(/../g)?.map((b) => parseInt(b, 16)) ?? [],
    );
    return new TextDecoder().decode(bytes);
  }
  return `0x${w}`;
}

/** `{contract, name, args, message}` for revert data (0x + selector + arguments) of any
 * civic contract's custom error (the named `contract` first), or null. */
export function decodeRevert(data, { contract, lang = "ko" } = {}) {
  if (typeof data !== "string" || data.length < 10) return null;
  const selector = data.slice(0, 10).toLowerCase();
  const names = contract && errors[contract] ? [contract] : [];
  names.push(...Object.keys(errors).filter((n) => n !== contract));
  for (const name of names) {
    const entry = errors[name][selector];
    if (!entry) continue;
    const hex = data.slice(10);
    const args = entry.inputs.map(([, type], i) => decodeValue(type, hex, i));
    return {
      contract: name,
      name: entry.name,
      args,
      message: describeError(name, entry.name, args, lang),
    };
  }
  return null;
}
