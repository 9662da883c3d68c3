/**
 * A rejected epoch input. `field` is the path of the offending value in the JSON shape (`weights[3][1]`,
 * `hyperparameters.kappa`), and the message starts with it, so a person reading only the message knows where
 * to look.
 */
export class EpochInputError extends Error {
  override readonly name = "EpochInputError";
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.field = field;
  }
}

export function isEpochInputError(error: unknown): error is EpochInputError {
  return error instanceof EpochInputError;
}
