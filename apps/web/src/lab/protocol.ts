// Messages between the lab page and its epoch worker (structured clone carries bigint and typed arrays).
import type { EpochInput, EpochOutput } from "../../../../src/shared/consensus";
import type { ClippingView } from "./clipping";

export type LabRequest =
  | { readonly id: number; readonly op: "epoch"; readonly input: EpochInput }
  | { readonly id: number; readonly op: "clipping"; readonly input: EpochInput; readonly uid: number };

export type LabResponse =
  | {
      readonly id: number;
      readonly ok: true;
      readonly output?: EpochOutput;
      readonly clipping?: ClippingView;
    }
  | { readonly id: number; readonly ok: false; readonly error: string };
