import type { GroupRegistry } from "../framework/types";

/**
 * The CLI's command groups. Adding one is one line here: the name users type and a lazy import of a module
 * whose default export is a `defineGroup({...})`. Groups load only when used, so each stays cheap to start.
 */
export const commandGroups: GroupRegistry = {
  key: () => import("./key"),
  wallet: () => import("./wallet"),
  transfer: () => import("./transfer"),
  stake: () => import("./stake"),
  subnet: () => import("./subnet"),
  register: () => import("./register"),
  weights: () => import("./weights"),
  block: () => import("./block"),
  faucet: () => import("./faucet"),
  models: () => import("./models"),
  miner: () => import("./miner"),
  validator: () => import("./validator"),
  client: () => import("./client"),
};
