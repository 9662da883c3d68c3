// The ed25519 edge cases of the speccheck suite ("Taming the many EdDSAs", Chalkias, Garillot, Nikolaenko,
// 2020), rebuilt here from their published definitions with noble's point arithmetic rather than copied:
// small-order A and R, mixed-order A and R where the cofactored and cofactorless equations disagree,
// S >= L, and non-canonical encodings of A and R. Each case records what OpenSSL's plain verify (the old
// gateway path) says and what the strict rules must say. Shared by the browser verifier's tests and the
// node:crypto fast paths' tests so both are held to one table.
import * as ed from "@noble/ed25519";
import { sha512 } from "@noble/hashes/sha2.js";
import { concatBytes, utf8ToBytes } from "@noble/hashes/utils.js";

const Point = ed.Point;
const N = Point.CURVE().n;
const P = Point.CURVE().p;

export interface StrictCase {
  name: string;
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
  /** Whether the cofactorless equation holds on the given bytes (what OpenSSL checks once it decodes A). */
  cofactorless: boolean;
  /** Whether the cofactored equation holds (what ZIP-215 verifiers check). */
  cofactored: boolean;
  /** The strict verdict: only honest signatures under strict keys pass. */
  strict: boolean;
}

const le = (n: bigint): Uint8Array => {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
};
const fromLe = (b: Uint8Array): bigint => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);
const challenge = (r: Uint8Array, a: Uint8Array, m: Uint8Array) =>
  ed.etc.mod(fromLe(sha512(concatBytes(r, a, m))), N);

/** An element of order 8 (the torsion generator T8) and all eight small-order points. */
export const T8 = Point.fromBytes(
  Uint8Array.from("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a".match(/../g)!, (b) =>
    Number.parseInt(b, 16),
  ),
);
export const SMALL_ORDER_POINTS: ed.Point[] = Array.from({ length: 8 }, (_, i) =>
  T8.multiplyUnsafe(BigInt(i)),
);

/** Every encoding (both sign bits, canonical or not) whose y is a small-order y: what must be refused. */
export function smallOrderEncodings(): Uint8Array[] {
  const ys = new Set<bigint>();
  for (const p of SMALL_ORDER_POINTS) ys.add(p.toAffine().y);
  const out: Uint8Array[] = [];
  for (const y of ys) {
    for (const yy of y + P < 2n ** 255n ? [y, y + P] : [y]) {
      for (const sign of [0, 0x80]) {
        const b = le(yy);
        b[31] |= sign;
        out.push(b);
      }
    }
  }
  return out;
}

function equations(sig: Uint8Array, msg: Uint8Array, pub: Uint8Array) {
  const A = Point.fromBytes(pub, true);
  const S = fromLe(sig.subarray(32));
  const k = challenge(sig.subarray(0, 32), pub, msg);
  const sB = Point.BASE.multiplyUnsafe(S % N);
  const rPrime = sB.subtract(A.multiplyUnsafe(k));
  let cofactored = false;
  try {
    const R = Point.fromBytes(sig.subarray(0, 32), true);
    cofactored = rPrime.subtract(R).clearCofactor().is0();
  } catch {}
  const cofactorless = S < N && rPrime.toBytes().every((x, i) => x === sig[i]);
  return { cofactored, cofactorless };
}

function make(name: string, pub: Uint8Array, msg: Uint8Array, sig: Uint8Array, strict: boolean): StrictCase {
  return { name, publicKey: pub, message: msg, signature: sig, ...equations(sig, msg, pub), strict };
}

/** A signature with nonce point R = [r]B (+ an optional torsion part) and S = r + k·a, for scalar a. */
function forge(a: bigint, A: Uint8Array, msg: Uint8Array, r: bigint, rTorsion?: ed.Point) {
  let R = Point.BASE.multiply(r);
  if (rTorsion) R = R.add(rTorsion);
  const rBytes = R.toBytes();
  const S = ed.etc.mod(r + challenge(rBytes, A, msg) * a, N);
  return concatBytes(rBytes, le(S));
}

/** Searches messages until `want(k)` holds for the challenge k (each try has a 1/8 chance for mod-8 goals). */
function messageWhere(base: string, test: (m: Uint8Array) => boolean): Uint8Array {
  for (let i = 0; i < 1000; i++) {
    const m = utf8ToBytes(`${base} #${i}`);
    if (test(m)) return m;
  }
  throw new Error(`no message found for ${base}`);
}

export function strictCases(): StrictCase[] {
  const cases: StrictCase[] = [];
  const a = 0x1234_5678_9abc_def0_1357_9bdf_2468_ace0n % N;
  const honestA = Point.BASE.multiply(a).toBytes();
  const msg = utf8ToBytes("neuralmesh strict ed25519");

  // 0. The honest case: a strict key, canonical everything. Every verifier accepts.
  cases.push(make("honest signature", honestA, msg, forge(a, honestA, msg, 777n), true));

  // 1. The reported attack: A = identity; R = [s]B and S = s verify for every message without any secret.
  const identity = Point.ZERO.toBytes();
  const sAny = 4242n;
  cases.push(
    make(
      "identity public key, R = [S]B (no secret key)",
      identity,
      msg,
      concatBytes(Point.BASE.multiply(sAny).toBytes(), le(sAny)),
      false,
    ),
  );

  // 2. Small-order A and small-order R, S = 0 (speccheck case 0): [0]B = R + [k]A holds when R = -[k]A.
  for (const [i, T] of SMALL_ORDER_POINTS.entries()) {
    const Abytes = T.toBytes();
    let sig: Uint8Array | undefined;
    let m = msg;
    for (let j = 0; j < 200 && !sig; j++) {
      m = utf8ToBytes(`small A ${i} #${j}`);
      for (const R of SMALL_ORDER_POINTS) {
        const rb = R.toBytes();
        if (
          T.multiplyUnsafe(challenge(rb, Abytes, m))
            .negate()
            .equals(R)
        ) {
          sig = concatBytes(rb, le(0n));
          break;
        }
      }
    }
    if (!sig) throw new Error(`no small-order R closes the equation for ${i}·T8`);
    cases.push(make(`small-order A (${i}·T8), small-order R, S = 0`, Abytes, m, sig, false));
  }

  // 3. Mixed-order A = [a]B + T8 with an honest-looking S: cofactored always holds; cofactorless only when
  //    8 | k (speccheck cases 3-5). Strict follows the cofactorless answer, as dalek's verify_strict.
  const mixedA = Point.BASE.multiply(a).add(T8).toBytes();
  const rM = 991n;
  const rMBytes = Point.BASE.multiply(rM).toBytes();
  const mDivisible = messageWhere("mixed A, 8 | k", (m) => challenge(rMBytes, mixedA, m) % 8n === 0n);
  const mNot = messageWhere("mixed A, 8 ∤ k", (m) => challenge(rMBytes, mixedA, m) % 8n !== 0n);
  cases.push(
    make(
      "mixed-order A, 8 | k: both equations hold",
      mixedA,
      mDivisible,
      forge(a, mixedA, mDivisible, rM),
      true,
    ),
  );
  cases.push(
    make(
      "mixed-order A, 8 ∤ k: only the cofactored equation holds",
      mixedA,
      mNot,
      forge(a, mixedA, mNot, rM),
      false,
    ),
  );

  // 4. Mixed-order R = [r]B + T8 under a strict key: cofactored holds, cofactorless never (R's bytes differ).
  cases.push(make("mixed-order R under a strict key", honestA, msg, forge(a, honestA, msg, 555n, T8), false));

  // 5. Small-order R with a mixed-order A (speccheck case 2): S = k·a, R = -[k]T8, found by search.
  {
    let found: StrictCase | undefined;
    for (let i = 0; i < 200 && !found; i++) {
      const m = utf8ToBytes(`small R #${i}`);
      for (const R of SMALL_ORDER_POINTS) {
        const rb = R.toBytes();
        const k = challenge(rb, mixedA, m);
        if (!T8.multiplyUnsafe(k).negate().equals(R)) continue;
        const sig = concatBytes(rb, le(ed.etc.mod(k * a, N)));
        found = make("small-order R, mixed-order A, S = k·a", mixedA, m, sig, false);
        break;
      }
    }
    if (!found) throw new Error("no small-order R found for the mixed-order key");
    cases.push(found);
  }

  // 6. S + L (speccheck case 6) and S with the top bits set (case 7): malleated copies of the honest case.
  const honest = forge(a, honestA, msg, 777n);
  const sPlusL = concatBytes(honest.subarray(0, 32), le(fromLe(honest.subarray(32)) + N));
  cases.push(make("S + L (malleated)", honestA, msg, sPlusL, false));
  const sHigh = concatBytes(honest.subarray(0, 32), le(fromLe(honest.subarray(32)) + 2n ** 253n));
  cases.push(make("S with bit 253 set", honestA, msg, sHigh, false));

  // 7. Non-canonical encodings: y + p for a point with y = 3 (valid, not small order), as A and as R.
  const yNonCanonical = (y: bigint, sign: number) => {
    const b = le(y + P);
    b[31] |= sign;
    return b;
  };
  const nonCanonical3 = yNonCanonical(3n, 0);
  cases.push(make("non-canonical A (y = p + 3)", nonCanonical3, msg, honest, false));
  cases.push(
    make("non-canonical R (y = p + 3)", honestA, msg, concatBytes(nonCanonical3, honest.subarray(32)), false),
  );
  // The identity written with y = p + 1, and with x = 0 but the sign bit set.
  cases.push(
    make(
      "identity A as y = p + 1, R = [S]B",
      yNonCanonical(1n, 0),
      msg,
      concatBytes(Point.BASE.multiply(sAny).toBytes(), le(sAny)),
      false,
    ),
  );
  const idSign = Point.ZERO.toBytes();
  idSign[31] |= 0x80;
  cases.push(
    make(
      "identity A with the sign bit set, R = [S]B",
      idSign,
      msg,
      concatBytes(Point.BASE.multiply(sAny).toBytes(), le(sAny)),
      false,
    ),
  );
  return cases;
}
