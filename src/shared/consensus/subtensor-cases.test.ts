// Cases replayed from subtensor's own test suite (pallets/subtensor/tests/epoch.rs at v1.1.11, and the yuma3
// scenarios of later releases): the same registrations, stakes, weights and blocks, expressed as epoch
// inputs, with subtensor's asserted values.
import { describe, expect, it } from "vitest";
import { type EpochOutput, type Hyperparameters, type PackedU16Row, rowToPairs, runEpoch } from "./index";

/** A subnet whose epochs are run one after another, carrying permits and bonds as subtensor stores them. */
class Subnet {
  permits: boolean[];
  bonds: PackedU16Row[] | [number, number][][];
  readonly weights: [number, number][][];
  readonly lastUpdate: number[];
  readonly registeredAt: number[];
  last!: EpochOutput;

  constructor(
    readonly stake: bigint[],
    registeredAt: number,
    public hyperparameters: Partial<Hyperparameters> = {},
  ) {
    const n = stake.length;
    this.permits = new Array(n).fill(false);
    this.bonds = Array.from({ length: n }, () => []);
    this.weights = Array.from({ length: n }, () => []);
    this.lastUpdate = new Array(n).fill(registeredAt);
    this.registeredAt = new Array(n).fill(registeredAt);
  }

  setWeights(uid: number, block: number, row: [number, number][]): void {
    this.weights[uid] = row;
    this.lastUpdate[uid] = block;
  }

  epoch(block: number, raoEmission = 1_000_000_000n): EpochOutput {
    this.last = runEpoch({
      currentBlock: block,
      raoEmission,
      hyperparameters: this.hyperparameters,
      stake: this.stake,
      lastUpdate: this.lastUpdate,
      blockAtRegistration: this.registeredAt,
      validatorPermit: this.permits,
      weights: this.weights,
      bonds: this.bonds,
    });
    this.permits = this.last.validatorPermit;
    this.bonds = this.last.bonds;
    return this.last;
  }

  /** subtensor's get_bonds: a dense u16 matrix. */
  bond(i: number, j: number): number {
    return rowToPairs(this.bonds[i]).find(([c]) => c === j)?.[1] ?? 0;
  }
}

const RISING: [number, number][] = [
  [4, 16383],
  [5, 32767],
  [6, 49149],
  [7, 65535],
];

describe("subtensor test_bonds (v1.1.11)", () => {
  it("chains seven epochs to subtensor's bonds and emission", () => {
    const net = new Subnet([1n, 2n, 3n, 4n, 0n, 0n, 0n, 0n], 0, { maxAllowedValidators: 8 });
    net.epoch(0);
    for (let uid = 0; uid < 4; uid++) net.setWeights(uid, 1, RISING);
    const first = net.epoch(1);
    const col = (j: number) => [0, 1, 2, 3].map((i) => net.bond(i, j));
    expect(col(4)).toEqual([16383, 32767, 49151, 65535]);
    // The emission subtensor logs for this epoch.
    expect(first.emission).toEqual([
      49999998n,
      99999999n,
      150000000n,
      200000001n,
      49998779n,
      100000610n,
      149996337n,
      200004272n,
    ]);
    net.setWeights(0, 1, [[0, 65535]]);
    net.epoch(2);
    expect(col(4)).toEqual([14582, 32767, 49151, 65535]);
    net.setWeights(1, 2, [[1, 65535]]);
    net.epoch(3);
    expect(col(4)).toEqual([12603, 28321, 49151, 65535]);
    net.setWeights(2, 3, [[2, 65535]]);
    net.epoch(4);
    expect(col(7)).toEqual([12602, 28320, 49150, 65535]);
    net.setWeights(2, 4, [[7, 65535]]);
    net.epoch(5);
    expect(col(7)).toEqual([10951, 24609, 49150, 65535]);
    net.epoch(6);
    expect(col(7)).toEqual([9559, 21482, 49150, 65535]);
    net.epoch(7);
    expect(col(7)).toEqual([8376, 18824, 49150, 65535]);
  });
});

describe("subtensor test_bonds_with_liquid_alpha (v1.1.11)", () => {
  it("reproduces the per-column liquid alpha bonds", () => {
    const net = new Subnet([1n, 2n, 3n, 4n, 0n, 0n, 0n, 0n], 1);
    net.epoch(1);
    for (let uid = 0; uid < 4; uid++) net.setWeights(uid, 2, RISING);
    net.hyperparameters = { liquidAlpha: true };
    const first = net.epoch(2);
    const col4 = () => [0, 1, 2, 3].map((i) => net.bond(i, 4));
    expect(col4()).toEqual([16383, 32767, 49151, 65535]);
    expect(first.validatorEmission.slice(0, 4)).toEqual([49999999n, 99999999n, 149999999n, 200000000n]);
    net.setWeights(0, 2, [[0, 65535]]);
    net.epoch(3);
    expect(col4()).toEqual([2862, 32767, 49151, 65535]);
    net.setWeights(1, 3, [[1, 65535]]);
    net.epoch(4);
    expect(col4()).toEqual([435, 4985, 49151, 65535]);
  });
});

describe("subtensor test_active_stake (v1.1.11)", () => {
  it("masks the stake of validators whose weights are older than activity_cutoff", () => {
    const net = new Subnet([1n, 1n, 1n, 1n], 0, { maxAllowedValidators: 4 });
    net.epoch(0);
    for (const uid of [0, 1]) {
      net.setWeights(uid, 1, [
        [2, 65535],
        [3, 65535],
      ]);
    }
    let out = net.epoch(1);
    expect(out.dividends.slice(0, 2)).toEqual([32767, 32767]);
    expect(out.emission).toEqual([250000000n, 250000000n, 250000000n, 250000000n]);
    expect([net.bond(0, 2), net.bond(0, 3), net.bond(1, 2), net.bond(1, 3)]).toEqual([
      65535, 65535, 65535, 65535,
    ]);

    // Block 5002: UID 1's weights (block 1) are now past the 5000-block cutoff; UID 0 sets weights again.
    net.setWeights(0, 5002, [
      [2, 65535],
      [3, 65535],
    ]);
    out = net.epoch(5002);
    expect(out.dividends.slice(0, 2)).toEqual([36044, 29490]);
    expect(out.emission.slice(0, 2)).toEqual([274999999n, 224999999n]);
    expect([net.bond(0, 2), net.bond(0, 3), net.bond(1, 2), net.bond(1, 3)]).toEqual([
      65535, 65535, 53619, 53619,
    ]);

    net.setWeights(1, 5002, [
      [2, 65535],
      [3, 65535],
    ]);
    out = net.epoch(5003);
    expect(out.dividends.slice(0, 2)).toEqual([35716, 29818]);
    expect(out.emission.slice(0, 2)).toEqual([272501132n, 227498866n]);
    expect([net.bond(0, 2), net.bond(1, 2)]).toEqual([65535, 54712]);
  });
});

describe("subtensor test_outdated_weights (v1.1.11)", () => {
  it("masks weights and bonds on a UID that re-registered", () => {
    const net = new Subnet([1n, 1n, 1n, 1n], 0, { maxAllowedValidators: 4 });
    net.epoch(0);
    // set_weights stores [2·⌊65535/3⌋, ⌊65535/3⌋] = [43690, 21845] max-upscaled: [65535, 32768].
    const toServers: [number, number][] = [
      [2, 65535],
      [3, 32768],
    ];
    for (const uid of [0, 1]) net.setWeights(uid, 1, toServers);
    for (const uid of [2, 3]) net.setWeights(uid, 1, [[uid, 65535]]);
    const out = net.epoch(1);
    // subtensor logs I = [0, 0, 0.6666632756, 0.3333367242].
    expect(out.incentive.slice(2)).toEqual([43689, 21845]);
    // A new hotkey replaces UID 3 at block 1: no stake, no weights, no permit, registered (and updated) at 1.
    net.stake[3] = 0n;
    net.registeredAt[3] = 1;
    net.setWeights(3, 1, []);
    net.permits = [...net.permits.slice(0, 3), false];
    net.setWeights(0, 2, toServers);
    const after = net.epoch(2);
    expect(after.dividends[0]).toBe(32767);
    expect(after.emission[0]).toBe(250000000n);
    expect([net.bond(0, 2), net.bond(0, 3)]).toEqual([65535, 65535]);
  });
});

describe("subtensor graph tests (v1.1.11 init_run_epochs)", () => {
  /** Validators weight every server equally (u16::MAX / n, max-upscaled to 65535 by set_weights). */
  function graph(n: number, validators: number[], stakePer: bigint, serverSelf: boolean, epochs: number) {
    const isValidator = new Set(validators);
    const servers = Array.from({ length: n }, (_, i) => i).filter((i) => !isValidator.has(i));
    const net = new Subnet(
      Array.from({ length: n }, (_, i) => (isValidator.has(i) ? stakePer : 0n)),
      0,
      { maxAllowedValidators: validators.length },
    );
    net.epoch(0);
    const row = servers.map((s): [number, number] => [s, 65535]);
    for (const v of validators) net.setWeights(v, 1, row);
    if (serverSelf) for (const s of servers) net.setWeights(s, 1, [[s, 65535]]);
    for (let e = 0; e < epochs; e++) net.epoch(1);
    return { net, out: net.last, validators, servers };
  }

  it("test_1_graph and test_10_graph: self-weights only, so emission follows stake", () => {
    const one = new Subnet([1n], 0);
    one.setWeights(0, 1, [[0, 65535]]);
    const a = one.epoch(1);
    expect([a.rank[0], a.trust[0], a.consensus[0], a.incentive[0], a.dividends[0]]).toEqual([0, 0, 0, 0, 0]);
    expect(a.emission).toEqual([1_000_000_000n]);
    const ten = new Subnet(new Array(10).fill(1n), 0);
    for (let i = 0; i < 10; i++) ten.setWeights(i, 1, [[i, 65535]]);
    const b = ten.epoch(1);
    expect(b.emission).toEqual(new Array(10).fill(99999999n));
    expect(b.incentive).toEqual(new Array(10).fill(0));
  });

  it("test_512_graph: blockwise and interleaved validators, with and without server self-weights", () => {
    const blockwise = Array.from({ length: 64 }, (_, i) => i);
    const interleaved = Array.from({ length: 512 }, (_, i) => i).filter((i) => i % 8 === 0);
    for (const validators of [blockwise, interleaved]) {
      for (const serverSelf of [false, true]) {
        const { net, out, servers } = graph(512, validators, 328_125_000_000_000n, serverSelf, 3);
        for (const v of validators) {
          expect([out.rank[v], out.trust[v], out.consensus[v], out.incentive[v]]).toEqual([0, 0, 0, 0]);
          expect(out.dividends[v]).toBe(1023);
          expect(out.emission[v]).toBe(7812500n);
          expect(net.bond(v, validators[0])).toBe(0);
          expect(net.bond(v, servers[0])).toBe(65535);
        }
        for (const s of servers) {
          expect([out.rank[s], out.trust[s], out.consensus[s], out.incentive[s]]).toEqual([
            146, 65535, 146, 146,
          ]);
          expect(out.dividends[s]).toBe(0);
          expect(out.emission[s]).toBe(1116071n);
          expect(net.bond(s, servers[0])).toBe(0);
        }
      }
    }
  });

  it("test_4096_graph: 256 validators over 3840 servers", () => {
    const validators = Array.from({ length: 256 }, (_, i) => i);
    const { out, servers } = graph(4096, validators, 82_031_250_000_000n, false, 1);
    expect(new Set(validators.map((v) => out.dividends[v]))).toEqual(new Set([255]));
    expect(new Set(validators.map((v) => out.emission[v]))).toEqual(new Set([1953125n]));
    expect(
      new Set(servers.map((s) => `${out.rank[s]} ${out.consensus[s]} ${out.incentive[s]} ${out.trust[s]}`)),
    ).toEqual(new Set(["17 17 17 65535"]));
    expect(new Set(servers.map((s) => out.emission[s]))).toEqual(new Set([130208n]));
  });
});

describe("subtensor test_validator_permits (v1.1.11)", () => {
  it("gives permits to the top stakes, and moves them when servers out-stake validators", () => {
    for (const [n, count] of [
      [2, 1],
      [4, 2],
      [8, 4],
    ]) {
      for (const interleaved of [false, true]) {
        const validators = interleaved
          ? Array.from({ length: n }, (_, i) => i).filter((i) => i % (n / count) === 0)
          : Array.from({ length: count }, (_, i) => i);
        const isValidator = (i: number) => validators.includes(i);
        for (const assignment of [0, 1]) {
          const stake = Array.from({ length: n }, (_, i) =>
            BigInt(isValidator(i) ? (assignment === 1 ? i + n : 1) : assignment === 1 ? i : 0),
          );
          const net = new Subnet(stake, 0, { maxAllowedValidators: count });
          const first = net.epoch(0);
          expect(first.validatorPermit).toEqual(Array.from({ length: n }, (_, i) => isValidator(i)));
          for (let i = 0; i < n; i++) if (!isValidator(i)) net.stake[i] += BigInt(2 * n);
          const second = net.epoch(1);
          expect(second.validatorPermit).toEqual(Array.from({ length: n }, (_, i) => !isValidator(i)));
        }
      }
    }
  });
});

describe("subtensor yuma3 scenarios (later releases, within their 1e-3 tolerance)", () => {
  function yuma3(stake: bigint[], liquidAlpha: boolean) {
    // setup_yuma_3_scenario: α in [0.1, 0.3], bonds penalty 0, steepness 1000, bonds_moving_average 975000.
    const net = new Subnet(stake, 1, {
      yuma3: true,
      liquidAlpha,
      alphaLow: 6554,
      alphaHigh: 19661,
      bondsPenalty: 0,
      bondsMovingAverage: 975_000,
      kappa: 32767,
      maxAllowedValidators: 3,
      alphaSigmoidSteepness: 1000,
    });
    let block = 2;
    net.epoch(block);
    return {
      net,
      step(weights: number[][] | null, dividends: number[], bonds: number[][]) {
        weights?.forEach((w, v) => {
          net.setWeights(v, block, [
            [3, w[0]],
            [4, w[1]],
          ]);
        });
        const out = net.epoch(++block);
        out.dividends.forEach((d, i) => {
          expect(Math.abs(d / 65535 - dividends[i])).toBeLessThan(1e-3);
        });
        bonds.forEach((row, v) => {
          row.forEach((b, s) => {
            expect(Math.abs(net.bond(v, 3 + s) / 65535 - b)).toBeLessThan(1e-3);
          });
        });
      },
    };
  }
  const M = 65535;

  it("test_yuma_3_kappa_moves_first", () => {
    const { step } = yuma3([8n, 1n, 1n, 0n, 0n], true);
    step(
      [
        [M, 0],
        [M, 0],
        [M, 0],
      ],
      [0.8, 0.1, 0.1, 0, 0],
      [
        [0.1013, 0],
        [0.1013, 0],
        [0.1013, 0],
      ],
    );
    step(
      [
        [0, M],
        [M, 0],
        [M, 0],
      ],
      [1, 0, 0, 0, 0],
      [
        [0.0908, 0.1013],
        [0.3697, 0],
        [0.3697, 0],
      ],
    );
    step(
      [
        [0, M],
        [0, M],
        [M, 0],
      ],
      [0.9382, 0.0618, 0, 0, 0],
      [
        [0.0815, 0.1924],
        [0.317, 0.1013],
        [0.558, 0],
      ],
    );
    step(
      [
        [0, M],
        [0, M],
        [0, M],
      ],
      [0.8819, 0.0773, 0.0407, 0, 0],
      [
        [0.0731, 0.2742],
        [0.2765, 0.1924],
        [0.4306, 0.1013],
      ],
    );
    step(
      null,
      [0.8564, 0.0844, 0.0592, 0, 0],
      [
        [0.0656, 0.3478],
        [0.2435, 0.2742],
        [0.3589, 0.1924],
      ],
    );
    step(
      null,
      [0.8418, 0.0884, 0.0697, 0, 0],
      [
        [0.0588, 0.4139],
        [0.2157, 0.3478],
        [0.3089, 0.2742],
      ],
    );
  });

  it("test_yuma_3_liquid_alpha_disabled", () => {
    const { step } = yuma3([33n, 33n, 34n, 0n, 0n], false);
    const all1 = [
      [M, 0],
      [M, 0],
      [M, 0],
    ];
    step(
      all1,
      [0.33, 0.33, 0.34, 0, 0],
      [
        [0.025, 0],
        [0.025, 0],
        [0.025, 0],
      ],
    );
    step(
      all1,
      [0.33, 0.33, 0.34, 0, 0],
      [
        [0.0494, 0],
        [0.0494, 0],
        [0.0494, 0],
      ],
    );
    step(
      [
        [M, 0],
        [M, 0],
        [0, M],
      ],
      [0.3734, 0.3734, 0.2532, 0, 0],
      [
        [0.0731, 0],
        [0.0731, 0],
        [0.0481, 0.025],
      ],
    );
    step(
      all1,
      [0.3611, 0.3611, 0.2779, 0, 0],
      [
        [0.0963, 0],
        [0.0963, 0],
        [0.0719, 0.0244],
      ],
    );
    step(
      all1,
      [0.3541, 0.3541, 0.2919, 0, 0],
      [
        [0.1189, 0],
        [0.1189, 0],
        [0.0951, 0.0238],
      ],
    );
    step(
      all1,
      [0.3495, 0.3495, 0.3009, 0, 0],
      [
        [0.1409, 0],
        [0.1409, 0],
        [0.1178, 0.0232],
      ],
    );
  });
});
